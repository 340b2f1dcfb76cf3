// SPDX-License-Identifier: BSD-2-Clause
// Endpoint IPC under MCS (sel4-abi.md §8, sel4-mcs.md §3.2, §5): the
// rendezvous of a sender and a receiver, the reply object that records a
// caller, scheduling-context donation to passive receivers, and what
// cancelling does to every kind of blocked thread.
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/ipc.hpp>
#include <kern/sc.hpp>
#include <kern/sched.hpp>
#include <kern/thread.hpp>

namespace kern {

namespace {

// A thread that receives a message and goes on running: sporadic SCs get
// their unblock check, then it may preempt the current thread.
void wake(Tcb& t) {
    sched::set_thread_state(t, ThreadState::Running);
    sched::wake_unblock_check(t.sc);
    sched::possible_switch_to(t);
}

// A thread whose IPC was cancelled by the endpoint's deletion or by
// CancelBadgedSends: it re-executes its system call, unless it was sending
// a fault (it then stops; sel4-mcs.md §3.6).
void restart_unless_faulted(Tcb& t) {
    if (!t.fault.pending()) {
        sched::set_thread_state(t, ThreadState::Restart);
        sched::wake_unblock_check(t.sc);
        sched::possible_switch_to(t);
    } else {
        sched::set_thread_state(t, ThreadState::Inactive);
    }
}

}  // namespace

void send_ipc(Tcb& sender, Endpoint& ep, const SendOptions& how) {
    if (ep.state() != EndpointState::Recv) {
        if (!how.blocking) return;  // NBSend: dropped
        sender.blocking_object = &ep;
        sender.blocking_badge = how.badge;
        sender.blocking_can_grant = how.can_grant;
        sender.blocking_can_grant_reply = how.can_grant_reply;
        sender.blocking_is_call = how.is_call;
        sched::set_thread_state(sender, ThreadState::BlockedOnSend);
        ep.queue.insert_by_priority(sender);
        return;
    }

    Tcb& receiver = *ep.queue.pop_head();
    do_ipc_transfer(sender, &ep, how.badge, how.can_grant, receiver);

    Reply* reply = receiver.reply;
    if (reply != nullptr) reply_unlink(*reply, receiver);

    if (how.is_call || sender.fault.pending()) {
        if (reply != nullptr && caller_can_be_replied(how.can_grant, how.can_grant_reply)) {
            reply_push(sender, receiver, *reply, how.can_donate);
        } else {
            // No reply object (Wait) or no right to be replied to: the
            // caller stops; the receiver still gets the message.
            sched::set_thread_state(sender, ThreadState::Inactive);
        }
    } else if (how.can_donate && receiver.sc == nullptr && sender.sc != nullptr) {
        // The send phase of ReplyRecv/NBSendRecv/NBSendWait to a passive
        // receiver hands over the SC for good (sel4-mcs.md §5.3).
        sc::donate(*sender.sc, receiver);
    }
    wake(receiver);
}

void receive_ipc(Tcb& receiver, Endpoint& ep, bool blocking, Reply* reply) {
    // A reply object still in use by another thread is taken from it first
    // (sel4-mcs.md §3.2 step 1).
    if (reply != nullptr && reply->tcb != nullptr && reply->tcb != &receiver) {
        if constexpr (config::debug_build) kprintf("Reply object already has unexecuted reply!\n");
        cancel_ipc(*reply->tcb);
    }

    Notification* bound = receiver.bound_notification;
    if (bound != nullptr && bound->state == NotificationState::Active) {
        complete_signal(*bound, receiver);
        return;
    }
    if (blocking && bound != nullptr) sc::maybe_return_to_notification(*bound, receiver);

    if (ep.state() != EndpointState::Send) {
        if (!blocking) {
            do_nb_recv_failed_transfer(receiver);
            return;
        }
        receiver.blocking_object = &ep;
        receiver.reply = reply;
        if (reply != nullptr) reply->tcb = &receiver;
        sched::set_thread_state(receiver, ThreadState::BlockedOnReceive);
        ep.queue.insert_by_priority(receiver);
        return;
    }

    Tcb& sender = *ep.queue.pop_head();
    const word_t badge = sender.blocking_badge;
    const bool can_grant = sender.blocking_can_grant;
    const bool can_grant_reply = sender.blocking_can_grant_reply;
    do_ipc_transfer(sender, &ep, badge, can_grant, receiver);
    sched::wake_unblock_check(sender.sc);

    if (sender.blocking_is_call || sender.fault.pending()) {
        if (caller_can_be_replied(can_grant, can_grant_reply) && reply != nullptr) {
            // Timeout faults never donate (sel4-mcs.md §3.3).
            reply_push(sender, receiver, *reply, sender.fault.type != FaultType::Timeout);
        } else {
            sched::set_thread_state(sender, ThreadState::Inactive);
        }
    } else {
        sched::set_thread_state(sender, ThreadState::Running);
        sched::possible_switch_to(sender);
    }
}

void cancel_ipc(Tcb& t) {
    t.fault = Fault{};
    switch (t.state) {
    case ThreadState::BlockedOnSend:
    case ThreadState::BlockedOnReceive: {
        static_cast<Endpoint*>(t.blocking_object)->queue.remove(t);
        if (t.reply != nullptr) reply_unlink(*t.reply, t);
        sched::set_thread_state(t, ThreadState::Inactive);
        break;
    }
    case ThreadState::BlockedOnNotification:
        cancel_signal(t, *static_cast<Notification*>(t.blocking_object));
        break;
    case ThreadState::BlockedOnReply:
        reply_remove_tcb(t);
        break;
    default:
        break;
    }
}

void cancel_all_ipc(Endpoint& ep) {
    if (ep.queue.empty()) return;
    while (Tcb* t = ep.queue.pop_head()) {
        if (t->state == ThreadState::BlockedOnReceive && t->reply != nullptr) reply_unlink(*t->reply, *t);
        restart_unless_faulted(*t);
    }
    sched::reschedule_required();
}

void cancel_badged_sends(Endpoint& ep, word_t badge) {
    if (ep.state() != EndpointState::Send) return;
    Tcb* next = nullptr;
    for (Tcb* t = ep.queue.head; t != nullptr; t = next) {
        next = t->ep_next;
        if (t->blocking_badge != badge) continue;
        ep.queue.remove(*t);
        restart_unless_faulted(*t);
    }
    sched::reschedule_required();
}

void reorder_ipc_queue(Tcb& t) {
    if (t.state == ThreadState::BlockedOnNotification) {
        auto& queue = static_cast<Notification*>(t.blocking_object)->queue;
        queue.remove(t);
        queue.insert_by_priority(t);
    } else {
        auto& queue = static_cast<Endpoint*>(t.blocking_object)->queue;
        queue.remove(t);
        queue.insert_by_priority(t);
    }
}

}  // namespace kern
