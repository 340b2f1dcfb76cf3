// SPDX-License-Identifier: BSD-2-Clause
// Notifications under MCS (sel4-abi.md §9, sel4-mcs.md §6): Signal ORs the
// badge into the word or wakes the first (highest-priority) waiter; a bound
// thread blocked in an endpoint receive is woken by a signal; a thread with
// no SC borrows the notification's SC when woken and gives it back when it
// blocks on the notification again.
#include <kern/ipc.hpp>
#include <kern/sc.hpp>
#include <kern/sched.hpp>
#include <kern/thread.hpp>

namespace kern {

namespace {

// A woken waiter gets the badge, borrows the notification's SC if it has
// none, and runs if it can (MCS_DO_IF_SC).
void deliver(Tcb& t, Notification& n, word_t badge) {
    sched::set_thread_state(t, ThreadState::Running);
    t.context.set_badge_register(badge);
    sc::maybe_donate_from_notification(t, n);
    if (sched::is_schedulable(t)) {
        sched::wake_unblock_check(t.sc);
        sched::possible_switch_to(t);
    }
}

void set_active(Notification& n, word_t badge) {
    n.state = NotificationState::Active;
    n.word = badge;
}

}  // namespace

void send_signal(Notification& n, word_t badge) {
    switch (n.state) {
    case NotificationState::Idle: {
        Tcb* bound = n.bound_tcb;
        if (bound != nullptr && bound->state == ThreadState::BlockedOnReceive) {
            cancel_ipc(*bound);
            deliver(*bound, n, badge);
        } else {
            // A bound thread in a Call (BlockedOnReply / BlockedOnSend) is
            // not woken: the signal waits (sel4-abi.md §9).
            set_active(n, badge);
        }
        break;
    }
    case NotificationState::Waiting: {
        Tcb& waiter = *n.queue.pop_head();
        if (n.queue.empty()) n.state = NotificationState::Idle;
        deliver(waiter, n, badge);
        break;
    }
    case NotificationState::Active:
        n.word |= badge;
        break;
    }
}

void receive_signal(Tcb& t, Notification& n, bool blocking) {
    if (n.state == NotificationState::Active) {
        t.context.set_badge_register(n.word);
        n.state = NotificationState::Idle;
        n.word = 0;
        sc::maybe_donate_from_notification(t, n);
        sched::wake_unblock_check(t.sc);
        return;
    }
    if (!blocking) {
        do_nb_recv_failed_transfer(t);
        return;
    }
    t.blocking_object = &n;
    sched::set_thread_state(t, ThreadState::BlockedOnNotification);
    n.queue.insert_by_priority(t);
    n.state = NotificationState::Waiting;
    sc::maybe_return_to_notification(n, t);
}

void complete_signal(Notification& n, Tcb& t) {
    t.context.set_badge_register(n.word);
    n.state = NotificationState::Idle;
    n.word = 0;
    sc::maybe_donate_from_notification(t, n);
    // Only an SC that came from this notification gets the unblock check.
    if (t.sc != nullptr && t.sc == n.sc) sched::wake_unblock_check(t.sc);
}

void cancel_signal(Tcb& t, Notification& n) {
    n.queue.remove(t);
    if (n.queue.empty()) n.state = NotificationState::Idle;
    sched::set_thread_state(t, ThreadState::Inactive);
}

void cancel_all_signals(Notification& n) {
    if (n.state != NotificationState::Waiting) return;
    n.state = NotificationState::Idle;
    while (Tcb* t = n.queue.pop_head()) {
        sched::set_thread_state(*t, ThreadState::Restart);
        sched::wake_unblock_check(t->sc);
        sched::possible_switch_to(*t);
    }
    sched::reschedule_required();
}

void bind_notification(Tcb& t, Notification& n) {
    n.bound_tcb = &t;
    t.bound_notification = &n;
}

void unbind_notification(Tcb& t) {
    if (t.bound_notification == nullptr) return;
    t.bound_notification->bound_tcb = nullptr;
    t.bound_notification = nullptr;
}

void unbind_maybe_notification(Notification& n) {
    if (n.bound_tcb != nullptr) unbind_notification(*n.bound_tcb);
}

void finalise_notification(Notification& n) {
    sc::unbind_notification(n.sc);
    unbind_maybe_notification(n);
    cancel_all_signals(n);
}

}  // namespace kern
