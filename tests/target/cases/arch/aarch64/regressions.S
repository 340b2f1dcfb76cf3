// SPDX-License-Identifier: BSD-2-Clause
// tessera_check_written_registers: the entry point REGRESSIONS0001 gives a
// thread through seL4_TCB_WriteRegisters. It checks, before touching any
// register, that the thread starts with exactly what was written: NZCV =
// Z|C (from SPSR), x0..x30 = 2..32, sp = 1, TPIDR_EL0 = 33, TPIDRRO_EL0 =
// 34. Then it moves to its own stack and reports with seL4_Send on
// tessera_regressions_endpoint: label 0 if all matched, 1 if not.
#define SEL4_SYS_SEND -5

    .text
    .globl tessera_check_written_registers
    .type tessera_check_written_registers, %function
tessera_check_written_registers:
    // The flags first: any compare would overwrite them.
    b.ne 1f
    b.cc 1f
    b.mi 1f
    b.vs 1f
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
    cmp x\n, #(\n + 2)
    b.ne 1f
    .endr
    mov x9, sp
    cmp x9, #1
    b.ne 1f
    mrs x9, tpidr_el0
    cmp x9, #33
    b.ne 1f
    mrs x9, tpidrro_el0
    cmp x9, #34
    b.ne 1f
    mov x10, #0
    b 2f
1:  mov x10, #1
2:  adrp x9, regressions_stack_top
    add x9, x9, :lo12:regressions_stack_top
    mov sp, x9
    adrp x9, tessera_regressions_endpoint
    ldr x0, [x9, :lo12:tessera_regressions_endpoint]
    lsl x1, x10, #12                // seL4_MessageInfo: label << 12, nothing else
    mov x7, #SEL4_SYS_SEND
    svc #0
3:  b 3b
    .size tessera_check_written_registers, . - tessera_check_written_registers

    .bss
    .balign 16
    .space 4096
regressions_stack_top:
