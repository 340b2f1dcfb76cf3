/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel object a sync primitive waits on. libsel4sync keeps it in a
 * vka_object_t; only its cptr member is part of the interface, so this
 * one-member struct keeps code like `sem.notification.cptr` and the
 * initialiser `= {{0}}` working.
 */
#ifndef SYNC_CAP_H
#define SYNC_CAP_H

#include <sel4/sel4.h>

typedef struct {
    seL4_CPtr cptr;
} sync_cap_t;

/* DebugCapIdentify tags the init functions check in debug builds (sel4-abi.md §1.4). */
#define SYNC_CAP_TAG_ENDPOINT 4
#define SYNC_CAP_TAG_NOTIFICATION 6

/* 0 if cap names an object with the given tag (always 0 outside debug builds), else -1. */
static inline int sync_cap_check_(seL4_CPtr cap, seL4_Uint32 tag)
{
#ifdef CONFIG_DEBUG_BUILD
    return seL4_DebugCapIdentify(cap) == tag ? 0 : -1;
#else
    (void)cap;
    (void)tag;
    return 0;
#endif
}

#endif /* SYNC_CAP_H */
