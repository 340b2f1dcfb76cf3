// SPDX-License-Identifier: BSD-2-Clause
// The send phase of ReplyRecv, NBSendRecv and NBSendWait through every kind
// of cap (sel4-mcs.md §1.2): it is a non-blocking invocation of whatever
// the cap is, except that TCB, CNode, SchedContext and SchedControl caps are
// refused; lookup failures and errors are dropped; and the receive phase
// follows in every case. Each case checks that exactly the expected effect
// (or none) happened and that the receive phase ran.
#include <kern/preemption.hpp>
#include <support/fault_watch.hpp>
#include <support/invocation_errors.hpp>

namespace {

using namespace kern;
using namespace test_support;

constexpr word_t notification_object_type = 3;  // seL4_NotificationObject

// What the send cap of a case is.
enum class SendCap {
    Unresolvable,
    EmptySlot,
    Tcb,                   // Suspend the victim
    CNode,                 // Delete a slot
    SchedContext,          // Unbind the victim's SC
    SchedControl,          // ConfigureFlags of an unconfigured SC
    Endpoint,              // a receiver is waiting
    EndpointWithoutWrite,
    EndpointWithUnresolvableExtraCap,
    Notification,
    NotificationWithoutWrite,
    Reply,                 // a caller waits on it
    Untyped,               // Retype a notification
};

// Everything a send phase could have done.
struct Effects {
    bool suspended = false, unbound = false, deleted = false, configured = false;
    bool delivered = false, signalled = false, replied = false, retyped = false;
};

struct FirstPhaseCase {
    const char* name;
    SendCap cap;
    bool Effects::*effect;  // the one that must happen, or null for none
};
void PrintTo(const FirstPhaseCase& c, std::ostream* os) { *os << c.name; }

class FirstPhaseTest : public ::testing::TestWithParam<std::tuple<Syscall, FirstPhaseCase>> {
protected:
    void SetUp() override {
        listener = sys.spawn(150);
        sys.recv(*listener, listened, sys.make_reply());
        victim = sys.spawn(50);
        ASSERT_EQ(&sys.current(), watch.subject.tcb);
        // The subject serves a caller, who waits on `reply`.
        sys.recv(*watch.subject, served, reply);
        caller = sys.spawn(120);
        ASSERT_EQ(&sys.current(), caller.tcb);
        sys.call(*caller, served, 1);
        ASSERT_EQ(&sys.current(), watch.subject.tcb);
        ASSERT_EQ(caller->state, ThreadState::BlockedOnReply);
        sys.signal(*watch.subject, sys.mint(ready, CapRights::all(), 0x5));
    }

    Effects observe() {
        Effects e;
        e.suspended = victim->state == ThreadState::Inactive;
        e.unbound = victim->sc == nullptr;
        e.deleted = sys.slot(doomed).cap.is_null();
        e.configured = sys.object<SchedContext>(fresh_sc).active();
        e.delivered = listener->state != ThreadState::BlockedOnReceive;
        e.signalled = sys.object<Notification>(bell).state == NotificationState::Active;
        e.replied = caller->state != ThreadState::BlockedOnReply;
        e.retyped = !sys.slot(retype_into).cap.is_null();
        return e;
    }

    // Loads the message for `cap` and returns the CPtr to send it to.
    word_t prepare(SendCap cap) {
        Tcb& subject = *watch.subject;
        switch (cap) {
        case SendCap::Unresolvable: return unresolvable_cptr;
        case SendCap::EmptySlot: return sys.new_cptr();
        case SendCap::Tcb: sys.load_message(subject, label_of(Label::TCBSuspend), {}); return victim.cptr;
        case SendCap::CNode:
            sys.load_message(subject, label_of(Label::CNodeDelete), {doomed, 64});
            return sys.make_root_cnode_cap();
        case SendCap::SchedContext: sys.load_message(subject, label_of(Label::SchedContextUnbind), {}); return victim.cptr + 1;
        case SendCap::SchedControl:
            sys.load_message(subject, label_of(Label::SchedControlConfigureFlags), {1000, 1000, 0, 0, 0}, {fresh_sc});
            return System::sched_control_cptr;
        case SendCap::Endpoint: return listened;
        case SendCap::EndpointWithoutWrite: return sys.mint(listened, CapRights::make(true, true, true, false), 0);
        case SendCap::EndpointWithUnresolvableExtraCap:
            sys.load_message(subject, 0x33, {1}, {unresolvable_cptr});
            return listened;
        case SendCap::Notification: return bell;
        case SendCap::NotificationWithoutWrite: return sys.mint(bell, CapRights::make(false, false, true, false), 0);
        case SendCap::Reply: return reply;
        case SendCap::Untyped:
            sys.load_message(subject, label_of(Label::UntypedRetype),
                             {notification_object_type, 0, 0, 0, retype_into, 1}, {sys.make_root_cnode_cap()});
            return sys.make_untyped(12);
        }
        return 0;
    }

    System sys;
    FaultWatch watch{sys};
    const word_t listened = sys.make_endpoint();
    const word_t served = sys.make_endpoint();
    const word_t reply = sys.make_reply();
    const word_t ready = sys.make_notification();  // signalled: the receive phase returns at once
    const word_t bell = sys.make_notification();
    const word_t fresh_sc = sys.make_sched_context();
    const word_t doomed = sys.make_endpoint();
    const word_t retype_into = sys.new_cptr();
    System::Thread listener{}, victim{}, caller{};
};

TEST_P(FirstPhaseTest, InvokesTheCapOrDropsItThenReceives) {
    const auto& [syscall, c] = GetParam();
    Tcb& subject = *watch.subject;
    sys.load_message(subject, 0x33, {1, 2});
    const word_t dest = prepare(c.cap);
    switch (syscall) {
    case Syscall::NBSendRecv: sys.syscall(subject, syscall, {{0, ready}, {6, reply}, {8, dest}}); break;
    default: sys.syscall(subject, syscall, {{0, ready}, {6, dest}, {8, 0}}); break;
    }

    Effects expected;
    if (c.effect != nullptr) expected.*(c.effect) = true;
    const Effects got = observe();
    EXPECT_EQ(got.suspended, expected.suspended);
    EXPECT_EQ(got.unbound, expected.unbound);
    EXPECT_EQ(got.deleted, expected.deleted);
    EXPECT_EQ(got.configured, expected.configured);
    EXPECT_EQ(got.delivered, expected.delivered);
    EXPECT_EQ(got.signalled, expected.signalled);
    EXPECT_EQ(got.replied, expected.replied);
    EXPECT_EQ(got.retyped, expected.retyped);
    // The receive phase ran and found the signal; no fault, no error reply.
    watch.expect_no_fault();
    EXPECT_EQ(subject.state, ThreadState::Running);
    EXPECT_EQ(subject.context.reg(0), 0x5u);
}

const FirstPhaseCase first_phase_cases[] = {
    {"Unresolvable", SendCap::Unresolvable, nullptr},
    {"EmptySlot", SendCap::EmptySlot, nullptr},
    {"TcbIsRefused", SendCap::Tcb, nullptr},
    {"CNodeIsRefused", SendCap::CNode, nullptr},
    {"SchedContextIsRefused", SendCap::SchedContext, nullptr},
    {"SchedControlIsRefused", SendCap::SchedControl, nullptr},
    {"EndpointSends", SendCap::Endpoint, &Effects::delivered},
    {"EndpointWithoutWrite", SendCap::EndpointWithoutWrite, nullptr},
    {"UnresolvableExtraCapSkipsTheSend", SendCap::EndpointWithUnresolvableExtraCap, nullptr},
    {"NotificationSignals", SendCap::Notification, &Effects::signalled},
    {"NotificationWithoutWrite", SendCap::NotificationWithoutWrite, nullptr},
    {"ReplyReplies", SendCap::Reply, &Effects::replied},
    {"UntypedRetypes", SendCap::Untyped, &Effects::retyped},
};

INSTANTIATE_TEST_SUITE_P(
    SendCaps, FirstPhaseTest,
    ::testing::Combine(::testing::Values(Syscall::ReplyRecv, Syscall::NBSendRecv, Syscall::NBSendWait),
                       ::testing::ValuesIn(first_phase_cases)),
    [](const ::testing::TestParamInfo<std::tuple<Syscall, FirstPhaseCase>>& info) {
        return std::string(syscall_name(static_cast<sword_t>(std::get<0>(info.param))) + 8) +
               std::get<1>(info.param).name;
    });

// The send phase is complete before the receive phase looks at its cap: a
// receive that faults does not undo it.
TEST(FirstPhaseThenFaultTest, TheSendHappensEvenIfTheReceiveFaults) {
    for (const Syscall s : {Syscall::NBSendRecv, Syscall::NBSendWait}) {
        SCOPED_TRACE(syscall_name(static_cast<sword_t>(s)));
        System sys;
        FaultWatch watch{sys};
        const word_t bell = sys.make_notification();
        const unsigned dest_register = s == Syscall::NBSendRecv ? 8 : 6;
        sys.syscall(*watch.subject, s, {{0, System::root_tcb_cptr}, {6, 0}, {8, 0}, {dest_register, bell}, {1, 0}});
        EXPECT_EQ(sys.object<Notification>(bell).state, NotificationState::Active);
        watch.expect_cap_fault(System::root_tcb_cptr, true, missing_capability);
    }
}

// A send phase that is preempted (here an untyped reset) leaves the thread in
// Restart to re-execute the whole system call; the receive phase is skipped
// (sel4-mcs.md §1.2).
TEST(FirstPhaseThenFaultTest, APreemptedSendPhaseSkipsTheReceivePhase) {
    for (const Syscall s : {Syscall::NBSendRecv, Syscall::NBSendWait}) {
        SCOPED_TRACE(syscall_name(static_cast<sword_t>(s)));
        System sys;
        FaultWatch watch{sys};
        Tcb& subject = *watch.subject;
        const word_t ready = sys.make_notification();
        sys.signal(subject, ready);
        // An untyped whose whole memory must be zeroed before it is retyped.
        constexpr unsigned untyped_bits = 16;
        const word_t untyped = sys.new_cptr();
        cdt::insert_root(sys.slot(untyped), UntypedCap::make(sys.allocate(untyped_bits), untyped_bits, false,
                                                              word_t{1} << untyped_bits));
        const word_t into = sys.new_cptr();
        sys.load_message(subject, label_of(Label::UntypedRetype), {notification_object_type, 0, 0, 0, into, 1},
                         {sys.make_root_cnode_cap()});
        subject.context.set_reg(0, 0x77);
        const unsigned dest_register = s == Syscall::NBSendRecv ? 8 : 6;
        kern::testing::preempt_after(5);
        sys.syscall(subject, s, {{0, ready}, {6, 0}, {8, 0}, {dest_register, untyped}});
        kern::testing::preempt_after(0);

        EXPECT_TRUE(sys.slot(into).empty());
        EXPECT_EQ(sys.object<Notification>(ready).state, NotificationState::Active) << "the receive phase ran";
        EXPECT_EQ(subject.context.next_ip(), subject.context.fault_ip()) << "the system call is not re-executed";
        watch.expect_no_fault();
    }
}

}  // namespace
