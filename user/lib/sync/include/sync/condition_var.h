/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Condition variables for monitors built from a binary-semaphore lock
 * (libsel4sync names), on a notification the caller provides. The counters
 * are only touched with the lock held. A broadcast wakes one waiter, and
 * each woken waiter wakes the next until none is left. As with any
 * condition variable, a wake-up may be spurious: re-check the condition
 * after sync_cv_wait returns. libsel4sync's sync_cv_new/destroy need a vka
 * allocator, which Tessera does not have.
 */
#ifndef SYNC_CONDITION_VAR_H
#define SYNC_CONDITION_VAR_H

#include <stdbool.h>

#include <sel4/sel4.h>
#include <sync/bin_sem.h>
#include <sync/cap.h>

typedef struct {
    sync_cap_t notification;
    volatile int waiters;
    volatile bool broadcasting;
} sync_cv_t;

/* Debug builds also check that notification is a notification cap. */
static inline int sync_cv_init(sync_cv_t *cv, seL4_CPtr notification)
{
    if (cv == seL4_Null || sync_cap_check_(notification, SYNC_CAP_TAG_NOTIFICATION) != 0) {
        return -1;
    }
    cv->notification.cptr = notification;
    cv->waiters = 0;
    cv->broadcasting = false;
    return 0;
}

/* Called with lock held: releases it, blocks until signalled, takes it again. */
static inline int sync_cv_wait(sync_bin_sem_t *lock, sync_cv_t *cv)
{
    if (cv == seL4_Null) {
        return -1;
    }
    cv->waiters = cv->waiters + 1;
    cv->broadcasting = false;
    int error = sync_bin_sem_post(lock);
    if (error != 0) {
        return error;
    }
    seL4_Wait(cv->notification.cptr, (seL4_Word *)0);
    error = sync_bin_sem_wait(lock);
    if (error != 0) {
        return error;
    }
    cv->waiters = cv->waiters - 1;
    if (cv->broadcasting) {
        /* Pass a broadcast on to the next waiter, or end it. */
        if (cv->waiters > 0) {
            seL4_Signal(cv->notification.cptr);
        } else {
            cv->broadcasting = false;
        }
    }
    return 0;
}

/* Called with the lock held: wakes one waiter, if any. */
static inline int sync_cv_signal(sync_cv_t *cv)
{
    if (cv == seL4_Null) {
        return -1;
    }
    if (cv->waiters > 0) {
        seL4_Signal(cv->notification.cptr);
    }
    return 0;
}

/* Called with the lock held: wakes every waiter, one after the other. */
static inline int sync_cv_broadcast(sync_cv_t *cv)
{
    if (cv == seL4_Null) {
        return -1;
    }
    if (cv->waiters > 0) {
        cv->broadcasting = true;
        seL4_Signal(cv->notification.cptr);
    }
    return 0;
}

/*
 * Broadcast and release the lock, releasing it before the first wake-up so
 * that a waiter the scheduler runs at once does not block on it again.
 */
static inline int sync_cv_broadcast_release(sync_bin_sem_t *lock, sync_cv_t *cv)
{
    if (cv == seL4_Null) {
        return -1;
    }
    if (cv->waiters <= 0) {
        return sync_bin_sem_post(lock);
    }
    cv->broadcasting = true;
    int error = sync_bin_sem_post(lock);
    if (error != 0) {
        return error;
    }
    seL4_Signal(cv->notification.cptr);
    return 0;
}

#endif /* SYNC_CONDITION_VAR_H */
