// SPDX-License-Identifier: BSD-2-Clause
// AArch64 loader entry. QEMU's generic loader device (-device loader,file=,
// addr=0x70000000,cpu-num=0) only sets CPU 0's PC to the image's first byte:
// EL2 with virtualization=on, EL1 without, MMU and caches off, no register
// holding anything (Microkit manual §3.4; toolchain.md §5). Other CPUs stay
// powered off until PSCI CPU_ON.
#define SCTLR_M (1 << 0)   // [arm/ARM DDI0487 D17.2.118] stage 1 MMU
#define SCTLR_C (1 << 2)   // data and unified caches
#define SCTLR_I (1 << 12)  // instruction cache
#define PL011_BASE 0x09000000

    .pushsection .text.entry, "ax"
    .global _start
_start:
    msr     daifset, #0xf
    // MMU and caches off, in case a boot stage before us left them on.
    mrs     x9, CurrentEL
    ubfx    x9, x9, #2, #2
    cmp     x9, #2
    b.ne    1f
    mrs     x10, sctlr_el2
    bic     x10, x10, #SCTLR_M
    bic     x10, x10, #SCTLR_C
    bic     x10, x10, #SCTLR_I
    msr     sctlr_el2, x10
    b       2f
1:  cmp     x9, #1
    b.ne    2f
    mrs     x10, sctlr_el1
    bic     x10, x10, #SCTLR_M
    bic     x10, x10, #SCTLR_C
    bic     x10, x10, #SCTLR_I
    msr     sctlr_el1, x10
2:  isb
    // The loader is linked to run where it was loaded (it does not relocate
    // itself, unlike Microkit's): absolute addresses in its data assume that.
    adr     x9, _start
    ldr     x10, =__loader_start
    cmp     x9, x10
    b.ne    wrong_address

    ldr     x9, =__stack_top
    mov     sp, x9
    // .bss is cleared here: QEMU's zeroed RAM must not hide a missing clear.
    ldr     x9, =__bss_start
    ldr     x10, =__bss_end
3:  cmp     x9, x10
    b.hs    4f
    str     xzr, [x9], #8
    b       3b
4:  bl      loader_main_aarch64
5:  wfi
    b       5b

// Loaded at another address: say so on the PL011 with PC-relative code only, and park.
wrong_address:
    adr     x0, wrong_address_message
    mov     x1, #PL011_BASE
6:  ldrb    w2, [x0], #1
    cbz     w2, 8f
7:  ldr     w3, [x1, #0x18]
    tbnz    w3, #5, 7b
    str     w2, [x1]
    b       6b
8:  wfi
    b       8b
wrong_address_message:
    .asciz  "LDR|ERROR: the loader runs only at its link address (load it with addr= its link address)\r\n"
    .balign 8
    .ltorg
    .popsection

// x0 = kernel entry (physical), x1 = device tree. The kernel gets x0 = the
// device tree and x1..x3 = 0 (the arm64 boot protocol's register use).
    .text
    .global loader_enter_kernel
loader_enter_kernel:
    mov     x9, x0
    mov     x0, x1
    mov     x1, xzr
    mov     x2, xzr
    mov     x3, xzr
    br      x9

// Exception vectors for the loader's own run: any exception is a loader
// bug or a bad payload (e.g. a destination with no memory behind it). Each
// entry passes its index (0..15) [arm/ARM DDI0487 D1.10.2].
.macro vector index
    .balign 0x80
    mov     x0, #\index
    b       vector_common
.endm
    .balign 0x800
    .global loader_vectors
loader_vectors:
    .irp    index, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    vector  \index
    .endr
vector_common:
    ldr     x1, =__stack_top
    mov     sp, x1
    bl      loader_unexpected_exception
9:  wfi
    b       9b
    .ltorg
