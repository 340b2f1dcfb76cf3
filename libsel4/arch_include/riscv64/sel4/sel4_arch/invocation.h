/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * RISC-V 64 "sel4_arch" invocation labels: riscv64 has no methods of its
 * own (sel4-abi.md §15.2), so nSeL4ArchInvocationLabels == nInvocationLabels.
 */
#ifndef SEL4_SEL4_ARCH_INVOCATION_H
#define SEL4_SEL4_ARCH_INVOCATION_H

#include <sel4/invocation.h>

#define SEL4_SEL4_ARCH_INVOCATION_LABEL_LIST(SEL4_INVOCATION_LABEL)

enum sel4_arch_invocation_label {
    nSeL4ArchInvocationLabels = nInvocationLabels
};

#endif /* SEL4_SEL4_ARCH_INVOCATION_H */
