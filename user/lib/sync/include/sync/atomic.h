/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Atomic int counters of the sync library (libsel4sync names), on the
 * compiler's __atomic builtins. memorder is one of __ATOMIC_RELAXED ...
 * __ATOMIC_SEQ_CST.
 */
#ifndef SYNC_ATOMIC_H
#define SYNC_ATOMIC_H

#include <sel4/macros.h>

SEL4_BEGIN_DECLS

/* Adds 1 unless *x is INT_MAX: 0 on success, -1 (nothing changed) on overflow; *oldval = the value seen. */
int sync_atomic_increment_safe(volatile int *x, int *oldval, int memorder);

/* Subtracts 1 unless *x is INT_MIN: 0 on success, -1 on underflow; *oldval = the value seen. */
int sync_atomic_decrement_safe(volatile int *x, int *oldval, int success_memorder);

/* Adds / subtracts 1 and returns the new value. */
int sync_atomic_increment(volatile int *x, int memorder);
int sync_atomic_decrement(volatile int *x, int memorder);

SEL4_END_DECLS

#endif /* SYNC_ATOMIC_H */
