/* SPDX-License-Identifier: BSD-2-Clause */
/* Checks, once signalled, that the shared region holds the writer's pattern. */
#include <microkit.h>

#include "pattern.h"

#define WRITER 0

unsigned long dma; /* setvar_vaddr */

void init(void) {}

void notified(microkit_channel channel)
{
    if (channel != WRITER) return;
    const volatile unsigned long *words = (const volatile unsigned long *)dma;
    for (unsigned long i = 0; i < REGION_SIZE / sizeof(unsigned long); i += 512) {
        if (words[i] != pattern_at(i)) {
            microkit_dbg_puts("reader: FAIL: the shared region does not hold the pattern\n");
            return;
        }
    }
    microkit_dbg_puts("reader: the shared 2 MiB region holds the writer's pattern\n");
}
