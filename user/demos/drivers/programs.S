/* SPDX-License-Identifier: BSD-2-Clause */
/* The processes' ELF files, embedded in the root task (paths from the build). */
    .section .rodata.programs, "a"
    .balign 8
    .global uart_driver_elf, uart_driver_elf_end
uart_driver_elf:
    .incbin UART_DRIVER_ELF
uart_driver_elf_end:
    .balign 8
    .global echo_client_elf, echo_client_elf_end
echo_client_elf:
    .incbin ECHO_CLIENT_ELF
echo_client_elf_end:
