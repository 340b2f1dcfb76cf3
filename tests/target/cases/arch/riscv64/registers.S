// SPDX-License-Identifier: BSD-2-Clause
// void tessera_putchar_register_dump(uint64_t out[32])
// Loads pattern(n) = 0x5eed000000000000 + n into every integer register
// except sp, a0 (the character, ' ') and a7 (seL4_SysDebugPutChar, -12),
// traps with ecall, and stores what every register x0..x31 holds afterwards
// into out[n] (out[2] = 0). The kernel must change none of them (sel4-mcs.md
// §1.3: every register that is not a stub output is preserved).
#define PATTERN 0x5eed000000000000

    .text
    .globl tessera_putchar_register_dump
    .type tessera_putchar_register_dump, @function
tessera_putchar_register_dump:
    addi sp, sp, -(8 * 66)   // save 0..31, out 32, dump 33..64
    sd a0, 8 * 32(sp)               // out
    .irp n, 1, 3, 4, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27
    sd x\n, 8 * (\n)(sp)            // callee-saved, ra, gp, tp
    .endr

    .irp n, 1, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    li x\n, PATTERN + \n
    .endr
    li a0, ' '
    li a7, -12
    ecall

    // Dump above the save area: slots 33 + n.
    .irp n, 0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    sd x\n, 8 * (33 + \n)(sp)
    .endr
    sd zero, 8 * (33 + 2)(sp)

    ld t0, 8 * 32(sp)               // out
    addi t1, sp, 8 * 33
    li t2, 32
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
    .size tessera_putchar_register_dump, . - tessera_putchar_register_dump
