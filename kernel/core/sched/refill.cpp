// SPDX-License-Identifier: BSD-2-Clause
// Refill arithmetic of scheduling contexts (sel4-mcs.md §4.1, §4.5, §4.6).
// The refills form a circular buffer of sc.refill_max entries directly after
// the SC header; head..tail (inclusive, wrapping) are in use, so the buffer
// is never empty once the SC is active.
//
// Invariants every operation keeps (sel4-mcs.md §4.1):
//  * the amounts sum to the configured budget;
//  * the head holds at least min_budget after every charge;
//  * refills are ordered and do not overlap: r.release_time + r.amount <=
//    next.release_time (schedule_used merges instead of overlapping, and
//    unblock_check merges what moving the head to `now` made overlap).
#include <kern/console.hpp>
#include <kern/refill.hpp>

namespace kern::refill {

namespace {

// Indices wrap without a division (sel4-mcs.md §4.5): max is not a power of two.
word_t next_index(const SchedContext& sc, word_t index) {
    return index == sc.refill_max - 1 ? 0 : index + 1;
}

// Pop head: the buffer never becomes empty, so the caller guarantees a
// second refill to become the new head.
Refill pop_head(SchedContext& sc) {
    KERN_ASSERT(!single(sc));
    const Refill popped = head(sc);
    sc.refill_head = next_index(sc, sc.refill_head);
    return popped;
}

void add_tail(SchedContext& sc, Refill refill) {
    KERN_ASSERT(!full(sc));
    sc.refill_tail = next_index(sc, sc.refill_tail);
    sc.refills()[sc.refill_tail] = refill;
}

// Step 3 of refill_budget_check (sel4-mcs.md §4.6): the head must cover a
// kernel entry and exit, so a head below min_budget is folded into the next
// refill. The next refill starts earlier by the folded amount so that it
// still ends where it ended before: the merge never releases budget later
// than the sporadic-server window allows. The `!single` guard only matters
// if the budget invariant was already broken (a single refill holds the
// whole budget, which ConfigureFlags keeps >= min_budget, §4.3).
void merge_minimum_head(SchedContext& sc) {
    while (!single(sc) && head(sc).amount < min_budget) {
        const Refill small = pop_head(sc);
        Refill& merged = head(sc);
        merged.amount += small.amount;
        merged.release_time -= small.amount;
    }
}

// The second refill starts no later than the head ends (sel4-mcs.md §4.6,
// refill_unblock_check).
bool head_overlaps_next(const SchedContext& sc) {
    if (single(sc)) return false;
    const Refill& first = head(sc);
    const Refill& second = sc.refills()[next_index(sc, sc.refill_head)];
    return second.release_time <= first.release_time + first.amount;
}

}  // namespace

word_t size(const SchedContext& sc) {
    if (!sc.active()) return 0;
    if (sc.refill_head <= sc.refill_tail) return sc.refill_tail - sc.refill_head + 1;
    return sc.refill_tail + 1 + (sc.refill_max - sc.refill_head);
}

bool single(const SchedContext& sc) { return sc.refill_head == sc.refill_tail; }
bool full(const SchedContext& sc) { return size(sc) == sc.refill_max; }

Refill& head(SchedContext& sc) { return sc.refills()[sc.refill_head]; }
const Refill& head(const SchedContext& sc) { return sc.refills()[sc.refill_head]; }
Refill& tail(SchedContext& sc) { return sc.refills()[sc.refill_tail]; }
const Refill& tail(const SchedContext& sc) { return sc.refills()[sc.refill_tail]; }

ticks_t total(const SchedContext& sc) {
    if (!sc.active()) return 0;
    ticks_t sum = head(sc).amount;
    for (word_t i = sc.refill_head; i != sc.refill_tail;) {
        i = next_index(sc, i);
        sum += sc.refills()[i].amount;
    }
    return sum;
}

// sel4-mcs.md §4.1 "ready".
bool ready(const SchedContext& sc, ticks_t now) { return head(sc).release_time <= now; }

// sel4-mcs.md §4.1: usage beyond the head leaves nothing (no wrap-around).
ticks_t capacity(const SchedContext& sc, ticks_t usage) {
    const ticks_t available = head(sc).amount;
    return usage > available ? 0 : available - usage;
}

// Exactly min_budget is enough (sel4-mcs.md §4.1 boundary consequence).
bool sufficient(const SchedContext& sc, ticks_t usage) { return capacity(sc, usage) >= min_budget; }

// refill_new (sel4-mcs.md §4.5). A round-robin SC gets a second, empty
// refill that accumulates the time used in the current slice (§4.6), so it
// always has exactly two.
void reset(SchedContext& sc, word_t max, ticks_t budget, ticks_t period, ticks_t now) {
    KERN_ASSERT(max >= min_refills);
    KERN_ASSERT(budget >= min_budget);
    sc.period = period;
    sc.refill_max = max;
    sc.refill_head = 0;
    sc.refill_tail = 0;
    sc.refills()[0] = Refill{.release_time = now, .amount = budget};
    if (sc.round_robin()) add_tail(sc, Refill{.release_time = now, .amount = 0});
}

// refill_update (sel4-mcs.md §4.5): reconfiguring a running SC must not let
// it exceed the new budget in any window of the new period, so only what
// the head still holds stays available now and the rest arrives one new
// period after the head's start. Every other refill is dropped.
void update(SchedContext& sc, ticks_t new_period, ticks_t new_budget, word_t new_max, ticks_t now) {
    KERN_ASSERT(sc.active());
    KERN_ASSERT(new_max >= min_refills);
    KERN_ASSERT(new_budget >= min_budget);
    // Copy the head to slot 0 before max changes, so the head index is never
    // out of range for the new max.
    sc.refills()[0] = head(sc);
    sc.refill_head = 0;
    sc.refill_tail = 0;
    sc.refill_max = new_max;
    sc.period = new_period;

    Refill& first = head(sc);
    if (ready(sc, now)) first.release_time = now;
    if (first.amount >= new_budget) {
        first.amount = new_budget;
        // ConfigureFlags reconfigures to round-robin with reset (§4.3); should
        // update ever get period 0, keep the two-refill round-robin shape.
        if (sc.round_robin()) add_tail(sc, Refill{.release_time = first.release_time, .amount = 0});
    } else {
        add_tail(sc, Refill{.release_time = first.release_time + new_period, .amount = new_budget - first.amount});
    }
}

// schedule_used (sel4-mcs.md §4.5).
void schedule_used(SchedContext& sc, Refill used) {
    Refill& last = tail(sc);
    if (last.release_time + last.amount >= used.release_time) {
        // Touching or overlapping: one refill, so charging a head piece by
        // piece (every commit, §4.7) does not use up the buffer.
        last.amount += used.amount;
    } else if (!full(sc)) {
        add_tail(sc, used);
    } else {
        // No room: delay the tail so that it ends where `used` would have
        // ended; budget never comes back earlier than one period after use.
        last.release_time = used.release_time - last.amount;
        last.amount += used.amount;
    }
}

// refill_budget_check (sel4-mcs.md §4.6).
void budget_check(SchedContext& sc, ticks_t usage) {
    KERN_ASSERT(sc.active() && !sc.round_robin());

    // 1. Overrun: whole refills used up come back one period after they
    // started. `<=` charges a head used exactly to zero here rather than as
    // a partial charge. The MAX_RELEASE_TIME guard (§4.2) stops pushing
    // release times towards 2^64 when `usage` is huge.
    while (head(sc).amount <= usage && head(sc).release_time < max_release_time) {
        usage -= head(sc).amount;
        if (single(sc)) {
            head(sc).release_time += sc.period;
        } else {
            Refill used = pop_head(sc);
            used.release_time += sc.period;
            schedule_used(sc, used);
        }
    }

    // 2. Partial: the loop exit guarantees usage < head.amount here unless
    // the guard stopped it. The head is split: its used front comes back one
    // period after the head's start, the rest now starts `usage` later, so
    // a later partial charge of the same head lands right after this one
    // and schedule_used merges them.
    if (usage > 0 && head(sc).release_time < max_release_time) {
        Refill& first = head(sc);
        const Refill used{.release_time = first.release_time + sc.period, .amount = usage};
        first.amount -= usage;
        first.release_time += usage;
        schedule_used(sc, used);
    }

    // 3. Minimum head.
    merge_minimum_head(sc);
}

// Round-robin commit (sel4-mcs.md §4.6): head = available, tail = used.
// Commits follow a sufficient() check, so consumed <= head.amount; the clamp
// only keeps the budget sum intact (instead of wrapping the head) if a
// caller ever bills more than the slice held.
void round_robin_commit(SchedContext& sc, ticks_t consumed) {
    KERN_ASSERT(sc.round_robin() && size(sc) == min_refills);
    const ticks_t billed = consumed < head(sc).amount ? consumed : head(sc).amount;
    head(sc).amount -= billed;
    tail(sc).amount += billed;
}

// Round-robin expiry / Yield (sel4-mcs.md §4.6, §9.3): a full slice again,
// available at once (release times are not used for round-robin SCs).
void round_robin_refresh(SchedContext& sc) {
    KERN_ASSERT(sc.round_robin() && size(sc) == min_refills);
    head(sc).amount += tail(sc).amount;
    tail(sc).amount = 0;
}

// refill_unblock_check (sel4-mcs.md §4.6): a thread that was not running
// could not use its ready budget, so the head starts now; refills whose
// release time the moved head now reaches are available too and merge into
// it (keeping the earliest start, i.e. now).
bool unblock_check(SchedContext& sc, ticks_t now) {
    if (sc.round_robin() || !ready(sc, now)) return false;
    head(sc).release_time = now;
    while (head_overlaps_next(sc)) {
        const Refill earlier = pop_head(sc);
        Refill& merged = head(sc);
        merged.release_time = earlier.release_time;
        merged.amount += earlier.amount;
    }
    return true;
}

}  // namespace kern::refill
