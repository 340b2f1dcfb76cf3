// SPDX-License-Identifier: BSD-2-Clause
// Shared by the refill host tests: an SC object in an aligned buffer the
// size of a real one, and the refills it holds, head to tail.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <new>
#include <ostream>
#include <vector>

#include <kern/refill.hpp>

namespace kern {
// Readable gtest failure messages for buffers.
inline void PrintTo(const Refill& refill, std::ostream* os) {
    *os << "{" << refill.release_time << ", " << refill.amount << "}";
}
}  // namespace kern

namespace refill_test {

using kern::Refill;
using kern::SchedContext;
using kern::ticks_t;
using kern::word_t;
namespace refill = kern::refill;

static_assert(kern::min_budget == 200, "the hand-computed values in the tests assume the host's 10 MHz clock");

// An SC object as Retype leaves it: 2^size_bits bytes, naturally aligned,
// the header followed by the refill slots. Slots the buffer does not use
// hold a poison pattern so a read outside head..tail shows up in the values.
template <unsigned SizeBits>
class ScObject {
public:
    static constexpr std::size_t bytes = std::size_t{1} << SizeBits;
    static constexpr word_t slots = kern::max_refills(SizeBits);

    ScObject() {
        std::memset(storage_, 0xa5, bytes);
        sc_ = new (storage_) SchedContext{};
    }
    ScObject(const ScObject&) = delete;
    ScObject& operator=(const ScObject&) = delete;

    SchedContext& sc() { return *sc_; }

    // Lays `refills` out from slot `first` on (wrapping), as a buffer of
    // `max` entries that has been in use for a while.
    void set(word_t max, ticks_t period, word_t first, const std::vector<Refill>& refills) {
        ASSERT_LE(max, slots);
        ASSERT_LE(refills.size(), max);
        ASSERT_FALSE(refills.empty());
        sc_->refill_max = max;
        sc_->period = period;
        sc_->refill_head = first;
        word_t index = first;
        for (std::size_t i = 0; i < refills.size(); ++i) {
            sc_->refills()[index] = refills[i];
            sc_->refill_tail = index;
            index = index == max - 1 ? 0 : index + 1;
        }
    }

private:
    alignas(bytes) std::byte storage_[bytes];
    SchedContext* sc_ = nullptr;
};

using Small = ScObject<kern::min_sched_context_bits>;  // 2 refills
using Large = ScObject<8>;                             // 10 refills
static_assert(Small::slots == 2 && Large::slots == 10);

// head..tail in order.
inline std::vector<Refill> contents(const SchedContext& sc) {
    std::vector<Refill> out;
    word_t index = sc.refill_head;
    for (;;) {
        out.push_back(sc.refills()[index]);
        if (index == sc.refill_tail) break;
        index = index == sc.refill_max - 1 ? 0 : index + 1;
    }
    return out;
}

using Refills = std::vector<Refill>;

}  // namespace refill_test
