// SPDX-License-Identifier: BSD-2-Clause
// Error paths of the TCB invocations that need a set-up of their own
// (sel4-mcs.md §7.2, §9.1, sel4-abi.md §16.7): a caller without an IPC
// buffer, queue positions a failed SetPriority keeps, the flags of failed
// register calls, a thread holding the last cap to its CSpace, and the SC
// of a blocked thread that is not released.
#include <support/invocation_errors.hpp>

namespace {

using namespace kern;
using namespace test_support;

class TcbErrorPathsTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(sys.invoke(sys.root(), System::root_tcb_cptr, Label::TCBSetPriority, {100}, {System::root_tcb_cptr}),
                  0u);
    }
    System sys;
};

// Without an IPC buffer the kernel sees no extra caps and at most the four
// register MRs (sel4-abi.md §16.7): the caps of the message are "missing".
TEST_F(TcbErrorPathsTest, WithoutAnIpcBufferExtraCapsAndLongMessagesAreTruncated) {
    System::Thread caller = sys.spawn(150);
    System::Thread target = sys.make_thread();
    ASSERT_EQ(&sys.current(), caller.tcb);
    ASSERT_EQ(cdt::delete_slot(caller->slot(TcbSlot::Buffer)), Completion::Done);
    const ThreadSnapshot before(*target);

    caller->context.set_info_register(MessageInfo::make(label_of(Label::TCBSetPriority), 0, 1, 1).raw());
    caller->context.set_message_register(0, 7);
    sys.syscall(*caller, Syscall::Call, {{0, target.cptr}, {6, 0}});
    expect_error_reply(sys, *caller, truncated_message());

    // WriteRegisters of 3 registers in a 5-word message: only 4 words arrive.
    caller->context.set_info_register(MessageInfo::make(label_of(Label::TCBWriteRegisters), 0, 0, 5).raw());
    for (unsigned i = 0; i < 4; ++i) caller->context.set_message_register(i, i == 0 ? 0 : i == 1 ? 3 : 0x77);
    sys.syscall(*caller, Syscall::Call, {{0, target.cptr}, {6, 0}});
    expect_error_reply(sys, *caller, truncated_message());
    expect_unchanged(before, *target);

    // Two registers fit: the same message then succeeds.
    caller->context.set_info_register(MessageInfo::make(label_of(Label::TCBWriteRegisters), 0, 0, 5).raw());
    for (unsigned i = 0; i < 4; ++i) caller->context.set_message_register(i, i == 0 ? 0 : i == 1 ? 2 : 0x77);
    sys.syscall(*caller, Syscall::Call, {{0, target.cptr}, {6, 0}});
    EXPECT_EQ(MessageInfo{caller->context.info_register()}.label(), 0u);
    EXPECT_EQ(target->context.user_register(1), 0x77u);
}

// A failed SetPriority leaves a queued sender where it was; a successful
// one, even to the same priority, re-sorts it behind its equals (§9.1).
TEST_F(TcbErrorPathsTest, FailedSetPriorityKeepsTheEndpointQueueOrder) {
    const word_t ep = sys.make_endpoint();
    System::Thread a = sys.spawn(150), b{}, c{};
    sys.send(*a, ep, 1);
    b = sys.spawn(150);
    sys.send(*b, ep, 2);
    c = sys.spawn(150);
    sys.send(*c, ep, 3);
    const System::Thread authority = sys.make_thread();  // MCP 0
    const Endpoint& e = sys.object<Endpoint>(ep);
    ASSERT_EQ(e.queue.head, a.tcb);

    EXPECT_EQ(sys.invoke(sys.root(), a.cptr, Label::TCBSetPriority, {150}, {authority.cptr}),
              static_cast<word_t>(Error::RangeError));
    expect_error_reply(sys, sys.root(), range_error(0, 0));
    EXPECT_EQ(e.queue.head, a.tcb);
    EXPECT_EQ(a->ep_next, b.tcb);
    EXPECT_EQ(e.queue.tail, c.tcb);
    EXPECT_EQ(a->priority, 150u);

    EXPECT_EQ(sys.invoke(sys.root(), a.cptr, Label::TCBSetPriority, {150}, {System::root_tcb_cptr}), 0u);
    EXPECT_EQ(e.queue.head, b.tcb);
    EXPECT_EQ(e.queue.tail, a.tcb);
}

// The same for the ready queue: a successful SetPriority puts the thread at
// the head of its new priority's queue, a failed one does nothing.
TEST_F(TcbErrorPathsTest, FailedSetPriorityKeepsTheReadyQueueOrder) {
    System::Thread one = sys.spawn(50);
    System::Thread two = sys.spawn(50);
    const sched::SchedQueue& queue = sched::view().ready[50];
    ASSERT_NE(queue.head, queue.tail);
    const System::Thread& behind = queue.tail == one.tcb ? one : two;
    Tcb* const ahead = queue.head;

    EXPECT_EQ(sys.invoke(sys.root(), behind.cptr, Label::TCBSetPriority, {50}, {sys.make_endpoint()}),
              static_cast<word_t>(Error::InvalidCapability));
    EXPECT_EQ(queue.head, ahead);
    EXPECT_EQ(queue.tail, behind.tcb);

    EXPECT_EQ(sys.invoke(sys.root(), behind.cptr, Label::TCBSetPriority, {50}, {System::root_tcb_cptr}), 0u);
    EXPECT_EQ(queue.head, behind.tcb);
}

// The flags of a failed call are not acted on: no suspend, no resume.
TEST_F(TcbErrorPathsTest, FailedRegisterCallsNeitherSuspendNorResume) {
    System::Thread started = sys.spawn(50);  // resumed, not run yet: Restart
    System::Thread stopped = sys.make_thread();
    ASSERT_EQ(sys.set_sched_params(stopped, 50, 0), 0u);
    ASSERT_EQ(started->state, ThreadState::Restart);
    ASSERT_EQ(stopped->state, ThreadState::Inactive);

    // ReadRegisters with suspend_source but a bad count.
    EXPECT_EQ(sys.invoke(sys.root(), started.cptr, Label::TCBReadRegisters, {1, 0}),
              static_cast<word_t>(Error::RangeError));
    EXPECT_EQ(started->state, ThreadState::Restart);
    // WriteRegisters with resume_target but too few registers.
    EXPECT_EQ(sys.invoke(sys.root(), stopped.cptr, Label::TCBWriteRegisters, {1, 2, 5}),
              static_cast<word_t>(Error::TruncatedMessage));
    EXPECT_EQ(stopped->state, ThreadState::Inactive);
    // CopyRegisters with suspend_source and resume_target from a non-TCB.
    EXPECT_EQ(sys.invoke(sys.root(), stopped.cptr, Label::TCBCopyRegisters, {3}, {sys.make_notification()}),
              static_cast<word_t>(Error::InvalidCapability));
    EXPECT_EQ(stopped->state, ThreadState::Inactive);
    EXPECT_EQ(started->state, ThreadState::Restart);
    // The same CopyRegisters with the started thread as source acts on both.
    EXPECT_EQ(sys.invoke(sys.root(), stopped.cptr, Label::TCBCopyRegisters, {3}, {started.cptr}), 0u);
    EXPECT_EQ(started->state, ThreadState::Inactive);
    EXPECT_EQ(stopped->state, ThreadState::Restart);
}

// The CSpace root of a thread holding the only cap to its CNode would take a
// long-running delete to replace: Configure and SetSpace refuse it, after
// the buffer checks and before the root caps and the fault handler
// (seL4 slotCapLongRunningDelete).
TEST_F(TcbErrorPathsTest, ConfigureAndSetSpaceRefuseAThreadHoldingTheLastCapToItsCSpace) {
    System::Thread t = sys.make_thread();
    ASSERT_EQ(cdt::delete_slot(t->slot(TcbSlot::CTable)), Completion::Done);
    cdt::insert_root(t->slot(TcbSlot::CTable), CNodeCap::make(sys.allocate(4 + slot_bits), 4, 60, 0));
    const word_t cnode = sys.make_root_cnode_cap();
    const word_t vspace = sys.new_cptr();
    cdt::insert_root(sys.slot(vspace), PageTableCap::make(sys.allocate(page_bits)).with_mapping(1, 0));
    const word_t frame = sys.new_cptr();
    cdt::insert_root(sys.slot(frame), FrameCap::make(sys.allocate(page_bits), FrameSize::Small, VmRights::ReadWrite,
                                                      false));
    const word_t busy_untyped = sys.make_untyped(12);
    ASSERT_EQ(sys.invoke(sys.root(), busy_untyped, Label::UntypedRetype, {2, 0, 0, 0, sys.new_cptr(), 1}, {cnode}), 0u);
    const ThreadSnapshot before(*t);

    // The buffer is checked first.
    sys.call(sys.root(), t.cptr, label_of(Label::TCBConfigure), {0, 0, 0x7010}, {cnode, vspace, frame});
    expect_error_reply(sys, sys.root(), alignment_error());
    // Then the CSpace slot, before the new root is even derived.
    sys.call(sys.root(), t.cptr, label_of(Label::TCBConfigure), {0, 0, 0x7000}, {busy_untyped, vspace, frame});
    expect_error_reply(sys, sys.root(), illegal_operation());
    sys.call(sys.root(), t.cptr, label_of(Label::TCBConfigure), {0, 0, 0x7000}, {cnode, vspace, frame});
    expect_error_reply(sys, sys.root(), illegal_operation());
    sys.call(sys.root(), t.cptr, label_of(Label::TCBSetSpace), {0, 0}, {sys.make_notification(), busy_untyped, vspace});
    expect_error_reply(sys, sys.root(), illegal_operation());
    expect_unchanged(before, *t);

    // With a second cap to that CNode the slot's cap is no longer final.
    const word_t second = sys.new_cptr();
    cdt::insert_child(t->slot(TcbSlot::CTable), sys.slot(second), t->slot(TcbSlot::CTable).cap);
    sys.call(sys.root(), t.cptr, label_of(Label::TCBConfigure), {0, 0, 0x7000}, {busy_untyped, vspace, frame});
    expect_error_reply(sys, sys.root(), revoke_first());
}

// SetSchedParams with the SC the thread already has still needs that SC
// released if the thread is blocked (sel4-mcs.md §7.2): a thread waiting for
// its timeout handler after its budget ran out holds an SC whose next refill
// is in the future.
TEST_F(TcbErrorPathsTest, SetSchedParamsOnABlockedThreadNeedsItsOwnScReleased) {
    const word_t timeout_ep = sys.make_endpoint();
    System::Thread timeout_handler = sys.spawn(200);
    sys.recv(*timeout_handler, timeout_ep, sys.make_reply());
    System::Thread t = sys.make_thread();
    const word_t sc = sys.make_sched_context();
    ASSERT_EQ(sys.configure_sc(sc, 1000, 10000), 0u);
    ASSERT_EQ(sys.set_sched_params(t, 150, sc), 0u);
    ASSERT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBSetTimeoutEndpoint, {},
                         {sys.mint(timeout_ep, CapRights::make(true, false, true, true), 0)}),
              0u);
    ASSERT_EQ(sys.resume(t), 0u);
    ASSERT_EQ(&sys.current(), t.tcb);
    sys.advance_us(1000);
    sys.timer_interrupt();
    ASSERT_EQ(t->state, ThreadState::BlockedOnReply);  // its Timeout fault waits for the handler
    ASSERT_EQ(t->sc, &sys.object<SchedContext>(sc));
    ASSERT_GT(refill::head(*t->sc).release_time, sched::now());
    ASSERT_EQ(&sys.current(), timeout_handler.tcb);
    sys.wait(*timeout_handler, sys.make_notification());  // let the root run
    ASSERT_EQ(&sys.current(), &sys.root());
    const ThreadSnapshot before(*t);
    const ScSnapshot sc_before(*t->sc);

    sys.call(sys.root(), t.cptr, label_of(Label::TCBSetSchedParams), {150, 140}, {System::root_tcb_cptr, sc, 0});
    expect_error_reply(sys, sys.root(), illegal_operation());
    expect_unchanged(before, *t);
    expect_unchanged(sc_before, *t->sc);

    // Once the next refill is due, the same call goes through. (The root's
    // round-robin budget runs out meanwhile: its first entry is charged and
    // not performed, so it yields that one.)
    sys.advance_us(9000);
    sys.syscall(sys.root(), Syscall::Yield, {});
    ASSERT_EQ(&sys.current(), &sys.root());
    sys.call(sys.root(), t.cptr, label_of(Label::TCBSetSchedParams), {150, 140}, {System::root_tcb_cptr, sc, 0});
    EXPECT_EQ(MessageInfo{sys.root().context.info_register()}.label(), 0u);
    EXPECT_EQ(t->priority, 140u);
}

}  // namespace
