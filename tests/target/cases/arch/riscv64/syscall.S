// SPDX-License-Identifier: BSD-2-Clause
// void tessera_trap_with_registers(const uint64_t in[33], uint64_t out[33])
// Loads in[n] into xn for every integer register but zero and sp (gp and
// tp included), traps with ecall (a7 = in[17] is the system-call number),
// and stores what x0..x31 hold afterwards into out[0..31] (out[2] = 0,
// out[32] = 0). The caller decides which of them the stub it imitates
// declares as outputs; every other one must come back unchanged
// (sel4-mcs.md §1.3). ra, gp, tp and s0..s11 are restored before returning.

    .text
    .globl tessera_trap_with_registers
    .type tessera_trap_with_registers, @function
tessera_trap_with_registers:
    // Frame: saved registers at their own index n (0..31), out at 32, the
    // dump at 33..65.
    addi sp, sp, -(8 * 66)
    .irp n, 1, 3, 4, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27
    sd x\n, 8 * (\n)(sp)
    .endr
    sd a1, 8 * 32(sp)

    mv x31, a0
    .irp n, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
    ld x\n, 8 * (\n)(x31)
    .endr
    ld x31, 8 * 31(x31)
    ecall

    .irp n, 0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    sd x\n, 8 * (33 + \n)(sp)
    .endr
    sd zero, 8 * (33 + 2)(sp)
    sd zero, 8 * (33 + 32)(sp)

    ld t0, 8 * 32(sp)
    addi t1, sp, 8 * 33
    li t2, 33
1:  ld t3, 0(t1)
    sd t3, 0(t0)
    addi t0, t0, 8
    addi t1, t1, 8
    addi t2, t2, -1
    bnez t2, 1b

    .irp n, 1, 3, 4, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27
    ld x\n, 8 * (\n)(sp)
    .endr
    addi sp, sp, 8 * 66
    ret
    .size tessera_trap_with_registers, . - tessera_trap_with_registers
