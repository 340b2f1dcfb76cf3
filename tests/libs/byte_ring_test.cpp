// SPDX-License-Identifier: BSD-2-Clause
// The shared-memory byte ring (user/lib/ring): index arithmetic across the
// 2^32 wrap, capacity checks, and a producer and a consumer thread that
// block on notification-like semaphores with the ring's signalling
// protocol: every byte arrives once and in order, and neither side waits
// for ever (a lost wake-up would hang one of them until the timeout).
#include <ring/byte_ring.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <random>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

namespace {

struct SharedRing {
    explicit SharedRing(std::uint32_t capacity) : data(capacity) {
        EXPECT_TRUE(byte_ring_attach(&producer, &control, data.data(), capacity));
        EXPECT_TRUE(byte_ring_attach(&consumer, &control, data.data(), capacity));
        byte_ring_reset(&producer);
    }
    byte_ring_control_t control{};
    std::vector<char> data;
    byte_ring_t producer{};
    byte_ring_t consumer{};
};

TEST(ByteRing, CapacityMustBeAPowerOfTwo) {
    byte_ring_control_t control{};
    char data[8];
    byte_ring_t ring{};
    EXPECT_FALSE(byte_ring_attach(&ring, &control, data, 0));
    EXPECT_FALSE(byte_ring_attach(&ring, &control, data, 6));
    EXPECT_FALSE(byte_ring_attach(&ring, &control, data, (UINT32_C(1) << 31) + 2));
    EXPECT_FALSE(byte_ring_attach(&ring, &control, data, UINT32_MAX));
    EXPECT_TRUE(byte_ring_attach(&ring, &control, data, 8));
    EXPECT_TRUE(byte_ring_attach(&ring, &control, data, 1));
}

TEST(ByteRing, FillsToCapacityAndDrainsInOrder) {
    SharedRing r(8);
    EXPECT_TRUE(byte_ring_empty(&r.consumer));
    EXPECT_EQ(byte_ring_enqueue(&r.producer, "abcdefghij", 10), 8u);  // only 8 fit
    EXPECT_TRUE(byte_ring_full(&r.producer));
    EXPECT_EQ(byte_ring_enqueue(&r.producer, "x", 1), 0u);
    char out[16] = {};
    EXPECT_EQ(byte_ring_dequeue(&r.consumer, out, 3), 3u);
    EXPECT_EQ(std::string(out, 3), "abc");
    EXPECT_EQ(byte_ring_enqueue(&r.producer, "klm", 3), 3u);  // wraps around the data region
    EXPECT_EQ(byte_ring_dequeue(&r.consumer, out, sizeof out), 8u);
    EXPECT_EQ(std::string(out, 8), "defghklm");
    EXPECT_EQ(byte_ring_dequeue(&r.consumer, out, sizeof out), 0u);
}

TEST(ByteRing, IndicesWrapAroundTwoToTheThirtyTwo) {
    SharedRing r(4);
    r.control.tail = r.control.head = UINT32_MAX - 1;
    EXPECT_TRUE(byte_ring_empty(&r.consumer));
    EXPECT_EQ(byte_ring_enqueue(&r.producer, "wxyz", 4), 4u);
    EXPECT_EQ(r.control.tail, 2u);  // wrapped
    EXPECT_TRUE(byte_ring_full(&r.producer));
    char out[4];
    EXPECT_EQ(byte_ring_dequeue(&r.consumer, out, 4), 4u);
    EXPECT_EQ(std::string(out, 4), "wxyz");
    EXPECT_TRUE(byte_ring_empty(&r.consumer));
}

TEST(ByteRing, ConsumerSignalsOnlyWhenTheProducerAsked) {
    SharedRing r(2);
    char out[2];
    ASSERT_EQ(byte_ring_enqueue(&r.producer, "ab", 2), 2u);
    ASSERT_EQ(byte_ring_dequeue(&r.consumer, out, 1), 1u);
    EXPECT_FALSE(byte_ring_require_consumer_signal(&r.consumer));
    byte_ring_request_consumer_signal(&r.producer);
    EXPECT_TRUE(byte_ring_require_consumer_signal(&r.consumer));
    byte_ring_cancel_consumer_signal(&r.consumer);
    EXPECT_FALSE(byte_ring_require_consumer_signal(&r.consumer));
}

// A notification: signals OR into one bit, a wait consumes it.
using Notification = std::binary_semaphore;
constexpr auto deadlock_timeout = std::chrono::seconds(20);

void run_producer(byte_ring_t* ring, Notification* to_consumer, Notification* from_consumer, const std::string* text,
                  unsigned seed, bool* timed_out) {
    std::mt19937 rng(seed);
    size_t sent = 0;
    while (sent < text->size()) {
        const size_t want = std::min<size_t>(1 + rng() % 64, text->size() - sent);
        const size_t n = byte_ring_enqueue(ring, text->data() + sent, want);
        sent += n;
        if (n > 0) {
            to_consumer->release();  // always signal after a batch
            continue;
        }
        // Full: ask for a signal, look again, and only then wait.
        byte_ring_request_consumer_signal(ring);
        if (!byte_ring_full(ring)) {
            byte_ring_cancel_consumer_signal(ring);
            continue;
        }
        if (!from_consumer->try_acquire_for(deadlock_timeout)) {
            *timed_out = true;
            to_consumer->release();
            return;
        }
    }
}

TEST(ByteRing, ProducerAndConsumerThreadsLoseNoByteAndNoWakeUp) {
    for (std::uint32_t capacity : {1u, 4u, 64u}) {
        SharedRing r(capacity);
        // Capacity 1 hands over every byte: fewer of them keep the test short.
        std::string text(capacity == 1 ? 20000 : 200000, '\0');
        std::mt19937 rng(capacity);
        for (char& c : text) c = static_cast<char>(rng());
        Notification to_consumer(0), to_producer(0);
        bool producer_timed_out = false;
        std::thread producer(run_producer, &r.producer, &to_consumer, &to_producer, &text, capacity,
                             &producer_timed_out);

        std::string received;
        bool consumer_timed_out = false;
        char buffer[97];
        while (received.size() < text.size() && !producer_timed_out) {
            const size_t n = byte_ring_dequeue(&r.consumer, buffer, 1 + rng() % sizeof buffer);
            received.append(buffer, n);
            if (n > 0 && byte_ring_require_consumer_signal(&r.consumer)) {
                byte_ring_cancel_consumer_signal(&r.consumer);
                to_producer.release();
            }
            if (n == 0 && !to_consumer.try_acquire_for(deadlock_timeout)) {
                consumer_timed_out = true;
                break;
            }
        }
        if (consumer_timed_out) to_producer.release();
        producer.join();
        EXPECT_FALSE(producer_timed_out) << "capacity " << capacity;
        EXPECT_FALSE(consumer_timed_out) << "capacity " << capacity;
        EXPECT_TRUE(received == text) << "capacity " << capacity << ": " << received.size() << " bytes received";
    }
}

}  // namespace
