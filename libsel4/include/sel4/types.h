/* SPDX-License-Identifier: BSD-2-Clause */
/* All libsel4 types and constants: the arch-independent part plus <sel4/arch/...>. */
#ifndef SEL4_TYPES_H
#define SEL4_TYPES_H

#include <sel4/config.h>
#include <sel4/macros.h>
#include <sel4/simple_types.h>
#include <sel4/shared_types.h>
#include <sel4/bootinfo_types.h>
#include <sel4/constants.h>
#include <sel4/errors.h>
#include <sel4/objecttype.h>
#include <sel4/syscall.h>
#include <sel4/arch/constants.h>
#include <sel4/arch/objecttype.h>
#include <sel4/sel4_arch/constants.h>
#include <sel4/arch/types.h>

/* Cap-typed parameter names of the object API (sel4-abi.md §15.1a): all CPtrs. */
typedef seL4_CPtr seL4_CNode;
typedef seL4_CPtr seL4_IRQHandler;
typedef seL4_CPtr seL4_IRQControl;
typedef seL4_CPtr seL4_TCB;
typedef seL4_CPtr seL4_Untyped;
typedef seL4_CPtr seL4_DomainSet;
typedef seL4_CPtr seL4_SchedContext;
typedef seL4_CPtr seL4_SchedControl;

#endif /* SEL4_TYPES_H */
