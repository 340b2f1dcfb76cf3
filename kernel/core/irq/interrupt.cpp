// SPDX-License-Identifier: BSD-2-Clause
// IRQ states, the per-IRQ notification slots, delivery and the IRQControl /
// IRQHandler invocations (sel4-abi.md §12, §15.3; seL4's interrupt.c).
#include <arch/machine.hpp>
#include <kern/cdt.hpp>
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/cspace.hpp>
#include <kern/invocation_label.hpp>
#include <kern/ipc.hpp>
#include <kern/irq.hpp>

namespace kern::irq {

namespace {

inline constexpr word_t irq_count = arch::irq_max + 1;

IrqState states[irq_count];
// One slot per IRQ (valid_irq_node). Slots are 32-byte aligned: the CDT
// keeps flags in the low bits of the links (kern/cte.hpp).
alignas(sizeof(Cte)) Cte node[irq_count];

void set_state(word_t irq, IrqState s) {
    states[irq] = s;
    // seL4 setIRQState: an inactive IRQ is masked (valid_irq_states), any
    // other is enabled at the controller.
    arch::irq_enable(irq, s != IrqState::Inactive);
}

// seL4 cteDeleteOne on the IRQ's slot: a notification cap never needs a
// Zombie, so deleting it completes at once.
void clear_notification(word_t irq) {
    Cte& slot = node[irq];
    if (slot.empty()) return;
    const Completion done = cdt::delete_slot(slot);
    KERN_ASSERT(done == Completion::Done);
}

}  // namespace

void init() {
    for (word_t i = 0; i < irq_count; ++i) {
        states[i] = IrqState::Inactive;
        node[i] = Cte{};
    }
}

void set_kernel_owned(word_t irq) {
    if (irq < irq_count) states[irq] = IrqState::KernelTimer;
}

IrqState state(word_t irq) { return irq < irq_count ? states[irq] : IrqState::Reserved; }

Cte& notification_slot(word_t irq) { return node[irq]; }

void deliver(word_t irq) {
    if (irq >= irq_count) {
        // The controller reported a number above maxIRQ: mask it and go on,
        // as seL4 does (assuming its maxIRQ is wrong, not the controller).
        kprintf("Received IRQ %lu, which is above the platform's maxIRQ of %lu\n", irq, arch::irq_max);
        arch::irq_enable(irq, false);
        return;
    }
    switch (states[irq]) {
    case IrqState::Signal: {
        const Cap& cap = node[irq].cap;
        if (cap.type() == CapType::Notification && cap.as<NotificationCap>().rights().can_write()) {
            send_signal(*phys_to_virt<Notification>(cap.object()), cap.as<NotificationCap>().badge());
        } else if constexpr (config::printing) {
            kprintf("Undelivered IRQ: %lu\n", irq);  // seL4's CONFIG_IRQ_REPORTING
        }
        // Not again until IRQHandler_Ack, with or without a notification.
        arch::irq_hold(irq);
        break;
    }
    case IrqState::Inactive:
        // Only a broken controller or platform gets here: mask it again.
        arch::irq_enable(irq, false);
        if constexpr (config::printing) kprintf("Received disabled IRQ: %lu\n", irq);
        break;
    case IrqState::KernelTimer:
    case IrqState::Reserved:
        // The arch handles its own interrupts before they get here.
        break;
    }
}

bool may_signal() {
    for (word_t i = 0; i < irq_count; ++i) {
        if (states[i] == IrqState::Signal && node[i].cap.type() == CapType::Notification) return true;
    }
    return false;
}

void activate(word_t irq) { set_state(irq, IrqState::Signal); }

void deleting_handler(word_t irq) {
    if (irq < irq_count) clear_notification(irq);
}

void deleted_handler(word_t irq) {
    if (irq < irq_count) set_state(irq, IrqState::Inactive);
}

}  // namespace kern::irq

namespace kern {

namespace {

using irq::IrqState;

InvocationResult fail(const SyscallError& e) { return InvocationResult::failure(e); }

struct IssueHandler {
    word_t irq = 0;
    bool set_trigger = false;
    bool edge = false;
    Cte* dest = nullptr;
};

// seL4 decodeIRQControlInvocation / Arch_decodeIRQControlInvocation: Get
// (irq, index, depth) or the arch's GetTrigger (irq, trigger, index, depth),
// the CNode in extra cap 0. Checks in seL4's order: length and cap, IRQ
// range, IRQ already active, destination lookup, destination empty.
Result<IssueHandler> decode_irq_control(const InvocationMessage& msg) {
    IssueHandler op;
    word_t args = 0;
    if (msg.label == static_cast<word_t>(Label::IRQIssueIRQHandler)) {
        args = 3;
    } else if (msg.label == arch::irq_issue_trigger_label) {
        args = 4;
        op.set_trigger = true;
    } else {
        return SyscallError::illegal_operation();
    }
    if (msg.length < args || msg.extra_cap_count < 1) return SyscallError::truncated_message();
    op.irq = msg.mr(0);
    op.edge = op.set_trigger && msg.mr(1) != 0;
    const word_t index = msg.mr(args - 2);
    const word_t depth = msg.mr(args - 1);
    if (op.irq < arch::irq_first || op.irq > arch::irq_max)
        return SyscallError::range_error(arch::irq_first, arch::irq_max);
    if (irq::state(op.irq) != IrqState::Inactive) return SyscallError::revoke_first();
    const Result<Cte*> dest = lookup_target_slot(msg.extra_caps[0].cap, index, depth, false);
    if (!dest.ok()) return dest.error();
    if (!dest.value()->empty()) return SyscallError::delete_first();
    op.dest = dest.value();
    return op;
}

}  // namespace

InvocationResult invoke_irq_control(const InvocationMessage& msg, const InvocationTarget& target, InvocationReply&) {
    const Result<IssueHandler> decoded = decode_irq_control(msg);
    if (!decoded.ok()) return fail(decoded.error());
    msg.begin_perform();
    const IssueHandler& op = decoded.value();
    if (op.set_trigger) arch::irq_set_trigger(op.irq, op.edge);
    irq::activate(op.irq);
    cdt::insert_child(*target.slot, *op.dest, IrqHandlerCap::make(op.irq));
    return InvocationResult::success();
}

// seL4 decodeIRQHandlerInvocation.
InvocationResult invoke_irq_handler(const InvocationMessage& msg, const InvocationTarget& target, InvocationReply&) {
    const word_t irq = target.cap.as<IrqHandlerCap>().irq();
    switch (static_cast<Label>(msg.label)) {
    case Label::IRQAckIRQ:
        msg.begin_perform();
        arch::irq_ack(irq);
        return InvocationResult::success();
    case Label::IRQSetIRQHandler: {
        if (msg.extra_cap_count < 1) return fail(SyscallError::truncated_message());
        const ExtraCap& ntfn = msg.extra_caps[0];
        // seL4 reports a wrong cap here as cap number 0, not 1 (§12).
        if (ntfn.cap.type() != CapType::Notification || !ntfn.cap.as<NotificationCap>().rights().can_write())
            return fail(SyscallError::invalid_capability(0));
        msg.begin_perform();
        irq::deleting_handler(irq);
        cdt::insert_child(*ntfn.slot, irq::notification_slot(irq), ntfn.cap);
        return InvocationResult::success();
    }
    case Label::IRQClearIRQHandler:
        msg.begin_perform();
        irq::deleting_handler(irq);
        return InvocationResult::success();
    default:
        return fail(SyscallError::illegal_operation());
    }
}

}  // namespace kern
