// SPDX-License-Identifier: BSD-2-Clause
// Kernel entry from OpenSBI (fw_dynamic): S-mode, MMU off, a0 = hartid,
// a1 = device tree (toolchain.md §4/§5). Runs at the physical load address
// although linked in the kernel window, so it uses only PC-relative
// addressing (lla) until the jump to the window.
//
// Boot page table (Sv39 [riscv/priv 4.4]): the kernel window maps physical
// [0, 64 GiB) with 1 GiB pages at KERNEL_OFFSET (root entries 256..319),
// plus one identity gigapage covering this code so the instruction after
// the satp write still fetches. These are RWX only until riscv_boot's first
// call, riscv::map_kernel_window(), maps the image section by section (W^X)
// and drops the identity gigapage (kernel_mappings.cpp).

#define KERNEL_OFFSET 0xffffffc000000000
#define WINDOW_GIGAPAGES 64
#define GIGAPAGE_FLAGS 0xef  /* V R W X G A D: arch::riscv::kernel_gigapage_flags */
#define SATP_MODE_SV39 (8 << 60)
#define SSTATUS_SUM_MXR 0xc0000  /* bits 18, 19: arch::riscv::Sstatus::SUM, MXR */

    .pushsection .text.boot, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    csrr s2, instret          // boot cost is measured from here
    mv s0, a0                 // hartid
    mv s1, a1                 // device tree
    csrw sie, zero
    // The kernel never accesses U pages [riscv/priv 4.1.1, 4.3.1]: SUM (and MXR)
    // clear from here on; nothing in the kernel sets them.
    li t0, SSTATUS_SUM_MXR
    csrc sstatus, t0
    csrw sscratch, zero
    lla t0, early_trap_phys
    csrw stvec, t0

    // Clear .bss (holds the boot page table; the stacks lie below it and
    // need no clearing); QEMU's zeroed RAM must not hide a missing clear.
    // The linker script aligns both ends to 64 bytes: eight stores a turn.
    lla t0, __bss_start
    lla t1, __bss_end
    bgeu t0, t1, 2f
1:  sd zero, 0(t0)
    sd zero, 8(t0)
    sd zero, 16(t0)
    sd zero, 24(t0)
    sd zero, 32(t0)
    sd zero, 40(t0)
    sd zero, 48(t0)
    sd zero, 56(t0)
    addi t0, t0, 64
    bltu t0, t1, 1b
2:
    lla t0, boot_root_table
    li t3, GIGAPAGE_FLAGS
    // Window: root[256 + i] = PTE(i GiB).
    li t4, 256 * 8
    add t4, t4, t0
    li t1, 0
    li t2, WINDOW_GIGAPAGES
3:  slli t5, t1, 28           // (i << 30) >> 12 << 10
    or t5, t5, t3
    sd t5, 0(t4)
    addi t4, t4, 8
    addi t1, t1, 1
    blt t1, t2, 3b
    // Identity gigapage for the boot code: root[pa >> 30] = PTE(pa).
    lla t5, _start
    srli t5, t5, 30
    slli t6, t5, 28
    or t6, t6, t3
    slli t5, t5, 3
    add t5, t5, t0
    sd t6, 0(t5)

    srli t1, t0, 12
    li t2, SATP_MODE_SV39
    or t1, t1, t2
    sfence.vma
    csrw satp, t1
    sfence.vma

    // Continue at the same code in the window.
    li t1, KERNEL_OFFSET
    lla t2, 4f
    add t2, t2, t1
    jr t2
4:
    lla sp, boot_stack_top    // PC-relative, now yields the window address
    mv a0, s0
    mv a1, s1
    mv a2, s2
    call riscv_boot           // never returns
5:  wfi
    j 5b

    // A trap before the window is up: nothing can be printed safely, so
    // stop via the SBI legacy shutdown (EID 8) instead of looping silently.
    .balign 4
early_trap_phys:
    li a7, 8
    ecall
    j early_trap_phys
    .size _start, . - _start
    .popsection

    .section .bss.boot_stack, "aw", @nobits
    .balign 16
    .globl boot_stack_bottom
boot_stack_bottom:
    .skip 16384
    .globl boot_stack_top
boot_stack_top:

    .section .bss.boot_root_table, "aw", @nobits
    .balign 4096
    .globl boot_root_table
boot_root_table:
    .skip 4096
