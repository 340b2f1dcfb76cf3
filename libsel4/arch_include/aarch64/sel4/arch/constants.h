/* SPDX-License-Identifier: BSD-2-Clause */
/* AArch64 (EL1, no hypervisor) object sizes and address-space limits (sel4-abi.md §6.2). */
#ifndef SEL4_ARCH_CONSTANTS_H
#define SEL4_ARCH_CONSTANTS_H

#include <autoconf.h>

/* MR0-MR3 travel in x2-x5 (sel4-abi.md §2.1). */
#define seL4_FastMessageRegisters 4

#define seL4_TCBBits 11
#define seL4_PageBits 12
#define seL4_LargePageBits 21
#define seL4_HugePageBits 30
#define seL4_PageTableEntryBits 3
#define seL4_PageTableIndexBits 9
#define seL4_PageTableBits 12
#define seL4_VSpaceIndexBits 9
#define seL4_VSpaceBits 12
#define seL4_ARM_VCPUBits 12
#define seL4_MaxUntypedBits 47
#define seL4_UserTop 0x00007ffffffffffful

/* Names kept from before the PUD/PD object types merged into PageTable (13.0.0). */
#define seL4_PageDirBits seL4_PageTableBits
#define seL4_PUDBits seL4_PageTableBits
#define seL4_PGDBits seL4_VSpaceBits

#define seL4_PageSize (1ul << seL4_PageBits)

#endif /* SEL4_ARCH_CONSTANTS_H */
