/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PD entry on AArch64. The microkit tool starts the thread here (the ELF
 * entry, first in .text at 0x200000) with SP at the top of its stack, which
 * is page aligned and so meets the AAPCS64 16-byte rule.
 */
    .section .text.start, "ax", %progbits
    .global _start
    .type _start, %function
_start:
    /* Terminate the frame-record chain for debuggers. */
    mov x29, xzr
    mov x30, xzr
    bl main
    /* main() never returns; if it did, stop with a fault the monitor reports. */
    udf #0
    .size _start, . - _start
