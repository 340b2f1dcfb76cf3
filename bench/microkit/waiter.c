/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The benchmark's waiting PD. It has the highest priority, so its init()
 * is the first of the system to run: it records the boot count. Then it
 * records when each notified() starts.
 */
#include <microkit.h>

#include "counter.h"

struct bench_shared *shared;  /* setvar_vaddr */

void init(void) { shared->boot = bench_counter(); }

void notified(microkit_channel channel)
{
    shared->received = bench_counter();
    (void)channel;
}
