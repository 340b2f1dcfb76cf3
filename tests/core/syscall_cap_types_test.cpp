// SPDX-License-Identifier: BSD-2-Clause
// What each system call does with a cap it cannot use (sel4-mcs.md §1.2,
// sel4-abi.md §1.3, §4.3, §16.6): a CPtr that does not resolve, an empty
// slot or an extra cap that does not resolve in the send phase (cap fault,
// error reply or nothing, by syscall), every wrong cap type in the receive
// phase (cap fault), the reply register of the receiving syscalls, the
// lookup-failure words of cap fault messages, and Yield, which names no cap.
#include <support/fault_watch.hpp>
#include <support/invocation_errors.hpp>

namespace {

using namespace kern;
using namespace test_support;

enum class Problem {
    Unresolvable,          // the invoked CPtr does not resolve
    EmptySlot,             // it resolves to a null cap
    UnresolvableExtraCap,  // an endpoint with a waiting receiver, but an extra cap does not resolve
};
enum class Outcome { CapFault, Nothing, InvalidCapabilityZero };

struct SendPhaseCase {
    const char* name;
    Syscall syscall;
    Problem problem;
    Outcome outcome;
};
void PrintTo(const SendPhaseCase& c, std::ostream* os) { *os << c.name; }

bool has_receive_phase(Syscall s) {
    return s == Syscall::ReplyRecv || s == Syscall::NBSendRecv || s == Syscall::NBSendWait;
}

class SendPhaseTest : public ::testing::TestWithParam<SendPhaseCase> {
protected:
    void SetUp() override {
        listener = sys.spawn(150);
        sys.recv(*listener, listened, sys.make_reply());
        ASSERT_EQ(&sys.current(), watch.subject.tcb);
        sys.signal(*watch.subject, sys.mint(ready, CapRights::all(), 0x5));
    }
    System sys;
    FaultWatch watch{sys};
    const word_t listened = sys.make_endpoint();
    const word_t ready = sys.make_notification();  // signalled: a receive phase on it returns at once
    System::Thread listener{};
};

TEST_P(SendPhaseTest, CapsThatCannotBeUsed) {
    const SendPhaseCase& c = GetParam();
    Tcb& subject = *watch.subject;
    const word_t empty = sys.new_cptr();
    word_t cptr = c.problem == Problem::Unresolvable ? unresolvable_cptr : c.problem == Problem::EmptySlot ? empty : listened;
    std::vector<word_t> caps;
    if (c.problem == Problem::UnresolvableExtraCap) caps.push_back(unresolvable_cptr);
    const word_t faulting_cptr = c.problem == Problem::UnresolvableExtraCap ? unresolvable_cptr : cptr;

    sys.load_message(subject, 0x33, {1, 2}, caps);
    const word_t sent_info = subject.context.info_register();
    switch (c.syscall) {
    case Syscall::ReplyRecv: sys.syscall(subject, c.syscall, {{0, ready}, {6, cptr}}); break;
    case Syscall::NBSendRecv: sys.syscall(subject, c.syscall, {{0, ready}, {6, sys.make_reply()}, {8, cptr}}); break;
    case Syscall::NBSendWait: sys.syscall(subject, c.syscall, {{0, ready}, {6, cptr}}); break;
    default: sys.syscall(subject, c.syscall, {{0, cptr}, {6, 0}}); break;
    }

    // Whatever happened, nothing was sent.
    EXPECT_EQ(listener->state, ThreadState::BlockedOnReceive);
    switch (c.outcome) {
    case Outcome::CapFault:
        watch.expect_cap_fault(faulting_cptr, false, unresolvable_lookup_failure);
        break;
    case Outcome::InvalidCapabilityZero:
        watch.expect_no_fault();
        expect_error_reply(sys, subject, invalid_capability(0));
        break;
    case Outcome::Nothing:
        watch.expect_no_fault();
        EXPECT_EQ(subject.state, ThreadState::Running);
        if (has_receive_phase(c.syscall)) {
            EXPECT_EQ(subject.context.reg(0), 0x5u) << "the receive phase did not run";
        } else {
            EXPECT_EQ(subject.context.info_register(), sent_info) << "something was written back";
        }
        break;
    }
}

const SendPhaseCase send_phase_cases[] = {
    // Blocking sends fault on lookups; a null cap is an invocation error, reported to Call only.
    {"SendUnresolvable", Syscall::Send, Problem::Unresolvable, Outcome::CapFault},
    {"SendEmptySlot", Syscall::Send, Problem::EmptySlot, Outcome::Nothing},
    {"SendUnresolvableExtraCap", Syscall::Send, Problem::UnresolvableExtraCap, Outcome::CapFault},
    {"CallUnresolvable", Syscall::Call, Problem::Unresolvable, Outcome::CapFault},
    {"CallEmptySlot", Syscall::Call, Problem::EmptySlot, Outcome::InvalidCapabilityZero},
    {"CallUnresolvableExtraCap", Syscall::Call, Problem::UnresolvableExtraCap, Outcome::CapFault},
    // Non-blocking sends ignore everything; first phases then receive all the same.
    {"NBSendUnresolvable", Syscall::NBSend, Problem::Unresolvable, Outcome::Nothing},
    {"NBSendEmptySlot", Syscall::NBSend, Problem::EmptySlot, Outcome::Nothing},
    {"NBSendUnresolvableExtraCap", Syscall::NBSend, Problem::UnresolvableExtraCap, Outcome::Nothing},
    {"ReplyRecvUnresolvable", Syscall::ReplyRecv, Problem::Unresolvable, Outcome::Nothing},
    {"ReplyRecvEmptySlot", Syscall::ReplyRecv, Problem::EmptySlot, Outcome::Nothing},
    {"ReplyRecvUnresolvableExtraCap", Syscall::ReplyRecv, Problem::UnresolvableExtraCap, Outcome::Nothing},
    {"NBSendRecvUnresolvable", Syscall::NBSendRecv, Problem::Unresolvable, Outcome::Nothing},
    {"NBSendRecvEmptySlot", Syscall::NBSendRecv, Problem::EmptySlot, Outcome::Nothing},
    {"NBSendRecvUnresolvableExtraCap", Syscall::NBSendRecv, Problem::UnresolvableExtraCap, Outcome::Nothing},
    {"NBSendWaitUnresolvable", Syscall::NBSendWait, Problem::Unresolvable, Outcome::Nothing},
    {"NBSendWaitEmptySlot", Syscall::NBSendWait, Problem::EmptySlot, Outcome::Nothing},
    {"NBSendWaitUnresolvableExtraCap", Syscall::NBSendWait, Problem::UnresolvableExtraCap, Outcome::Nothing},
};

INSTANTIATE_TEST_SUITE_P(Syscalls, SendPhaseTest, ::testing::ValuesIn(send_phase_cases),
                         [](const ::testing::TestParamInfo<SendPhaseCase>& info) { return info.param.name; });

// ---- receive phase -------------------------------------------------------------------

// Every cap a receive phase cannot wait on, with the lookup failure its cap
// fault carries.
class ReceivePhaseTest : public ::testing::TestWithParam<Syscall> {
protected:
    struct Source {
        const char* what;
        word_t cptr;
        std::vector<word_t> lookup_failure;
    };
    std::vector<Source> unusable_sources() {
        const word_t frame = sys.new_cptr();
        cdt::insert_root(sys.slot(frame), FrameCap::make(sys.allocate(page_bits), FrameSize::Small,
                                                          VmRights::ReadWrite, false));
        const word_t bound_elsewhere = sys.make_notification();
        EXPECT_EQ(sys.invoke(*watch.subject, watch.handler.cptr, Label::TCBBindNotification, {}, {bound_elsewhere}),
                  0u);
        return {
            {"an unresolvable CPtr", unresolvable_cptr, unresolvable_lookup_failure},
            {"an empty slot", sys.new_cptr(), missing_capability},
            {"a TCB", System::root_tcb_cptr, missing_capability},
            {"a CNode", sys.make_root_cnode_cap(), missing_capability},
            {"a scheduling context", System::root_sc_cptr, missing_capability},
            {"the SchedControl cap", System::sched_control_cptr, missing_capability},
            {"a reply object", sys.make_reply(), missing_capability},
            {"an untyped", sys.make_untyped(12), missing_capability},
            {"a frame", frame, missing_capability},
            {"an endpoint without Read", sys.make_endpoint(CapRights::make(false, false, false, true)),
             missing_capability},
            {"a notification without Read", sys.make_notification(CapRights::make(false, false, false, true)),
             missing_capability},
            {"a notification bound to another thread", bound_elsewhere, missing_capability},
        };
    }
    // The syscall as the subject: `src` in the cap register, a reply
    // object where one is used, and an empty send cap for the first phases.
    void receive_from(word_t src) {
        const Syscall s = GetParam();
        const bool with_reply = s != Syscall::NBSendWait && s != Syscall::Wait && s != Syscall::NBWait;
        sys.syscall(*watch.subject, s, {{0, src}, {6, with_reply ? reply_object : 0}, {8, 0}});
    }
    System sys;
    FaultWatch watch{sys};
    const word_t reply_object = sys.make_reply();
};

TEST_P(ReceivePhaseTest, EveryCapThatIsNotAReadableIpcObjectIsACapFault) {
    for (const Source& source : unusable_sources()) {
        SCOPED_TRACE(source.what);
        receive_from(source.cptr);
        watch.expect_cap_fault(source.cptr, true, source.lookup_failure);
        watch.restart_subject();
    }
}

INSTANTIATE_TEST_SUITE_P(Syscalls, ReceivePhaseTest,
                         ::testing::Values(Syscall::Recv, Syscall::NBRecv, Syscall::Wait, Syscall::NBWait,
                                           Syscall::ReplyRecv, Syscall::NBSendRecv, Syscall::NBSendWait),
                         [](const ::testing::TestParamInfo<Syscall>& info) {
                             return std::string(syscall_name(static_cast<sword_t>(info.param)) + 8);
                         });

// ---- the reply register --------------------------------------------------------------

class ReplyRegisterTest : public ::testing::Test {
protected:
    System sys;
    FaultWatch watch{sys};
    const word_t ep = sys.make_endpoint();
};

// An endpoint receive that can reply looks the reply register up after the
// endpoint: it must resolve to a reply object (sel4-mcs.md §1.2).
TEST_F(ReplyRegisterTest, ReceivesWithAReplyObjectNeedAReplyCap) {
    for (const Syscall s : {Syscall::Recv, Syscall::NBRecv, Syscall::NBSendRecv}) {
        SCOPED_TRACE(syscall_name(static_cast<sword_t>(s)));
        sys.syscall(*watch.subject, s, {{0, ep}, {6, unresolvable_cptr}, {8, 0}});
        watch.expect_cap_fault(unresolvable_cptr, true, unresolvable_lookup_failure);
        watch.restart_subject();
        const word_t empty = sys.new_cptr();
        sys.syscall(*watch.subject, s, {{0, ep}, {6, empty}, {8, 0}});
        watch.expect_cap_fault(empty, true, missing_capability);
        watch.restart_subject();
        const word_t not_a_reply = sys.make_endpoint();
        sys.syscall(*watch.subject, s, {{0, ep}, {6, not_a_reply}, {8, 0}});
        watch.expect_cap_fault(not_a_reply, true, missing_capability);
        watch.restart_subject();
    }
}

// The endpoint is checked first: a bad source is the fault reported.
TEST_F(ReplyRegisterTest, TheSourceIsCheckedBeforeTheReplyRegister) {
    const word_t read_less = sys.make_endpoint(CapRights::make(false, false, false, true));
    sys.syscall(*watch.subject, Syscall::Recv, {{0, read_less}, {6, unresolvable_cptr}});
    watch.expect_cap_fault(read_less, true, missing_capability);
}

// ReplyRecv invokes the cap in the reply register before receiving with it:
// a notification there is signalled, then the receive faults on it.
TEST_F(ReplyRegisterTest, ReplyRecvSignalsANotificationInTheReplyRegisterThenFaults) {
    const word_t n = sys.make_notification();
    sys.syscall(*watch.subject, Syscall::ReplyRecv, {{0, ep}, {6, n}, {1, 0}});
    EXPECT_EQ(sys.object<Notification>(n).state, NotificationState::Active);
    watch.expect_cap_fault(n, true, missing_capability);
}

// libsel4's NBSendWaitWithMRs traps as NBSendRecv with the destination in
// the reply register and 0 in t0 (sel4-mcs.md §1.3): nothing is sent (CPtr 0
// is empty) and the receive faults on the destination as a reply cap.
TEST_F(ReplyRegisterTest, NBSendRecvWithTheDestinationInTheReplyRegister) {
    System::Thread listener = sys.spawn(150);
    const word_t listened = sys.make_endpoint();
    sys.recv(*listener, listened, sys.make_reply());
    sys.load_message(*watch.subject, 0x44, {9});
    sys.syscall(*watch.subject, Syscall::NBSendRecv, {{0, ep}, {6, listened}, {8, 0}});
    EXPECT_EQ(listener->state, ThreadState::BlockedOnReceive);
    watch.expect_cap_fault(listened, true, missing_capability);
}

// Wait, NBWait and NBSendWait never look at the reply register, and a
// receive on a notification ignores it.
TEST_F(ReplyRegisterTest, IgnoredWhereNoReplyObjectIsUsed) {
    Tcb& subject = *watch.subject;
    sys.syscall(subject, Syscall::NBWait, {{0, ep}, {6, unresolvable_cptr}});
    watch.expect_no_fault();
    EXPECT_EQ(subject.state, ThreadState::Running);
    EXPECT_EQ(subject.context.reg(0), 0u);

    const word_t n = sys.make_notification();
    sys.signal(subject, sys.mint(n, CapRights::all(), 0x6));
    sys.syscall(subject, Syscall::Recv, {{0, n}, {6, unresolvable_cptr}});
    watch.expect_no_fault();
    EXPECT_EQ(subject.context.reg(0), 0x6u);

    // NBSendWait's reply register is its destination: unresolvable, so no send.
    sys.syscall(subject, Syscall::NBSendWait, {{0, ep}, {6, unresolvable_cptr}, {8, unresolvable_cptr}});
    watch.expect_no_fault();
    EXPECT_EQ(subject.state, ThreadState::BlockedOnReceive);
    EXPECT_EQ(subject.reply, nullptr);
}

TEST_F(ReplyRegisterTest, WaitOnAnEndpointIgnoresTheReplyRegister) {
    sys.syscall(*watch.subject, Syscall::Wait, {{0, ep}, {6, unresolvable_cptr}});
    watch.expect_no_fault();
    EXPECT_EQ(watch.subject->state, ThreadState::BlockedOnReceive);
    EXPECT_EQ(watch.subject->reply, nullptr);
}

// ---- lookup failures in cap fault messages ---------------------------------------------

// The subject gets a CSpace root with a zero-size guard, so lookups go on
// into CNode caps with guards of their own and can fail in every way
// (sel4-abi.md §4.2, §4.3).
TEST(CapFaultLookupFailureTest, EveryKindOfLookupFailureInTheMessage) {
    System sys;
    FaultWatch watch{sys};
    Tcb& subject = *watch.subject;
    const CNodeCap root_cnode = sys.root().slot(TcbSlot::CTable).cap.as<CNodeCap>();
    const word_t deep = sys.new_cptr();     // guard of 50 bits: 60 bits to resolve, 54 left
    const word_t guarded = sys.new_cptr();  // guard 5 in 4 bits
    cdt::insert_child(sys.root().slot(TcbSlot::CTable), sys.slot(deep), root_cnode.with_guard(50, 0));
    cdt::insert_child(sys.root().slot(TcbSlot::CTable), sys.slot(guarded), root_cnode.with_guard(4, 5));
    ASSERT_EQ(cdt::delete_slot(subject.slot(TcbSlot::CTable)), Completion::Done);
    cdt::insert_child(sys.root().slot(TcbSlot::CTable), subject.slot(TcbSlot::CTable), root_cnode.with_guard(0, 0));
    // Slot k of the root CNode is now CPtr k << 54.
    constexpr unsigned level_shift = 54;

    const word_t depth_mismatch = deep << level_shift;
    sys.call(subject, depth_mismatch, 0);
    watch.expect_cap_fault(depth_mismatch, false, {3, 54, 60});
    watch.restart_subject();

    const word_t guard_mismatch = (guarded << level_shift) | (word_t{3} << 50);
    sys.syscall(subject, Syscall::Recv, {{0, guard_mismatch}, {6, 0}});
    watch.expect_cap_fault(guard_mismatch, true, {4, 54, 5, 4});
    watch.restart_subject();

    ASSERT_EQ(cdt::delete_slot(subject.slot(TcbSlot::CTable)), Completion::Done);
    sys.send(subject, 0x1234, 0);
    watch.expect_cap_fault(0x1234, false, {1});
}

// ---- Yield ----------------------------------------------------------------------------

// Yield names no cap and writes no register (sel4-mcs.md §1.3).
TEST(YieldTest, LooksUpNothingAndWritesNoRegister) {
    System sys;
    FaultWatch watch{sys};
    Tcb& subject = *watch.subject;
    for (unsigned i = 0; i <= 8; ++i) subject.context.set_reg(i, unresolvable_cptr + i);
    subject.context.set_reg(7, static_cast<word_t>(Syscall::Yield));
    const ThreadSnapshot before(subject);
    sys.syscall(subject, Syscall::Yield, {});
    watch.expect_no_fault();
    EXPECT_EQ(&sys.current(), &subject);
    const ThreadSnapshot after(subject);
    for (unsigned i = 0; i < arch::UserContext::count; ++i)
        if (i != arch::UserContext::fault_ip_index && i != arch::UserContext::next_ip_index)
            EXPECT_EQ(after.registers[i], before.registers[i]) << "register " << i;
}

}  // namespace
