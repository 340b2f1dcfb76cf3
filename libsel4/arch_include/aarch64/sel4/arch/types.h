/* SPDX-License-Identifier: BSD-2-Clause */
/* AArch64 register context and mapping attributes (sel4-abi.md §7.3, §11). */
#ifndef SEL4_ARCH_TYPES_H
#define SEL4_ARCH_TYPES_H

#include <sel4/simple_types.h>

/* Order = ReadRegisters/WriteRegisters message order: 17 frame then 19 gp registers. */
typedef struct seL4_UserContext_ {
    seL4_Word pc, sp, spsr;
    seL4_Word x0, x1, x2, x3, x4, x5, x6, x7, x8;
    seL4_Word x16, x17, x18, x29, x30;
    seL4_Word x9, x10, x11, x12, x13, x14, x15;
    seL4_Word x19, x20, x21, x22, x23, x24, x25, x26, x27, x28;
    seL4_Word tpidr_el0, tpidrro_el0;
} seL4_UserContext;

typedef enum {
    seL4_ARM_PageCacheable = 0x01,
    seL4_ARM_ParityEnabled = 0x02,
    seL4_ARM_Default_VMAttributes = 0x03,
    seL4_ARM_ExecuteNever = 0x04
} seL4_ARM_VMAttributes;
typedef seL4_ARM_VMAttributes seL4_VMAttributes;

/* Cap-typed parameter names of the arch object API (sel4-abi.md §15.1a). */
typedef seL4_CPtr seL4_ARM_Page;
typedef seL4_CPtr seL4_ARM_PageTable;
typedef seL4_CPtr seL4_ARM_VSpace;
typedef seL4_CPtr seL4_ARM_ASIDControl;
typedef seL4_CPtr seL4_ARM_ASIDPool;
typedef seL4_CPtr seL4_ARM_VCPU;
typedef seL4_CPtr seL4_ARM_IOSpace;
typedef seL4_CPtr seL4_ARM_IOPageTable;
typedef seL4_CPtr seL4_ARM_SMC;

SEL4_STATIC_ASSERT(sizeof(seL4_UserContext) == 36 * sizeof(seL4_Word), "AArch64 user context is 36 words");

#endif /* SEL4_ARCH_TYPES_H */
