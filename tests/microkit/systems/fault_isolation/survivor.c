/* SPDX-License-Identifier: BSD-2-Clause */
/* Trades notifications with echo after the faulter has faulted. */
#include <microkit.h>

#define ECHO 3
#define ROUNDS 3

static int rounds;

void init(void)
{
    microkit_dbg_puts("survivor: running after the fault\n");
    microkit_notify(ECHO);
}

void notified(microkit_channel channel)
{
    if (channel != ECHO) return;
    if (++rounds < ROUNDS) {
        microkit_notify(ECHO);
        return;
    }
    microkit_dbg_puts("survivor: 3 round trips with echo, done\n");
}
