/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A parent PD and its two children (hierarchy.system): the children's faults
 * come to fault() here instead of to the monitor. The crasher faults on
 * purpose each time it runs; the parent restarts it a few times from its
 * entry point (0x200000, where microkit.ld puts _start) and then stops it.
 */
#include <microkit.h>

#define CRASHER 1
#define HELLO 2
#define RESTART_LIMIT 3
#define PD_ENTRY_POINT 0x200000

static unsigned int crasher_restarts;

static void put_hex(seL4_Word value)
{
    microkit_dbg_puts("0x");
    seL4_Bool leading = seL4_True;
    for (int shift = 60; shift >= 0; shift -= 4) {
        unsigned int digit = (value >> shift) & 0xf;
        if (digit == 0 && leading && shift != 0) {
            continue;
        }
        leading = seL4_False;
        microkit_dbg_putc("0123456789abcdef"[digit]);
    }
}

void init(void)
{
    microkit_dbg_puts("parent: started; children: crasher (id 1), hello (id 2)\n");
}

void notified(microkit_channel ch)
{
    (void)ch;
}

static void report_fault(microkit_child child, microkit_msginfo msginfo)
{
    microkit_dbg_puts("parent: child ");
    microkit_dbg_put32(child);
    if (microkit_msginfo_get_label(msginfo) == seL4_Fault_VMFault) {
        microkit_dbg_puts(" had a VM fault at address ");
        put_hex(microkit_mr_get(seL4_VMFault_Addr));
        microkit_dbg_puts(" (pc ");
        put_hex(microkit_mr_get(seL4_VMFault_IP));
        microkit_dbg_puts(")\n");
    } else {
        microkit_dbg_puts(" had a fault with label ");
        microkit_dbg_put32((seL4_Uint32)microkit_msginfo_get_label(msginfo));
        microkit_dbg_puts("\n");
    }
}

/* Never resumes the faulting thread (that would retry the faulting access): returns false, no reply. */
seL4_Bool fault(microkit_child child, microkit_msginfo msginfo, microkit_msginfo *reply_msginfo)
{
    (void)reply_msginfo;
    report_fault(child, msginfo);
    if (child == CRASHER && crasher_restarts < RESTART_LIMIT) {
        ++crasher_restarts;
        microkit_dbg_puts("parent: restarting the crasher (restart ");
        microkit_dbg_put32(crasher_restarts);
        microkit_dbg_puts(" of ");
        microkit_dbg_put32(RESTART_LIMIT);
        microkit_dbg_puts(")\n");
        microkit_pd_restart(child, PD_ENTRY_POINT);
    } else {
        microkit_dbg_puts("parent: stopping child ");
        microkit_dbg_put32(child);
        microkit_dbg_puts("\n");
        microkit_pd_stop(child);
    }
    return seL4_False;
}
