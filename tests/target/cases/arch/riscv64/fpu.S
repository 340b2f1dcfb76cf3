// SPDX-License-Identifier: BSD-2-Clause
// void tessera_fpu_register_dump(uint64_t out[34])
// Loads pattern(n) = 0x5eed000000000000 + (n << 8) into every FP register
// f0..f31 and fcsr = 0x21 (round towards zero, inexact flag), traps with
// seL4_DebugCapIdentify(0) (a7 = -15, a0 = 0: no output), and stores
// f0..f31 into out[0..31] and fcsr into out[32]. The kernel must change
// none of them. fs0..fs11 and fcsr are restored before returning.
#define PATTERN 0x5eed000000000000
#define FCSR_TEST 0x21

    .text
    .globl tessera_fpu_register_dump
    .type tessera_fpu_register_dump, @function
tessera_fpu_register_dump:
    addi sp, sp, -(8 * 14)
    sd a0, 8 * 0(sp)                 // out
    fsd fs0, 8 * 1(sp)
    fsd fs1, 8 * 2(sp)
    .irp n, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    fsd fs\n, 8 * (1 + \n)(sp)
    .endr
    frcsr t0
    sd t0, 8 * 13(sp)

    li t1, PATTERN
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    li t2, \n << 8
    add t2, t2, t1
    fmv.d.x f\n, t2
    .endr
    li t0, FCSR_TEST
    fscsr t0
    li a0, 0
    li a7, -15
    ecall

    ld t0, 8 * 0(sp)
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    fsd f\n, 8 * \n(t0)
    .endr
    frcsr t1
    sd t1, 8 * 32(t0)

    ld t0, 8 * 13(sp)
    fscsr t0
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    fld fs\n, 8 * (1 + \n)(sp)
    .endr
    addi sp, sp, 8 * 14
    ret
    .size tessera_fpu_register_dump, . - tessera_fpu_register_dump

// uint64_t tessera_fpu_first_use(uint64_t bits)
// Doubles the IEEE double whose bits are given and returns the result's
// bits. Its first instruction (tessera_fpu_first_use_insn) is the caller's
// first FP instruction, so a thread without the FPU faults exactly there.
    .globl tessera_fpu_first_use
    .globl tessera_fpu_first_use_insn
    .type tessera_fpu_first_use, @function
tessera_fpu_first_use:
tessera_fpu_first_use_insn:
    fmv.d.x ft0, a0
    fadd.d ft0, ft0, ft0
    fmv.x.d a0, ft0
    ret
    .size tessera_fpu_first_use, . - tessera_fpu_first_use
