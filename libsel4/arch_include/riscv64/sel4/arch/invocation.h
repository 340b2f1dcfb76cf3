/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * RISC-V "arch" invocation labels (object-api-arch.xml), seL4 16.0.0 MCS
 * (sel4-abi.md §15.2), numbered on from nSeL4ArchInvocationLabels. The one
 * table for this part is the list below.
 */
#ifndef SEL4_ARCH_INVOCATION_H
#define SEL4_ARCH_INVOCATION_H

#include <sel4/sel4_arch/invocation.h>

#define SEL4_ARCH_INVOCATION_LABEL_LIST(SEL4_INVOCATION_LABEL) \
    SEL4_INVOCATION_LABEL(RISCVPageTableMap)                   \
    SEL4_INVOCATION_LABEL(RISCVPageTableUnmap)                 \
    SEL4_INVOCATION_LABEL(RISCVPageMap)                        \
    SEL4_INVOCATION_LABEL(RISCVPageUnmap)                      \
    SEL4_INVOCATION_LABEL(RISCVPageGetAddress)                 \
    SEL4_INVOCATION_LABEL(RISCVASIDControlMakePool)            \
    SEL4_INVOCATION_LABEL(RISCVASIDPoolAssign)                 \
    SEL4_INVOCATION_LABEL(RISCVIRQIssueIRQHandlerTrigger)

#define SEL4_ARCH_INVOCATION_LABEL_ENUMERATOR_(name) name,

enum arch_invocation_label {
    SEL4_ARCH_FIRST_LABEL_ = nSeL4ArchInvocationLabels - 1,
    SEL4_ARCH_INVOCATION_LABEL_LIST(SEL4_ARCH_INVOCATION_LABEL_ENUMERATOR_)
    nArchInvocationLabels
};

#endif /* SEL4_ARCH_INVOCATION_H */
