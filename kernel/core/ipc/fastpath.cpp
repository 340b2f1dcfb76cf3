// SPDX-License-Identifier: BSD-2-Clause
// The IPC fast path for Call and ReplyRecv (kern/fastpath.hpp). Each call
// is decoded into a plan while nothing changes; a refusal leaves the call
// to the general path. Performing a plan makes, in a straight line, the
// changes the general path makes through send_ipc / reply_push
// (endpoint.cpp, reply.cpp), do_reply_transfer / receive_ipc and the
// scheduler's ChooseNew / SwitchTo decision, restricted to the case the
// plan established; the comments name the general step each line stands for.
#include <arch/machine.hpp>
#include <kern/cspace.hpp>
#include <kern/fastpath.hpp>
#include <kern/object/cnode.hpp>
#include <kern/ipc.hpp>
#include <kern/refill.hpp>
#include <kern/sched.hpp>
#include <kern/syscall.hpp>
#include <kern/thread.hpp>

namespace kern::fastpath {

namespace {

#if TESSERA_FASTPATH_RUNTIME_SWITCH
bool switched_on = true;
Refusal last = Refusal::Disabled;
#endif

// resolve_address_bits (cspace.cpp) for a lookup that succeeds: the cap
// `cptr` names in the thread's CSpace, or null where the general lookup
// might fail (it is then left to report the failure). Every level must
// consume at least one bit, so no shift below reaches 64.
const Cap* lookup_cap(Tcb& thread, word_t cptr) {
    const Cap* cap = &thread.slot(TcbSlot::CTable).cap;
    word_t n = 64;
    do {
        if (cap->type() != CapType::CNode) return nullptr;
        const CNodeCap node = cap->as<CNodeCap>();
        const word_t radix = node.radix();
        const word_t guard_size = node.guard_size();
        const word_t level = radix + guard_size;
        if (level == 0 || level > n) return nullptr;
        if (guard_size != 0) {
            const word_t guard_mask = (word_t{2} << (guard_size - 1)) - 1;
            if (((cptr >> (n - guard_size)) & guard_mask) != (node.guard() & guard_mask)) return nullptr;
        }
        n -= level;
        const word_t index = (cptr >> n) & ((word_t{1} << radix) - 1);
        cap = &cnode_slot(node, index)->cap;
    } while (n != 0 && cap->type() == CapType::CNode);
    return cap;
}

// do_capless_transfer with the message in registers only, inline.
void transfer(Tcb& sender, MessageInfo info, word_t badge, Tcb& receiver) {
    const word_t n = info.length();
    if (n > arch::message_registers_in_cpu) {
        do_capless_transfer(sender, info, badge, receiver);
        return;
    }
    for (unsigned i = 0; i < n; ++i) receiver.context.set_message_register(i, sender.context.message_register(i));
    receiver.context.set_info_register(info.with<MessageInfo::ExtraCaps>(0).with<MessageInfo::CapsUnwrapped>(0).raw());
    receiver.context.set_badge_register(badge);
}

// A Call to a server waiting on the endpoint with a reply object: the
// server runs at once (sel4-mcs.md §3.2, §3.3).
struct CallPlan {
    MessageInfo info{0};
    word_t badge = 0;
    Endpoint* ep = nullptr;
    Tcb* receiver = nullptr;
};

// The thread the scheduler would be asked to run can run at once:
// possible_switch_to would consider it (an SC, not waiting for a refill),
// its SC is active and no YieldTo completes when it is activated.
bool can_run_now(const Tcb& t, const SchedContext* sc) {
    return !t.in_release_queue && t.yield_to == nullptr && (sc == nullptr || sc->active());
}

Refusal decode_call(Tcb& caller, CallPlan& plan) {
    // Kernel invocations (the commonest refusal) are told apart first.
    plan.info = MessageInfo{caller.context.info_register()};
    if (plan.info.extra_caps() != 0) return Refusal::MessageHasCaps;
    const Cap* found = lookup_cap(caller, caller.context.cap_register());
    if (found == nullptr) return Refusal::CapLookupFailed;
    if (found->type() != CapType::Endpoint) return Refusal::NotAnEndpoint;
    if (!sched::quiet_entry()) return Refusal::SchedulerBusy;
    if (caller.fault.pending()) return Refusal::FaultPending;
    const EndpointCap cap = found->as<EndpointCap>();
    const CapRights rights = cap.rights();
    if (!rights.can_write()) return Refusal::NoWriteRight;
    if (!caller_can_be_replied(rights.can_grant(), rights.can_grant_reply())) return Refusal::NotReplyable;
    Endpoint& ep = *phys_to_virt<Endpoint>(cap.object());
    if (ep.state() != EndpointState::Recv) return Refusal::NoReceiver;
    Tcb& receiver = *ep.queue.head;
    if (receiver.reply == nullptr) return Refusal::ReceiverWithoutReply;
    // A passive receiver runs on the caller's SC (current, so active);
    // otherwise on its own.
    if (!can_run_now(receiver, receiver.sc)) return Refusal::ReceiverCannotRun;
    // The caller blocks (ChooseNew): the receiver, queued at the head of
    // its priority, is chosen only if no ready thread is higher.
    if (!sched::outranks_ready(receiver.priority)) return Refusal::ReceiverOutranked;
    plan.badge = cap.badge();
    plan.ep = &ep;
    plan.receiver = &receiver;
    return Refusal::Taken;
}

void perform_call(Tcb& caller, const CallPlan& plan) {
    Tcb& receiver = *plan.ep->queue.pop_head();
    transfer(caller, plan.info, plan.badge, receiver);
    // reply_unlink from the receiver, reply_push onto the caller.
    Reply& reply = *receiver.reply;
    receiver.reply = nullptr;
    reply.tcb = &caller;
    caller.reply = &reply;
    caller.state = ThreadState::BlockedOnReply;
    if (receiver.sc == nullptr) {
        // call_donates: the reply object becomes the head of the SC's call
        // stack and the SC moves to the receiver (sc::donate; the caller
        // is in no scheduler queue, it is the current thread).
        SchedContext& sc = *caller.sc;
        Reply* const old_head = sc.reply;
        reply.prev = old_head;
        if (old_head != nullptr) {
            old_head->next = &reply;
            old_head->next_is_sc = 0;
        }
        reply.next = &sc;
        reply.next_is_sc = 1;
        sc.reply = &reply;
        caller.sc = nullptr;
        sc.tcb = &receiver;
        receiver.sc = &sc;
    }
    // wake: Running, the sporadic unblock check, then chosen to run (the
    // enqueue and dequeue of ChooseNew cancel out).
    receiver.state = ThreadState::Running;
    sched::wake_unblock_check(receiver.sc);
    sched::switch_to_chosen(receiver);
}

// A reply to the caller blocked on the server's reply object, then the
// server waits on the endpoint with it again (sel4-mcs.md §3.4, §3.5).
struct ReplyRecvPlan {
    MessageInfo info{0};
    Reply* reply = nullptr;
    Tcb* caller = nullptr;
    Endpoint* ep = nullptr;
    bool returns_sc = false;  // the reply heads the current SC's call stack
};

Refusal decode_reply_recv(Tcb& server, ReplyRecvPlan& plan) {
    if (!sched::quiet_entry()) return Refusal::SchedulerBusy;
    plan.info = MessageInfo{server.context.info_register()};
    if (plan.info.extra_caps() != 0) return Refusal::MessageHasCaps;
    if (server.fault.pending()) return Refusal::FaultPending;
    const Cap* reply_cap = lookup_cap(server, server.context.reply_register());
    if (reply_cap == nullptr) return Refusal::CapLookupFailed;
    if (reply_cap->type() != CapType::Reply) return Refusal::NotAReplyCap;
    Reply& reply = *phys_to_virt<Reply>(reply_cap->object());
    Tcb* const caller = reply.tcb;
    if (caller == nullptr || caller->state != ThreadState::BlockedOnReply) return Refusal::NoCallerWaiting;
    if (caller->fault.pending()) return Refusal::CallerFaulted;

    const Cap* source = lookup_cap(server, server.context.cap_register());
    if (source == nullptr) return Refusal::CapLookupFailed;
    if (source->type() != CapType::Endpoint) return Refusal::NotAnEndpoint;
    const EndpointCap cap = source->as<EndpointCap>();
    if (!cap.rights().can_read()) return Refusal::NoReadRight;
    Endpoint& ep = *phys_to_virt<Endpoint>(cap.object());
    if (ep.state() == EndpointState::Send) return Refusal::SendersWaiting;

    // reply_remove: either the SC the server runs on goes back to a caller
    // without one, or the reply object is on no call stack at all.
    SchedContext* sc = nullptr;
    if (reply.is_head()) {
        if (reply.head_sc() != server.sc || caller->sc != nullptr) return Refusal::UnusualCallStack;
        sc = server.sc;
        plan.returns_sc = true;
    } else {
        if (reply.prev != nullptr || reply.next != nullptr || caller->sc == nullptr) return Refusal::UnusualCallStack;
        sc = caller->sc;
        plan.returns_sc = false;
    }
    // receive_ipc with a bound notification (Microkit's protection domains
    // all have one): a pending signal completes the receive instead, and an
    // SC the notification lent the server goes back to it; an idle
    // notification without the server's SC changes nothing.
    if (const Notification* bound = server.bound_notification; bound != nullptr) {
        if (bound->state == NotificationState::Active) return Refusal::BoundNotification;
        if (!plan.returns_sc && bound->sc != nullptr && bound->sc == server.sc) return Refusal::BoundNotification;
    }
    if (!can_run_now(*caller, sc)) return Refusal::ReceiverCannotRun;
    // do_reply_transfer: a caller whose SC cannot run now is postponed or
    // gets a Timeout fault instead of being considered.
    // A returned SC is the current one, whose budget quiet_entry() found
    // sufficient even after the unbilled time: sufficient(sc, 0) holds.
    if (!refill::ready(*sc, sched::now()) || (!plan.returns_sc && !refill::sufficient(*sc, 0)))
        return Refusal::CallerBudgetNotReady;
    // SwitchTo with the server blocked: only a caller below the server's
    // priority is checked against the ready queues.
    if (caller->priority < server.priority && !sched::outranks_ready(caller->priority))
        return Refusal::ReceiverOutranked;
    plan.reply = &reply;
    plan.caller = caller;
    plan.ep = &ep;
    return Refusal::Taken;
}

void perform_reply_recv(Tcb& server, const ReplyRecvPlan& plan) {
    Reply& reply = *plan.reply;
    Tcb& caller = *plan.caller;
    if (plan.returns_sc) {
        // reply_pop: the SC goes back to the caller (sc::donate; the server
        // is the current thread, in no scheduler queue) and the stack loses
        // its head.
        SchedContext& sc = *server.sc;
        server.sc = nullptr;
        sc.tcb = &caller;
        caller.sc = &sc;
        Reply* const older = reply.prev;
        sc.reply = older;
        if (older != nullptr) {
            older->next = &sc;
            older->next_is_sc = 1;
        }
        reply.prev = nullptr;
        reply.next = nullptr;
        reply.next_is_sc = 0;
    }
    // reply_unlink, the sporadic unblock check, the message (badge 0).
    reply.tcb = nullptr;
    caller.reply = nullptr;
    sched::wake_unblock_check(caller.sc);
    transfer(server, plan.info, 0, caller);
    caller.state = ThreadState::Running;
    // receive_ipc: no sender is queued, so the server blocks with the
    // reply object.
    server.blocking_object = plan.ep;
    server.reply = &reply;
    reply.tcb = &server;
    server.state = ThreadState::BlockedOnReceive;
    plan.ep->queue.insert_by_priority(server);
    sched::switch_to_chosen(caller);
}

Refusal note(Refusal r) {
#if TESSERA_FASTPATH_RUNTIME_SWITCH
    last = r;
#endif
    return r;
}

}  // namespace

#if TESSERA_FASTPATH_RUNTIME_SWITCH
bool enabled() { return switched_on; }
namespace testing {
void set_enabled(bool on) { switched_on = on; }
Refusal last_outcome() { return last; }
void note_outcome(Refusal r) { last = r; }
}  // namespace testing
#endif

Refusal try_call(Tcb& caller) {
    CallPlan plan;
    const Refusal r = decode_call(caller, plan);
    if (r == Refusal::Taken) perform_call(caller, plan);
    return note(r);
}

Refusal try_reply_recv(Tcb& server) {
    ReplyRecvPlan plan;
    const Refusal r = decode_reply_recv(server, plan);
    if (r == Refusal::Taken) perform_reply_recv(server, plan);
    return note(r);
}

}  // namespace kern::fastpath
