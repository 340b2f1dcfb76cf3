/* SPDX-License-Identifier: BSD-2-Clause */
/* The sync library's counters (<sync/atomic.h>) on the __atomic builtins. */
#include <sync/atomic.h>

#define SYNC_INT_MAX __INT_MAX__
#define SYNC_INT_MIN (-__INT_MAX__ - 1)

/* Adds delta (+1 or -1) unless *x equals limit. */
static int add_bounded(volatile int *x, int *oldval, int delta, int limit, int memorder)
{
    int seen = __atomic_load_n(x, __ATOMIC_RELAXED);
    do {
        *oldval = seen;
        if (seen == limit) {
            return -1;
        }
    } while (!__atomic_compare_exchange_n(x, &seen, seen + delta, 1, memorder, __ATOMIC_RELAXED));
    return 0;
}

int sync_atomic_increment_safe(volatile int *x, int *oldval, int memorder)
{
    return add_bounded(x, oldval, 1, SYNC_INT_MAX, memorder);
}

int sync_atomic_decrement_safe(volatile int *x, int *oldval, int success_memorder)
{
    return add_bounded(x, oldval, -1, SYNC_INT_MIN, success_memorder);
}

int sync_atomic_increment(volatile int *x, int memorder)
{
    return __atomic_add_fetch(x, 1, memorder);
}

int sync_atomic_decrement(volatile int *x, int memorder)
{
    return __atomic_sub_fetch(x, 1, memorder);
}
