// SPDX-License-Identifier: BSD-2-Clause
// Saving and loading a thread's FP registers (D extension: f0..f31, fcsr)
// into arch::FpuState (arch/fpu.hpp: f[32] at 0, fcsr at 256). The kernel is
// built soft-float (rv64imac); only these routines are assembled with the D
// extension, and the caller sets sstatus.FS != Off first, as any FP
// instruction traps while FS is Off [riscv/priv 3.1.6.6].

#define FCSR_OFFSET 256

    .option push
    .option arch, +d
    .text

// void riscv_fpu_save(arch::FpuState* state)
    .globl riscv_fpu_save
    .type riscv_fpu_save, @function
riscv_fpu_save:
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    fsd f\n, 8 * \n(a0)
    .endr
    frcsr t0
    sd t0, FCSR_OFFSET(a0)
    ret
    .size riscv_fpu_save, . - riscv_fpu_save

// void riscv_fpu_restore(const arch::FpuState* state)
    .globl riscv_fpu_restore
    .type riscv_fpu_restore, @function
riscv_fpu_restore:
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    fld f\n, 8 * \n(a0)
    .endr
    ld t0, FCSR_OFFSET(a0)
    fscsr t0
    ret
    .size riscv_fpu_restore, . - riscv_fpu_restore

    .option pop
