/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * AArch64 "sel4_arch" invocation labels (object-api-sel4-arch.xml), seL4
 * 16.0.0 MCS without hypervisor (sel4-abi.md §15.2): numbered on from
 * nInvocationLabels. The one table for this part is the list below.
 */
#ifndef SEL4_SEL4_ARCH_INVOCATION_H
#define SEL4_SEL4_ARCH_INVOCATION_H

#include <sel4/invocation.h>

#define SEL4_SEL4_ARCH_INVOCATION_LABEL_LIST(SEL4_INVOCATION_LABEL) \
    SEL4_INVOCATION_LABEL(ARMVSpaceClean_Data)                      \
    SEL4_INVOCATION_LABEL(ARMVSpaceInvalidate_Data)                 \
    SEL4_INVOCATION_LABEL(ARMVSpaceCleanInvalidate_Data)            \
    SEL4_INVOCATION_LABEL(ARMVSpaceUnify_Instruction)               \
    SEL4_INVOCATION_LABEL(ARMSMCCall)

#define SEL4_SEL4_ARCH_INVOCATION_LABEL_ENUMERATOR_(name) name,

enum sel4_arch_invocation_label {
    SEL4_SEL4_ARCH_FIRST_LABEL_ = nInvocationLabels - 1,
    SEL4_SEL4_ARCH_INVOCATION_LABEL_LIST(SEL4_SEL4_ARCH_INVOCATION_LABEL_ENUMERATOR_)
    nSeL4ArchInvocationLabels
};

#endif /* SEL4_SEL4_ARCH_INVOCATION_H */
