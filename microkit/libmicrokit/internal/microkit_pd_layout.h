/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fixed virtual addresses of a protection domain (PD) that libmicrokit and
 * the microkit tool must agree on (Microkit manual, "Protection domains";
 * microkit.md §2.8). Plain macros so that C (libmicrokit), assembly and the
 * tool's C++ can all include this file. Not part of the SDK.
 *
 *   top of the user address space
 *   +--------------------------+ IPC buffer page      (MICROKIT_PD_IPC_BUFFER_VADDR_*)
 *   | IPC buffer (one page)    |
 *   +--------------------------+ guard page           (IPC buffer - page)
 *   | unmapped guard page      |
 *   +--------------------------+ initial SP = guard page address
 *   | stack (stack_size bytes) |
 *   +--------------------------+ stack bottom = guard page - stack_size
 *   | maps of the SDF          |   every <map> must end at or below the stack bottom
 *   | ELF segments from 0x200000 (microkit.ld)
 *
 * The IPC buffer is the last page user code may map: seL4_UserTop of our
 * libsel4 rounded down to a page. On AArch64 seL4_UserTop is inclusive
 * (0x7fffffffffff, 48-bit EL0 addresses without a hypervisor), on RISC-V Sv39
 * it is exclusive (0x3ffffff000), hence the different roundings below.
 * libmicrokit's main.c checks the one it uses against <sel4/arch/constants.h>.
 */
#ifndef MICROKIT_PD_LAYOUT_H
#define MICROKIT_PD_LAYOUT_H

#define MICROKIT_PD_PAGE_SIZE 0x1000ull

/* microkit.ld links .text (with _start first) here; restarting a child at this address re-runs it. */
#define MICROKIT_PD_TEXT_VADDR 0x200000ull

/* (0x7fffffffffff & ~0xfff) */
#define MICROKIT_PD_IPC_BUFFER_VADDR_AARCH64 0x7ffffffff000ull
/* (0x3ffffff000 - 0x1000): the last page below the exclusive seL4_UserTop */
#define MICROKIT_PD_IPC_BUFFER_VADDR_RISCV64 0x3fffffe000ull

/* The unmapped page below the IPC buffer; its address is also the initial stack pointer. */
#define MICROKIT_PD_GUARD_PAGE_VADDR(ipc_buffer_vaddr) ((ipc_buffer_vaddr) - MICROKIT_PD_PAGE_SIZE)
#define MICROKIT_PD_STACK_TOP(ipc_buffer_vaddr) MICROKIT_PD_GUARD_PAGE_VADDR(ipc_buffer_vaddr)
/* Lowest stack address for a PD whose SDF says stack_size="SIZE" (a multiple of the page size). */
#define MICROKIT_PD_STACK_BOTTOM(ipc_buffer_vaddr, stack_size) \
    (MICROKIT_PD_STACK_TOP(ipc_buffer_vaddr) - (stack_size))

#endif /* MICROKIT_PD_LAYOUT_H */
