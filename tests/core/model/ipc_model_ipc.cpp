// SPDX-License-Identifier: BSD-2-Clause
// The model's IPC: endpoint rendezvous and queues (sel4-abi.md §8,
// sel4-mcs.md §3.2, §9.2), reply objects and call stacks with SC donation
// and return (§3.3–3.6, §5.1–5.3), and notifications with bound threads
// (sel4-abi.md §9, sel4-mcs.md §6).
#include <algorithm>

#include "ipc_model.hpp"

namespace ipc_model {

// ---- queues ------------------------------------------------------------------

// After the last queued thread of equal or higher priority (§9.2).
void Model::insert_by_priority(std::vector<int>& queue, int t) {
    auto at = queue.end();
    while (at != queue.begin() && threads[*(at - 1)].priority < threads[t].priority) --at;
    queue.insert(at, t);
    coverage.longest_queue = std::max(coverage.longest_queue, static_cast<unsigned>(queue.size()));
}

void Model::remove_from(std::vector<int>& queue, int t) { queue.erase(std::find(queue.begin(), queue.end(), t)); }

// A priority change re-inserts the thread behind its equals (§9.1).
void Model::reorder_ipc_queue(int t) {
    ++coverage.queue_reorders;
    std::vector<int>& queue = threads[t].state == State::BlockedOnNotification
                                  ? notifications[threads[t].waits_on].queue
                                  : endpoints[threads[t].waits_on].queue;
    remove_from(queue, t);
    insert_by_priority(queue, t);
}

// ---- endpoints ---------------------------------------------------------------

// doNormalTransfer without caps: the message info's label and length, the
// MRs (MR4.. buffer to buffer, both threads have one), the badge. A sender
// with a pending fault sends the fault instead: a CapFault (label 1) of a
// receive phase whose cap was missing (sel4-abi.md §4.3, §10.3).
void Model::transfer(int sender, word badge, int receiver) {
    Thread& from = threads[sender];
    Thread& to = threads[receiver];
    if (from.fault_pending) {
        constexpr word cap_fault = 1, missing_capability = 2;
        const word message[] = {from.fault_ip, from.fault_address, 1, missing_capability, 0};
        for (unsigned i = 0; i < std::size(message); ++i) {
            if (i < register_mrs) to.regs[2 + i] = message[i];
            else to.buffer_mrs[i] = message[i];
        }
        to.regs[1] = message_info(cap_fault, 0, std::size(message));
        to.regs[0] = badge;
        ++coverage.fault_messages;
        return;
    }
    const word info = from.regs[1];
    const unsigned length = static_cast<unsigned>(std::min<word>(info & 0x7f, 120));
    for (unsigned i = 0; i < length && i < max_message; ++i) {
        if (i < register_mrs) to.regs[2 + i] = from.regs[2 + i];
        else to.buffer_mrs[i] = from.buffer_mrs[i];
    }
    if (length > max_message) problem = "a message longer than the model keeps";
    to.regs[1] = message_info(info >> 12, 0, length);
    to.regs[0] = badge;
}

namespace {

// An endpoint's state follows from its queue: all senders or all receivers.
bool endpoint_receiving(const std::vector<Thread>& threads, const Endpoint& ep) {
    return !ep.queue.empty() && threads[ep.queue.front()].state == State::BlockedOnReceive;
}

bool endpoint_sending(const std::vector<Thread>& threads, const Endpoint& ep) {
    return !ep.queue.empty() && threads[ep.queue.front()].state == State::BlockedOnSend;
}

}  // namespace

// sendIPC (sel4-abi.md §8.1, sel4-mcs.md §3.2, §5.3).
void Model::send_ipc(int sender, int ep, const SendOptions& how) {
    Endpoint& e = endpoints[ep];
    if (!endpoint_receiving(threads, e)) {
        if (!how.blocking) return;  // NBSend: dropped
        Thread& s = threads[sender];
        s.waits_on = ep;
        s.send_badge = how.badge;
        s.send_grant = how.can_grant;
        s.send_grant_reply = how.can_grant_reply;
        s.send_is_call = how.is_call;
        set_state(sender, State::BlockedOnSend);
        insert_by_priority(e.queue, sender);
        return;
    }
    const int receiver = e.queue.front();
    e.queue.erase(e.queue.begin());
    ++coverage.rendezvous;
    transfer(sender, how.badge, receiver);
    const int reply = threads[receiver].reply;
    if (reply != none) reply_unlink(reply, receiver);
    if (how.is_call || threads[sender].fault_pending) {
        if (reply != none && (how.can_grant || how.can_grant_reply))
            reply_push(sender, receiver, reply, how.can_donate);
        else
            set_state(sender, State::Inactive);  // the message arrives, the caller stops
    } else if (how.can_donate && threads[receiver].sc == none && threads[sender].sc != none) {
        // A first phase reaching a passive receiver gives the SC away for good.
        ++coverage.donations;
        donate(threads[sender].sc, receiver);
    }
    set_state(receiver, State::Running);
    possible_switch_to(receiver);
}

// receiveIPC (sel4-mcs.md §3.2).
void Model::receive_ipc(int receiver, int ep, bool blocking, int reply) {
    // Step 1: a reply object still in use by another thread is taken from it.
    if (reply != none && replies[reply].tcb != none && replies[reply].tcb != receiver) {
        ++coverage.stolen_replies;
        cancel_ipc(replies[reply].tcb);
    }
    Thread& r = threads[receiver];
    if (r.bound != none && notifications[r.bound].state == NotificationState::Active) {
        ++coverage.bound_pending;
        complete_signal(r.bound, receiver);
        return;
    }
    // A blocking receive hands the bound notification's SC back first (§5.5 b).
    if (blocking && r.bound != none) maybe_return_sc(r.bound, receiver);
    Endpoint& e = endpoints[ep];
    if (!endpoint_sending(threads, e)) {
        if (!blocking) {
            r.regs[0] = 0;
            return;
        }
        r.waits_on = ep;
        r.reply = reply;
        if (reply != none) replies[reply].tcb = receiver;
        set_state(receiver, State::BlockedOnReceive);
        insert_by_priority(e.queue, receiver);
        return;
    }
    const int sender = e.queue.front();
    e.queue.erase(e.queue.begin());
    ++coverage.rendezvous;
    const Thread& s = threads[sender];
    transfer(sender, s.send_badge, receiver);
    if (s.send_is_call || s.fault_pending) {
        if ((s.send_grant || s.send_grant_reply) && reply != none)
            reply_push(sender, receiver, reply, threads[sender].sc != none);
        else set_state(sender, State::Inactive);
    } else {
        set_state(sender, State::Running);
        possible_switch_to(sender);
    }
}

// cancelIPC: the thread leaves whatever it is blocked in and stops; under
// MCS its pending fault is dropped too.
void Model::cancel_ipc(int t) {
    Thread& thread = threads[t];
    thread.fault_pending = false;
    switch (thread.state) {
    case State::BlockedOnSend:
    case State::BlockedOnReceive:
        remove_from(endpoints[thread.waits_on].queue, t);
        if (thread.reply != none) reply_unlink(thread.reply, t);
        set_state(t, State::Inactive);
        break;
    case State::BlockedOnNotification:
        cancel_signal(t, thread.waits_on);
        break;
    case State::BlockedOnReply:
        ++coverage.cancelled_calls;
        reply_remove_caller(t);
        break;
    default:
        break;
    }
}

// A thread whose IPC the endpoint's deletion or CancelBadgedSends cancelled
// re-executes its system call, unless it was sending a fault: it stops
// (sel4-mcs.md §3.6).
void Model::restart_unless_faulted(int t) {
    if (threads[t].fault_pending) {
        set_state(t, State::Inactive);
        return;
    }
    ++coverage.restarted;
    set_state(t, State::Restart);
    possible_switch_to(t);
}

void Model::cancel_all_ipc(int ep) {
    Endpoint& e = endpoints[ep];
    if (e.queue.empty()) return;
    const std::vector<int> queued = e.queue;
    e.queue.clear();
    for (int t : queued) {
        if (threads[t].state == State::BlockedOnReceive && threads[t].reply != none) reply_unlink(threads[t].reply, t);
        restart_unless_faulted(t);
    }
    reschedule_required();
}

void Model::cancel_badged_sends(int ep, word badge) {
    Endpoint& e = endpoints[ep];
    if (!endpoint_sending(threads, e)) return;
    const std::vector<int> queued = e.queue;
    for (int t : queued) {
        if (threads[t].send_badge != badge) continue;
        remove_from(e.queue, t);
        restart_unless_faulted(t);
    }
    reschedule_required();
}

// ---- reply objects -------------------------------------------------------------

void Model::reply_unlink(int reply, int t) {
    replies[reply].tcb = none;
    threads[t].reply = none;
    set_state(t, State::Inactive);
}

void Model::clear_links(int reply) {
    replies[reply].prev = none;
    replies[reply].next = none;
    replies[reply].next_is_sc = false;
}

// reply_push (§3.3): link the caller; a passive callee gets the caller's SC
// and the reply object becomes the head of that SC's call stack.
void Model::reply_push(int caller, int callee, int reply, bool can_donate) {
    const int sc = threads[caller].sc;
    threads[callee].reply = none;
    replies[reply].tcb = caller;
    threads[caller].reply = reply;
    set_state(caller, State::BlockedOnReply);
    if (sc == none || threads[callee].sc != none || !can_donate) return;
    const int older = scs[sc].reply;
    if (older != none) {
        ++coverage.deep_stacks;
        replies[older].next = reply;
        replies[older].next_is_sc = false;
    }
    replies[reply].prev = older;
    replies[reply].next = sc;
    replies[reply].next_is_sc = true;
    scs[sc].reply = reply;
    ++coverage.donations;
    donate(sc, callee);
}

// reply_pop (§3.4): the head leaves the stack; the SC goes back to a caller
// that has none.
void Model::reply_pop(int reply, int caller) {
    const int sc = replies[reply].next;
    const int older = replies[reply].prev;
    scs[sc].reply = older;
    if (older != none) {
        replies[older].next = sc;
        replies[older].next_is_sc = true;
    }
    if (threads[caller].sc == none) {
        ++coverage.returns;
        donate(sc, caller);
    }
    clear_links(reply);
    reply_unlink(reply, caller);
}

// reply_remove (§3.4): the head pops; any other link is cut out, no SC moves.
void Model::reply_remove(int reply, int caller) {
    if (replies[reply].is_head()) return reply_pop(reply, caller);
    const Reply& r = replies[reply];
    if (r.next != none && !r.next_is_sc) replies[r.next].prev = none;
    if (r.prev != none) {
        replies[r.prev].next = none;
        replies[r.prev].next_is_sc = false;
    }
    clear_links(reply);
    reply_unlink(reply, caller);
}

// reply_remove_tcb (§3.4 "remove caller"): the SC stays where it is; a
// head takes the rest of the stack with it.
void Model::reply_remove_caller(int caller) {
    const int reply = threads[caller].reply;
    const Reply& r = replies[reply];
    if (r.next != none) {
        if (r.next_is_sc) scs[r.next].reply = none;
        else replies[r.next].prev = none;
    }
    if (r.prev != none) {
        replies[r.prev].next = none;
        replies[r.prev].next_is_sc = false;
    }
    clear_links(reply);
    reply_unlink(reply, caller);
}

// doReplyTransfer (§3.5): nothing unless a caller waits; the reply message
// carries badge 0; the caller runs if it has an SC. The reply to a cap
// fault ignores the message and restarts the thread (§8.5).
void Model::do_reply_transfer(int replier, int reply) {
    const int caller = replies[reply].tcb;
    if (caller == none || threads[caller].state != State::BlockedOnReply) return;
    ++coverage.replies;
    reply_remove(reply, caller);
    if (threads[caller].fault_pending) {
        ++coverage.fault_replies;
        threads[caller].fault_pending = false;
        set_state(caller, State::Restart);
    } else {
        transfer(replier, 0, caller);
        set_state(caller, State::Running);
    }
    if (threads[caller].sc != none) possible_switch_to(caller);
}

void Model::finalise_reply(int reply) {
    const int t = replies[reply].tcb;
    if (t == none) return;
    if (threads[t].state == State::BlockedOnReply) reply_remove(reply, t);
    else cancel_ipc(t);
}

// ---- notifications -----------------------------------------------------------------

// sendSignal (sel4-abi.md §9, sel4-mcs.md §6).
void Model::send_signal(int n, word badge) {
    Notification& ntfn = notifications[n];
    switch (ntfn.state) {
    case NotificationState::Idle:
        if (ntfn.bound != none && threads[ntfn.bound].state == State::BlockedOnReceive) {
            ++coverage.bound_wakeups;
            const int t = ntfn.bound;
            cancel_ipc(t);
            deliver_signal(t, n, badge);
        } else {
            ntfn.state = NotificationState::Active;
            ntfn.bits = badge;
        }
        break;
    case NotificationState::Waiting: {
        const int t = ntfn.queue.front();
        ntfn.queue.erase(ntfn.queue.begin());
        if (ntfn.queue.empty()) ntfn.state = NotificationState::Idle;
        ++coverage.signal_wakeups;
        deliver_signal(t, n, badge);
        break;
    }
    case NotificationState::Active:
        ++coverage.signal_merges;
        ntfn.bits |= badge;
        break;
    }
}

// Only the badge register is written (sel4-abi.md §16.1); a thread without
// an SC borrows the notification's.
void Model::deliver_signal(int t, int n, word badge) {
    set_state(t, State::Running);
    threads[t].regs[0] = badge;
    maybe_lend_sc(t, n);
    if (is_schedulable(t)) possible_switch_to(t);
}

void Model::receive_signal(int t, int n, bool blocking) {
    Notification& ntfn = notifications[n];
    if (ntfn.state == NotificationState::Active) return complete_signal(n, t);
    if (!blocking) {
        threads[t].regs[0] = 0;
        return;
    }
    threads[t].waits_on = n;
    set_state(t, State::BlockedOnNotification);
    insert_by_priority(ntfn.queue, t);
    ntfn.state = NotificationState::Waiting;
    maybe_return_sc(n, t);
}

void Model::complete_signal(int n, int t) {
    threads[t].regs[0] = notifications[n].bits;
    notifications[n].state = NotificationState::Idle;
    notifications[n].bits = 0;
    maybe_lend_sc(t, n);
}

// A thread without an SC borrows the notification's SC if no thread holds
// it (sel4-mcs.md §5.5).
void Model::maybe_lend_sc(int t, int n) {
    const int sc = notifications[n].sc;
    if (threads[t].sc != none || sc == none || scs[sc].tcb != none) return;
    ++coverage.lent;
    donate(sc, t);
}

// A thread that blocks on the notification (or, bound to it, in an
// endpoint receive) gives back the SC it borrowed from it.
void Model::maybe_return_sc(int n, int t) {
    const int sc = notifications[n].sc;
    if (sc == none || threads[t].sc != sc) return;
    ++coverage.given_back;
    threads[t].sc = none;
    scs[sc].tcb = none;
    if (t == current) reschedule_required();
}

void Model::unbind_notification_sc(int sc) {
    const int n = scs[sc].notification;
    if (n == none) return;
    notifications[n].sc = none;
    scs[sc].notification = none;
}

void Model::cancel_signal(int t, int n) {
    Notification& ntfn = notifications[n];
    remove_from(ntfn.queue, t);
    if (ntfn.queue.empty()) ntfn.state = NotificationState::Idle;
    set_state(t, State::Inactive);
}

// The notification's last cap was deleted: unbind, restart every waiter.
void Model::finalise_notification(int n) {
    Notification& ntfn = notifications[n];
    if (ntfn.sc != none) unbind_notification_sc(ntfn.sc);
    if (ntfn.bound != none) {
        threads[ntfn.bound].bound = none;
        ntfn.bound = none;
    }
    if (ntfn.state != NotificationState::Waiting) return;
    ntfn.state = NotificationState::Idle;
    const std::vector<int> waiting = ntfn.queue;
    ntfn.queue.clear();
    for (int t : waiting) {
        ++coverage.restarted;
        set_state(t, State::Restart);
        possible_switch_to(t);
    }
    reschedule_required();
}

}  // namespace ipc_model
