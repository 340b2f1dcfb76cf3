// SPDX-License-Identifier: BSD-2-Clause
// void tessera_trap_with_registers(const uint64_t in[33], uint64_t out[33])
// Loads in[n] into xn for n = 0..30, in[31] into TPIDR_EL0 and in[32] into
// NZCV, traps with svc (x7 = in[7] is the system-call number), and stores
// what x0..x30, TPIDR_EL0 and NZCV hold afterwards into out[0..32]. The
// caller decides which of them the stub it imitates declares as outputs;
// every other one must come back unchanged (sel4-mcs.md §1.3). The
// callee-saved registers, x18 and TPIDR_EL0 are restored before returning.

    .text
    .globl tessera_trap_with_registers
    .type tessera_trap_with_registers, %function
tessera_trap_with_registers:
    // Frame: x19..x30 at 0..11, x18 and TPIDR_EL0 at 12..13, out at 15,
    // the dump at 16..48.
    sub sp, sp, #(8 * 50)
    stp x19, x20, [sp, #(8 * 0)]
    stp x21, x22, [sp, #(8 * 2)]
    stp x23, x24, [sp, #(8 * 4)]
    stp x25, x26, [sp, #(8 * 6)]
    stp x27, x28, [sp, #(8 * 8)]
    stp x29, x30, [sp, #(8 * 10)]
    mrs x9, tpidr_el0
    stp x18, x9, [sp, #(8 * 12)]
    str x1, [sp, #(8 * 15)]

    ldr x9, [x0, #(8 * 31)]
    msr tpidr_el0, x9
    ldr x9, [x0, #(8 * 32)]
    msr nzcv, x9
    mov x30, x0
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29
    ldr x\n, [x30, #(8 * \n)]
    .endr
    ldr x30, [x30, #(8 * 30)]
    svc #0

    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
    str x\n, [sp, #(8 * (16 + \n))]
    .endr
    mrs x9, tpidr_el0
    str x9, [sp, #(8 * (16 + 31))]
    mrs x9, nzcv
    str x9, [sp, #(8 * (16 + 32))]

    ldr x0, [sp, #(8 * 15)]
    add x1, sp, #(8 * 16)
    mov x2, #33
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
    add sp, sp, #(8 * 50)
    ret
    .size tessera_trap_with_registers, . - tessera_trap_with_registers
