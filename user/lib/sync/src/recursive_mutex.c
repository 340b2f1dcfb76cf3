/* SPDX-License-Identifier: BSD-2-Clause */
/* Recursive mutexes (<sync/recursive_mutex.h>). */
#include <sync/recursive_mutex.h>

/* The calling thread's identity: its IPC buffer. */
static void *self(void)
{
    return (void *)seL4_GetIPCBuffer();
}

int sync_recursive_mutex_init(sync_recursive_mutex_t *mutex, seL4_CPtr notification)
{
    if (mutex == seL4_Null || sync_cap_check_(notification, SYNC_CAP_TAG_NOTIFICATION) != 0) {
        return -1;
    }
    mutex->notification.cptr = notification;
    mutex->owner = seL4_Null;
    mutex->held = 0;
    /* Leave the token in the notification: the first lock takes it without blocking. */
    seL4_Signal(notification);
    return 0;
}

int sync_recursive_mutex_lock(sync_recursive_mutex_t *mutex)
{
    if (mutex == seL4_Null) {
        return -1;
    }
    void *me = self();
    if (__atomic_load_n(&mutex->owner, __ATOMIC_RELAXED) != me) {
        seL4_Wait(mutex->notification.cptr, (seL4_Word *)0);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        __atomic_store_n(&mutex->owner, me, __ATOMIC_RELAXED);
        mutex->held = 0;
    }
    if (mutex->held == ~0u) {
        return -1; /* locked too often to count */
    }
    mutex->held++;
    return 0;
}

int sync_recursive_mutex_unlock(sync_recursive_mutex_t *mutex)
{
    if (mutex == seL4_Null || __atomic_load_n(&mutex->owner, __ATOMIC_RELAXED) != self() || mutex->held == 0) {
        return -1;
    }
    if (--mutex->held == 0) {
        __atomic_store_n(&mutex->owner, seL4_Null, __ATOMIC_RELAXED);
        __atomic_thread_fence(__ATOMIC_RELEASE);
        seL4_Signal(mutex->notification.cptr);
    }
    return 0;
}
