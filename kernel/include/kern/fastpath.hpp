// SPDX-License-Identifier: BSD-2-Clause
// The IPC fast path (seL4's fastpath_call / fastpath_reply_recv under MCS):
// Call and ReplyRecv in their common case, a client and a server that hand
// the CPU to each other, done in a straight line. It is one more way
// through the same semantics: every condition it needs is checked before
// anything changes, anything else is refused and takes the general path
// (kernel/core/syscall.cpp), and what it does leaves the kernel exactly as
// the general path would (thread states, queues, reply objects, SC
// donation, billing, registers). kernel/core/ipc/fastpath.cpp.
#pragma once

#include <kern/config.hpp>
#include <kern/object/tcb.hpp>

#ifndef TESSERA_FASTPATH_RUNTIME_SWITCH
#define TESSERA_FASTPATH_RUNTIME_SWITCH 0
#endif

namespace kern::fastpath {

// Why the fast path left a call to the general path (Taken: it did not).
enum class Refusal : std::uint8_t {
    Taken,
    Disabled,              // switched off (host tests)
    SchedulerBusy,         // a decision or reprogram pending, a release due, or the budget is out
    MessageHasCaps,        // extra caps to look up or transfer
    FaultPending,          // the caller is sending a fault, not a message
    CapLookupFailed,       // the invoked cap (or a Recv/reply cap) does not resolve
    NotAnEndpoint,         // Call: not an endpoint cap; ReplyRecv: the source is not
    NoWriteRight,          // Call: the endpoint cap lacks Write
    NotReplyable,          // Call: the cap has neither Grant nor GrantReply
    NoReceiver,            // Call: nobody waits on the endpoint
    ReceiverWithoutReply,  // Call: the receiver waits without a reply object (Wait)
    ReceiverCannotRun,     // the thread to run has an inactive SC, waits for a refill, or has a pending YieldTo
    ReceiverOutranked,     // a ready thread would run instead
    NotAReplyCap,          // ReplyRecv: the reply register does not name a reply object
    NoCallerWaiting,       // ReplyRecv: the reply object has no caller blocked on it
    CallerFaulted,         // ReplyRecv: the reply answers a fault
    UnusualCallStack,      // ReplyRecv: the reply neither returns the current SC nor is unlinked
    CallerBudgetNotReady,  // ReplyRecv: the caller's SC could not run now (postpone or Timeout fault)
    NoReadRight,           // ReplyRecv: the endpoint cap lacks Read
    SendersWaiting,        // ReplyRecv: a sender is queued (the receive would not block)
    BoundNotification,     // ReplyRecv: the server's bound notification is active or lent it its SC
};

#if TESSERA_FASTPATH_RUNTIME_SWITCH
// The host core library: on unless a test turns it off.
bool enabled();
#else
constexpr bool enabled() { return config::fastpath; }
#endif

// seL4_Call on the cap in the cap register, after the clock was read.
// Taken: done, the chosen thread is current and its SC billed; otherwise
// nothing has changed.
[[nodiscard]] Refusal try_call(Tcb& caller);
// seL4_ReplyRecv (reply register, then receive on the cap register), likewise.
[[nodiscard]] Refusal try_reply_recv(Tcb& server);

#if TESSERA_FASTPATH_RUNTIME_SWITCH
namespace testing {
void set_enabled(bool on);
// What the last Call or ReplyRecv system call met (Disabled when none yet).
Refusal last_outcome();
void note_outcome(Refusal r);
}  // namespace testing
#endif

}  // namespace kern::fastpath
