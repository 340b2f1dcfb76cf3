// SPDX-License-Identifier: BSD-2-Clause
// Inter-process communication under MCS (sel4-abi.md §8–10, sel4-mcs.md
// §3, §5, §6, §8): endpoint send and receive, reply objects and the call
// stack, message and capability transfer, notifications, and faults
// delivered as messages. kernel/core/ipc/*.cpp.
//
// The checks a straight-line fast path for Call / ReplyRecv would make are
// the small predicates at the end of this header; the general path uses
// them too, so a fast path can be added without restating its rules.
#pragma once

#include <kern/cap.hpp>
#include <kern/fault.hpp>
#include <kern/object/endpoint.hpp>
#include <kern/object/notification.hpp>
#include <kern/object/reply.hpp>
#include <kern/message_info.hpp>
#include <kern/object/sched_context.hpp>
#include <kern/object/tcb.hpp>

namespace kern {

// ---- endpoints (kernel/core/ipc/endpoint.cpp) -------------------------------
struct SendOptions {
    bool blocking = false;
    bool is_call = false;
    bool can_grant = false;
    bool can_grant_reply = false;
    bool can_donate = false;
    word_t badge = 0;
};
// sendIPC: deliver to a waiting receiver, queue (blocking) or drop.
void send_ipc(Tcb& sender, Endpoint& ep, const SendOptions& how);
// receiveIPC: take a queued sender (or a pending bound-notification signal),
// block, or (non-blocking) fail with badge 0. `reply` may be null (Wait).
void receive_ipc(Tcb& receiver, Endpoint& ep, bool blocking, Reply* reply);
// cancelIPC: the thread leaves whatever IPC it is blocked in (and its
// pending fault is dropped).
void cancel_ipc(Tcb& t);
// Endpoint deleted: every queued thread restarts (or, with a pending fault,
// becomes Inactive).
void cancel_all_ipc(Endpoint& ep);
// CNode_CancelBadgedSends: senders with `badge` leave the queue.
void cancel_badged_sends(Endpoint& ep, word_t badge);
// A queued thread's priority changed: re-sort its endpoint/notification queue.
void reorder_ipc_queue(Tcb& t);

// ---- reply objects (kernel/core/ipc/reply.cpp) ---------------------------------
void reply_push(Tcb& caller, Tcb& callee, Reply& reply, bool can_donate);
void reply_pop(Reply& reply, Tcb& caller);
void reply_remove(Reply& reply, Tcb& caller);
void reply_remove_tcb(Tcb& caller);
void reply_unlink(Reply& reply, Tcb& t);
// A reply through `reply` from `replier` (sel4-mcs.md §3.5); no error ever.
void do_reply_transfer(Tcb& replier, Reply& reply, bool grant);
// Last cap to the reply object deleted (sel4-mcs.md §3.6).
void finalise_reply(Reply& reply);

// ---- message transfer (kernel/core/ipc/transfer.cpp) ---------------------------
// doIPCTransfer: a normal message or the sender's fault. `ep` is the
// endpoint the message travels through (null for replies: no unwrapping).
void do_ipc_transfer(Tcb& sender, Endpoint* ep, word_t badge, bool grant, Tcb& receiver);
// doIPCTransfer of a normal message whose sender sends no caps (`info`
// has no extra caps): what do_ipc_transfer does then, without looking at
// the IPC buffers unless the message is longer than the register MRs.
void do_capless_transfer(Tcb& sender, MessageInfo info, word_t badge, Tcb& receiver);
// The badge register := 0, nothing else (failed non-blocking receive).
void do_nb_recv_failed_transfer(Tcb& t);

// ---- notifications (kernel/core/ipc/notification.cpp) ---------------------------
void send_signal(Notification& n, word_t badge);
void receive_signal(Tcb& t, Notification& n, bool blocking);
// completeSignal: a pending word goes to the bound thread's badge register.
void complete_signal(Notification& n, Tcb& t);
void cancel_signal(Tcb& t, Notification& n);
void cancel_all_signals(Notification& n);
void bind_notification(Tcb& t, Notification& n);
void unbind_notification(Tcb& t);
void unbind_maybe_notification(Notification& n);
// Last cap to the notification deleted.
void finalise_notification(Notification& n);

// ---- faults (kernel/core/ipc/fault.cpp) ------------------------------------------
// handleFault: deliver `fault` to the thread's fault handler (TCB slot 3)
// or, without one, make it Inactive with seL4's debug print.
void handle_fault(Tcb& t, const Fault& fault);
bool has_valid_timeout_handler(const Tcb& t);
void send_timeout_fault(Tcb& t, word_t sc_badge);
// validFaultHandler: null, or an endpoint cap with Write and (Grant or GrantReply).
bool is_valid_fault_handler(const Cap& cap);
// The fault message (label and MRs) a handler receives; returns the length.
unsigned fault_message(const Tcb& sender, word_t* mrs);
// handleFaultReply: apply the reply `replier` sent to the faulted thread;
// returns whether the thread restarts.
bool handle_fault_reply(Tcb& faulted, Tcb& replier);

// ---- predicates shared with a fast path ---------------------------------------------
// A caller can be replied to only through a cap with Grant or GrantReply
// (sel4-abi.md §8.4); otherwise it is left Inactive.
constexpr bool caller_can_be_replied(bool can_grant, bool can_grant_reply) { return can_grant || can_grant_reply; }
// A Call (or fault) donates the caller's SC when the receiver has none
// (sel4-mcs.md §3.3); a passive receiver with a reply object is what a
// fast-path Call requires.
inline bool call_donates(const Tcb& caller, const Tcb& receiver, bool can_donate) {
    return can_donate && caller.sc != nullptr && receiver.sc == nullptr;
}
// The whole message travels in registers: no buffer words, no caps.
constexpr bool message_fits_registers(const MessageInfo& info, unsigned register_mrs) {
    return info.length() <= register_mrs && info.extra_caps() == 0;
}
// Replying through `reply` returns `sc` to the caller (the reply is the head
// of the SC's call stack): what a fast-path ReplyRecv requires.
inline bool reply_returns_sc(const Reply& reply, const SchedContext* sc) {
    return sc != nullptr && reply.head_sc() == sc;
}

}  // namespace kern
