// SPDX-License-Identifier: BSD-2-Clause
// Invocation dispatch on the cap type (seL4 decodeInvocation,
// sel4-abi.md §15.3: a null cap or a zombie is InvalidCapability 0; a type
// without such an operation is IllegalOperation).
#include <arch/machine.hpp>
#include <kern/invocation.hpp>
#include <kern/irq.hpp>
#include <kern/object/untyped.hpp>
#include <kern/sched.hpp>

namespace kern {

word_t InvocationMessage::mr(unsigned i) const {
    if (i < arch::message_registers_in_cpu) return registers->message_register(i);
    return buffer_words != nullptr ? buffer_words[1 + i] : 0;  // msg[i] is buffer word 1 + i
}

void InvocationMessage::begin_perform() const {
    if (caller != nullptr) sched::set_thread_state(*caller, ThreadState::Restart);
}

InvocationResult decode_and_invoke(const InvocationMessage& msg, const InvocationTarget& target,
                                   InvocationReply& reply) {
    switch (target.cap.type()) {
    case CapType::Null:
    case CapType::Zombie:
        return InvocationResult::failure(SyscallError::invalid_capability(0));
    case CapType::Untyped:
        return invoke_untyped(msg, target, reply);
    case CapType::CNode:
        return invoke_cnode(msg, target, reply);
    case CapType::Thread:
        return invoke_tcb(msg, target, reply);
    case CapType::SchedContext:
        return invoke_sched_context(msg, target, reply);
    case CapType::SchedControl:
        return invoke_sched_control(msg, target, reply);
    case CapType::Domain:
        return invoke_domain(msg, target, reply);
    case CapType::IrqControl:
        return invoke_irq_control(msg, target, reply);
    case CapType::IrqHandler:
        return invoke_irq_handler(msg, target, reply);
    case CapType::Frame:
        return invoke_frame(msg, target, reply);
    case CapType::PageTable:
        return invoke_page_table(msg, target, reply);
    case CapType::VSpace:
        return invoke_vspace(msg, target, reply);
    case CapType::AsidControl:
        return invoke_asid_control(msg, target, reply);
    case CapType::AsidPool:
        return invoke_asid_pool(msg, target, reply);
    default:
        // Caps without invocations (SMC and SGI signals are not built)
        // answer as seL4 does to an unknown label.
        (void)msg;
        return InvocationResult::failure(SyscallError::illegal_operation());
    }
}

}  // namespace kern
