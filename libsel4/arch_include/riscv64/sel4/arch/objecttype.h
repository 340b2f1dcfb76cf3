/* SPDX-License-Identifier: BSD-2-Clause */
/* RISC-V 64 object types, MCS numbering (sel4-abi.md §6.1). */
#ifndef SEL4_ARCH_OBJECTTYPE_H
#define SEL4_ARCH_OBJECTTYPE_H

#include <sel4/objecttype.h>
#include <sel4/simple_types.h>

typedef enum _object {
    seL4_RISCV_Giga_Page = seL4_NonArchObjectTypeCount,
    seL4_RISCV_4K_Page,
    seL4_RISCV_Mega_Page,
    seL4_RISCV_PageTableObject,
    seL4_ObjectTypeCount
} seL4_ArchObjectType;

/* Sv39 has no 512 GiB pages: the type number is a sentinel. */
#define seL4_RISCV_Tera_Page 0xfffffffful

typedef seL4_Word seL4_ObjectType;

#endif /* SEL4_ARCH_OBJECTTYPE_H */
