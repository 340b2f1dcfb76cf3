// SPDX-License-Identifier: BSD-2-Clause
// SchedContext and SchedControl invocations (sel4-mcs.md §4.3, §4.4):
// Bind, Unbind, UnbindObject, Consumed, YieldTo, and ConfigureFlags with
// every check in seL4's order. Times at the ABI are microseconds.
#include <kern/invocation.hpp>
#include <kern/invocation_label.hpp>
#include <kern/message_info.hpp>
#include <kern/refill.hpp>
#include <kern/sc.hpp>
#include <kern/sched.hpp>
#include <kern/thread.hpp>

namespace kern {

namespace {

InvocationResult fail(const SyscallError& e) { return InvocationResult::failure(e); }

bool released(const SchedContext& sc) { return sc.active() && refill::ready(sc, sched::now()); }

InvocationResult bind(const InvocationMessage& msg, SchedContext& sc) {
    if (msg.extra_cap_count < 1) return fail(SyscallError::truncated_message());
    const Cap& cap = msg.extra_caps[0].cap;
    switch (cap.type()) {
    case CapType::Thread: {
        if (sc.tcb != nullptr) return fail(SyscallError::illegal_operation());
        Tcb& t = *tcb_of_object(cap.object());
        if (t.sc != nullptr) return fail(SyscallError::illegal_operation());
        if (is_blocked(t.state) && !released(sc)) return fail(SyscallError::illegal_operation());
        msg.begin_perform();
        sc::bind_tcb(sc, t);
        return InvocationResult::success();
    }
    case CapType::Notification: {
        if (sc.notification != nullptr) return fail(SyscallError::illegal_operation());
        Notification& n = *phys_to_virt<Notification>(cap.object());
        if (n.sc != nullptr) return fail(SyscallError::illegal_operation());
        msg.begin_perform();
        sc::bind_notification(sc, n);
        return InvocationResult::success();
    }
    default:
        return fail(SyscallError::invalid_capability(1));
    }
}

InvocationResult unbind_object(const InvocationMessage& msg, SchedContext& sc) {
    if (msg.extra_cap_count < 1) return fail(SyscallError::truncated_message());
    const Cap& cap = msg.extra_caps[0].cap;
    switch (cap.type()) {
    case CapType::Thread:
        if (sc.tcb != tcb_of_object(cap.object())) return fail(SyscallError::illegal_operation());
        if (sc.tcb == current_thread()) return fail(SyscallError::illegal_operation());
        msg.begin_perform();
        sc::unbind_tcb(sc);
        return InvocationResult::success();
    case CapType::Notification:
        if (sc.notification != phys_to_virt<Notification>(cap.object())) return fail(SyscallError::illegal_operation());
        msg.begin_perform();
        sc::unbind_notification(&sc);
        return InvocationResult::success();
    default:
        return fail(SyscallError::invalid_capability(1));
    }
}

InvocationResult unbind(const InvocationMessage& msg, SchedContext& sc) {
    if (sc.tcb != nullptr && sc.tcb == current_thread()) return fail(SyscallError::illegal_operation());
    msg.begin_perform();
    if (sc.tcb != nullptr) sc::unbind_tcb(sc);
    sc::unbind_notification(&sc);
    sc::unbind_reply(sc);
    return InvocationResult::success();
}

// A YieldTo that returns at once (setConsumed): the SC's consumed time is
// read and reset; only a Call gets it as its reply (sel4-mcs.md §4.4). The
// caller runs on either way. (A YieldTo that lets the target run first
// replies later, even to Send: sc::complete_yield_to.)
void return_consumed(Tcb& caller, SchedContext& sc, bool is_call) {
    const word_t consumed_us = sc::take_consumed_us(sc);
    if (is_call) {
        caller.context.set_message_register(0, consumed_us);
        caller.context.set_badge_register(0);
        caller.context.set_info_register(MessageInfo::make(0, 0, 0, 1).raw());
    }
    sched::set_thread_state(caller, ThreadState::Running);
}

InvocationResult yield_to(const InvocationMessage& msg, SchedContext& sc) {
    Tcb& caller = *msg.caller;
    if (sc.tcb == nullptr || sc.tcb == &caller) return fail(SyscallError::illegal_operation());
    if (sc.tcb->priority > caller.mcp) return fail(SyscallError::illegal_operation());
    if (caller.yield_to != nullptr) return fail(SyscallError::illegal_operation());
    msg.begin_perform();
    if (sc.yield_from != nullptr) sc::complete_yield_to(sc.yield_from);
    sched::resume_sc(&sc);
    Tcb& target = *sc.tcb;
    if (sched::is_schedulable(target)) {
        if (target.priority < caller.priority) {
            sched::dequeue(target);
            sched::enqueue(target);
        } else {
            // The target runs first; the caller gets its reply when it next runs.
            caller.yield_to = &sc;
            sc.yield_from = &caller;
            sched::dequeue(target);
            sched::enqueue(caller);
            sched::enqueue(target);
            sched::reschedule_required();
            return InvocationResult::success();
        }
    }
    return_consumed(caller, sc, msg.is_call);
    return InvocationResult::success();
}

}  // namespace

InvocationResult invoke_sched_context(const InvocationMessage& msg, const InvocationTarget& target,
                                      InvocationReply& reply) {
    SchedContext& sc = *phys_to_virt<SchedContext>(target.cap.object());
    switch (static_cast<Label>(msg.label)) {
    case Label::SchedContextConsumed:
        msg.begin_perform();
        reply.length = 1;
        reply.mrs[0] = sc::take_consumed_us(sc);
        return InvocationResult::success();
    case Label::SchedContextBind:
        return bind(msg, sc);
    case Label::SchedContextUnbindObject:
        return unbind_object(msg, sc);
    case Label::SchedContextUnbind:
        return unbind(msg, sc);
    case Label::SchedContextYieldTo:
        if (msg.caller == nullptr) return fail(SyscallError::illegal_operation());
        return yield_to(msg, sc);
    default:
        return fail(SyscallError::illegal_operation());
    }
}

InvocationResult invoke_sched_control(const InvocationMessage& msg, const InvocationTarget&, InvocationReply&) {
    if (static_cast<Label>(msg.label) != Label::SchedControlConfigureFlags)
        return fail(SyscallError::illegal_operation());
    if (msg.extra_cap_count < 1 || msg.length < 5) return fail(SyscallError::truncated_message());
    const word_t budget_us = msg.mr(0);
    const word_t period_us = msg.mr(1);
    const word_t extra_refills = msg.mr(2);
    const word_t badge = msg.mr(3);
    const word_t flags = msg.mr(4);
    const SyscallError out_of_range = SyscallError::range_error(min_budget_us, max_period_us);
    if (budget_us > max_period_us || period_us > max_period_us) return fail(out_of_range);
    const ticks_t budget = arch::us_to_ticks(budget_us);
    const ticks_t period = arch::us_to_ticks(period_us);
    if (budget < min_budget || period < min_budget) return fail(out_of_range);
    if (budget > period) return fail(SyscallError::range_error(min_budget_us, period_us));
    const Cap& cap = msg.extra_caps[0].cap;
    if (cap.type() != CapType::SchedContext) return fail(SyscallError::invalid_capability(1));
    const word_t refills = max_refills(cap.as<SchedContextCap>().size_bits());
    if (extra_refills > refills - min_refills) return fail(SyscallError::range_error(0, refills - min_refills));
    msg.begin_perform();

    SchedContext& sc = *phys_to_virt<SchedContext>(cap.object());
    if (Tcb* t = sc.tcb) {
        sched::release_remove(*t);
        sched::dequeue(*t);
        // Bill what the current SC used so far before its refills change.
        if (&sc == sched::current_sc()) sched::commit();
    }
    if (budget == period) {
        refill::reset(sc, min_refills, budget, 0, sched::now());  // round-robin
    } else if (sc.active() && sc.tcb != nullptr && is_runnable(sc.tcb->state)) {
        refill::update(sc, period, budget, extra_refills + min_refills, sched::now());
    } else {
        refill::reset(sc, extra_refills + min_refills, budget, period, sched::now());
    }
    if (Tcb* t = sc.tcb) {
        sched::resume_sc(&sc);
        if (is_runnable(t->state) && t != current_thread()) sched::possible_switch_to(*t);
        if (t == current_thread()) sched::reschedule_required();
    }
    sc.badge = badge;
    sc.sporadic = (flags & 1) != 0 ? 1 : 0;
    return InvocationResult::success();
}

}  // namespace kern
