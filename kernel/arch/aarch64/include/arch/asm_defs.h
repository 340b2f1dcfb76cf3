/* SPDX-License-Identifier: BSD-2-Clause */
/* Numbers shared by the AArch64 assembly and C++. Plain macros because the
 * .S files include this too; arch/system_registers.hpp and
 * arch/page_table_entry.hpp re-derive every value with Bitfield definitions
 * and static_assert that they agree. */
#ifndef TESSERA_ARCH_AARCH64_ASM_DEFS_H
#define TESSERA_ARCH_AARCH64_ASM_DEFS_H

/* Physical load address: QEMU virt puts the DTB at 0x40000000 only if it
 * fits below the kernel (toolchain.md §4). */
#define KERNEL_PHYS_BASE 0x40200000
#define BOOT_DTB_PADDR 0x40000000
/* TTBR1 kernel window: virt = phys + offset, L0 slot 511 (512 GiB). */
#define KERNEL_WINDOW_OFFSET 0xffffff8000000000

/* Size of one user register save area (UserContext), bytes. */
#define USER_CONTEXT_WORDS 38
#define USER_CONTEXT_SP_EL0 31
#define USER_CONTEXT_ELR 32
#define USER_CONTEXT_SPSR 33
#define USER_CONTEXT_FAULT_IP 34
#define USER_CONTEXT_TPIDR 35
#define USER_CONTEXT_TPIDRRO 36

/* MAIR_EL1 [arm/ARM DDI0487 D17.2.97]: attr0 Device-nGnRnE, attr1 Normal
 * write-back RW-allocate, attr2 Normal non-cacheable, attr3 Device-nGnRE. */
#define MAIR_EL1_VALUE 0x000000000444ff00
#define MAIR_INDEX_DEVICE 0
#define MAIR_INDEX_NORMAL 1

/* TCR_EL1 without IPS (filled from ID_AA64MMFR0_EL1.PARange at boot):
 * T0SZ=T1SZ=16, 4 KiB granules, WBWA inner shareable walks, 16-bit ASID in TTBR0. */
#define TCR_EL1_BASE 0x00000010b5103510
#define TCR_EL1_IPS_SHIFT 32

/* SCTLR_EL1: RES1 bits | M C SA SA0 I nTWI DZE UCT nTWE UCI. */
#define SCTLR_EL1_MMU_OFF 0x0000000030d00800
#define SCTLR_EL1_MMU_ON 0x0000000034d5d81d

/* Boot block descriptors (1 GiB, level 1) [arm/ARM DDI0487 D8.3]:
 * valid block, AttrIndx, AF, inner shareable, EL1-only (AP=00). */
#define BLOCK_NORMAL_KERNEL 0x0040000000000705 /* UXN, attr1, SH=11, AF */
#define BLOCK_DEVICE_KERNEL 0x0060000000000401 /* UXN PXN, attr0, AF */
#define TABLE_DESCRIPTOR 0x3

/* EL2 -> EL1 hand-over values. */
#define HCR_EL2_RW 0x80000000
#define CNTHCTL_EL2_EL1_ACCESS 0x3    /* EL1PCTEN | EL1PCEN */
#define CPTR_EL2_NO_TRAPS 0x32ff      /* RES1 bits only: no FP/SVE/trace traps */
#define SPSR_EL1H_MASKED 0x3c5        /* EL1h, DAIF all masked */
/* CPACR_EL1.FPEN = 0b01: FP/SIMD traps at EL0 only (lazy FPU switching);
 * 0b11: nothing traps. */
#define CPACR_EL1_FPEN_TRAP_EL0 (1 << 20)
#define CPACR_EL1_FPEN_NO_TRAP (3 << 20)

#endif
