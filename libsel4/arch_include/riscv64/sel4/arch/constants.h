/* SPDX-License-Identifier: BSD-2-Clause */
/* RISC-V 64 (Sv39) object sizes and address-space limits (sel4-abi.md §6.2). */
#ifndef SEL4_ARCH_CONSTANTS_H
#define SEL4_ARCH_CONSTANTS_H

#include <autoconf.h>

/* MR0-MR3 travel in a2-a5 (sel4-abi.md §2.1). */
#define seL4_FastMessageRegisters 4

#define seL4_TCBBits 11 /* with FPU state, the default since 14.0.0 */
#define seL4_PageBits 12
#define seL4_LargePageBits 21
#define seL4_HugePageBits 30
#define seL4_PageTableEntryBits 3
#define seL4_PageTableIndexBits 9
#define seL4_PageTableBits 12
#define seL4_VSpaceBits seL4_PageTableBits
#define seL4_NumASIDPoolsBits 7
#define seL4_MaxUntypedBits 38
#define seL4_UserTop 0x0000003ffffff000ul

#define seL4_PageSize (1ul << seL4_PageBits)

#endif /* SEL4_ARCH_CONSTANTS_H */
