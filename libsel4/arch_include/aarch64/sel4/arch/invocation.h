/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ARM "arch" invocation labels (object-api-arch.xml), seL4 16.0.0 MCS on
 * AArch64 without hypervisor (so no ARMVCPU* labels) and without SMP
 * (so ARMIRQIssueSGISignal exists): sel4-abi.md §15.2, numbered on from
 * nSeL4ArchInvocationLabels. The one table for this part is the list below.
 */
#ifndef SEL4_ARCH_INVOCATION_H
#define SEL4_ARCH_INVOCATION_H

#include <sel4/sel4_arch/invocation.h>

#define SEL4_ARCH_INVOCATION_LABEL_LIST(SEL4_INVOCATION_LABEL) \
    SEL4_INVOCATION_LABEL(ARMPageTableMap)                     \
    SEL4_INVOCATION_LABEL(ARMPageTableUnmap)                   \
    SEL4_INVOCATION_LABEL(ARMPageMap)                          \
    SEL4_INVOCATION_LABEL(ARMPageUnmap)                        \
    SEL4_INVOCATION_LABEL(ARMPageClean_Data)                   \
    SEL4_INVOCATION_LABEL(ARMPageInvalidate_Data)              \
    SEL4_INVOCATION_LABEL(ARMPageCleanInvalidate_Data)         \
    SEL4_INVOCATION_LABEL(ARMPageUnify_Instruction)            \
    SEL4_INVOCATION_LABEL(ARMPageGetAddress)                   \
    SEL4_INVOCATION_LABEL(ARMASIDControlMakePool)              \
    SEL4_INVOCATION_LABEL(ARMASIDPoolAssign)                   \
    SEL4_INVOCATION_LABEL(ARMIRQIssueIRQHandlerTrigger)        \
    SEL4_INVOCATION_LABEL(ARMIRQIssueSGISignal)

#define SEL4_ARCH_INVOCATION_LABEL_ENUMERATOR_(name) name,

enum arch_invocation_label {
    SEL4_ARCH_FIRST_LABEL_ = nSeL4ArchInvocationLabels - 1,
    SEL4_ARCH_INVOCATION_LABEL_LIST(SEL4_ARCH_INVOCATION_LABEL_ENUMERATOR_)
    nArchInvocationLabels
};

#endif /* SEL4_ARCH_INVOCATION_H */
