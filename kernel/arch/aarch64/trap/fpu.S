// SPDX-License-Identifier: BSD-2-Clause
// Saving and loading a thread's FP/SIMD registers (q0..q31, FPSR, FPCR) into
// arch::FpuState (arch/fpu.hpp: q at 0, 16 bytes each; fpsr at 512, fpcr at
// 520). The kernel is built with -mgeneral-regs-only; only these routines use
// the FP/SIMD registers. EL1 may always access them: the kernel keeps
// CPACR_EL1.FPEN at 0b01 (trap EL0 only) or 0b11 [arm/ARM DDI0487 D17.2.30].
    .arch_extension fp
    .arch_extension simd
    .text

// void aarch64_fpu_save(arch::FpuState* state)   (16-byte aligned)
    .global aarch64_fpu_save
    .type aarch64_fpu_save, %function
aarch64_fpu_save:
    stp     q0, q1, [x0, #32 * 0]
    stp     q2, q3, [x0, #32 * 1]
    stp     q4, q5, [x0, #32 * 2]
    stp     q6, q7, [x0, #32 * 3]
    stp     q8, q9, [x0, #32 * 4]
    stp     q10, q11, [x0, #32 * 5]
    stp     q12, q13, [x0, #32 * 6]
    stp     q14, q15, [x0, #32 * 7]
    stp     q16, q17, [x0, #32 * 8]
    stp     q18, q19, [x0, #32 * 9]
    stp     q20, q21, [x0, #32 * 10]
    stp     q22, q23, [x0, #32 * 11]
    stp     q24, q25, [x0, #32 * 12]
    stp     q26, q27, [x0, #32 * 13]
    stp     q28, q29, [x0, #32 * 14]
    stp     q30, q31, [x0, #32 * 15]
    mrs     x1, fpsr
    mrs     x2, fpcr
    str     x1, [x0, #512]
    str     x2, [x0, #520]
    ret
    .size aarch64_fpu_save, . - aarch64_fpu_save

// void aarch64_fpu_restore(const arch::FpuState* state)
    .global aarch64_fpu_restore
    .type aarch64_fpu_restore, %function
aarch64_fpu_restore:
    ldp     q0, q1, [x0, #32 * 0]
    ldp     q2, q3, [x0, #32 * 1]
    ldp     q4, q5, [x0, #32 * 2]
    ldp     q6, q7, [x0, #32 * 3]
    ldp     q8, q9, [x0, #32 * 4]
    ldp     q10, q11, [x0, #32 * 5]
    ldp     q12, q13, [x0, #32 * 6]
    ldp     q14, q15, [x0, #32 * 7]
    ldp     q16, q17, [x0, #32 * 8]
    ldp     q18, q19, [x0, #32 * 9]
    ldp     q20, q21, [x0, #32 * 10]
    ldp     q22, q23, [x0, #32 * 11]
    ldp     q24, q25, [x0, #32 * 12]
    ldp     q26, q27, [x0, #32 * 13]
    ldp     q28, q29, [x0, #32 * 14]
    ldp     q30, q31, [x0, #32 * 15]
    ldr     x1, [x0, #512]
    ldr     x2, [x0, #520]
    msr     fpsr, x1
    msr     fpcr, x2
    ret
    .size aarch64_fpu_restore, . - aarch64_fpu_restore
