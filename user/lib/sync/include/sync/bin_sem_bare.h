/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A binary semaphore whose state the caller keeps (libsel4sync names): an
 * atomic counter plus a notification. The counter holds the free slots
 * (1 or 0) minus the waiters; a thread that takes it below zero blocks on
 * the notification, and a release that finds waiters signals it once.
 * A notification remembers one signal, which is all a binary semaphore
 * can owe.
 */
#ifndef SYNC_BIN_SEM_BARE_H
#define SYNC_BIN_SEM_BARE_H

#include <sel4/sel4.h>
#include <sync/atomic.h>

static inline int sync_bin_sem_bare_wait(seL4_CPtr notification, volatile int *value)
{
    int old;
    if (sync_atomic_decrement_safe(value, &old, __ATOMIC_ACQUIRE) != 0) {
        return -1; /* more waiters than an int can count */
    }
    if (old <= 0) {
        seL4_Wait(notification, (seL4_Word *)0);
        /* The acquire of the decrement did not take the semaphore; this does. */
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    }
    return 0;
}

static inline int sync_bin_sem_bare_post(seL4_CPtr notification, volatile int *value)
{
    /* The caller holds the semaphore, so the counter is at most 0 and cannot overflow. */
    if (sync_atomic_increment(value, __ATOMIC_RELEASE) <= 0) {
        seL4_Signal(notification);
    }
    return 0;
}

#endif /* SYNC_BIN_SEM_BARE_H */
