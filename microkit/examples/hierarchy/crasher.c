/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A child that faults on purpose: a write to address 0, which is never
 * mapped. Its parent restarts it at its entry point; memory is not reloaded
 * on a restart, so `runs` counts the runs.
 */
#include <microkit.h>

static unsigned int runs;

void init(void)
{
    ++runs;
    microkit_dbg_puts("crasher: run ");
    microkit_dbg_put32(runs);
    microkit_dbg_puts(", writing to address 0\n");
    /* The empty asm keeps the compiler from treating the null store as unreachable code. */
    seL4_Word address = 0;
    __asm__ __volatile__("" : "+r"(address));
    *(volatile seL4_Word *)address = runs;
    microkit_dbg_puts("crasher: the write did not fault\n");
}

void notified(microkit_channel ch)
{
    (void)ch;
}
