/* SPDX-License-Identifier: BSD-2-Clause */
/* Fills the shared region with the pattern, says where the regions are, signals the reader. */
#include <microkit.h>

#include "pattern.h"

#define READER 0

unsigned long dma;           /* setvar_vaddr */
unsigned long chosen;        /* setvar_vaddr */
unsigned long dma_paddr;     /* setvar region_paddr */
unsigned long chosen_paddr;  /* setvar region_paddr */

void init(void)
{
    volatile unsigned long *words = (volatile unsigned long *)dma;
    for (unsigned long i = 0; i < REGION_SIZE / sizeof(unsigned long); i += 512) words[i] = pattern_at(i);
    *(volatile unsigned long *)chosen = 1;
    microkit_dbg_puts("writer: dma at physical ");
    put_hex(dma_paddr);
    microkit_dbg_puts(", chosen page at physical ");
    put_hex(chosen_paddr);
    microkit_dbg_puts("\n");
    microkit_notify(READER);
}

void notified(microkit_channel channel) { (void)channel; }
