// SPDX-License-Identifier: BSD-2-Clause
// Kernel-object invocations: the message a thread sent with Call/Send/NBSend
// to a cap that is not an IPC object, decoded per cap type.
//
// Rule of the codebase (style.md §8.7): each object type has
//   decode_<op>(...)  -> Result<Op>   reads anything, may fail, changes nothing;
//   perform(const Op&) -> Completion  changes state, cannot fail except by
//                                     preemption (then the syscall restarts).
// invoke_<object>(msg, target, reply) composes the two and is what the
// dispatcher (kernel/core/invocation.cpp) calls.
#pragma once

#include <arch/user_context.hpp>
#include <kern/cap.hpp>
#include <kern/cte.hpp>
#include <kern/message_info.hpp>
#include <kern/syscall_error.hpp>

struct seL4_IPCBuffer_;

namespace kern {

struct Tcb;

struct ExtraCap {
    Cap cap;
    Cte* slot = nullptr;
};

class InvocationMessage {
public:
    static constexpr unsigned max_extra_caps = 3;

    word_t label = 0;
    word_t length = 0;  // data words available (clamped to 120; 4 without an IPC buffer)
    unsigned extra_cap_count = 0;
    ExtraCap extra_caps[max_extra_caps];

    // Message register i (< length): MR0..3 from registers, the rest from the
    // sender's IPC buffer.
    word_t mr(unsigned i) const;

    const arch::UserContext* registers = nullptr;
    const word_t* buffer_words = nullptr;  // the sender's IPC buffer (word 0 = tag), or null

    Tcb* caller = nullptr;  // the invoking thread (null in host tests of decoding alone)
    bool is_call = false;   // invoked with Call: a reply is expected

    // Between a successful decode and the perform step: the caller enters
    // the Restart state, so a preempted operation re-executes the system
    // call and one that blocks or stops the caller leaves no reply (seL4's
    // decode functions do this before invoking).
    void begin_perform() const;
};

// A kernel reply's message registers (success replies that return data).
struct InvocationReply {
    static constexpr unsigned max_length = 120;  // seL4_MsgMaxLength (ReadRegisters)
    unsigned length = 0;
    word_t mrs[max_length];  // the first `length` are valid (not cleared: it is on every entry path)
};

// The invoked cap and where it lives.
struct InvocationTarget {
    Cap cap;
    Cte* slot = nullptr;
};

// What an invocation came to: an error (reported only to Call), preemption
// (the syscall restarts), or success with `reply`.
struct InvocationResult {
    SyscallError error{};
    bool preempted = false;
    static InvocationResult success() { return {}; }
    static InvocationResult failure(const SyscallError& e) { return {e, false}; }
    static InvocationResult restart() { return {SyscallError{}, true}; }
    bool ok() const { return error.type == Error::None && !preempted; }
};

// Dispatch on the cap type (seL4 decodeInvocation).
[[nodiscard]] InvocationResult decode_and_invoke(const InvocationMessage& msg, const InvocationTarget& target,
                                                 InvocationReply& reply);

// Per-object entry points.
[[nodiscard]] InvocationResult invoke_cnode(const InvocationMessage& msg, const InvocationTarget& target,
                                            InvocationReply& reply);
[[nodiscard]] InvocationResult invoke_untyped(const InvocationMessage& msg, const InvocationTarget& target,
                                              InvocationReply& reply);
[[nodiscard]] InvocationResult invoke_tcb(const InvocationMessage& msg, const InvocationTarget& target,
                                          InvocationReply& reply);
[[nodiscard]] InvocationResult invoke_sched_context(const InvocationMessage& msg, const InvocationTarget& target,
                                                    InvocationReply& reply);
[[nodiscard]] InvocationResult invoke_domain(const InvocationMessage& msg, const InvocationTarget& target,
                                             InvocationReply& reply);
[[nodiscard]] InvocationResult invoke_sched_control(const InvocationMessage& msg, const InvocationTarget& target,
                                                    InvocationReply& reply);
// VSpace objects (kernel/core/vspace/invocations.cpp).
[[nodiscard]] InvocationResult invoke_frame(const InvocationMessage& msg, const InvocationTarget& target,
                                            InvocationReply& reply);
[[nodiscard]] InvocationResult invoke_page_table(const InvocationMessage& msg, const InvocationTarget& target,
                                                 InvocationReply& reply);
[[nodiscard]] InvocationResult invoke_vspace(const InvocationMessage& msg, const InvocationTarget& target,
                                             InvocationReply& reply);
[[nodiscard]] InvocationResult invoke_asid_control(const InvocationMessage& msg, const InvocationTarget& target,
                                                   InvocationReply& reply);
[[nodiscard]] InvocationResult invoke_asid_pool(const InvocationMessage& msg, const InvocationTarget& target,
                                                InvocationReply& reply);

}  // namespace kern
