// SPDX-License-Identifier: BSD-2-Clause
// void tessera_fpu_register_dump(uint64_t out[66])
// Loads pattern(n) = 0x5eed000000000000 + (n << 8) into the low half and
// pattern(n) + 1 into the high half of every SIMD register q0..q31,
// FPCR.RMode = round towards zero and FPSR.IXC, traps with
// seL4_DebugCapIdentify(0) (x7 = -15, x0 = 0: no output), and stores
// q0..q31 into out[0..63] (low word first), FPSR into out[64] and FPCR into
// out[65]. The kernel must change none of them. d8..d15, FPCR and FPSR are
// restored before returning.
#define PATTERN 0x5eed000000000000
#define FPCR_TEST (3 << 22)
#define FPSR_TEST 0x10

    .text
    .globl tessera_fpu_register_dump
    .type tessera_fpu_register_dump, %function
tessera_fpu_register_dump:
    sub sp, sp, #96
    stp d8, d9, [sp, #0]
    stp d10, d11, [sp, #16]
    stp d12, d13, [sp, #32]
    stp d14, d15, [sp, #48]
    str x0, [sp, #64]               // out
    mrs x1, fpcr
    mrs x2, fpsr
    stp x1, x2, [sp, #72]

    ldr x1, =PATTERN
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    mov x3, #(\n << 8)
    add x2, x1, x3
    fmov d\n, x2
    add x2, x2, #1
    mov v\n\().d[1], x2
    .endr
    mov x1, #FPCR_TEST
    msr fpcr, x1
    mov x1, #FPSR_TEST
    msr fpsr, x1
    mov x0, #0
    mov x7, #-15
    svc #0

    ldr x0, [sp, #64]
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    str q\n, [x0, #(16 * \n)]
    .endr
    mrs x1, fpsr
    mrs x2, fpcr
    str x1, [x0, #512]
    str x2, [x0, #520]

    ldp x1, x2, [sp, #72]
    msr fpcr, x1
    msr fpsr, x2
    ldp d8, d9, [sp, #0]
    ldp d10, d11, [sp, #16]
    ldp d12, d13, [sp, #32]
    ldp d14, d15, [sp, #48]
    add sp, sp, #96
    ret
    .ltorg
    .size tessera_fpu_register_dump, . - tessera_fpu_register_dump

// uint64_t tessera_fpu_first_use(uint64_t bits)
// Doubles the IEEE double whose bits are given and returns the result's
// bits. Its first instruction (tessera_fpu_first_use_insn) is the caller's
// first FP instruction, so a thread without the FPU faults exactly there.
    .globl tessera_fpu_first_use
    .globl tessera_fpu_first_use_insn
    .type tessera_fpu_first_use, %function
tessera_fpu_first_use:
tessera_fpu_first_use_insn:
    fmov d0, x0
    fadd d0, d0, d0
    fmov x0, d0
    ret
    .size tessera_fpu_first_use, . - tessera_fpu_first_use
