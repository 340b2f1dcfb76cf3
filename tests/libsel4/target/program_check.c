/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A small program written for seL4, compiled (never run) in every
 * architecture and configuration: it must build unchanged against
 * Tessera's headers.
 */
#include <autoconf.h>
#include <sel4/sel4.h>

/* The root task's budget in microseconds, from the kernel configuration (milliseconds). */
seL4_Time program_root_budget_us(void)
{
    return (seL4_Time)CONFIG_BOOT_THREAD_TIME_SLICE * 1000;
}
