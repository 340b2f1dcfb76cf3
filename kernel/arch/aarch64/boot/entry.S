// SPDX-License-Identifier: BSD-2-Clause
// AArch64 entry (QEMU virt -kernel ELF): runs at the physical load address
// with the MMU and caches off, at EL2 (virtualization=on) or EL1
// (toolchain.md §5). It drops EL2 to EL1, clears .bss, builds the boot page
// tables (identity map of this code in TTBR0, the kernel window in TTBR1),
// enables the MMU and continues in the high kernel window, where it replaces
// the boot window with the final W^X one (boot/kernel_mappings.cpp).
#include <arch/asm_defs.h>

#define PHYS(sym) ((sym) - KERNEL_WINDOW_OFFSET)

    .pushsection .text.boot, "ax"
    .global _start
_start:
    mrs     x9, CurrentEL
    ubfx    x9, x9, #2, #2
    cmp     x9, #2
    b.eq    from_el2
    cmp     x9, #1
    b.eq    el1_entry
    b       unsupported_el

// EL2 -> EL1 [arm/ARM DDI0487 D1.11]: EL1 is AArch64 and owns the counters,
// the physical timer, the PMU and FP/SIMD; no stage-2 translation, no traps.
from_el2:
    ldr     x0, =HCR_EL2_RW
    msr     hcr_el2, x0
    mov     x0, #CNTHCTL_EL2_EL1_ACCESS
    msr     cnthctl_el2, x0
    msr     cntvoff_el2, xzr
    ldr     x0, =CPTR_EL2_NO_TRAPS
    msr     cptr_el2, x0
    mrs     x0, pmcr_el0                // MDCR_EL2.HPMN = PMCR_EL0.N: all counters to EL1
    ubfx    x0, x0, #11, #5
    msr     mdcr_el2, x0
    msr     vttbr_el2, xzr
    mrs     x0, midr_el1
    msr     vpidr_el2, x0
    mrs     x0, mpidr_el1
    msr     vmpidr_el2, x0
    // GICv3: EL1 may use the CPU interface system registers (ICC_SRE_EL2
    // SRE and Enable) [arm/IHI0069 12.7.9]; ID_AA64PFR0_EL1.GIC says
    // whether they exist.
    mrs     x0, id_aa64pfr0_el1
    ubfx    x0, x0, #24, #4
    cbz     x0, 1f
    mrs     x0, icc_sre_el2
    mov     x1, #0x9
    orr     x0, x0, x1
    msr     icc_sre_el2, x0
    isb
1:
    ldr     x0, =SCTLR_EL1_MMU_OFF
    msr     sctlr_el1, x0
    mov     x0, #SPSR_EL1H_MASKED
    msr     spsr_el2, x0
    adr     x0, el1_entry
    msr     elr_el2, x0
    eret

el1_entry:
    // Count instructions from here on [arm/ARM DDI0487 D11]: PMCR_EL0.E and
    // PMCNTENSET_EL0.C. Under QEMU -icount shift=0 PMCCNTR counts instructions.
    mrs     x0, pmcr_el0
    orr     x0, x0, #1
    msr     pmcr_el0, x0
    mov     x0, #0x80000000
    msr     pmcntenset_el0, x0
    isb
    mrs     x19, pmccntr_el0            // callee-saved: the entry instruction count

    msr     daifset, #0xf
    ldr     x0, =SCTLR_EL1_MMU_OFF
    msr     sctlr_el1, x0
    isb
    // FP/SIMD traps at EL0 only (CPACR_EL1.FPEN = 0b01): EL1 may save and
    // load the registers, a thread gets them lazily on its first use.
    mov     x0, #CPACR_EL1_FPEN_TRAP_EL0
    msr     cpacr_el1, x0

    // .bss (which holds the boot page tables) is zeroed before anything
    // uses it; QEMU's zeroed RAM would hide a missing clear.
    ldr     x0, =PHYS(__bss_start)
    ldr     x1, =PHYS(__bss_end)
1:  cmp     x0, x1
    b.hs    2f
    stp     xzr, xzr, [x0], #16
    b       1b
2:
    // TTBR1: level 0 slot 511 -> level 1 table of 512 x 1 GiB blocks covering
    // physical [0, 512 GiB): normal memory for [1 GiB, 256 GiB), device memory
    // elsewhere (the low GiB holds QEMU virt's UART, GIC, virtio, flash).
    ldr     x0, =PHYS(boot_ttbr1_level0)
    ldr     x1, =PHYS(boot_ttbr1_level1)
    orr     x2, x1, #TABLE_DESCRIPTOR
    str     x2, [x0, #511 * 8]
    ldr     x3, =BLOCK_DEVICE_KERNEL
    ldr     x4, =BLOCK_NORMAL_KERNEL
    mov     x5, #0
3:  sub     x7, x5, #1
    cmp     x7, #255
    csel    x8, x4, x3, lo
    orr     x8, x8, x5, lsl #30
    str     x8, [x1, x5, lsl #3]
    add     x5, x5, #1
    cmp     x5, #512
    b.lo    3b
    // TTBR0: identity map of the GiB holding this code, for the instructions
    // between enabling the MMU and jumping high.
    ldr     x0, =PHYS(boot_ttbr0_level0)
    ldr     x1, =PHYS(boot_ttbr0_level1)
    orr     x2, x1, #TABLE_DESCRIPTOR
    str     x2, [x0, #((KERNEL_PHYS_BASE >> 39) & 511) * 8]
    mov     x5, #((KERNEL_PHYS_BASE >> 30) & 511)
    orr     x8, x4, x5, lsl #30
    str     x8, [x1, x5, lsl #3]

    // The tables were written with the MMU off (non-cacheable); drop any
    // stale cache lines so the cacheable table walks see them.
    ldr     x0, =PHYS(boot_page_tables_start)
    ldr     x1, =PHYS(boot_page_tables_end)
    dsb     sy
4:  dc      ivac, x0
    add     x0, x0, #64
    cmp     x0, x1
    b.lo    4b
    dsb     sy

    ldr     x0, =MAIR_EL1_VALUE
    msr     mair_el1, x0
    // TCR_EL1.IPS = the implemented physical address size, capped at 48 bits.
    ldr     x0, =TCR_EL1_BASE
    mrs     x1, id_aa64mmfr0_el1
    and     x1, x1, #7
    mov     x2, #5
    cmp     x1, x2
    csel    x1, x1, x2, ls
    bfi     x0, x1, #TCR_EL1_IPS_SHIFT, #3
    msr     tcr_el1, x0
    ldr     x0, =PHYS(boot_ttbr0_level0)
    msr     ttbr0_el1, x0
    ldr     x0, =PHYS(boot_ttbr1_level0)
    msr     ttbr1_el1, x0
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    ldr     x0, =SCTLR_EL1_MMU_ON
    msr     sctlr_el1, x0
    isb
    ldr     x0, =boot_high
    br      x0

// x0 = physical address of the final kernel window's level-0 table
// (aarch64_map_kernel_window). Called by its identity-mapped address, so the
// instructions here do not depend on TTBR1; touches no memory. TTBR1 points
// at an empty table while the TLB drops the boot window's global entries:
// old and new entries for the same address (blocks of other sizes) are never
// live together, as break-before-make requires
// [arm/ARM DDI0487, "Using break-before-make when updating translation table
// entries"].
    .global aarch64_switch_kernel_window
aarch64_switch_kernel_window:
    ldr     x1, =PHYS(boot_empty_table)
    msr     ttbr1_el1, x1
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    msr     ttbr1_el1, x0
    isb
    ret

// EL3 (secure=on) is not supported: say so on the PL011 and park.
unsupported_el:
    adr     x0, unsupported_message
    ldr     x1, =0x09000000
5:  ldrb    w2, [x0], #1
    cbz     w2, 7f
6:  ldr     w3, [x1, #0x18]
    tbnz    w3, #5, 6b
    str     w2, [x1]
    b       5b
7:  wfe
    b       7b
unsupported_message:
    .asciz  "Tessera: entered at EL3 (machine secure=on?); only EL2 and EL1 entry are supported\n"
    .balign 8
    .ltorg
    .popsection

    .text
boot_high:
    ldr     x0, =boot_stack_top
    mov     sp, x0
    ldr     x0, =aarch64_vectors
    msr     vbar_el1, x0
    isb
    // The boot window's blocks are RWX at EL1; replace them with the final
    // kernel window (W^X, boot/kernel_mappings.cpp) before anything else runs.
    bl      aarch64_map_kernel_window
    ldr     x1, =aarch64_switch_kernel_window   // its physical, identity-mapped address
    blr     x1
    // Nothing runs from the identity map (executable, writable) any more:
    // TTBR0 gets the empty table until the first thread's address space.
    ldr     x0, =PHYS(boot_empty_table)
    msr     ttbr0_el1, x0
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    mov     x0, x19
    ldr     x1, =__kernel_phys_start
    ldr     x2, =__kernel_end
    bl      aarch64_boot_main
8:  wfe
    b       8b
    .ltorg

    .bss
    .balign 4096
boot_page_tables_start:
boot_ttbr1_level0:  .space 4096
boot_ttbr1_level1:  .space 4096
boot_ttbr0_level0:  .space 4096
boot_ttbr0_level1:  .space 4096
boot_empty_table:   .space 4096
boot_page_tables_end:
// Stacks need no clearing: they live after __bss_end (linker script).
    .section .boot_stack, "aw", %nobits
    .balign 16
    .global boot_stack_top
boot_stack:         .space 16384
boot_stack_top:
    .global emergency_stack_top
emergency_stack:    .space 4096
emergency_stack_top:
