/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Binary semaphores on a notification the caller provides (libsel4sync's
 * unmanaged interface). Every function returns 0 on success and non-zero on
 * an error. libsel4sync's sync_bin_sem_new/destroy allocate the
 * notification through a vka allocator, which Tessera does not have.
 */
#ifndef SYNC_BIN_SEM_H
#define SYNC_BIN_SEM_H

#include <sel4/sel4.h>
#include <sync/bin_sem_bare.h>
#include <sync/cap.h>

typedef struct {
    sync_cap_t notification;
    volatile int value;
} sync_bin_sem_t;

/* value is 1 (free) or 0 (taken); debug builds also check that notification is a notification cap. */
static inline int sync_bin_sem_init(sync_bin_sem_t *sem, seL4_CPtr notification, int value)
{
    if (sem == seL4_Null || (value != 0 && value != 1) ||
        sync_cap_check_(notification, SYNC_CAP_TAG_NOTIFICATION) != 0) {
        return -1;
    }
    sem->notification.cptr = notification;
    sem->value = value;
    return 0;
}

static inline int sync_bin_sem_wait(sync_bin_sem_t *sem)
{
    if (sem == seL4_Null) {
        return -1;
    }
    return sync_bin_sem_bare_wait(sem->notification.cptr, &sem->value);
}

static inline int sync_bin_sem_post(sync_bin_sem_t *sem)
{
    if (sem == seL4_Null) {
        return -1;
    }
    return sync_bin_sem_bare_post(sem->notification.cptr, &sem->value);
}

#endif /* SYNC_BIN_SEM_H */
