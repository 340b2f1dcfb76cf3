// SPDX-License-Identifier: BSD-2-Clause
// What a failed invocation looks like from outside (sel4-abi.md §15.3): the
// error reply a Call gets, with exactly the detail words seL4 puts in it,
// and snapshots of a thread and a scheduling context taken before the
// invocation, to show afterwards that it changed nothing.
#pragma once

#include <algorithm>
#include <array>
#include <ostream>
#include <vector>

#include <support/system_fixture.hpp>

namespace test_support {

// An error reply: seL4_Error as the label, then its detail words.
struct ExpectedError {
    kern::Error error;
    std::vector<kern::word_t> mrs;
};

inline ExpectedError invalid_argument(kern::word_t index) { return {kern::Error::InvalidArgument, {index}}; }
inline ExpectedError invalid_capability(kern::word_t index) { return {kern::Error::InvalidCapability, {index}}; }
inline ExpectedError illegal_operation() { return {kern::Error::IllegalOperation, {}}; }
inline ExpectedError range_error(kern::word_t min, kern::word_t max) { return {kern::Error::RangeError, {min, max}}; }
inline ExpectedError alignment_error() { return {kern::Error::AlignmentError, {}}; }
inline ExpectedError truncated_message() { return {kern::Error::TruncatedMessage, {}}; }
inline ExpectedError revoke_first() { return {kern::Error::RevokeFirst, {}}; }

inline std::ostream& operator<<(std::ostream& os, const ExpectedError& e) {
    os << "error " << static_cast<kern::word_t>(e.error) << " {";
    for (const kern::word_t w : e.mrs) os << ' ' << w;
    return os << " }";
}

// After a Call that failed: label = the error, length = its detail words
// and those words, no caps, badge 0, and the caller runs on.
inline void expect_error_reply(System& sys, kern::Tcb& caller, const ExpectedError& expected) {
    const Received got = sys.received(caller);
    EXPECT_EQ(got.info.label(), static_cast<kern::word_t>(expected.error)) << "expected " << expected;
    EXPECT_EQ(got.mrs, expected.mrs) << "expected " << expected;
    EXPECT_EQ(got.info.extra_caps(), 0u);
    EXPECT_EQ(got.info.get<kern::MessageInfo::CapsUnwrapped>(), 0u);
    EXPECT_EQ(got.badge, 0u);
    EXPECT_EQ(caller.state, kern::ThreadState::Running);
}

// Everything of a thread that an invocation could change: state, scheduling
// parameters and queue links, bindings, the five TCB slots and, unless the
// thread is the caller (whose registers carry the reply), every register.
struct ThreadSnapshot {
    explicit ThreadSnapshot(const kern::Tcb& t)
        : state(t.state), priority(t.priority), mcp(t.mcp), in_ready_queue(t.in_ready_queue),
          in_release_queue(t.in_release_queue), blocking_object(t.blocking_object), reply(t.reply),
          fault_type(t.fault.type), sched_next(t.sched_next), sched_prev(t.sched_prev), ep_next(t.ep_next),
          ep_prev(t.ep_prev), sc(t.sc), yield_to(t.yield_to), bound_notification(t.bound_notification),
          ipc_buffer(t.ipc_buffer), flags(t.flags) {
        for (unsigned i = 0; i < kern::tcb_slot_count; ++i) slots[i] = t.slot(static_cast<kern::TcbSlot>(i)).cap;
        std::copy(std::begin(t.context.regs), std::end(t.context.regs), registers.begin());
    }

    kern::ThreadState state;
    unsigned priority, mcp;
    bool in_ready_queue, in_release_queue;
    const void* blocking_object;
    const kern::Reply* reply;
    kern::FaultType fault_type;
    const kern::Tcb *sched_next, *sched_prev, *ep_next, *ep_prev;
    const kern::SchedContext *sc, *yield_to;
    const kern::Notification* bound_notification;
    kern::vaddr_t ipc_buffer;
    kern::word_t flags;
    std::array<kern::Cap, kern::tcb_slot_count> slots;
    std::array<kern::word_t, arch::UserContext::count> registers{};
};

enum class Registers { Compare, Ignore };

inline void expect_unchanged(const ThreadSnapshot& before, const kern::Tcb& t,
                             Registers registers = Registers::Compare) {
    const ThreadSnapshot now(t);
    EXPECT_EQ(now.state, before.state);
    EXPECT_EQ(now.priority, before.priority);
    EXPECT_EQ(now.mcp, before.mcp);
    EXPECT_EQ(now.in_ready_queue, before.in_ready_queue);
    EXPECT_EQ(now.in_release_queue, before.in_release_queue);
    EXPECT_EQ(now.blocking_object, before.blocking_object);
    EXPECT_EQ(now.reply, before.reply);
    EXPECT_EQ(now.fault_type, before.fault_type);
    EXPECT_EQ(now.sched_next, before.sched_next);
    EXPECT_EQ(now.sched_prev, before.sched_prev);
    EXPECT_EQ(now.ep_next, before.ep_next);
    EXPECT_EQ(now.ep_prev, before.ep_prev);
    EXPECT_EQ(now.sc, before.sc);
    EXPECT_EQ(now.yield_to, before.yield_to);
    EXPECT_EQ(now.bound_notification, before.bound_notification);
    EXPECT_EQ(now.ipc_buffer, before.ipc_buffer);
    EXPECT_EQ(now.flags, before.flags);
    for (unsigned i = 0; i < kern::tcb_slot_count; ++i) EXPECT_EQ(now.slots[i], before.slots[i]) << "TCB slot " << i;
    if (registers == Registers::Compare) {
        for (unsigned i = 0; i < arch::UserContext::count; ++i)
            EXPECT_EQ(now.registers[i], before.registers[i]) << "register " << i;
    }
}

// A scheduling context's bindings, parameters and refills.
struct ScSnapshot {
    explicit ScSnapshot(const kern::SchedContext& sc)
        : period(sc.period), consumed(sc.consumed), tcb(sc.tcb), reply(sc.reply), notification(sc.notification),
          badge(sc.badge), yield_from(sc.yield_from), refill_max(sc.refill_max), refill_head(sc.refill_head),
          refill_tail(sc.refill_tail), sporadic(sc.sporadic), refills(sc.refills(), sc.refills() + sc.refill_max) {}

    kern::ticks_t period, consumed;
    const kern::Tcb* tcb;
    const kern::Reply* reply;
    const kern::Notification* notification;
    kern::word_t badge;
    const kern::Tcb* yield_from;
    kern::word_t refill_max, refill_head, refill_tail, sporadic;
    std::vector<kern::Refill> refills;
};

inline void expect_unchanged(const ScSnapshot& before, const kern::SchedContext& sc) {
    const ScSnapshot now(sc);
    EXPECT_EQ(now.period, before.period);
    EXPECT_EQ(now.consumed, before.consumed);
    EXPECT_EQ(now.tcb, before.tcb);
    EXPECT_EQ(now.reply, before.reply);
    EXPECT_EQ(now.notification, before.notification);
    EXPECT_EQ(now.badge, before.badge);
    EXPECT_EQ(now.yield_from, before.yield_from);
    EXPECT_EQ(now.refill_max, before.refill_max);
    EXPECT_EQ(now.refill_head, before.refill_head);
    EXPECT_EQ(now.refill_tail, before.refill_tail);
    EXPECT_EQ(now.sporadic, before.sporadic);
    EXPECT_TRUE(now.refills == before.refills) << "the refills changed";
}

}  // namespace test_support
