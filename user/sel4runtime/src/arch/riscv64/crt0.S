/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Program entry on RISC-V 64, for both ways a program starts:
 *  - as the root task: the kernel starts it at the ELF entry with
 *    a0 = BootInfo and every other register 0, so no stack (sel4-abi.md §14.3);
 *  - as a process another program loaded: sp points at the System V
 *    start-up stack it built (argc, argv, envp, auxv; start_process.c).
 * A zero sp tells them apart. _sel4_start (seL4's sel4runtime name of the
 * root-task entry) is the root path alone.
 */
#include <sel4runtime/gen_config.h>

    .section .text._start, "ax", @progbits
    .global _start
    .type _start, @function
_start:
    beqz sp, _sel4_start
    mv a0, sp
    call __sel4runtime_start_process
1:  j 1b
    .size _start, . - _start

    .global _sel4_start
    .type _sel4_start, @function
_sel4_start:
    /* Clear .bss (which holds the stack) in case the loader left it dirty.
     * __bss_start and _end are defined by lld for any layout, so programs
     * linked without our linker script work too. */
    lla t0, __bss_start
    lla t1, _end
2:  bgeu t0, t1, 3f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 2b
3:  la sp, __sel4runtime_stack_top
    /* a0 still holds the BootInfo pointer. */
    call __sel4runtime_start_root
1:  j 1b
    .size _sel4_start, . - _sel4_start

    .section .bss.__sel4runtime_stack, "aw", @nobits
    .balign 16
__sel4runtime_stack_bottom:
    .space CONFIG_SEL4RUNTIME_ROOT_STACK
    .global __sel4runtime_stack_top
__sel4runtime_stack_top:
