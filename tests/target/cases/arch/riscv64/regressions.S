// SPDX-License-Identifier: BSD-2-Clause
// tessera_check_written_registers: the entry point REGRESSIONS0001 gives a
// thread through seL4_TCB_WriteRegisters. It checks, before using any
// register, that the thread starts with exactly what was written: ra = 1,
// sp = 2, t0-t2 = 4-6, s0 = 7, s1 = 8, a0 = 9, a1-a6 = 10-15, a7 = 16,
// s2-s11 = 17-26, t3-t6 = 27-30, tp = 31, and gp = the value in
// tessera_regressions_gp (the image's global pointer). Each register is
// checked by subtracting its value (it is not needed afterwards). Then it
// moves to its own stack and reports with seL4_Send on
// tessera_regressions_endpoint: label 0 if all matched, 1 if not.
#define SEL4_SYS_SEND -5

    .macro expect reg, value
    addi \reg, \reg, -(\value)
    bnez \reg, 1f
    .endm

    .text
    .globl tessera_check_written_registers
    .type tessera_check_written_registers, @function
tessera_check_written_registers:
    expect ra, 1
    expect sp, 2
    expect t0, 4
    expect t1, 5
    expect t2, 6
    expect s0, 7
    expect s1, 8
    expect a0, 9
    expect a1, 10
    expect a2, 11
    expect a3, 12
    expect a4, 13
    expect a5, 14
    expect a6, 15
    expect a7, 16
    expect s2, 17
    expect s3, 18
    expect s4, 19
    expect s5, 20
    expect s6, 21
    expect s7, 22
    expect s8, 23
    expect s9, 24
    expect s10, 25
    expect s11, 26
    expect t3, 27
    expect t4, 28
    expect t5, 29
    expect t6, 30
    expect tp, 31
    // gp last: comparing it needs a scratch register, and all are checked now.
    lla t0, tessera_regressions_gp
    ld t0, 0(t0)
    bne gp, t0, 1f
    li t1, 0
    j 2f
1:  li t1, 1
2:  lla sp, regressions_stack_top
    lla t0, tessera_regressions_endpoint
    ld a0, 0(t0)
    slli a1, t1, 12                 // seL4_MessageInfo: label << 12, nothing else
    li a7, SEL4_SYS_SEND
    ecall
3:  j 3b
    .size tessera_check_written_registers, . - tessera_check_written_registers

    .bss
    .balign 16
    .space 4096
regressions_stack_top:
