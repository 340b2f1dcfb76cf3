// SPDX-License-Identifier: BSD-2-Clause
// Scheduling contexts (sel4-mcs.md §4): a 96-byte header followed by as
// many 16-byte refills as the object holds, R = (2^size_bits - 96) / 16.
// The refill arithmetic lives in kern/refill.hpp; binding, donation and the
// invocations in kernel/core/sched/.
#pragma once

#include <kern/object_type.hpp>
#include <kern/time.hpp>
#include <kern/types.hpp>

namespace kern {

struct Tcb;
struct Reply;
struct Notification;

// {rTime, rAmount}: `amount` ticks of budget become available at `release_time`.
struct Refill {
    ticks_t release_time = 0;
    ticks_t amount = 0;
    friend constexpr bool operator==(const Refill&, const Refill&) = default;
};
static_assert(sizeof(Refill) == 16);

struct SchedContext {
    ticks_t period = 0;    // 0 = round-robin
    ticks_t consumed = 0;  // ticks charged since the last Consumed/YieldTo/Timeout read
    word_t core = 0;
    Tcb* tcb = nullptr;                    // the thread running on it (bound or donated)
    Reply* reply = nullptr;                // head of its call stack (sel4-mcs.md §3.3)
    Notification* notification = nullptr;  // bound notification
    word_t badge = 0;                      // Timeout fault data (ConfigureFlags MR3)
    Tcb* yield_from = nullptr;             // a thread that YieldTo-ed this SC
    word_t refill_max = 0;                 // 0 = not active (unconfigured or deleted)
    word_t refill_head = 0;
    word_t refill_tail = 0;
    word_t sporadic = 0;  // seL4_SchedContext_Sporadic

    Refill* refills() { return reinterpret_cast<Refill*>(this + 1); }
    const Refill* refills() const { return reinterpret_cast<const Refill*>(this + 1); }
    bool active() const { return refill_max != 0; }
    bool round_robin() const { return period == 0; }
};
static_assert(sizeof(SchedContext) == 96, "the header before the refills is 96 bytes (sel4-mcs.md §2.2)");

inline constexpr word_t sched_context_header_bytes = sizeof(SchedContext);
inline constexpr word_t min_refills = 2;  // MIN_REFILLS
// How many refills an SC object of 2^size_bits bytes holds.
constexpr word_t max_refills(unsigned size_bits) {
    return ((word_t{1} << size_bits) - sched_context_header_bytes) / sizeof(Refill);
}
static_assert(max_refills(min_sched_context_bits) == min_refills);
static_assert(max_refills(8) == 10 && max_refills(10) == 58);

}  // namespace kern
