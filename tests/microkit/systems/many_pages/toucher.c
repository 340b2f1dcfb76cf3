/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes and reads back one word in every page of its 24 MiB region. */
#include <microkit.h>

#define SIZE 0x1800000ul
#define PAGE 0x1000ul

unsigned long big; /* setvar_vaddr */

void init(void)
{
    for (unsigned long offset = 0; offset < SIZE; offset += PAGE) *(volatile unsigned long *)(big + offset) = offset;
    for (unsigned long offset = 0; offset < SIZE; offset += PAGE) {
        if (*(volatile unsigned long *)(big + offset) != offset) {
            microkit_dbg_puts("toucher: FAIL: a page lost its word\n");
            return;
        }
    }
    microkit_dbg_puts("toucher: all 6144 pages mapped and distinct\n");
}

void notified(microkit_channel channel) { (void)channel; }
