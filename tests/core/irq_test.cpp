// SPDX-License-Identifier: BSD-2-Clause
// Interrupts as capabilities on the host state machine (sel4-abi.md §12,
// §15.3; invariants.md §2.6): IRQControl_Get / GetTrigger and their errors
// in seL4's order, IRQHandler SetNotification / Ack / Clear, delivery
// through the fake interrupt controller, and deleting the last handler cap.
#include <kern/invariants.hpp>
#include <kern/irq.hpp>
#include <support/system_fixture.hpp>

namespace {

using namespace kern;
using test_support::System;

constexpr word_t depth = 64;

class IrqTest : public ::testing::Test {
protected:
    void SetUp() override {
        arch::reset_host_irqs();
        irq::init();
        ASSERT_EQ(sys.invoke(sys.root(), System::root_tcb_cptr, Label::TCBSetPriority, {10}, {System::root_tcb_cptr}),
                  0u);
        control = sys.new_cptr();
        cdt::insert_root(sys.slot(control), make_simple_cap(CapType::IrqControl));
        cnode = sys.make_root_cnode_cap();
    }
    void TearDown() override {
        irq::init();
        arch::reset_host_irqs();
    }

    word_t get(word_t irq, word_t dest) {
        return sys.invoke(sys.root(), control, Label::IRQIssueIRQHandler, {irq, dest, depth}, {cnode});
    }
    word_t get_trigger(word_t irq, word_t edge, word_t dest) {
        return sys.invoke(sys.root(), control, static_cast<Label>(arch::irq_issue_trigger_label),
                          {irq, edge, dest, depth}, {cnode});
    }
    word_t handler(word_t irq) {
        const word_t h = sys.new_cptr();
        EXPECT_EQ(get(irq, h), 0u);
        return h;
    }
    word_t set_notification(word_t h, word_t ntfn) {
        return sys.invoke(sys.root(), h, Label::IRQSetIRQHandler, {}, {ntfn});
    }
    word_t ack(word_t h) { return sys.invoke(sys.root(), h, Label::IRQAckIRQ); }
    // The device raises `irq`: delivered only if the controller lets it through.
    bool raise(word_t irq) {
        if (!arch::host_irq_deliverable(irq)) return false;
        sys.enter([irq] { kern::handle_interrupt(irq); });
        return true;
    }
    MessageInfo reply_info() { return MessageInfo{sys.root().context.reg(1)}; }
    word_t mr(unsigned i) { return sys.root().context.message_register(i); }

    System sys;
    word_t control = 0;
    word_t cnode = 0;
};

TEST_F(IrqTest, GetIssuesAHandlerCapChildOfIrqControlAndEnablesTheLine) {
    const word_t h = sys.new_cptr();
    EXPECT_EQ(get(5, h), 0u);
    ASSERT_EQ(sys.slot(h).cap.type(), CapType::IrqHandler);
    EXPECT_EQ(sys.slot(h).cap.as<IrqHandlerCap>().irq(), 5u);
    EXPECT_TRUE(cdt::is_mdb_parent_of(sys.slot(control), sys.slot(h)));
    EXPECT_TRUE(sys.slot(h).mdb.revocable());
    EXPECT_EQ(irq::state(5), irq::IrqState::Signal);
    EXPECT_TRUE(arch::host_irq_line(5).enabled);
    EXPECT_FALSE(arch::host_irq_line(6).enabled);
}

TEST_F(IrqTest, GetErrorsInSeL4Order) {
    const word_t h = sys.new_cptr();
    // Too short, or no CNode cap: TruncatedMessage before anything else.
    EXPECT_EQ(sys.invoke(sys.root(), control, Label::IRQIssueIRQHandler, {arch::irq_max + 1, h}, {cnode}),
              static_cast<word_t>(Error::TruncatedMessage));
    EXPECT_EQ(sys.invoke(sys.root(), control, Label::IRQIssueIRQHandler, {5, h, depth}),
              static_cast<word_t>(Error::TruncatedMessage));
    // Out of range (IRQ 0 is "no IRQ" on the PLIC numbering the host uses).
    for (word_t bad : {word_t{0}, arch::irq_max + 1, ~word_t{0}}) {
        EXPECT_EQ(get(bad, h), static_cast<word_t>(Error::RangeError)) << bad;
        EXPECT_EQ(reply_info().length(), 2u);
        EXPECT_EQ(mr(0), arch::irq_first);
        EXPECT_EQ(mr(1), arch::irq_max);
    }
    // The range is checked before the slot: a bad slot and a bad IRQ is RangeError.
    EXPECT_EQ(sys.invoke(sys.root(), control, Label::IRQIssueIRQHandler, {0, h, 3}, {cnode}),
              static_cast<word_t>(Error::RangeError));
    // Active IRQ: RevokeFirst, before the destination is looked at.
    const word_t first = handler(7);
    EXPECT_EQ(get(7, first), static_cast<word_t>(Error::RevokeFirst));
    EXPECT_EQ(sys.invoke(sys.root(), control, Label::IRQIssueIRQHandler, {7, h, 3}, {cnode}),
              static_cast<word_t>(Error::RevokeFirst));
    // Destination: lookup failure (depth mismatch), then not empty.
    EXPECT_EQ(sys.invoke(sys.root(), control, Label::IRQIssueIRQHandler, {8, h, 3}, {cnode}),
              static_cast<word_t>(Error::FailedLookup));
    EXPECT_EQ(mr(0), 0u);  // not a source lookup
    EXPECT_EQ(get(8, first), static_cast<word_t>(Error::DeleteFirst));
    EXPECT_EQ(irq::state(8), irq::IrqState::Inactive);
    // A label IRQControl does not have.
    EXPECT_EQ(sys.invoke(sys.root(), control, Label::IRQAckIRQ, {8, h, depth}, {cnode}),
              static_cast<word_t>(Error::IllegalOperation));
}

TEST_F(IrqTest, KernelOwnedIrqIsNeverHandedOut) {
    irq::set_kernel_owned(27);
    EXPECT_EQ(get(27, sys.new_cptr()), static_cast<word_t>(Error::RevokeFirst));
    EXPECT_EQ(irq::state(27), irq::IrqState::KernelTimer);
}

TEST_F(IrqTest, GetTriggerProgramsTheTrigger) {
    const word_t h = sys.new_cptr();
    EXPECT_EQ(sys.invoke(sys.root(), control, static_cast<Label>(arch::irq_issue_trigger_label), {9, 1, h}, {cnode}),
              static_cast<word_t>(Error::TruncatedMessage));
    EXPECT_EQ(get_trigger(arch::irq_max + 1, 1, h), static_cast<word_t>(Error::RangeError));
    EXPECT_EQ(get_trigger(9, 1, h), 0u);
    EXPECT_TRUE(arch::host_irq_line(9).edge);
    EXPECT_EQ(irq::state(9), irq::IrqState::Signal);
    EXPECT_EQ(get_trigger(10, 0, sys.new_cptr()), 0u);
    EXPECT_FALSE(arch::host_irq_line(10).edge);
}

TEST_F(IrqTest, SetNotificationStoresACdtCopyWithItsBadge) {
    const word_t h = handler(3);
    const word_t n = sys.make_notification();
    const word_t badged = sys.mint(n, CapRights::all(), 0x40);
    EXPECT_EQ(set_notification(h, badged), 0u);
    const Cte& stored = irq::notification_slot(3);
    ASSERT_EQ(stored.cap.type(), CapType::Notification);
    EXPECT_EQ(stored.cap.as<NotificationCap>().badge(), 0x40u);
    EXPECT_TRUE(cdt::is_mdb_parent_of(sys.slot(n), stored));
    // Replacing it deletes the old copy.
    EXPECT_EQ(set_notification(h, n), 0u);
    EXPECT_EQ(irq::notification_slot(3).cap.as<NotificationCap>().badge(), 0u);
    // Clear removes it.
    EXPECT_EQ(sys.invoke(sys.root(), h, Label::IRQClearIRQHandler), 0u);
    EXPECT_TRUE(irq::notification_slot(3).empty());
    EXPECT_EQ(irq::state(3), irq::IrqState::Signal);
}

TEST_F(IrqTest, SetNotificationErrors) {
    const word_t h = handler(3);
    EXPECT_EQ(sys.invoke(sys.root(), h, Label::IRQSetIRQHandler), static_cast<word_t>(Error::TruncatedMessage));
    // Not a notification, or one without Write: InvalidCapability reported as cap 0.
    const word_t ep = sys.make_endpoint();
    EXPECT_EQ(set_notification(h, ep), static_cast<word_t>(Error::InvalidCapability));
    EXPECT_EQ(mr(0), 0u);
    const word_t n = sys.make_notification();
    const word_t read_only = sys.mint(n, CapRights::make(false, false, true, false), 0);
    EXPECT_EQ(set_notification(h, read_only), static_cast<word_t>(Error::InvalidCapability));
    EXPECT_EQ(mr(0), 0u);
    EXPECT_TRUE(irq::notification_slot(3).empty());
    EXPECT_EQ(sys.invoke(sys.root(), h, Label::CNodeCopy), static_cast<word_t>(Error::IllegalOperation));
}

TEST_F(IrqTest, InterruptWakesAThreadWaitingOnTheNotificationWithTheBadge) {
    const word_t h = handler(4);
    const word_t n = sys.make_notification();
    EXPECT_EQ(set_notification(h, sys.mint(n, CapRights::all(), 0x8)), 0u);
    System::Thread waiter = sys.spawn(20);
    ASSERT_EQ(&sys.current(), waiter.tcb);
    sys.wait(*waiter, n);
    EXPECT_EQ(waiter->state, ThreadState::BlockedOnNotification);
    ASSERT_EQ(&sys.current(), &sys.root());

    EXPECT_TRUE(raise(4));
    EXPECT_EQ(&sys.current(), waiter.tcb);  // higher priority: runs at once
    EXPECT_EQ(waiter->context.reg(0), 0x8u);
    // Held until Ack: a second interrupt does not get through.
    EXPECT_TRUE(arch::host_irq_line(4).held);
    EXPECT_FALSE(raise(4));
    sys.wait(*waiter, n);
    // Ack with Send (no reply, as libmicrokit does) ends the hold.
    sys.send(sys.root(), h, test_support::label_of(Label::IRQAckIRQ));
    EXPECT_EQ(arch::host_irq_line(4).acks, 1u);
    EXPECT_FALSE(arch::host_irq_line(4).held);
    EXPECT_TRUE(raise(4));
    EXPECT_EQ(&sys.current(), waiter.tcb);
    EXPECT_EQ(waiter->context.reg(0), 0x8u);
}

TEST_F(IrqTest, InterruptWithNobodyWaitingLeavesTheBadgePending) {
    const word_t h = handler(4);
    const word_t n = sys.make_notification();
    EXPECT_EQ(set_notification(h, sys.mint(n, CapRights::all(), 0x2)), 0u);
    EXPECT_TRUE(raise(4));
    EXPECT_EQ(sys.object<Notification>(n).state, NotificationState::Active);
    EXPECT_EQ(sys.object<Notification>(n).word, 0x2u);
}

TEST_F(IrqTest, InterruptWithoutNotificationIsDroppedButStillHeld) {
    const word_t h = handler(6);
    arch::host_console().clear();
    EXPECT_TRUE(raise(6));
    EXPECT_NE(arch::host_console().find("Undelivered IRQ: 6"), std::string::npos);
    EXPECT_FALSE(raise(6));
    EXPECT_EQ(ack(h), 0u);
    EXPECT_TRUE(raise(6));
}

TEST_F(IrqTest, InterruptOnAnInactiveIrqMasksIt) {
    arch::host_irq_line(11).enabled = true;  // a controller that let it through
    EXPECT_TRUE(raise(11));
    EXPECT_FALSE(arch::host_irq_line(11).enabled);
}

TEST_F(IrqTest, DeletingTheLastHandlerCapClearsTheBindingAndMasks) {
    const word_t h = handler(12);
    const word_t copy = sys.new_cptr();
    cdt::insert_child(sys.slot(h), sys.slot(copy), sys.slot(h).cap);
    const word_t n = sys.make_notification();
    EXPECT_EQ(set_notification(h, n), 0u);
    // Not the last cap: nothing changes.
    EXPECT_EQ(sys.invoke(sys.root(), cnode, Label::CNodeDelete, {copy, depth}), 0u);
    EXPECT_EQ(irq::state(12), irq::IrqState::Signal);
    EXPECT_FALSE(irq::notification_slot(12).empty());
    // The last one: binding gone, IRQ inactive and masked, Get works again.
    EXPECT_EQ(sys.invoke(sys.root(), cnode, Label::CNodeDelete, {h, depth}), 0u);
    EXPECT_EQ(irq::state(12), irq::IrqState::Inactive);
    EXPECT_TRUE(irq::notification_slot(12).empty());
    EXPECT_FALSE(arch::host_irq_line(12).enabled);
    EXPECT_FALSE(raise(12));
    EXPECT_EQ(get(12, sys.new_cptr()), 0u);
}

TEST_F(IrqTest, RevokingIrqControlDeletesEveryHandler) {
    (void)handler(13);
    (void)handler(14);
    EXPECT_EQ(sys.invoke(sys.root(), cnode, Label::CNodeRevoke, {control, depth}), 0u);
    EXPECT_EQ(irq::state(13), irq::IrqState::Inactive);
    EXPECT_EQ(irq::state(14), irq::IrqState::Inactive);
}

TEST_F(IrqTest, DeletingTheNotificationRemovesTheStoredCopy) {
    const word_t h = handler(15);
    const word_t n = sys.make_notification();
    EXPECT_EQ(set_notification(h, n), 0u);
    // Revoke of the notification cap deletes its CDT children, the IRQ's slot included.
    EXPECT_EQ(sys.invoke(sys.root(), cnode, Label::CNodeRevoke, {n, depth}), 0u);
    EXPECT_TRUE(irq::notification_slot(15).empty());
    arch::host_console().clear();
    EXPECT_TRUE(raise(15));
    EXPECT_NE(arch::host_console().find("Undelivered IRQ: 15"), std::string::npos);
}

TEST_F(IrqTest, TheMachineIdlesWhileAnIrqMayWakeAThread) {
    const word_t h = handler(16);
    const word_t n = sys.make_notification();
    EXPECT_EQ(set_notification(h, n), 0u);
    EXPECT_TRUE(irq::may_signal());
    // The only thread blocks on the notification: no stop, the device wakes it.
    sys.wait(sys.root(), n);
    EXPECT_EQ(sys.root().state, ThreadState::BlockedOnNotification);
    EXPECT_TRUE(raise(16));
    EXPECT_EQ(&sys.current(), &sys.root());
    EXPECT_EQ(sys.root().state, ThreadState::Running);
}

TEST_F(IrqTest, WithoutAnyLiveIrqBlockingTheLastThreadStopsTheMachine) {
    const word_t n = sys.make_notification();
    EXPECT_FALSE(irq::may_signal());
    sys.root().context.set_reg(7, static_cast<word_t>(Syscall::Wait));
    sys.root().context.set_reg(0, n);
    sys.root().context.set_reg(6, 0);
    EXPECT_THROW((void)kern::handle_syscall(sys.root().context), arch::MachineExit);
}

TEST_F(IrqTest, InvariantsHoldAndCatchABrokenIrqState) {
    const word_t h = handler(17);
    const word_t n = sys.make_notification();
    EXPECT_EQ(set_notification(h, n), 0u);
    // The stored copy is found even when it is the notification's last cap.
    cdt::remove(sys.slot(n));
    EXPECT_FALSE(invariants::check());
    // valid_irq_handlers: a handler cap for an IRQ that is not in state Signal.
    irq::deleted_handler(17);
    const invariants::Violation v = invariants::check();
    ASSERT_TRUE(v);
    EXPECT_STREQ(v.check, "valid_irq_handlers");
    irq::activate(17);
    // valid_irq_node: the IRQ's slot holds something else than a notification.
    const word_t ep = sys.make_endpoint();
    irq::deleting_handler(17);
    cdt::insert_child(sys.slot(ep), irq::notification_slot(17), sys.slot(ep).cap);
    const invariants::Violation w = invariants::check();
    ASSERT_TRUE(w);
    EXPECT_STREQ(w.check, "valid_irq_node");
    cdt::remove(irq::notification_slot(17));
    EXPECT_FALSE(invariants::check());
}

}  // namespace
