// SPDX-License-Identifier: BSD-2-Clause
// Reply objects and the call stack (sel4-mcs.md §3.3–3.6): a Call links
// the caller to the receiver's reply object and, for a passive receiver,
// pushes the reply object on the caller's SC stack and donates the SC. A
// reply pops it and gives the SC back; cancelling or deleting cuts it out.
#include <kern/ipc.hpp>
#include <kern/object/sched_context.hpp>
#include <kern/refill.hpp>
#include <kern/sc.hpp>
#include <kern/sched.hpp>
#include <kern/thread.hpp>

namespace kern {

namespace {

void clear_links(Reply& reply) {
    reply.prev = nullptr;
    reply.next = nullptr;
    reply.next_is_sc = 0;
}

}  // namespace

void reply_unlink(Reply& reply, Tcb& t) {
    reply.tcb = nullptr;
    t.reply = nullptr;
    sched::set_thread_state(t, ThreadState::Inactive);
}

void reply_push(Tcb& caller, Tcb& callee, Reply& reply, bool can_donate) {
    SchedContext* donated = caller.sc;
    callee.reply = nullptr;
    reply.tcb = &caller;
    caller.reply = &reply;
    sched::set_thread_state(caller, ThreadState::BlockedOnReply);

    if (call_donates(caller, callee, can_donate)) {
        Reply* old_head = donated->reply;
        reply.prev = old_head;
        if (old_head != nullptr) {
            old_head->next = &reply;
            old_head->next_is_sc = 0;
        }
        reply.next = donated;
        reply.next_is_sc = 1;
        donated->reply = &reply;
        sc::donate(*donated, callee);
    }
}

void reply_pop(Reply& reply, Tcb& caller) {
    SchedContext& sc = *reply.head_sc();
    // The SC goes back only to a caller that has not been given another one
    // meanwhile (sel4-mcs.md §3.4).
    if (caller.sc == nullptr) sc::donate(sc, caller);
    sc.reply = reply.prev;
    if (reply.prev != nullptr) {
        reply.prev->next = &sc;
        reply.prev->next_is_sc = 1;
    }
    clear_links(reply);
    reply_unlink(reply, caller);
}

void reply_remove(Reply& reply, Tcb& caller) {
    if (reply.is_head()) {
        reply_pop(reply, caller);
        return;
    }
    // The middle of a chain, or a link that never donated: cut it out, no
    // SC moves.
    if (Reply* newer = reply.next_reply()) newer->prev = nullptr;
    if (reply.prev != nullptr) {
        reply.prev->next = nullptr;
        reply.prev->next_is_sc = 0;
    }
    clear_links(reply);
    reply_unlink(reply, caller);
}

void reply_remove_tcb(Tcb& caller) {
    Reply& reply = *caller.reply;
    if (reply.is_head()) reply.head_sc()->reply = nullptr;
    else if (Reply* newer = reply.next_reply()) newer->prev = nullptr;
    if (reply.prev != nullptr) {
        reply.prev->next = nullptr;
        reply.prev->next_is_sc = 0;
    }
    clear_links(reply);
    reply_unlink(reply, caller);
}

void do_reply_transfer(Tcb& replier, Reply& reply, bool grant) {
    Tcb* caller = reply.tcb;
    if (caller == nullptr || caller->state != ThreadState::BlockedOnReply) return;

    reply_remove(reply, *caller);
    sched::wake_unblock_check(caller->sc);

    const FaultType answered = caller->fault.type;
    if (answered == FaultType::Null) {
        do_ipc_transfer(replier, nullptr, 0, grant, *caller);
        sched::set_thread_state(*caller, ThreadState::Running);
    } else {
        const bool restart = handle_fault_reply(*caller, replier);
        caller->fault = Fault{};
        sched::set_thread_state(*caller, restart ? ThreadState::Restart : ThreadState::Inactive);
    }

    SchedContext* sc = caller->sc;
    if (sc == nullptr || !is_runnable(caller->state)) return;
    if (refill::ready(*sc, sched::now()) && refill::sufficient(*sc, 0)) {
        sched::possible_switch_to(*caller);
    } else if (has_valid_timeout_handler(*caller) && answered != FaultType::Timeout) {
        // A nested server returned an exhausted SC (sel4-mcs.md §3.5 step 5).
        send_timeout_fault(*caller, sc->badge);
    } else {
        sched::postpone(*sc);
    }
}

void finalise_reply(Reply& reply) {
    Tcb* t = reply.tcb;
    if (t == nullptr) return;
    if (t->state == ThreadState::BlockedOnReply) reply_remove(reply, *t);
    else cancel_ipc(*t);  // a receiver blocked with it
}

}  // namespace kern
