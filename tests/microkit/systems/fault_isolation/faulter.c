/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Writes just below its 8 KiB stack: the monitor reports the
 * VM fault, with its "potential stack overflow" hint, and stops this PD.
 */
#include <microkit.h>

void init(void)
{
    microkit_dbg_puts("faulter: writing below my stack\n");
    volatile char *below = (volatile char *)__builtin_frame_address(0) - 0x2100;
    *below = 1;
    microkit_dbg_puts("faulter: still running: the fault was lost\n");
}

void notified(microkit_channel channel) { (void)channel; }
