// SPDX-License-Identifier: BSD-2-Clause
// void tessera_putchar_register_dump(uint64_t out[32])
// Loads pattern(n) = 0x5eed000000000000 + n into x1..x30 except x7
// (seL4_SysDebugPutChar, -12), x0 = ' ' (the character) and TPIDR_EL0 =
// pattern(31), traps with svc, and stores x0..x30 into out[0..30] and
// TPIDR_EL0 into out[31]. The kernel must change none of them (sel4-mcs.md
// §1.3: every register that is not a stub output is preserved).
#define PATTERN 0x5eed000000000000

    .text
    .globl tessera_putchar_register_dump
    .type tessera_putchar_register_dump, %function
tessera_putchar_register_dump:
    sub sp, sp, #(8 * 48)
    str x0, [sp, #(8 * 46)]         // out (above the dump slots 14..45)
    stp x19, x20, [sp, #(8 * 0)]
    stp x21, x22, [sp, #(8 * 2)]
    stp x23, x24, [sp, #(8 * 4)]
    stp x25, x26, [sp, #(8 * 6)]
    stp x27, x28, [sp, #(8 * 8)]
    stp x29, x30, [sp, #(8 * 10)]
    mrs x9, tpidr_el0
    stp x18, x9, [sp, #(8 * 12)]

    ldr x9, =PATTERN + 31
    msr tpidr_el0, x9
    .irp n, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
    ldr x\n, =PATTERN + \n
    .endr
    mov x0, #' '
    mov x7, #-12
    svc #0

    // Dump at slots 14 + n.
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
    str x\n, [sp, #(8 * (14 + \n))]
    .endr
    mrs x9, tpidr_el0
    str x9, [sp, #(8 * (14 + 31))]

    ldr x0, [sp, #(8 * 46)]         // out
    add x1, sp, #(8 * 14)
    mov x2, #32
1:  ldr x3, [x1], #8
    str x3, [x0], #8
    subs x2, x2, #1
    b.ne 1b

    ldp x18, x9, [sp, #(8 * 12)]
    msr tpidr_el0, x9
    ldp x19, x20, [sp, #(8 * 0)]
    ldp x21, x22, [sp, #(8 * 2)]
    ldp x23, x24, [sp, #(8 * 4)]
    ldp x25, x26, [sp, #(8 * 6)]
    ldp x27, x28, [sp, #(8 * 8)]
    ldp x29, x30, [sp, #(8 * 10)]
    add sp, sp, #(8 * 48)
    ret
    .ltorg
    .size tessera_putchar_register_dump, . - tessera_putchar_register_dump
