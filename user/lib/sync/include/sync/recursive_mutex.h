/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Recursive mutexes (libsel4sync names): the owner may lock again and must
 * unlock as often as it locked. A thread is identified by its IPC-buffer
 * address, so threads must not share an IPC buffer. The notification holds
 * the lock token: init signals it once, lock waits for it, the last unlock
 * signals it again. Functions return 0 on success, non-zero on an error.
 */
#ifndef SYNC_RECURSIVE_MUTEX_H
#define SYNC_RECURSIVE_MUTEX_H

#include <sel4/sel4.h>
#include <sync/cap.h>

/* Opaque; declared here so that mutexes can live on the stack or in globals. */
typedef struct {
    sync_cap_t notification;
    void *owner;
    unsigned int held;
} sync_recursive_mutex_t;

SEL4_BEGIN_DECLS

int sync_recursive_mutex_init(sync_recursive_mutex_t *mutex, seL4_CPtr notification);
int sync_recursive_mutex_lock(sync_recursive_mutex_t *mutex);
int sync_recursive_mutex_unlock(sync_recursive_mutex_t *mutex);

SEL4_END_DECLS

#endif /* SYNC_RECURSIVE_MUTEX_H */
