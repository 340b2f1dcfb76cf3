/* SPDX-License-Identifier: BSD-2-Clause */
/* The pattern the writer puts in the shared region and the reader checks, and number printing. */
#ifndef PHYSICAL_MEMORY_PATTERN_H
#define PHYSICAL_MEMORY_PATTERN_H

#include <microkit.h>

#define REGION_SIZE 0x200000ul

static inline unsigned long pattern_at(unsigned long offset) { return offset * 2654435761ul + 7; }

static inline void put_hex(unsigned long v)
{
    microkit_dbg_puts("0x");
    for (int shift = 60; shift >= 0; shift -= 4) microkit_dbg_putc("0123456789abcdef"[(v >> shift) & 0xf]);
}

#endif
