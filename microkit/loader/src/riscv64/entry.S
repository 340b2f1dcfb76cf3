// SPDX-License-Identifier: BSD-2-Clause
// RISC-V loader entry. QEMU loads the uImage (or ELF) at 0x90000000 and its
// OpenSBI (fw_dynamic) starts it there in S-mode with the MMU off,
// a0 = hart id, a1 = device tree (microkit.md §3.7; toolchain.md §4). Only
// the hart that won OpenSBI's boot lottery arrives; the others wait in HSM.

    .pushsection .text.entry, "ax", @progbits
    .globl _start
_start:
    // The loader is linked to run where it was loaded (it does not relocate
    // itself, unlike Microkit's): absolute addresses in its data assume that.
    lla     t0, _start
    ld      t1, link_address
    bne     t0, t1, wrong_address
    lla     sp, __stack_top
    // .bss is cleared here: QEMU's zeroed RAM must not hide a missing clear.
    lla     t0, __bss_start
    lla     t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:  call    loader_main_riscv64
3:  wfi
    j       3b

// Loaded at another address: say so through the legacy SBI console
// (EID 0x01 [riscv/sbi 5.2]) with PC-relative code only, and park.
wrong_address:
    lla     s0, wrong_address_message
4:  lbu     a0, 0(s0)
    beqz    a0, 5f
    li      a7, 1
    ecall
    addi    s0, s0, 1
    j       4b
5:  wfi
    j       5b

    .balign 8
link_address:
    .dword  __loader_start
wrong_address_message:
    .asciz  "LDR|ERROR: the loader runs only at its link address (0x90000000)\r\n"
    .popsection

// a0 = kernel entry (physical), a1 = hart id, a2 = device tree: the kernel
// gets a0 = hart id, a1 = device tree, as from OpenSBI.
    .text
    .globl  loader_enter_kernel
loader_enter_kernel:
    mv      t0, a0
    mv      a0, a1
    mv      a1, a2
    jr      t0

// Traps during the loader's own run: any is a loader bug or a bad payload
// (e.g. a destination with no memory behind it, or one OpenSBI's PMP guards).
    .balign 4
    .globl  loader_trap_vector
loader_trap_vector:
    lla     sp, __stack_top
    csrr    a0, scause
    csrr    a1, sepc
    csrr    a2, stval
    call    loader_unexpected_trap
6:  wfi
    j       6b
