// SPDX-License-Identifier: BSD-2-Clause
// Scheduling-context bindings (sel4-mcs.md §4.4, §5): which thread runs on
// an SC, donation along calls and notifications, the call stack link, the
// bound notification, the consumed-time counter and YieldTo bookkeeping.
// kernel/core/sched/sched_context.cpp.
#pragma once

#include <kern/object/notification.hpp>
#include <kern/object/sched_context.hpp>
#include <kern/object/tcb.hpp>

namespace kern::sc {

// schedContext_bindTCB: link both ways; a schedulable thread is queued at
// the head of its priority and the scheduler chooses again.
void bind_tcb(SchedContext& sc, Tcb& t);
// schedContext_unbindTCB: the thread leaves the scheduler's queues and
// loses the SC.
void unbind_tcb(SchedContext& sc);
// schedContext_donate: the SC moves from whoever holds it to `to`.
void donate(SchedContext& sc, Tcb& to);
void bind_notification(SchedContext& sc, Notification& n);
void unbind_notification(SchedContext* sc);
// Detach the SC's call stack (the head reply object forgets the SC).
void unbind_reply(SchedContext& sc);
// schedContext_updateConsumed: the consumed time in µs (in chunks the
// conversion cannot overflow), resetting the counter.
[[nodiscard]] word_t take_consumed_us(SchedContext& sc);
// A pending YieldTo of `yielder` is dropped (no reply) or completed (the
// yielder gets the consumed time as its reply).
void cancel_yield_to(Tcb& yielder);
void complete_yield_to(Tcb* yielder);

// Notification SC lending (sel4-mcs.md §5.5): lend the notification's SC to
// a thread that has none, or give it back when the thread blocks.
void maybe_donate_from_notification(Tcb& t, Notification& n);
void maybe_return_to_notification(Notification& n, Tcb& t);

}  // namespace kern::sc
