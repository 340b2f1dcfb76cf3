// SPDX-License-Identifier: BSD-2-Clause
// Caps invoked with a label or a system call that does not fit them
// (sel4-abi.md §8.1, §9, §15.3; sel4-mcs.md §2.4, §3.5): an endpoint sends
// any label as a message, a notification signals and a reply cap replies
// whatever the label; without Write they fail (Call) or do nothing; CNodes,
// untypeds, frames and TCBs answer an unknown label or a short message with
// an error that only Call sees. Each case checks the caller's reply (or that
// none was written) and that exactly the expected effect happened.
#include <support/fault_watch.hpp>
#include <support/invocation_errors.hpp>

namespace {

using namespace kern;
using namespace test_support;

enum class Target {
    Endpoint,  // a receiver with a reply object waits on it
    EndpointWithoutWrite,
    Notification,
    NotificationWithoutWrite,
    IdleReply,     // a reply object nobody waits on
    CallersReply,  // a caller waits on it
    CNode,
    Untyped,
    Frame,
    Tcb,  // a thread that is never started
    SchedControl,
};
enum class Answer { None, EmptySuccess, Error, CallerBlocks };
enum class Effect { None, Delivered, Signalled, Replied };

struct LabelCase {
    const char* name;
    Syscall syscall;
    Target target;
    word_t label;
    std::vector<word_t> mrs;
    Answer answer;
    Effect effect;
    ExpectedError error{Error::None, {}};  // for Answer::Error
};
void PrintTo(const LabelCase& c, std::ostream* os) { *os << c.name; }

class IpcObjectLabelsTest : public ::testing::TestWithParam<LabelCase> {
protected:
    void SetUp() override {
        listener = sys.spawn(150);
        sys.recv(*listener, endpoint, sys.make_reply());
        ASSERT_EQ(&sys.current(), watch.subject.tcb);
        // The subject serves a caller, who waits on `reply`.
        sys.recv(*watch.subject, served, reply);
        caller = sys.spawn(120);
        sys.call(*caller, served, 1);
        ASSERT_EQ(&sys.current(), watch.subject.tcb);
        ASSERT_EQ(caller->state, ThreadState::BlockedOnReply);
    }

    word_t cptr_of(Target t) {
        switch (t) {
        case Target::Endpoint: return endpoint;
        case Target::EndpointWithoutWrite: return sys.mint(endpoint, CapRights::make(true, true, true, false), 0);
        case Target::Notification: return notification;
        case Target::NotificationWithoutWrite: return sys.mint(notification, CapRights::make(false, false, true, false), 0);
        case Target::IdleReply: return sys.make_reply();
        case Target::CallersReply: return reply;
        case Target::CNode: return sys.make_root_cnode_cap();
        case Target::Untyped: return sys.make_untyped(12);
        case Target::Frame: {
            const word_t cptr = sys.new_cptr();
            cdt::insert_root(sys.slot(cptr), FrameCap::make(sys.allocate(page_bits), FrameSize::Small,
                                                             VmRights::ReadWrite, false));
            return cptr;
        }
        case Target::Tcb: return bare.cptr;
        case Target::SchedControl: return System::sched_control_cptr;
        }
        return 0;
    }

    System sys;
    FaultWatch watch{sys};
    const word_t endpoint = sys.make_endpoint();
    const word_t notification = sys.make_notification();
    const word_t served = sys.make_endpoint();
    const word_t reply = sys.make_reply();
    System::Thread listener{}, caller{};
    const System::Thread bare = sys.make_thread();
};

TEST_P(IpcObjectLabelsTest, AnswersAndEffects) {
    const LabelCase& c = GetParam();
    Tcb& subject = *watch.subject;
    const word_t cptr = cptr_of(c.target);
    const ThreadSnapshot listener_before(*listener), caller_before(*caller), bare_before(*bare);
    sys.send_like(subject, c.syscall, cptr, c.label, c.mrs);
    const word_t sent_info = MessageInfo::make(c.label, 0, 0, c.mrs.size()).raw();

    watch.expect_no_fault();
    switch (c.answer) {
    case Answer::None:
        EXPECT_EQ(subject.state, ThreadState::Running);
        EXPECT_EQ(subject.context.info_register(), sent_info) << "something was written back";
        break;
    case Answer::EmptySuccess: expect_error_reply(sys, subject, {Error::None, {}}); break;
    case Answer::Error: expect_error_reply(sys, subject, c.error); break;
    case Answer::CallerBlocks: EXPECT_EQ(subject.state, ThreadState::BlockedOnReply); break;
    }

    if (c.effect == Effect::Delivered) {
        const Received got = sys.received(*listener);
        EXPECT_EQ(listener->state, ThreadState::Running);
        EXPECT_EQ(got.info.label(), c.label);
        EXPECT_EQ(got.mrs, c.mrs);
    } else {
        expect_unchanged(listener_before, *listener);
    }
    EXPECT_EQ(sys.object<Notification>(notification).state == NotificationState::Active, c.effect == Effect::Signalled);
    if (c.effect == Effect::Replied) {
        const Received got = sys.received(*caller);
        EXPECT_EQ(caller->state, ThreadState::Running);
        EXPECT_EQ(got.info.label(), c.label);
        EXPECT_EQ(got.mrs, c.mrs);
        EXPECT_EQ(got.badge, 0u);
    } else {
        expect_unchanged(caller_before, *caller);
    }
    expect_unchanged(bare_before, *bare);
}

constexpr word_t tcb_suspend = label_of(Label::TCBSuspend);
const LabelCase label_cases[] = {
    // Endpoints: the label is the message's; no Write, no message.
    {"CallEndpointWithATcbLabel", Syscall::Call, Target::Endpoint, tcb_suspend, {4, 5}, Answer::CallerBlocks,
     Effect::Delivered},
    {"SendEndpointWithAnUntypedLabel", Syscall::Send, Target::Endpoint, label_of(Label::UntypedRetype),
     {1, 2, 3, 4, 5, 6}, Answer::None, Effect::Delivered},
    {"SendEndpointWithoutWrite", Syscall::Send, Target::EndpointWithoutWrite, 0, {}, Answer::None, Effect::None},
    {"NBSendEndpointWithoutWrite", Syscall::NBSend, Target::EndpointWithoutWrite, 0, {1}, Answer::None,
     Effect::None},
    // Notifications: any label signals; Call gets an empty success reply.
    {"CallNotificationWithATcbLabel", Syscall::Call, Target::Notification, label_of(Label::TCBSetPriority), {7},
     Answer::EmptySuccess, Effect::Signalled},
    {"SendNotificationWithALabelAndWords", Syscall::Send, Target::Notification, 0x77, {1, 2}, Answer::None,
     Effect::Signalled},
    {"NBSendNotification", Syscall::NBSend, Target::Notification, 0x77, {}, Answer::None, Effect::Signalled},
    {"CallNotificationWithoutWrite", Syscall::Call, Target::NotificationWithoutWrite, 0, {}, Answer::Error,
     Effect::None, invalid_capability(0)},
    {"SendNotificationWithoutWrite", Syscall::Send, Target::NotificationWithoutWrite, 0, {}, Answer::None,
     Effect::None},
    // Reply objects: any label replies; with nobody waiting nothing happens, not even an error.
    {"CallReplyNobodyWaitsOn", Syscall::Call, Target::IdleReply, tcb_suspend, {3}, Answer::EmptySuccess,
     Effect::None},
    {"NBSendReplyNobodyWaitsOn", Syscall::NBSend, Target::IdleReply, 0, {}, Answer::None, Effect::None},
    {"CallReplyOfAWaitingCaller", Syscall::Call, Target::CallersReply, 0x55, {9, 8}, Answer::EmptySuccess,
     Effect::Replied},
    {"NBSendReplyOfAWaitingCaller", Syscall::NBSend, Target::CallersReply, tcb_suspend, {7}, Answer::None,
     Effect::Replied},
    // CNodes: labels outside Revoke..Rotate are illegal, short messages truncated.
    {"CallCNodeWithATcbLabel", Syscall::Call, Target::CNode, tcb_suspend, {}, Answer::Error, Effect::None,
     illegal_operation()},
    {"CallCNodeWithInvalidInvocation", Syscall::Call, Target::CNode, 0, {5, 64}, Answer::Error, Effect::None,
     illegal_operation()},
    {"CallCNodeWithASchedContextLabel", Syscall::Call, Target::CNode, label_of(Label::SchedContextBind), {},
     Answer::Error, Effect::None, illegal_operation()},
    {"CallCNodeDeleteWithOneWord", Syscall::Call, Target::CNode, label_of(Label::CNodeDelete), {5}, Answer::Error,
     Effect::None, truncated_message()},
    {"SendCNodeWithATcbLabel", Syscall::Send, Target::CNode, tcb_suspend, {}, Answer::None, Effect::None},
    // Untypeds: only Retype.
    {"CallUntypedWithACNodeLabel", Syscall::Call, Target::Untyped, label_of(Label::CNodeCopy), {1, 64, 2, 64, 0},
     Answer::Error, Effect::None, illegal_operation()},
    {"CallUntypedWithInvalidInvocation", Syscall::Call, Target::Untyped, 0, {}, Answer::Error, Effect::None,
     illegal_operation()},
    {"CallUntypedRetypeWithTwoWords", Syscall::Call, Target::Untyped, label_of(Label::UntypedRetype), {2, 0},
     Answer::Error, Effect::None, truncated_message()},
    {"NBSendUntypedWithACNodeLabel", Syscall::NBSend, Target::Untyped, label_of(Label::CNodeCopy), {}, Answer::None,
     Effect::None},
    // Other objects.
    {"CallFrameWithInvalidInvocation", Syscall::Call, Target::Frame, 0, {}, Answer::Error, Effect::None,
     illegal_operation()},
    {"CallTcbSetPriorityWithoutAuthority", Syscall::Call, Target::Tcb, label_of(Label::TCBSetPriority), {7},
     Answer::Error, Effect::None, truncated_message()},
    {"SendTcbSetPriorityWithoutAuthority", Syscall::Send, Target::Tcb, label_of(Label::TCBSetPriority), {7},
     Answer::None, Effect::None},
    {"NBSendSchedControlWithATcbLabel", Syscall::NBSend, Target::SchedControl, tcb_suspend, {}, Answer::None,
     Effect::None},
};

INSTANTIATE_TEST_SUITE_P(Caps, IpcObjectLabelsTest, ::testing::ValuesIn(label_cases),
                         [](const ::testing::TestParamInfo<LabelCase>& info) { return info.param.name; });

}  // namespace
