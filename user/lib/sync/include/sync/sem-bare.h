/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A counting semaphore whose state the caller keeps (libsel4sync names): an
 * atomic counter plus an endpoint. As the binary one, but a release hands
 * its wake-up over an endpoint (seL4_Signal there is a blocking empty Send,
 * seL4_Wait a receive without a reply object), because a notification would
 * merge the wake-ups of several releases into one.
 */
#ifndef SYNC_SEM_BARE_H
#define SYNC_SEM_BARE_H

#include <sel4/sel4.h>
#include <sync/atomic.h>

static inline int sync_sem_bare_wait(seL4_CPtr ep, volatile int *value)
{
    int old;
    if (sync_atomic_decrement_safe(value, &old, __ATOMIC_ACQUIRE) != 0) {
        return -1;
    }
    if (old <= 0) {
        seL4_Wait(ep, (seL4_Word *)0);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    }
    return 0;
}

/* Takes the semaphore only if that needs no blocking: 0 on success, -1 if it is empty. */
static inline int sync_sem_bare_trywait(seL4_CPtr ep, volatile int *value)
{
    (void)ep;
    int seen = __atomic_load_n(value, __ATOMIC_RELAXED);
    while (seen > 0) {
        if (__atomic_compare_exchange_n(value, &seen, seen - 1, 1, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
            return 0;
        }
    }
    return -1;
}

static inline int sync_sem_bare_post(seL4_CPtr ep, volatile int *value)
{
    int old;
    if (sync_atomic_increment_safe(value, &old, __ATOMIC_RELEASE) != 0) {
        return -1;
    }
    if (old < 0) {
        seL4_Signal(ep);
    }
    return 0;
}

#endif /* SYNC_SEM_BARE_H */
