// SPDX-License-Identifier: BSD-2-Clause
// The error paths of the SchedContext invocations and of
// SchedControl_ConfigureFlags (sel4-mcs.md §4.3, §4.4) that sched_test.cpp
// does not reach, each in seL4's check order: a table of failing Calls with
// the full error reply and no change to any thread, SC or notification;
// then YieldTo's MCP rule and what YieldTo answers to Send.
#include <support/invocation_errors.hpp>

namespace {

using namespace kern;
using namespace test_support;

// The caps of a case, made by the fixture.
enum class Arg {
    Empty,               // an empty slot: a null cap, looked up successfully
    SchedControl,
    RootTcb,             // the caller, bound to RootSc
    Worker,              // runnable at priority 50 on WorkerSc
    Passive,             // blocked on a notification, no SC
    Bare,                // never configured: Inactive, no SC
    Endpoint,
    Reply,
    CNode,
    Notification,        // unbound
    BoundNotification,   // bound to NotificationSc
    RootSc,              // bound to the caller (and lazily to RootNotification)
    WorkerSc,
    NotificationSc,      // bound to BoundNotification, no TCB
    FreeSc,              // configured (round-robin), unbound
    UnconfiguredSc,      // never configured: not released
    LargeSc,             // 2^8 bytes: 8 extra refills at most
};

struct SchedErrorCase {
    const char* name;
    Arg invoked;
    Label label;
    std::vector<word_t> mrs;
    std::vector<Arg> caps;
    ExpectedError expected;
};
void PrintTo(const SchedErrorCase& c, std::ostream* os) { *os << c.name; }

class SchedErrorsTest : public ::testing::TestWithParam<SchedErrorCase> {
protected:
    void SetUp() override {
        ASSERT_EQ(sys.invoke(sys.root(), System::root_tcb_cptr, Label::TCBSetPriority, {100}, {System::root_tcb_cptr}),
                  0u);
        worker = sys.spawn(50);
        worker_sc = worker.cptr + 1;  // spawn makes the SC right after the TCB cap

        waited = sys.make_notification();
        passive = sys.spawn(200);
        sys.wait(*passive, waited);
        ASSERT_EQ(sys.invoke(sys.root(), passive.cptr + 1, Label::SchedContextUnbind), 0u);

        bare = sys.make_thread();

        bound_notification = sys.make_notification();
        notification_sc = configured_sc();
        ASSERT_EQ(sys.invoke(sys.root(), notification_sc, Label::SchedContextBind, {}, {bound_notification}), 0u);
        root_notification = sys.make_notification();
        ASSERT_EQ(sys.invoke(sys.root(), System::root_sc_cptr, Label::SchedContextBind, {}, {root_notification}), 0u);

        free_sc = configured_sc();
        unconfigured_sc = sys.make_sched_context();
        large_sc = sys.make_sched_context(8);
        ASSERT_EQ(sys.configure_sc(large_sc, 1000, 5000, 8), 0u);
    }

    word_t configured_sc() {
        const word_t sc = sys.make_sched_context();
        EXPECT_EQ(sys.configure_sc(sc, 1000, 1000), 0u);
        return sc;
    }

    word_t cptr_of(Arg arg) {
        switch (arg) {
        case Arg::Empty: return sys.new_cptr();
        case Arg::SchedControl: return System::sched_control_cptr;
        case Arg::RootTcb: return System::root_tcb_cptr;
        case Arg::Worker: return worker.cptr;
        case Arg::Passive: return passive.cptr;
        case Arg::Bare: return bare.cptr;
        case Arg::Endpoint: return sys.make_endpoint();
        case Arg::Reply: return sys.make_reply();
        case Arg::CNode: return sys.make_root_cnode_cap();
        case Arg::Notification: return sys.make_notification();
        case Arg::BoundNotification: return bound_notification;
        case Arg::RootSc: return System::root_sc_cptr;
        case Arg::WorkerSc: return worker_sc;
        case Arg::NotificationSc: return notification_sc;
        case Arg::FreeSc: return free_sc;
        case Arg::UnconfiguredSc: return unconfigured_sc;
        case Arg::LargeSc: return large_sc;
        }
        return 0;
    }

    System sys;
    System::Thread worker{}, passive{}, bare{};
    word_t worker_sc = 0, waited = 0, bound_notification = 0, notification_sc = 0, root_notification = 0;
    word_t free_sc = 0, unconfigured_sc = 0, large_sc = 0;
};

TEST_P(SchedErrorsTest, FailsWithSeL4sErrorAndChangesNothing) {
    const SchedErrorCase& c = GetParam();
    const word_t invoked = cptr_of(c.invoked);
    std::vector<word_t> caps;
    for (const Arg arg : c.caps) caps.push_back(cptr_of(arg));

    const ThreadSnapshot root_before(sys.root()), worker_before(*worker), passive_before(*passive), bare_before(*bare);
    std::vector<std::pair<const SchedContext*, ScSnapshot>> scs;
    for (const word_t sc : {System::root_sc_cptr, worker_sc, notification_sc, free_sc, unconfigured_sc, large_sc})
        scs.emplace_back(&sys.object<SchedContext>(sc), ScSnapshot(sys.object<SchedContext>(sc)));
    const SchedContext* bound_sc = sys.object<Notification>(bound_notification).sc;
    const SchedContext* root_notification_sc = sys.object<Notification>(root_notification).sc;

    sys.call(sys.root(), invoked, label_of(c.label), c.mrs, caps);

    expect_error_reply(sys, sys.root(), c.expected);
    EXPECT_EQ(&sys.current(), &sys.root());
    expect_unchanged(root_before, sys.root(), Registers::Ignore);
    expect_unchanged(worker_before, *worker);
    expect_unchanged(passive_before, *passive);
    expect_unchanged(bare_before, *bare);
    for (const auto& [sc, before] : scs) expect_unchanged(before, *sc);
    EXPECT_EQ(sys.object<Notification>(bound_notification).sc, bound_sc);
    EXPECT_EQ(sys.object<Notification>(root_notification).sc, root_notification_sc);
}

using L = Label;
constexpr word_t min_us = min_budget_us;
constexpr word_t max_us = max_period_us;

const SchedErrorCase sched_error_cases[] = {
    // Bind(cap): TCB or notification, each with its own checks.
    {"BindWithoutCap", Arg::FreeSc, L::SchedContextBind, {}, {}, truncated_message()},
    {"BindEmptySlot", Arg::FreeSc, L::SchedContextBind, {}, {Arg::Empty}, invalid_capability(1)},
    {"BindSchedControl", Arg::FreeSc, L::SchedContextBind, {}, {Arg::SchedControl}, invalid_capability(1)},
    {"BindReply", Arg::UnconfiguredSc, L::SchedContextBind, {}, {Arg::Reply}, invalid_capability(1)},
    {"BindCNode", Arg::FreeSc, L::SchedContextBind, {}, {Arg::CNode}, invalid_capability(1)},
    {"BindAThreadThatHasAnSc", Arg::FreeSc, L::SchedContextBind, {}, {Arg::Worker}, illegal_operation()},
    {"BindABoundScToAnotherThread", Arg::WorkerSc, L::SchedContextBind, {}, {Arg::Bare}, illegal_operation()},
    {"BindABlockedThreadToAnUnreleasedSc", Arg::UnconfiguredSc, L::SchedContextBind, {}, {Arg::Passive},
     illegal_operation()},
    {"BindANotificationThatHasAnSc", Arg::FreeSc, L::SchedContextBind, {}, {Arg::BoundNotification},
     illegal_operation()},
    {"BindAnScThatHasANotification", Arg::NotificationSc, L::SchedContextBind, {}, {Arg::Notification},
     illegal_operation()},
    // UnbindObject(cap): only what the SC is bound to, never the caller.
    {"UnbindObjectWithoutCap", Arg::WorkerSc, L::SchedContextUnbindObject, {}, {}, truncated_message()},
    {"UnbindObjectEmptySlot", Arg::WorkerSc, L::SchedContextUnbindObject, {}, {Arg::Empty}, invalid_capability(1)},
    {"UnbindObjectSchedControl", Arg::WorkerSc, L::SchedContextUnbindObject, {}, {Arg::SchedControl},
     invalid_capability(1)},
    {"UnbindObjectAnotherScsThread", Arg::FreeSc, L::SchedContextUnbindObject, {}, {Arg::Worker},
     illegal_operation()},
    {"UnbindObjectTheCurrentThread", Arg::RootSc, L::SchedContextUnbindObject, {}, {Arg::RootTcb},
     illegal_operation()},
    {"UnbindObjectAnotherScsNotification", Arg::FreeSc, L::SchedContextUnbindObject, {}, {Arg::BoundNotification},
     illegal_operation()},
    // Unbind(): refused for the caller's own SC, whose notification binding stays.
    {"UnbindTheCurrentThreadsSc", Arg::RootSc, L::SchedContextUnbind, {}, {}, illegal_operation()},
    // YieldTo() to nobody.
    {"YieldToAnScOfANotificationOnly", Arg::NotificationSc, L::SchedContextYieldTo, {}, {}, illegal_operation()},
    // Labels an SC does not have.
    {"ConfigureFlagsLabelOnAnSc", Arg::FreeSc, L::SchedControlConfigureFlags, {1000, 1000, 0, 0, 0},
     {Arg::FreeSc}, illegal_operation()},
    {"TcbLabelOnAnSc", Arg::WorkerSc, L::TCBSuspend, {}, {}, illegal_operation()},
    {"InvalidInvocationOnAnSc", Arg::WorkerSc, L::InvalidInvocation, {}, {}, illegal_operation()},
    // ConfigureFlags(MR0 budget, MR1 period, MR2 extra refills, MR3 badge, MR4 flags; cap SC):
    // the time ranges, then the cap, then the extra refills.
    {"BudgetAboveTheMaximumPeriod", Arg::SchedControl, L::SchedControlConfigureFlags, {max_us + 1, max_us, 0, 0, 0},
     {Arg::FreeSc}, range_error(min_us, max_us)},
    {"PeriodAboveTheMaximumPeriod", Arg::SchedControl, L::SchedControlConfigureFlags, {1000, max_us + 1, 0, 0, 0},
     {Arg::WorkerSc}, range_error(min_us, max_us)},
    {"BudgetAboveTheMaximumBeforeBudgetAbovePeriod", Arg::SchedControl, L::SchedControlConfigureFlags,
     {max_us + 1, 1000, 0, 0, 0}, {Arg::FreeSc}, range_error(min_us, max_us)},
    {"BudgetJustBelowTheMinimum", Arg::SchedControl, L::SchedControlConfigureFlags, {min_us - 1, 1000, 0, 0, 0},
     {Arg::WorkerSc}, range_error(min_us, max_us)},
    {"PeriodBelowTheMinimumBeforeBudgetAbovePeriod", Arg::SchedControl, L::SchedControlConfigureFlags,
     {min_us, min_us - 1, 0, 0, 0}, {Arg::FreeSc}, range_error(min_us, max_us)},
    {"TimesBeforeTheCap", Arg::SchedControl, L::SchedControlConfigureFlags, {max_us + 1, 1000, 0, 0, 0},
     {Arg::Endpoint}, range_error(min_us, max_us)},
    {"BudgetAbovePeriodBeforeTheCap", Arg::SchedControl, L::SchedControlConfigureFlags, {2000, 1000, 0, 0, 0},
     {Arg::Endpoint}, range_error(min_us, 1000)},
    {"CapBeforeTheExtraRefills", Arg::SchedControl, L::SchedControlConfigureFlags, {1000, 2000, 99, 0, 0},
     {Arg::Endpoint}, invalid_capability(1)},
    {"EmptySlotAsSc", Arg::SchedControl, L::SchedControlConfigureFlags, {1000, 1000, 0, 0, 0}, {Arg::Empty},
     invalid_capability(1)},
    {"TcbAsSc", Arg::SchedControl, L::SchedControlConfigureFlags, {1000, 1000, 0, 0, 0}, {Arg::Worker},
     invalid_capability(1)},
    {"ExtraRefillsOfALargeSc", Arg::SchedControl, L::SchedControlConfigureFlags, {1000, 2000, 9, 0, 0},
     {Arg::LargeSc}, range_error(0, 8)},
    {"ExtraRefillsAreAWholeWord", Arg::SchedControl, L::SchedControlConfigureFlags,
     {1000, 2000, (word_t{1} << 32) + 1, 0, 0}, {Arg::WorkerSc}, range_error(0, 0)},
    {"TruncatedBeforeTheTimes", Arg::SchedControl, L::SchedControlConfigureFlags, {max_us + 1, 1000, 0, 0},
     {Arg::FreeSc}, truncated_message()},
    {"SchedContextLabelOnSchedControl", Arg::SchedControl, L::SchedContextConsumed, {}, {}, illegal_operation()},
    {"InvalidInvocationOnSchedControl", Arg::SchedControl, L::InvalidInvocation, {1000, 1000, 0, 0, 0},
     {Arg::FreeSc}, illegal_operation()},
};

INSTANTIATE_TEST_SUITE_P(SchedInvocations, SchedErrorsTest, ::testing::ValuesIn(sched_error_cases),
                         [](const ::testing::TestParamInfo<SchedErrorCase>& info) { return info.param.name; });

// ---- set-ups of their own ----------------------------------------------------------

class SchedErrorPathsTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(sys.invoke(sys.root(), System::root_tcb_cptr, Label::TCBSetPriority, {100}, {System::root_tcb_cptr}),
                  0u);
    }
    // A thread at `priority` with a configured SC, never started.
    System::Thread unstarted(word_t priority) {
        System::Thread t = sys.make_thread();
        const word_t sc = sys.make_sched_context();
        EXPECT_EQ(sys.configure_sc(sc, 1000, 1000), 0u);
        EXPECT_EQ(sys.set_sched_params(t, priority, sc), 0u);
        return t;
    }
    System sys;
};

// YieldTo compares the target's priority with the caller's MCP, not with
// its priority (sel4-mcs.md §4.4, §9.1).
TEST_F(SchedErrorPathsTest, YieldToATargetAboveTheCallersMcpIsIllegal) {
    const System::Thread above = unstarted(201);
    const System::Thread at_mcp = unstarted(200);
    System::Thread caller = sys.make_thread();
    const word_t caller_sc = sys.make_sched_context();
    ASSERT_EQ(sys.configure_sc(caller_sc, 1000, 1000), 0u);
    ASSERT_EQ(sys.set_sched_params(caller, 150, caller_sc, 0, 200), 0u);
    ASSERT_EQ(sys.resume(caller), 0u);
    ASSERT_EQ(&sys.current(), caller.tcb);
    SchedContext& above_sc = *above->sc;
    above_sc.consumed = arch::us_to_ticks(30);
    const ScSnapshot before(above_sc);

    sys.call(*caller, above.cptr + 1, label_of(Label::SchedContextYieldTo));
    expect_error_reply(sys, *caller, illegal_operation());
    expect_unchanged(before, above_sc);
    EXPECT_EQ(caller->yield_to, nullptr);

    // At the caller's MCP (above its priority) it is allowed: the target is
    // not runnable, so the consumed time comes back at once.
    sys.call(*caller, at_mcp.cptr + 1, label_of(Label::SchedContextYieldTo));
    const Received got = sys.received(*caller);
    EXPECT_EQ(got.info.label(), 0u);
    EXPECT_EQ(got.mrs, (std::vector<word_t>{0}));
}

// A YieldTo that returns at once answers only a Call; through Send the
// consumed time is still read and reset (sel4-mcs.md §4.4).
TEST_F(SchedErrorPathsTest, YieldToThroughSendReadsTheConsumedTimeButWritesNoReply) {
    const System::Thread target = unstarted(50);
    SchedContext& sc = *target->sc;
    sc.consumed = arch::us_to_ticks(40);
    sys.root().context.set_message_register(0, 0x1234);
    sys.send(sys.root(), target.cptr + 1, label_of(Label::SchedContextYieldTo));
    EXPECT_EQ(sc.consumed, 0u);
    EXPECT_EQ(sys.root().context.message_register(0), 0x1234u);
    EXPECT_EQ(MessageInfo{sys.root().context.info_register()}.label(), label_of(Label::SchedContextYieldTo));
    EXPECT_EQ(sys.root().state, ThreadState::Running);
    EXPECT_EQ(sys.root().yield_to, nullptr);

    // The same through Call: label 0, MR0 = the consumed µs.
    sc.consumed = arch::us_to_ticks(40);
    sys.call(sys.root(), target.cptr + 1, label_of(Label::SchedContextYieldTo));
    const Received got = sys.received(sys.root());
    EXPECT_EQ(got.info.label(), 0u);
    EXPECT_EQ(got.mrs, (std::vector<word_t>{40}));
    EXPECT_EQ(got.badge, 0u);
}

// A YieldTo that lets the target run first writes the reply when the caller
// runs again, even to Send (seL4's FIXME, sel4-mcs.md §4.4).
TEST_F(SchedErrorPathsTest, YieldToThroughSendThatRunsTheTargetRepliesLater) {
    const System::Thread target = unstarted(100);
    ASSERT_EQ(sys.resume(target), 0u);
    ASSERT_EQ(&sys.current(), &sys.root());  // equal priority: queued behind the root
    sys.send(sys.root(), target.cptr + 1, label_of(Label::SchedContextYieldTo));
    ASSERT_EQ(&sys.current(), target.tcb);
    sys.syscall(*target, Syscall::Yield, {});
    ASSERT_EQ(&sys.current(), &sys.root());
    const Received got = sys.received(sys.root());
    EXPECT_EQ(got.info.label(), 0u);
    EXPECT_EQ(got.info.length(), 1u);
    EXPECT_EQ(got.badge, 0u);
}

// Binding a blocked thread needs an SC that is released now; the same SC,
// once configured, binds (sel4-mcs.md §4.4).
TEST_F(SchedErrorPathsTest, BindingABlockedThreadNeedsAReleasedSc) {
    const word_t n = sys.make_notification();
    System::Thread waiter = sys.spawn(150);
    sys.wait(*waiter, n);
    ASSERT_EQ(sys.invoke(sys.root(), waiter.cptr + 1, Label::SchedContextUnbind), 0u);
    const word_t sc = sys.make_sched_context();
    EXPECT_EQ(sys.invoke(sys.root(), sc, Label::SchedContextBind, {}, {waiter.cptr}),
              static_cast<word_t>(Error::IllegalOperation));
    EXPECT_EQ(waiter->sc, nullptr);
    ASSERT_EQ(sys.configure_sc(sc, 1000, 1000), 0u);
    EXPECT_EQ(sys.invoke(sys.root(), sc, Label::SchedContextBind, {}, {waiter.cptr}), 0u);
    EXPECT_EQ(waiter->sc, &sys.object<SchedContext>(sc));
    EXPECT_EQ(waiter->state, ThreadState::BlockedOnNotification);
}

// A failed ConfigureFlags on the SC of a queued thread leaves the thread in
// its queue and the SC's refills as they were.
TEST_F(SchedErrorPathsTest, FailedConfigureFlagsLeavesTheThreadQueued) {
    System::Thread t = sys.spawn(50, true, 1000, 10000);
    SchedContext& sc = *t->sc;
    const ThreadSnapshot thread_before(*t);
    const ScSnapshot sc_before(sc);
    EXPECT_EQ(sys.configure_sc(t.cptr + 1, 20000, 10000, 0, 0x99, 1), static_cast<word_t>(Error::RangeError));
    expect_error_reply(sys, sys.root(), range_error(min_budget_us, 10000));
    expect_unchanged(thread_before, *t);
    expect_unchanged(sc_before, sc);
    EXPECT_TRUE(t->in_ready_queue);
}

}  // namespace
