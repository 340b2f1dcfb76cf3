/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Generic invocation labels of seL4 16.0.0 MCS (sel4-abi.md §15.1-15.2, MCS
 * columns): the numbering libsel4 generates from object-api.xml, with the
 * non-MCS CNodeSaveCaller left out. Labels are consecutive from 0, so the
 * list only has to keep seL4's order; host tests check every value.
 *
 * SEL4_INVOCATION_LABEL(name) is the ONE table; the arch parts continue at
 * nInvocationLabels (<sel4/sel4_arch/invocation.h>, <sel4/arch/invocation.h>).
 */
#ifndef SEL4_INVOCATION_H
#define SEL4_INVOCATION_H

#include <sel4/invocation_list.h>

#define SEL4_INVOCATION_LABEL_ENUMERATOR_(name) name,

enum invocation_label {
    SEL4_INVOCATION_LABEL_LIST(SEL4_INVOCATION_LABEL_ENUMERATOR_)
    nInvocationLabels
};

#endif /* SEL4_INVOCATION_H */
