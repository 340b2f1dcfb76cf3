/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Counting semaphores on an endpoint the caller provides (libsel4sync's
 * unmanaged interface; see <sync/sem-bare.h> for why an endpoint). Every
 * function returns 0 on success and non-zero on an error. libsel4sync's
 * sync_sem_new/destroy allocate the endpoint through a vka allocator, which
 * Tessera does not have.
 */
#ifndef SYNC_SEM_H
#define SYNC_SEM_H

#include <sel4/sel4.h>
#include <sync/cap.h>
#include <sync/sem-bare.h>

typedef struct {
    sync_cap_t ep;
    volatile int value;
} sync_sem_t;

/* Debug builds also check that ep is an endpoint cap. */
static inline int sync_sem_init(sync_sem_t *sem, seL4_CPtr ep, int value)
{
    if (sem == seL4_Null || sync_cap_check_(ep, SYNC_CAP_TAG_ENDPOINT) != 0) {
        return -1;
    }
    sem->ep.cptr = ep;
    sem->value = value;
    return 0;
}

static inline int sync_sem_wait(sync_sem_t *sem)
{
    if (sem == seL4_Null) {
        return -1;
    }
    return sync_sem_bare_wait(sem->ep.cptr, &sem->value);
}

static inline int sync_sem_trywait(sync_sem_t *sem)
{
    if (sem == seL4_Null) {
        return -1;
    }
    return sync_sem_bare_trywait(sem->ep.cptr, &sem->value);
}

static inline int sync_sem_post(sync_sem_t *sem)
{
    if (sem == seL4_Null) {
        return -1;
    }
    return sync_sem_bare_post(sem->ep.cptr, &sem->value);
}

#endif /* SYNC_SEM_H */
