/* SPDX-License-Identifier: BSD-2-Clause */
/* seL4_BootInfo and the initial CNode slots (sel4-abi.md §14). */
#ifndef SEL4_BOOTINFO_H
#define SEL4_BOOTINFO_H

#include <sel4/bootinfo_types.h>
#include <sel4/shared_types.h>

#endif /* SEL4_BOOTINFO_H */
