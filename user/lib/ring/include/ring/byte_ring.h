/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A lock-free single-producer / single-consumer byte ring in memory shared
 * by two protection domains, the pattern the seL4 documents prescribe for
 * bulk data: the bytes and two indices live in shared frames, and a
 * notification tells the other side that there is something to look at.
 *
 * Layout (what both sides map): a control block with the indices and a
 * separate data region of `capacity` bytes (a power of two). The indices
 * run freely modulo 2^32: tail - head is the number of bytes held, so a
 * full ring and an empty ring are told apart without wasting a slot.
 *
 * Only the producer writes `tail`, only the consumer writes `head`; each
 * publishes with a release store and reads the other's index with an
 * acquire load, so the bytes written before an index update are visible
 * to the side that reads the new index (C11 memory model, §5.1.2.4).
 *
 * Signalling (no lost wake-up, few useless notifications):
 *  - the producer signals the consumer after every batch it enqueued;
 *  - the consumer signals the producer only if the producer asked for it
 *    because the ring was full: the producer calls
 *    byte_ring_request_consumer_signal(), re-checks for space, and only
 *    then waits; the consumer, after dequeuing, asks
 *    byte_ring_require_consumer_signal() and if so cancels the request and
 *    signals. The full fences order the flag against the indices on both
 *    sides, so either the producer sees the space or the consumer sees the
 *    request.
 *
 * Header-only C11 (clang/GCC __atomic builtins, so C++ can include it too).
 */
#ifndef RING_BYTE_RING_H
#define RING_BYTE_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The shared control block. */
typedef struct byte_ring_control {
    uint32_t tail;               /* next byte the producer writes (producer only) */
    uint32_t head;               /* next byte the consumer reads (consumer only) */
    uint32_t producer_signalled; /* 0: the producer waits for space and wants a signal */
} byte_ring_control_t;

/* One side's handle: where it mapped the shared parts. */
typedef struct byte_ring {
    byte_ring_control_t *control;
    char *data;
    uint32_t capacity; /* a power of two, at most 2^31 */
} byte_ring_t;

/* Fills in a handle; returns false if `capacity` is not a power of two in
 * [1, 2^31]. Does not touch shared memory. */
static inline bool byte_ring_attach(byte_ring_t *ring, byte_ring_control_t *control, char *data, uint32_t capacity)
{
    if (capacity == 0 || capacity > (UINT32_C(1) << 31) || (capacity & (capacity - 1)) != 0) {
        return false;
    }
    ring->control = control;
    ring->data = data;
    ring->capacity = capacity;
    return true;
}

/* Resets the shared control block: empty, no signal requested. Only before
 * either side uses the ring. */
static inline void byte_ring_reset(byte_ring_t *ring)
{
    __atomic_store_n(&ring->control->tail, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&ring->control->head, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&ring->control->producer_signalled, 1, __ATOMIC_RELEASE);
}

/* Bytes held, as seen by either side (exact for the side that owns the
 * index it does not load). */
static inline uint32_t byte_ring_length(const byte_ring_t *ring)
{
    const uint32_t tail = __atomic_load_n(&ring->control->tail, __ATOMIC_ACQUIRE);
    const uint32_t head = __atomic_load_n(&ring->control->head, __ATOMIC_ACQUIRE);
    return tail - head;
}

static inline bool byte_ring_empty(const byte_ring_t *ring) { return byte_ring_length(ring) == 0; }
static inline bool byte_ring_full(const byte_ring_t *ring) { return byte_ring_length(ring) == ring->capacity; }

/* Producer: copies up to `count` bytes in; returns how many fit. */
static inline size_t byte_ring_enqueue(byte_ring_t *ring, const char *bytes, size_t count)
{
    const uint32_t tail = __atomic_load_n(&ring->control->tail, __ATOMIC_RELAXED);
    const uint32_t head = __atomic_load_n(&ring->control->head, __ATOMIC_ACQUIRE);
    const uint32_t space = ring->capacity - (tail - head);
    const uint32_t n = count < space ? (uint32_t)count : space;
    for (uint32_t i = 0; i < n; i++) {
        ring->data[(tail + i) & (ring->capacity - 1)] = bytes[i];
    }
    __atomic_store_n(&ring->control->tail, tail + n, __ATOMIC_RELEASE);
    return n;
}

/* Consumer: copies up to `count` bytes out; returns how many there were. */
static inline size_t byte_ring_dequeue(byte_ring_t *ring, char *bytes, size_t count)
{
    const uint32_t head = __atomic_load_n(&ring->control->head, __ATOMIC_RELAXED);
    const uint32_t tail = __atomic_load_n(&ring->control->tail, __ATOMIC_ACQUIRE);
    const uint32_t held = tail - head;
    const uint32_t n = count < held ? (uint32_t)count : held;
    for (uint32_t i = 0; i < n; i++) {
        bytes[i] = ring->data[(head + i) & (ring->capacity - 1)];
    }
    __atomic_store_n(&ring->control->head, head + n, __ATOMIC_RELEASE);
    return n;
}

/* Producer, ring full: ask the consumer to signal once it made space. The
 * caller must check for space again before it waits. */
static inline void byte_ring_request_consumer_signal(byte_ring_t *ring)
{
    __atomic_store_n(&ring->control->producer_signalled, 0, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* Producer: it found space after all and will not wait. */
static inline void byte_ring_cancel_consumer_signal(byte_ring_t *ring)
{
    __atomic_store_n(&ring->control->producer_signalled, 1, __ATOMIC_RELAXED);
}

/* Consumer, after dequeuing: whether the producer waits for a signal. If
 * so, the consumer cancels the request and signals the producer. */
static inline bool byte_ring_require_consumer_signal(byte_ring_t *ring)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    return __atomic_load_n(&ring->control->producer_signalled, __ATOMIC_RELAXED) == 0;
}

#ifdef __cplusplus
}
#endif

#endif /* RING_BYTE_RING_H */
