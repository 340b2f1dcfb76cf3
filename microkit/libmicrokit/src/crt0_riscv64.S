/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PD entry on RISC-V 64. The microkit tool starts the thread here (the ELF
 * entry, first in .text at 0x200000) with sp at the top of its stack. gp must
 * hold __global_pointer$ (microkit.ld) before any code the linker may have
 * relaxed to gp-relative addressing runs; its own load must not be relaxed.
 */
    .section .text.start, "ax", @progbits
    .global _start
    .type _start, @function
_start:
    .option push
    .option norelax
    lla gp, __global_pointer$
    .option pop
    mv s0, zero
    mv ra, zero
    call main
    /* main() never returns; if it did, stop with a fault the monitor reports. */
    unimp
    .size _start, . - _start
