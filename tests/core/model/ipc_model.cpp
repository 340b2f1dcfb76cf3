// SPDX-License-Identifier: BSD-2-Clause
// The model's system calls (sel4-mcs.md §1.2): the send phase invokes the
// cap the call names (an endpoint, notification or reply object, or a
// kernel object: TCB, SchedContext, CNode), the receive phase waits on an
// endpoint or notification, and every entry ends with the scheduler's
// choice (ipc_model_sched.cpp). Endpoint, notification and reply-object
// semantics are in ipc_model_ipc.cpp.
#include "ipc_model.hpp"

namespace ipc_model {

namespace {

constexpr word max_message_length = 120;  // seL4_MsgMaxLength

KernelReply error(Error e, std::vector<word> mrs = {}) { return {static_cast<word>(e), std::move(mrs)}; }
KernelReply success() { return {}; }

// Caps the send phase of ReplyRecv / NBSendRecv / NBSendWait may not
// invoke (sel4-mcs.md §1.2).
bool refused_in_first_phase(CapKind kind) {
    return kind == CapKind::Thread || kind == CapKind::CNode || kind == CapKind::SchedContext;
}

}  // namespace

const char* error_name(word error) {
    static constexpr const char* names[] = {"NoError",     "InvalidArgument", "InvalidCapability", "IllegalOperation",
                                            "RangeError",  "AlignmentError",  "FailedLookup",      "TruncatedMessage",
                                            "DeleteFirst", "RevokeFirst",     "NotEnoughMemory"};
    return error < 11 ? names[error] : "?";
}

const char* state_name(State s) {
    static constexpr const char* names[] = {"Inactive",       "Running",        "Restart",
                                            "BlockedOnReceive", "BlockedOnSend", "BlockedOnReply",
                                            "BlockedOnNotification"};
    return names[static_cast<unsigned>(s)];
}

Cap Model::lookup(word cptr) const {
    return cptr < cspace.size() ? cspace[cptr] : Cap{};
}

// What the libsel4 stub loads (sel4-mcs.md §1.3): the harness loads the
// cap, reply and destination registers for every call.
void Model::load(Thread& t, const UserCall& call) {
    t.pc = call.pc;
    t.regs[0] = call.cap;
    t.regs[6] = call.reply;
    t.regs[7] = static_cast<word>(static_cast<std::int64_t>(call.number));
    t.regs[8] = call.dest;
    if (!call.message) return;
    t.regs[1] = message_info(call.label, call.extra_caps, call.length);
    for (unsigned i = 0; i < call.length; ++i) {
        if (i < register_mrs) t.regs[2 + i] = call.mrs[i];
        else t.buffer_mrs[i] = call.mrs[i];
    }
    for (unsigned i = 0; i < call.extra_caps; ++i) t.buffer_caps[i] = call.caps[i];
}

word Model::mr(const Thread& t, unsigned i) const { return i < register_mrs ? t.regs[2 + i] : t.buffer_mrs[i]; }

Message Model::decode_message(int t) const {
    const Thread& thread = threads[t];
    const word info = thread.regs[1];
    Message msg;
    msg.label = info >> 12;
    msg.length = static_cast<unsigned>(std::min<word>(info & 0x7f, max_message_length));
    const unsigned extra = static_cast<unsigned>((info >> 7) & 3);
    for (unsigned i = 0; i < extra; ++i) msg.extra_caps.push_back(lookup(thread.buffer_caps[i]));
    return msg;
}

void Model::syscall(const UserCall& call) {
    const int t = current;
    last_error = 0;
    load(threads[t], call);
    switch (call.number) {
    case Sys::Send:
        handle_invocation(t, call.cap, {false, true, false, false});
        break;
    case Sys::NBSend:
        handle_invocation(t, call.cap, {false, false, false, false});
        break;
    case Sys::Call:
        handle_invocation(t, call.cap, {true, true, true, false});
        break;
    case Sys::Recv:
        handle_recv(t, true, true);
        break;
    case Sys::NBRecv:
        handle_recv(t, false, true);
        break;
    case Sys::Wait:
        handle_recv(t, true, false);
        break;
    case Sys::NBWait:
        handle_recv(t, false, false);
        break;
    // The first phases are non-blocking sends that may donate; nothing
    // they do stops the receive phase (§1.2).
    case Sys::ReplyRecv:
        handle_invocation(t, call.reply, {false, false, true, true});
        handle_recv(t, true, true);
        break;
    case Sys::NBSendRecv:
        handle_invocation(t, call.dest, {false, false, true, true});
        handle_recv(t, true, true);
        break;
    case Sys::NBSendWait:
        handle_invocation(t, call.reply, {false, false, true, true});
        handle_recv(t, true, false);
        break;
    case Sys::Yield:
        yield();
        break;
    }
    schedule();
    if (current != t) ++coverage.preemptions;
}

// handleInvocation: every CPtr of the world resolves (the root CNode's guard
// covers all 64 bits), so there is no lookup fault; errors reach only a Call.
void Model::handle_invocation(int t, word cptr, const SendPhase& phase) {
    const Cap cap = lookup(cptr);
    const Message msg = decode_message(t);
    KernelReply reply;
    if (phase.first_phase && refused_in_first_phase(cap.kind)) {
        reply = error(Error::InvalidCapability, {0});
    } else {
        switch (cap.kind) {
        case CapKind::Endpoint:
        case CapKind::Notification:
        case CapKind::Reply:
            reply = invoke_ipc_object(t, cap, phase);
            break;
        case CapKind::Null:
            reply = error(Error::InvalidCapability, {0});
            break;
        case CapKind::Thread:
            reply = invoke_tcb(t, cap, msg);
            break;
        case CapKind::SchedContext:
            reply = invoke_sched_context(t, cap, msg);
            break;
        case CapKind::CNode:
            reply = invoke_cnode(t, msg);
            break;
        }
    }
    if (reply.failed()) {
        last_error = reply.label;
        if (phase.is_call) reply_from_kernel(t, reply);
        return;
    }
    // Still in the Restart state the invocation began with: it neither
    // blocked nor stopped the caller, which gets its (empty) reply.
    if (threads[t].state == State::Restart) {
        if (phase.is_call) reply_from_kernel(t, reply);
        set_state(t, State::Running);
    }
}

void Model::reply_from_kernel(int t, const KernelReply& reply) {
    Thread& thread = threads[t];
    for (unsigned i = 0; i < reply.mrs.size(); ++i) {
        if (i < register_mrs) thread.regs[2 + i] = reply.mrs[i];
        else thread.buffer_mrs[i] = reply.mrs[i];
    }
    thread.regs[0] = 0;
    thread.regs[1] = message_info(reply.label, 0, reply.mrs.size());
}

// seL4 sets the caller to Restart once decoding has succeeded.
void Model::begin_perform(int t) { set_state(t, State::Restart); }

KernelReply Model::invoke_ipc_object(int t, const Cap& cap, const SendPhase& phase) {
    switch (cap.kind) {
    case CapKind::Endpoint: {
        if ((cap.rights & can_write) == 0) return error(Error::InvalidCapability, {0});
        begin_perform(t);
        SendOptions how;
        how.blocking = phase.blocking;
        how.is_call = phase.is_call;
        how.can_grant = (cap.rights & can_grant) != 0;
        how.can_grant_reply = (cap.rights & can_grant_reply) != 0;
        how.can_donate = phase.can_donate;
        how.badge = cap.badge;
        send_ipc(t, cap.object, how);
        return success();
    }
    case CapKind::Notification:
        if ((cap.rights & can_write) == 0) return error(Error::InvalidCapability, {0});
        begin_perform(t);
        send_signal(cap.object, cap.badge);
        return success();
    default:  // a reply cap: a reply, which never fails (§3.5)
        begin_perform(t);
        do_reply_transfer(t, cap.object);
        return success();
    }
}

// handleRecv: the receive phase on the cap register. A failed check is a
// cap fault on the CPtr that failed (sel4-mcs.md §1.2).
void Model::handle_recv(int t, bool blocking, bool can_reply) {
    const word cptr = threads[t].regs[0];
    const Cap cap = lookup(cptr);
    switch (cap.kind) {
    case CapKind::Endpoint: {
        if ((cap.rights & can_read) == 0) return fault(t, cptr);
        int reply = none;
        if (can_reply) {
            const Cap reply_cap = lookup(threads[t].regs[6]);
            if (reply_cap.kind != CapKind::Reply) return fault(t, threads[t].regs[6]);
            reply = reply_cap.object;
        }
        receive_ipc(t, cap.object, blocking, reply);
        return;
    }
    case CapKind::Notification: {
        const Notification& n = notifications[cap.object];
        if ((cap.rights & can_read) == 0 || (n.bound != none && n.bound != t)) return fault(t, cptr);
        receive_signal(t, cap.object, blocking);
        return;
    }
    default:
        return fault(t, cptr);
    }
}

// A fault goes to the handler in TCB slot 3 like a Call that may donate
// (§5.4, §8.3); without a handler the thread stops.
void Model::fault(int t, word address) {
    ++coverage.faults;
    Thread& thread = threads[t];
    if (thread.fault_handler.kind != CapKind::Endpoint) {
        set_state(t, State::Inactive);
        return;
    }
    thread.fault_pending = true;
    thread.fault_address = address;
    thread.fault_ip = thread.pc;
    const Cap& handler = thread.fault_handler;
    SendOptions how;
    how.blocking = true;
    how.badge = handler.badge;
    how.can_grant = (handler.rights & can_grant) != 0;
    how.can_grant_reply = (handler.rights & can_grant_reply) != 0;
    how.can_donate = thread.sc != none;
    send_ipc(t, handler.object, how);
}

KernelReply Model::invoke_tcb(int t, const Cap& cap, const Message& msg) {
    const int target = cap.object;
    switch (msg.label) {
    case label::tcb_set_priority: {
        if (msg.length < 1 || msg.extra_caps.empty()) return error(Error::TruncatedMessage);
        const Cap& authority = msg.extra_caps[0];
        if (authority.kind != CapKind::Thread) return error(Error::InvalidCapability, {1});
        const word priority = mr(threads[t], 0);
        const unsigned mcp = threads[authority.object].mcp;
        if (priority > mcp) return error(Error::RangeError, {0, mcp});
        begin_perform(t);
        set_priority(target, static_cast<unsigned>(priority));
        return success();
    }
    case label::tcb_suspend:
        begin_perform(t);
        suspend(target);
        return success();
    case label::tcb_resume:
        begin_perform(t);
        restart(target);
        return success();
    case label::tcb_bind_notification: {
        if (msg.extra_caps.empty()) return error(Error::TruncatedMessage);
        if (threads[target].bound != none) return error(Error::IllegalOperation);
        const Cap& ntfn = msg.extra_caps[0];
        if (ntfn.kind != CapKind::Notification || (ntfn.rights & can_read) == 0)
            return error(Error::IllegalOperation);
        Notification& n = notifications[ntfn.object];
        if (!n.queue.empty() || n.bound != none) return error(Error::IllegalOperation);
        begin_perform(t);
        n.bound = target;
        threads[target].bound = ntfn.object;
        return success();
    }
    case label::tcb_unbind_notification:
        if (threads[target].bound == none) return error(Error::IllegalOperation);
        begin_perform(t);
        notifications[threads[target].bound].bound = none;
        threads[target].bound = none;
        return success();
    default:
        return error(Error::IllegalOperation);
    }
}

// SchedContext Bind, Unbind, UnbindObject (sel4-mcs.md §4.4). Every SC is
// released (round-robin, the clock stands still), so a blocked thread may
// be given one too.
KernelReply Model::invoke_sched_context(int t, const Cap& cap, const Message& msg) {
    const int sc = cap.object;
    SchedContext& s = scs[sc];
    switch (msg.label) {
    case label::sched_context_bind: {
        if (msg.extra_caps.empty()) return error(Error::TruncatedMessage);
        const Cap& target = msg.extra_caps[0];
        if (target.kind == CapKind::Thread) {
            if (s.tcb != none || threads[target.object].sc != none) return error(Error::IllegalOperation);
            begin_perform(t);
            bind_sc(sc, target.object);
            return success();
        }
        if (target.kind == CapKind::Notification) {
            if (s.notification != none || notifications[target.object].sc != none)
                return error(Error::IllegalOperation);
            begin_perform(t);
            s.notification = target.object;
            notifications[target.object].sc = sc;
            return success();
        }
        return error(Error::InvalidCapability, {1});
    }
    case label::sched_context_unbind_object: {
        if (msg.extra_caps.empty()) return error(Error::TruncatedMessage);
        const Cap& target = msg.extra_caps[0];
        if (target.kind == CapKind::Thread) {
            if (s.tcb != target.object || s.tcb == current) return error(Error::IllegalOperation);
            begin_perform(t);
            unbind_sc(sc);
            return success();
        }
        if (target.kind == CapKind::Notification) {
            if (s.notification != target.object) return error(Error::IllegalOperation);
            begin_perform(t);
            unbind_notification_sc(sc);
            return success();
        }
        return error(Error::InvalidCapability, {1});
    }
    case label::sched_context_unbind:
        if (s.tcb != none && s.tcb == current) return error(Error::IllegalOperation);
        begin_perform(t);
        unbind_sc(sc);
        unbind_notification_sc(sc);
        // The call stack loses its SC (sel4-mcs.md §3.6).
        if (s.reply != none) {
            replies[s.reply].next = none;
            replies[s.reply].next_is_sc = false;
            s.reply = none;
        }
        return success();
    default:
        return error(Error::IllegalOperation);
    }
}

// Delete and CancelBadgedSends on a slot of the root CNode (the world
// addresses every slot with depth 64).
KernelReply Model::invoke_cnode(int t, const Message& msg) {
    if (msg.label != label::cnode_delete && msg.label != label::cnode_cancel_badged_sends)
        return error(Error::IllegalOperation);
    if (msg.length < 2) return error(Error::TruncatedMessage);
    const word index = mr(threads[t], 0);
    if (msg.label == label::cnode_delete) {
        begin_perform(t);
        delete_cap(index);
        return success();
    }
    const Cap cap = lookup(index);
    if (cap.kind != CapKind::Endpoint || cap.rights != (can_write | can_read | can_grant | can_grant_reply))
        return error(Error::IllegalOperation);
    begin_perform(t);
    if (cap.badge != 0) cancel_badged_sends(cap.object, cap.badge);
    return success();
}

// Whether a cap to the object of `cap` is left, in the CSpace or in a
// TCB's fault-handler slot.
bool Model::has_cap(const Cap& cap) const {
    for (const Cap& c : cspace)
        if (c.kind == cap.kind && c.object == cap.object) return true;
    for (const Thread& t : threads)
        if (t.fault_handler.kind == cap.kind && t.fault_handler.object == cap.object) return true;
    return false;
}

// finaliseCap of a thread (sel4-mcs.md §3.6): unbound from its notification
// and its SC (the SC stays where it is in a call stack), suspended, and its
// TCB slots emptied, which may delete the last cap to its fault handler's
// endpoint.
void Model::finalise_thread(int t) {
    Thread& thread = threads[t];
    if (thread.bound != none) {
        notifications[thread.bound].bound = none;
        thread.bound = none;
    }
    if (thread.sc != none) unbind_sc(thread.sc);
    suspend(t);
    thread.deleted = true;
    const Cap handler = thread.fault_handler;
    thread.fault_handler = Cap{};
    if (handler.kind == CapKind::Endpoint && !has_cap(handler)) {
        ++coverage.finalised;
        cancel_all_ipc(handler.object);
        endpoints[handler.object].deleted = true;
    }
}

// finaliseCap of an SC: unbound from its thread (which stops), its
// notification and its call stack (§3.6).
void Model::finalise_sc(int sc) {
    unbind_sc(sc);
    unbind_notification_sc(sc);
    if (scs[sc].reply != none) {
        replies[scs[sc].reply].next = none;
        replies[scs[sc].reply].next_is_sc = false;
        scs[sc].reply = none;
    }
    scs[sc].deleted = true;
}

// The last cap to an object finalises it (sel4-mcs.md §3.6, §6).
void Model::delete_cap(word cptr) {
    const Cap cap = lookup(cptr);
    if (cap.kind == CapKind::Null) return;
    cspace[cptr] = Cap{};
    if (has_cap(cap)) return;
    ++coverage.finalised;
    switch (cap.kind) {
    case CapKind::Endpoint:
        cancel_all_ipc(cap.object);
        endpoints[cap.object].deleted = true;
        break;
    case CapKind::Notification:
        finalise_notification(cap.object);
        notifications[cap.object].deleted = true;
        break;
    case CapKind::Reply:
        finalise_reply(cap.object);
        replies[cap.object].deleted = true;
        break;
    case CapKind::Thread:
        finalise_thread(cap.object);
        break;
    case CapKind::SchedContext:
        finalise_sc(cap.object);
        break;
    default:
        problem = "deleting the last cap to a CNode is outside the model";
        break;
    }
}

}  // namespace ipc_model
