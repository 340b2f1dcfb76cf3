/* SPDX-License-Identifier: BSD-2-Clause */
/* The smallest Microkit system: one protection domain that greets and then waits. */
#include <microkit.h>

void init(void)
{
    microkit_dbg_puts("hello, world\n");
}

/* hello.system gives this PD no channels, so nothing ever arrives here. */
void notified(microkit_channel ch)
{
    (void)ch;
}
