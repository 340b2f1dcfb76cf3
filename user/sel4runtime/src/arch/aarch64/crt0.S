/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Program entry on AArch64, for both ways a program starts:
 *  - as the root task: the kernel starts it at the ELF entry with
 *    x0 = BootInfo and every other register 0, so no stack (sel4-abi.md §14.3);
 *  - as a process another program loaded: sp points at the System V
 *    start-up stack it built (argc, argv, envp, auxv; start_process.c).
 * A zero sp tells them apart. _sel4_start (seL4's sel4runtime name of the
 * root-task entry) is the root path alone.
 */
#include <sel4runtime/gen_config.h>

    .section .text._start, "ax", %progbits
    .global _start
    .type _start, %function
_start:
    mov x9, sp
    cbz x9, _sel4_start
    mov x0, sp
    mov x29, #0
    mov x30, #0
    bl __sel4runtime_start_process
1:  b 1b
    .size _start, . - _start

    .global _sel4_start
    .type _sel4_start, %function
_sel4_start:
    /* Clear .bss (which holds the stack) in case the loader left it dirty. */
    adrp x9, __bss_start
    add x9, x9, :lo12:__bss_start
    adrp x10, _end
    add x10, x10, :lo12:_end
2:  cmp x9, x10
    b.hs 3f
    str xzr, [x9], #8
    b 2b
3:  adrp x9, __sel4runtime_stack_top
    add x9, x9, :lo12:__sel4runtime_stack_top
    mov sp, x9
    /* Terminate the frame-pointer chain; x0 still holds the BootInfo pointer. */
    mov x29, #0
    mov x30, #0
    bl __sel4runtime_start_root
1:  b 1b
    .size _sel4_start, . - _sel4_start

    .section .bss.__sel4runtime_stack, "aw", %nobits
    .balign 16
__sel4runtime_stack_bottom:
    .space CONFIG_SEL4RUNTIME_ROOT_STACK
    .global __sel4runtime_stack_top
__sel4runtime_stack_top:
