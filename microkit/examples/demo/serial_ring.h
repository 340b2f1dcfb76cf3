/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A byte ring in a 4 KiB memory region shared by two PDs: one producer, one
 * consumer. head and tail count bytes forever (wrapping at 2^32); each side
 * writes only its own index, and the release/acquire pair on the indices
 * makes the bytes visible before the index that covers them. A notification
 * tells the other side to look.
 */
#ifndef DEMO_SERIAL_RING_H
#define DEMO_SERIAL_RING_H

#include <microkit.h>

#define SERIAL_RING_CAPACITY 2048u /* a power of two, so the indices may wrap */

struct serial_ring {
    seL4_Uint32 head; /* next byte to take: written by the consumer */
    seL4_Uint32 tail; /* next free byte: written by the producer */
    char data[SERIAL_RING_CAPACITY];
};

_Static_assert(sizeof(struct serial_ring) <= 0x1000, "a serial ring fits in its 4 KiB region");

static inline seL4_Bool serial_ring_put(struct serial_ring *ring, char c)
{
    seL4_Uint32 tail = ring->tail;
    if (tail - __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE) == SERIAL_RING_CAPACITY) {
        return seL4_False;
    }
    ring->data[tail % SERIAL_RING_CAPACITY] = c;
    __atomic_store_n(&ring->tail, tail + 1, __ATOMIC_RELEASE);
    return seL4_True;
}

static inline seL4_Bool serial_ring_get(struct serial_ring *ring, char *c)
{
    seL4_Uint32 head = ring->head;
    if (head == __atomic_load_n(&ring->tail, __ATOMIC_ACQUIRE)) {
        return seL4_False;
    }
    *c = ring->data[head % SERIAL_RING_CAPACITY];
    __atomic_store_n(&ring->head, head + 1, __ATOMIC_RELEASE);
    return seL4_True;
}

#endif /* DEMO_SERIAL_RING_H */
