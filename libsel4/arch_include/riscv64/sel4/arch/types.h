/* SPDX-License-Identifier: BSD-2-Clause */
/* RISC-V 64 register context and mapping attributes (sel4-abi.md §7.3, §11). */
#ifndef SEL4_ARCH_TYPES_H
#define SEL4_ARCH_TYPES_H

#include <sel4/simple_types.h>

typedef seL4_Word seL4_Register;

/* Order = ReadRegisters/WriteRegisters message order: 16 frame then 16 gp registers. */
typedef struct seL4_UserContext_ {
    seL4_Word pc, ra, sp, gp;
    seL4_Word s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
    seL4_Word a0, a1, a2, a3, a4, a5, a6, a7;
    seL4_Word t0, t1, t2, t3, t4, t5, t6, tp;
} seL4_UserContext;

typedef enum {
    seL4_RISCV_Default_VMAttributes = 0,
    seL4_RISCV_ExecuteNever = 1
} seL4_RISCV_VMAttributes;
typedef seL4_RISCV_VMAttributes seL4_VMAttributes;

/* Cap-typed parameter names of the arch object API (sel4-abi.md §15.1a). */
typedef seL4_CPtr seL4_RISCV_Page;
typedef seL4_CPtr seL4_RISCV_PageTable;
typedef seL4_CPtr seL4_RISCV_ASIDControl;
typedef seL4_CPtr seL4_RISCV_ASIDPool;

SEL4_STATIC_ASSERT(sizeof(seL4_UserContext) == 32 * sizeof(seL4_Word), "RISC-V user context is 32 words");

#endif /* SEL4_ARCH_TYPES_H */
