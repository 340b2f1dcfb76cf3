/* SPDX-License-Identifier: BSD-2-Clause */
/* A well-behaved child: its parent never hears from it. */
#include <microkit.h>

void init(void)
{
    microkit_dbg_puts("hello: child 2 of the parent, running normally\n");
}

void notified(microkit_channel ch)
{
    (void)ch;
}
