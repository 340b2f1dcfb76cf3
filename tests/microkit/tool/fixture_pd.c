/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A protection domain's program image for the tool's host tests: the
 * symbols libmicrokit defines for the tool to patch, and setvar targets of
 * the sizes the tests need. Never run.
 */
char microkit_name[64];
unsigned char microkit_passive;
unsigned long microkit_irqs;
unsigned long microkit_notifications;
unsigned long microkit_pps;
unsigned long microkit_ioports;
unsigned long buffer_vaddr;
unsigned long buffer_paddr;
unsigned long child_id;
unsigned int short_variable;
unsigned long initialised_variable = 0x1234;

void _start(void)
{
    for (;;) {
    }
}
