// SPDX-License-Identifier: BSD-2-Clause
// Scheduling-context bindings and donation (sel4-mcs.md §4.4, §5).
#include <kern/message_info.hpp>
#include <kern/object/reply.hpp>
#include <kern/sc.hpp>
#include <kern/sched.hpp>
#include <kern/thread.hpp>

namespace kern::sc {

void bind_tcb(SchedContext& sc, Tcb& t) {
    t.sc = &sc;
    sc.tcb = &t;
    if (sc.sporadic && sc.active() && &sc != sched::current_sc()) sched::unblock_check(sc);
    sched::resume_sc(&sc);
    if (sched::is_schedulable(t)) {
        sched::enqueue(t);
        sched::reschedule_required();
    }
}

void unbind_tcb(SchedContext& sc) {
    Tcb& t = *sc.tcb;
    if (&t == current_thread()) sched::reschedule_required();
    sched::dequeue(t);
    sched::release_remove(t);
    t.sc = nullptr;
    sc.tcb = nullptr;
}

void donate(SchedContext& sc, Tcb& to) {
    if (Tcb* from = sc.tcb) {
        sched::dequeue(*from);
        sched::release_remove(*from);
        from->sc = nullptr;
        // A thread running, or chosen to run next, cannot go on without it.
        if (from == current_thread() || sched::is_candidate(*from)) sched::reschedule_required();
    }
    sc.tcb = &to;
    to.sc = &sc;
}

void bind_notification(SchedContext& sc, Notification& n) {
    n.sc = &sc;
    sc.notification = &n;
}

void unbind_notification(SchedContext* sc) {
    if (sc == nullptr || sc->notification == nullptr) return;
    sc->notification->sc = nullptr;
    sc->notification = nullptr;
}

void unbind_reply(SchedContext& sc) {
    if (sc.reply == nullptr) return;
    sc.reply->next = nullptr;
    sc.reply->next_is_sc = 0;
    sc.reply = nullptr;
}

word_t take_consumed_us(SchedContext& sc) {
    if (sc.consumed >= arch::max_ticks_to_us) {
        sc.consumed -= arch::max_ticks_to_us;
        return arch::ticks_to_us(arch::max_ticks_to_us);
    }
    const word_t us = arch::ticks_to_us(sc.consumed);
    sc.consumed = 0;
    return us;
}

void cancel_yield_to(Tcb& yielder) {
    if (yielder.yield_to == nullptr) return;
    yielder.yield_to->yield_from = nullptr;
    yielder.yield_to = nullptr;
}

void complete_yield_to(Tcb* yielder) {
    if (yielder == nullptr || yielder->yield_to == nullptr) return;
    // The yielder's reply: label 0, MR0 = consumed µs of the SC it yielded to.
    yielder->context.set_message_register(0, take_consumed_us(*yielder->yield_to));
    yielder->context.set_badge_register(0);
    yielder->context.set_info_register(MessageInfo::make(0, 0, 0, 1).raw());
    cancel_yield_to(*yielder);
}

void maybe_donate_from_notification(Tcb& t, Notification& n) {
    if (t.sc != nullptr) return;
    SchedContext* sc = n.sc;
    if (sc == nullptr || sc->tcb != nullptr) return;
    donate(*sc, t);
    sched::wake_unblock_check(sc);
    sched::resume_sc(sc);
}

void maybe_return_to_notification(Notification& n, Tcb& t) {
    SchedContext* sc = n.sc;
    if (sc == nullptr || sc != t.sc) return;
    t.sc = nullptr;
    sc->tcb = nullptr;
    if (&t == current_thread()) sched::reschedule_required();
}

}  // namespace kern::sc
