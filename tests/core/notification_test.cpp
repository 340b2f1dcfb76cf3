// SPDX-License-Identifier: BSD-2-Clause
// Notifications on the host state machine (sel4-abi.md §9, sel4-mcs.md §5.5,
// §6): OR of badges, waking the first waiter, bound notifications waking an
// endpoint receive, SC lending to passive waiters, deletion.
#include <support/system_fixture.hpp>

namespace {

using namespace kern;
using test_support::System;
using test_support::label_of;

class NotificationTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(sys.invoke(sys.root(), System::root_tcb_cptr, Label::TCBSetPriority, {10}, {System::root_tcb_cptr}),
                  0u);
    }
    word_t cnode_copy() {
        const word_t cnode = sys.make_root_cnode_cap();
        return cnode;
    }
    System sys;
};

TEST_F(NotificationTest, SignalsOrTogetherAndWaitConsumesTheWord) {
    const word_t n = sys.make_notification();
    const word_t b1 = sys.mint(n, CapRights::all(), 0x1);
    const word_t b4 = sys.mint(n, CapRights::all(), 0x4);
    sys.signal(sys.root(), b1);
    sys.signal(sys.root(), b4);
    EXPECT_EQ(sys.object<Notification>(n).state, NotificationState::Active);
    sys.root().context.set_reg(1, 0x1234);
    sys.wait(sys.root(), n);
    EXPECT_EQ(sys.root().context.reg(0), 0x5u);
    EXPECT_EQ(sys.root().context.reg(1), 0x1234u);  // the info register is not written (sel4-abi.md §16.1)
    EXPECT_EQ(sys.object<Notification>(n).state, NotificationState::Idle);
}

TEST_F(NotificationTest, UnbadgedSignalIsNotLost) {
    const word_t n = sys.make_notification();
    sys.signal(sys.root(), n);
    sys.syscall(sys.root(), Syscall::NBWait, {{0, n}, {0, n}});
    EXPECT_EQ(sys.object<Notification>(n).state, NotificationState::Idle);
    EXPECT_EQ(sys.root().context.reg(0), 0u);
    EXPECT_EQ(sys.root().state, ThreadState::Running);
}

TEST_F(NotificationTest, PollWithNothingPendingReturnsBadgeZero) {
    const word_t n = sys.make_notification();
    sys.root().context.set_reg(0, 0);
    sys.syscall(sys.root(), Syscall::NBWait, {{0, n}});
    EXPECT_EQ(sys.root().context.reg(0), 0u);
    EXPECT_EQ(sys.root().state, ThreadState::Running);
}

TEST_F(NotificationTest, SignalWakesTheHighestPriorityWaiterWithTheBadge) {
    const word_t n = sys.make_notification();
    const word_t badged = sys.mint(n, CapRights::all(), 0x30);
    System::Thread low = sys.spawn(100);
    sys.wait(*low, n);
    System::Thread high = sys.spawn(120);
    sys.wait(*high, n);
    ASSERT_EQ(&sys.current(), &sys.root());
    sys.signal(sys.root(), badged);
    ASSERT_EQ(&sys.current(), high.tcb);
    EXPECT_EQ(high->context.reg(0), 0x30u);
    EXPECT_EQ(low->state, ThreadState::BlockedOnNotification);
    EXPECT_EQ(sys.object<Notification>(n).state, NotificationState::Waiting);
}

TEST_F(NotificationTest, BoundNotificationWakesAnEndpointReceive) {
    const word_t n = sys.make_notification();
    const word_t badged = sys.mint(n, CapRights::all(), 0x8);
    const word_t ep = sys.make_endpoint();
    System::Thread t = sys.spawn(100);
    ASSERT_EQ(sys.invoke(sys.current(), t.cptr, Label::TCBBindNotification, {}, {n}), 0u);
    sys.recv(*t, ep, sys.make_reply());
    EXPECT_EQ(t->state, ThreadState::BlockedOnReceive);
    sys.signal(sys.root(), badged);
    ASSERT_EQ(&sys.current(), t.tcb);
    EXPECT_EQ(t->context.reg(0), 0x8u);
    EXPECT_TRUE(sys.object<Endpoint>(ep).queue.empty());
    EXPECT_EQ(t->reply, nullptr);
}

TEST_F(NotificationTest, PendingBoundSignalIsReceivedBeforeQueuedSenders) {
    const word_t n = sys.make_notification();
    const word_t ep = sys.make_endpoint();
    ASSERT_EQ(sys.invoke(sys.root(), System::root_tcb_cptr, Label::TCBBindNotification, {}, {n}), 0u);
    System::Thread sender = sys.spawn(100);
    sys.send(*sender, ep, 5);
    sys.signal(sys.root(), sys.mint(n, CapRights::all(), 2));
    sys.recv(sys.root(), ep, sys.make_reply());
    EXPECT_EQ(sys.root().context.reg(0), 2u);
    EXPECT_EQ(sender->state, ThreadState::BlockedOnSend);
}

TEST_F(NotificationTest, WaitingOnANotificationBoundToAnotherThreadIsACapFault) {
    const word_t n = sys.make_notification();
    System::Thread t = sys.spawn(5, true);  // lower than root: it does not run
    ASSERT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBBindNotification, {}, {n}), 0u);
    // The root thread has no fault handler: it stops (sel4-abi.md §16.11).
    sys.wait(sys.root(), n);
    EXPECT_EQ(sys.root().state, ThreadState::Inactive);
    EXPECT_NE(arch::host_console().find("cap fault in receive phase"), std::string::npos);
}

TEST_F(NotificationTest, PassiveWaiterBorrowsTheNotificationsScAndReturnsItWhenItWaitsAgain) {
    const word_t n = sys.make_notification();
    System::Thread t = sys.spawn(100);
    const word_t sc = t.cptr + 1;
    SchedContext* sc_object = t->sc;
    sys.wait(*t, n);
    // Make it passive, lending the SC through the notification instead.
    ASSERT_EQ(sys.invoke(sys.current(), sc, Label::SchedContextUnbind), 0u);
    ASSERT_EQ(sys.invoke(sys.current(), sc, Label::SchedContextBind, {}, {n}), 0u);
    EXPECT_EQ(t->sc, nullptr);
    sys.signal(sys.root(), n);
    ASSERT_EQ(&sys.current(), t.tcb);
    EXPECT_EQ(t->sc, sc_object);
    sys.wait(*t, n);
    EXPECT_EQ(t->sc, nullptr);
    EXPECT_EQ(sc_object->tcb, nullptr);
    EXPECT_EQ(&sys.current(), &sys.root());
}

TEST_F(NotificationTest, DeletingTheNotificationRestartsWaitersAndUnbinds) {
    const word_t n = sys.make_notification();
    System::Thread waiter = sys.spawn(100);
    sys.wait(*waiter, n);
    System::Thread bound = sys.spawn(5);
    ASSERT_EQ(sys.invoke(sys.root(), bound.cptr, Label::TCBBindNotification, {}, {sys.make_notification()}), 0u);
    const word_t cnode = cnode_copy();
    EXPECT_EQ(sys.invoke(sys.root(), cnode, Label::CNodeDelete, {n, 64}), 0u);
    ASSERT_EQ(&sys.current(), waiter.tcb);
    EXPECT_EQ(waiter->state, ThreadState::Running);
}

TEST_F(NotificationTest, BindNotificationErrors) {
    const word_t n = sys.make_notification();
    const word_t no_read = sys.mint(n, CapRights::make(false, false, false, true), 0);
    System::Thread t = sys.spawn(5);
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBBindNotification, {}, {no_read}),
              static_cast<word_t>(Error::IllegalOperation));
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBBindNotification, {}, {sys.make_endpoint()}),
              static_cast<word_t>(Error::IllegalOperation));
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBBindNotification), static_cast<word_t>(Error::TruncatedMessage));
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBUnbindNotification), static_cast<word_t>(Error::IllegalOperation));
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBBindNotification, {}, {n}), 0u);
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBBindNotification, {}, {n}),
              static_cast<word_t>(Error::IllegalOperation));
    EXPECT_EQ(sys.invoke(sys.root(), System::root_tcb_cptr, Label::TCBBindNotification, {}, {n}),
              static_cast<word_t>(Error::IllegalOperation));
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBUnbindNotification), 0u);
    EXPECT_EQ(sys.object<Notification>(n).bound_tcb, nullptr);
}

}  // namespace
