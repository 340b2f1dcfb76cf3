// SPDX-License-Identifier: BSD-2-Clause
// Faults as IPC on the host state machine (sel4-abi.md §10, sel4-mcs.md §8):
// the message each fault becomes, the reply that restarts or rewrites the
// faulting thread, the no-handler case, and timeout faults on budget expiry.
#include <support/system_fixture.hpp>

namespace {

using namespace kern;
using test_support::System;
using test_support::label_of;

class FaultTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(sys.invoke(sys.root(), System::root_tcb_cptr, Label::TCBSetPriority, {10}, {System::root_tcb_cptr}),
                  0u);
        fault_ep = sys.make_endpoint();
        handler_cap = sys.mint(fault_ep, CapRights::make(true, false, true, true), 0xfa);
        reply = sys.make_reply();
        handler = sys.spawn(200);
        sys.recv(*handler, fault_ep, reply);
    }
    // A thread at priority 100 whose fault handler is `handler_cap` (and
    // timeout handler `timeout_cap`, if any), started.
    System::Thread faulter(word_t budget_us = 1000, word_t period_us = 1000, word_t timeout_cap = 0) {
        System::Thread t = sys.make_thread();
        const word_t sc = sys.make_sched_context();
        EXPECT_EQ(sys.configure_sc(sc, budget_us, period_us, 0, 0x5c), 0u);
        EXPECT_EQ(sys.set_sched_params(t, 100, sc, handler_cap), 0u);
        if (timeout_cap != 0)
            EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBSetTimeoutEndpoint, {}, {timeout_cap}), 0u);
        EXPECT_EQ(sys.resume(t), 0u);
        return t;
    }

    System sys;
    word_t fault_ep = 0, handler_cap = 0, reply = 0;
    System::Thread handler{};
};

TEST_F(FaultTest, UnknownSyscallGoesToTheHandlerAndTheReplyRewritesRegisters) {
    System::Thread t = faulter();
    ASSERT_EQ(&sys.current(), t.tcb);
    t->context.set_reg(3, 0x33);  // a1... arbitrary register contents
    sys.syscall(*t, static_cast<Syscall>(5), {{0, 0xa0}});
    EXPECT_EQ(t->state, ThreadState::BlockedOnReply);
    ASSERT_EQ(&sys.current(), handler.tcb);
    const auto got = sys.received(*handler);
    EXPECT_EQ(got.badge, 0xfau);
    EXPECT_EQ(got.info.label(), static_cast<word_t>(FaultType::UnknownSyscall));
    word_t expected[32];
    const unsigned n = t->context.unknown_syscall_message(expected);
    ASSERT_EQ(got.mrs.size(), n);
    for (unsigned i = 0; i < n; ++i) EXPECT_EQ(got.mrs[i], expected[i]) << "MR" << i;
    EXPECT_EQ(got.mrs.back(), 5u);  // the syscall number is the last word

    // Reply: skip the instruction (FaultIP + 4) and resume (label 0).
    std::vector<word_t> regs(got.mrs.begin(), got.mrs.end() - 1);
    const vaddr_t fault_ip = t->context.fault_ip();
    t->context.set_fault_ip(fault_ip);
    regs[0] = fault_ip + 4;  // RISC-V order: FaultIP first
    sys.reply_recv(*handler, fault_ep, reply, 0, regs);
    ASSERT_EQ(&sys.current(), t.tcb);
    EXPECT_EQ(t->state, ThreadState::Running);
    EXPECT_EQ(t->context.next_ip(), fault_ip + 4);
    EXPECT_FALSE(t->fault.pending());
}

TEST_F(FaultTest, NonZeroReplyLabelLeavesTheThreadInactive) {
    System::Thread t = faulter();
    sys.syscall(*t, static_cast<Syscall>(7), {});
    ASSERT_EQ(&sys.current(), handler.tcb);
    sys.reply_recv(*handler, fault_ep, reply, 1, {});
    EXPECT_EQ(t->state, ThreadState::Inactive);
}

TEST_F(FaultTest, CapFaultMessageCarriesTheLookupFailure) {
    System::Thread t = faulter();
    const word_t bad = word_t{1} << 63;  // the guard (all zero) does not match
    sys.call(*t, bad, 0);
    ASSERT_EQ(&sys.current(), handler.tcb);
    const auto got = sys.received(*handler);
    EXPECT_EQ(got.info.label(), static_cast<word_t>(FaultType::CapFault));
    ASSERT_GE(got.mrs.size(), 4u);
    EXPECT_EQ(got.mrs[0], t->context.fault_ip());
    EXPECT_EQ(got.mrs[1], bad);
    EXPECT_EQ(got.mrs[2], 0u);  // send phase
    EXPECT_EQ(got.mrs[3], static_cast<word_t>(LookupFailure::Kind::GuardMismatch));
    // A cap fault reply restarts the thread at the faulting system call.
    const vaddr_t pc = t->context.fault_ip();
    sys.reply_recv(*handler, fault_ep, reply, 0, {});
    ASSERT_EQ(&sys.current(), t.tcb);
    EXPECT_EQ(t->context.next_ip(), pc);
}

TEST_F(FaultTest, ReceivePhaseCapFaultOnANonEndpoint) {
    System::Thread t = faulter();
    sys.recv(*t, System::sched_control_cptr, 0);
    const auto got = sys.received(*handler);
    EXPECT_EQ(got.info.label(), static_cast<word_t>(FaultType::CapFault));
    EXPECT_EQ(got.mrs[2], 1u);
    EXPECT_EQ(got.mrs[3], static_cast<word_t>(LookupFailure::Kind::MissingCapability));
}

TEST_F(FaultTest, UserExceptionMessage) {
    System::Thread t = faulter();
    const UserFault fault{UserFault::Kind::UserException, t->context.fault_ip(), 0, 2, "illegal instruction"};
    (void)handle_user_fault(t->context, fault);
    ASSERT_EQ(&sys.current(), handler.tcb);
    const auto got = sys.received(*handler);
    EXPECT_EQ(got.info.label(), static_cast<word_t>(FaultType::UserException));
    word_t expected[8];
    const unsigned n = t->context.user_exception_message(expected, 2, 0);
    ASSERT_EQ(got.mrs.size(), n);
    for (unsigned i = 0; i < n; ++i) EXPECT_EQ(got.mrs[i], expected[i]);
}

TEST_F(FaultTest, NoHandlerStopsTheThreadWithSeL4sMessage) {
    arch::host_console().clear();
    System::Thread t = sys.make_thread();
    const word_t sc = sys.make_sched_context();
    ASSERT_EQ(sys.configure_sc(sc, 1000, 1000), 0u);
    ASSERT_EQ(sys.set_sched_params(t, 100, sc), 0u);
    ASSERT_EQ(sys.resume(t), 0u);
    sys.syscall(*t, static_cast<Syscall>(9), {});
    EXPECT_EQ(t->state, ThreadState::Inactive);
    EXPECT_NE(arch::host_console().find("Found thread has no fault handler while trying to handle:\nunknown syscall"),
              std::string::npos)
        << arch::host_console();
}

TEST_F(FaultTest, FaultHandlerMustBeAnEndpointWithWriteAndGrant) {
    System::Thread t = sys.make_thread();
    const word_t no_grant = sys.mint(fault_ep, CapRights::make(false, false, true, true), 0);
    EXPECT_EQ(sys.invoke(sys.current(), t.cptr, Label::TCBSetSchedParams, {0, 0}, {System::root_tcb_cptr, 0, no_grant}),
              static_cast<word_t>(Error::InvalidCapability));
    EXPECT_EQ(sys.current().context.message_register(0), 3u);
    EXPECT_EQ(sys.invoke(sys.current(), t.cptr, Label::TCBSetTimeoutEndpoint, {}, {sys.make_notification()}),
              static_cast<word_t>(Error::InvalidCapability));
    EXPECT_EQ(sys.current().context.message_register(0), 1u);
}

TEST_F(FaultTest, TimeoutFaultWhenTheBudgetRunsOut) {
    const word_t tep = sys.make_endpoint();
    const word_t treply = sys.make_reply();
    System::Thread th = sys.spawn(210);
    sys.recv(*th, tep, treply);
    System::Thread t = faulter(1000, 2000, sys.mint(tep, CapRights::make(true, false, true, true), 0x70));
    ASSERT_EQ(&sys.current(), t.tcb);
    sys.advance_us(1000);
    sys.timer_interrupt();
    ASSERT_EQ(&sys.current(), th.tcb);
    const auto got = sys.received(*th);
    EXPECT_EQ(got.badge, 0x70u);
    EXPECT_EQ(got.info.label(), static_cast<word_t>(FaultType::Timeout));
    ASSERT_EQ(got.mrs.size(), 2u);
    EXPECT_EQ(got.mrs[0], 0x5cu);  // the SC's badge
    EXPECT_GE(got.mrs[1], 1000u);  // consumed µs
    EXPECT_EQ(t->state, ThreadState::BlockedOnReply);
}

}  // namespace
