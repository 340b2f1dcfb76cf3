// SPDX-License-Identifier: BSD-2-Clause
// MCS paths on the host state machine that the other suites do not reach:
// YieldTo to a thread of equal priority, the untracked donation of the
// NBSendWait send phase, VM-fault messages, Consumed through Send,
// reconfiguring a running thread's SC, and a reply that returns an
// exhausted SC to a caller with a timeout handler (sel4-mcs.md §3.5, §4.3,
// §4.4, §5.3, §8).
#include <support/system_fixture.hpp>

namespace {

using namespace kern;
using test_support::System;
using test_support::label_of;

class McsPathsTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(sys.invoke(sys.root(), System::root_tcb_cptr, Label::TCBSetPriority, {10}, {System::root_tcb_cptr}),
                  0u);
    }
    System sys;
};

TEST_F(McsPathsTest, YieldToAThreadOfEqualPriorityRunsItFirstAndRepliesLater) {
    System::Thread target = sys.make_thread();
    const word_t sc = sys.make_sched_context();
    ASSERT_EQ(sys.configure_sc(sc, 1000, 1000), 0u);
    ASSERT_EQ(sys.set_sched_params(target, 10, sc), 0u);
    ASSERT_EQ(sys.resume(target), 0u);
    ASSERT_EQ(&sys.current(), &sys.root());  // equal priority: appended behind the root
    sys.advance_us(100);
    sys.call(sys.root(), sc, label_of(Label::SchedContextYieldTo));
    // The target runs now; the root's reply waits until it runs again.
    ASSERT_EQ(&sys.current(), target.tcb);
    EXPECT_EQ(sys.root().yield_to, &sys.object<SchedContext>(sc));
    sys.syscall(*target, Syscall::Yield, {});
    ASSERT_EQ(&sys.current(), &sys.root());
    EXPECT_EQ(sys.root().yield_to, nullptr);
    EXPECT_EQ(MessageInfo{sys.root().context.reg(1)}.length(), 1u);
    EXPECT_EQ(MessageInfo{sys.root().context.reg(1)}.label(), 0u);
}

TEST_F(McsPathsTest, NBSendWaitToAPassiveReceiverDonatesTheScForGood) {
    const word_t ep = sys.make_endpoint();
    const word_t wait_on = sys.make_notification();
    System::Thread receiver = sys.spawn(100);
    sys.wait(*receiver, ep);
    ASSERT_EQ(sys.invoke(sys.current(), receiver.cptr + 1, Label::SchedContextUnbind), 0u);
    System::Thread sender = sys.spawn(50);
    SchedContext* sc = sender->sc;
    ASSERT_EQ(&sys.current(), sender.tcb);
    sys.load_message(*sender, 3, {7});
    // NBSendWait: destination in the reply register, receive on the cap register.
    sys.syscall(*sender, Syscall::NBSendWait, {{0, wait_on}, {6, ep}});
    EXPECT_EQ(receiver->sc, sc);
    EXPECT_EQ(sender->sc, nullptr);
    EXPECT_EQ(sc->reply, nullptr);  // not tracked by any reply object
    EXPECT_EQ(sender->state, ThreadState::BlockedOnNotification);
    ASSERT_EQ(&sys.current(), receiver.tcb);
    EXPECT_EQ(sys.received(*receiver).mrs, (std::vector<word_t>{7}));
}

TEST_F(McsPathsTest, VmFaultMessage) {
    const word_t ep = sys.make_endpoint();
    const word_t handler_cap = sys.mint(ep, CapRights::make(true, false, true, true), 0);
    const word_t reply = sys.make_reply();
    System::Thread handler = sys.spawn(200);
    sys.recv(*handler, ep, reply);
    System::Thread t = sys.make_thread();
    const word_t sc = sys.make_sched_context();
    ASSERT_EQ(sys.configure_sc(sc, 1000, 1000), 0u);
    ASSERT_EQ(sys.set_sched_params(t, 100, sc, handler_cap), 0u);
    ASSERT_EQ(sys.resume(t), 0u);
    ASSERT_EQ(&sys.current(), t.tcb);
    t->context.set_pc(0x4000);
    const UserFault fault{UserFault::Kind::VMFault, 0x4000, 0xdead000, 7, "store page fault", false};
    (void)handle_user_fault(t->context, fault);
    ASSERT_EQ(&sys.current(), handler.tcb);
    const auto got = sys.received(*handler);
    EXPECT_EQ(got.info.label(), static_cast<word_t>(FaultType::VMFault));
    EXPECT_EQ(got.mrs, (std::vector<word_t>{0x4000, 0xdead000, 0, 7}));
    // The reply restarts the thread at the faulting instruction.
    sys.reply_recv(*handler, ep, reply, 0);
    ASSERT_EQ(&sys.current(), t.tcb);
    EXPECT_EQ(t->context.next_ip(), 0x4000u);
}

TEST_F(McsPathsTest, ConsumedThroughSendStillResetsTheCounter) {
    const word_t sc = sys.make_sched_context();
    ASSERT_EQ(sys.configure_sc(sc, 1000, 1000), 0u);
    sys.object<SchedContext>(sc).consumed = arch::us_to_ticks(50);
    sys.root().context.set_message_register(0, 0x1234);
    sys.send(sys.root(), sc, label_of(Label::SchedContextConsumed));
    EXPECT_EQ(sys.object<SchedContext>(sc).consumed, 0u);
    EXPECT_EQ(sys.root().context.message_register(0), 0x1234u);  // no reply written
}

TEST_F(McsPathsTest, ReconfiguringTheScOfARunnableThreadKeepsItsBandwidth) {
    System::Thread t = sys.spawn(5, true, 1000, 10000);  // below the root: runnable, not running
    SchedContext& sc = *t->sc;
    ASSERT_FALSE(sc.round_robin());
    ASSERT_EQ(sys.configure_sc(t.cptr + 1, 2000, 10000), 0u);
    // refill_update: the head (1000 µs, ready) plus the rest one period later.
    EXPECT_EQ(refill::size(sc), 2u);
    EXPECT_EQ(refill::head(sc).amount, arch::us_to_ticks(1000));
    EXPECT_EQ(refill::total(sc), arch::us_to_ticks(2000));
    ASSERT_EQ(sys.configure_sc(t.cptr + 1, 3000, 3000), 0u);  // round-robin: a fresh full budget
    EXPECT_TRUE(sc.round_robin());
    EXPECT_EQ(refill::head(sc).amount, arch::us_to_ticks(3000));
}

TEST_F(McsPathsTest, ReplyReturningAnExhaustedScRaisesATimeoutFaultOnTheCaller) {
    const word_t tep = sys.make_endpoint();
    const word_t treply = sys.make_reply();
    System::Thread timeout_handler = sys.spawn(210);
    sys.recv(*timeout_handler, tep, treply);
    const word_t ep = sys.make_endpoint();
    const word_t reply = sys.make_reply();
    System::Thread server = sys.spawn(200);
    sys.recv(*server, ep, reply);
    ASSERT_EQ(sys.invoke(sys.current(), server.cptr + 1, Label::SchedContextUnbind), 0u);
    // The client: 1 ms every 100 ms, with a timeout handler.
    System::Thread client = sys.make_thread();
    const word_t csc = sys.make_sched_context();
    ASSERT_EQ(sys.configure_sc(csc, 1000, 100000, 0, 0x77), 0u);
    ASSERT_EQ(sys.set_sched_params(client, 100, csc), 0u);
    ASSERT_EQ(sys.invoke(sys.root(), client.cptr, Label::TCBSetTimeoutEndpoint, {},
                         {sys.mint(tep, CapRights::make(true, false, true, true), 1)}),
              0u);
    ASSERT_EQ(sys.resume(client), 0u);
    sys.call(*client, ep, 1);
    ASSERT_EQ(&sys.current(), server.tcb);
    // The server uses up the client's budget; it has no timeout handler, so
    // the SC goes to the release queue with the server on it.
    sys.advance_us(1000);
    sys.timer_interrupt();
    EXPECT_TRUE(server->in_release_queue);
    // A reply while the SC is exhausted hands it back and faults the client.
    sys.root().context.set_reg(0, 0);  // (the root runs now)
    ASSERT_EQ(&sys.current(), &sys.root());
    sys.send(sys.root(), reply, 0);
    EXPECT_EQ(client->state, ThreadState::BlockedOnReply);  // now waiting for the timeout handler
    EXPECT_EQ(client->fault.type, FaultType::Timeout);
    ASSERT_EQ(&sys.current(), timeout_handler.tcb);
    EXPECT_EQ(sys.received(*timeout_handler).mrs.front(), 0x77u);
}

}  // namespace
