/* SPDX-License-Identifier: BSD-2-Clause */
/* AArch64 object types, MCS numbering without hypervisor (sel4-abi.md §6.1). */
#ifndef SEL4_ARCH_OBJECTTYPE_H
#define SEL4_ARCH_OBJECTTYPE_H

#include <sel4/objecttype.h>
#include <sel4/simple_types.h>

typedef enum _object {
    seL4_ARM_HugePageObject = seL4_NonArchObjectTypeCount,
    seL4_ARM_VSpaceObject,
    seL4_ARM_SmallPageObject,
    seL4_ARM_LargePageObject,
    seL4_ARM_PageTableObject,
    seL4_ObjectTypeCount
} seL4_ArchObjectType;

/* Types this configuration does not have carry sentinel numbers. */
#define seL4_ARM_VCPUObject 0xfffe
#define seL4_ARM_IOPageTableObject 0xffff
/* Deprecated aliases (sel4-abi.md §6.1). */
#define seL4_ARM_PageDirectoryObject seL4_ARM_PageTableObject
#define seL4_ARM_PageUpperDirectoryObject seL4_ARM_PageTableObject
#define seL4_ARM_PageGlobalDirectoryObject seL4_ARM_VSpaceObject

typedef seL4_Word seL4_ObjectType;

#endif /* SEL4_ARCH_OBJECTTYPE_H */
