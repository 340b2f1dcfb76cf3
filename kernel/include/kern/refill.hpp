// SPDX-License-Identifier: BSD-2-Clause
// The refill arithmetic of scheduling contexts (sel4-mcs.md §4.1, §4.5,
// §4.6): a circular buffer of {release time, amount} in the SC object and
// the operations seL4's sporadic-server implementation performs on it.
// Pure functions of the SC and the current time (`now`), so host tests run
// them directly; the scheduler (kernel/core/sched/) decides when to call
// which.
#pragma once

#include <kern/object/sched_context.hpp>
#include <kern/time.hpp>

namespace kern::refill {

// Number of refills in use; head/tail access.
word_t size(const SchedContext& sc);
bool single(const SchedContext& sc);  // head == tail
bool full(const SchedContext& sc);    // size == refill_max
Refill& head(SchedContext& sc);
const Refill& head(const SchedContext& sc);
Refill& tail(SchedContext& sc);
const Refill& tail(const SchedContext& sc);
// Sum of every refill's amount (equals the configured budget; invariant).
ticks_t total(const SchedContext& sc);

// head.release_time <= now
bool ready(const SchedContext& sc, ticks_t now);
// max(head.amount - usage, 0), and whether that is >= MIN_BUDGET.
ticks_t capacity(const SchedContext& sc, ticks_t usage);
bool sufficient(const SchedContext& sc, ticks_t usage);

// refill_new: period, max, one refill {now, budget} (+ {now, 0} for round-robin).
void reset(SchedContext& sc, word_t max, ticks_t budget, ticks_t period, ticks_t now);
// refill_update: keep only the head, cap it at the new budget, add the rest
// one period later (sel4-mcs.md §4.5).
void update(SchedContext& sc, ticks_t new_period, ticks_t new_budget, word_t new_max, ticks_t now);
// schedule_used: record used budget for replenishment at `used.release_time`.
void schedule_used(SchedContext& sc, Refill used);
// refill_budget_check: charge `usage` to a sporadic / constant-bandwidth SC.
void budget_check(SchedContext& sc, ticks_t usage);
// Round-robin SCs (period 0, exactly two refills: available, used).
void round_robin_commit(SchedContext& sc, ticks_t consumed);
void round_robin_refresh(SchedContext& sc);  // budget expiry / Yield: a full slice again
// refill_unblock_check: if the head is ready, move it to `now` and merge
// the refills that now overlap it. Returns true when the head was ready
// (the caller then sets "reprogram"). A no-op returning false for a
// round-robin SC, whose two refills are not release times (§4.6).
[[nodiscard]] bool unblock_check(SchedContext& sc, ticks_t now);

}  // namespace kern::refill
