// SPDX-License-Identifier: BSD-2-Clause
// The error paths of the TCB invocations (sel4-mcs.md §7.2, sel4-abi.md
// §7.2, §15.3), each in seL4's check order: a table of failing Calls, each
// with the full error reply and the proof that no thread or scheduling
// context changed. Cases that need a set-up of their own are in
// tcb_error_paths_test.cpp.
#include <support/invocation_errors.hpp>

namespace {

using namespace kern;
using namespace test_support;

constexpr word_t user_registers = arch::UserContext::user_register_count;
constexpr word_t endpoint_object_type = 2;  // seL4_EndpointObject

// The TCB cap a case invokes.
enum class On {
    Thread,   // running at priority 50 (MCP 50) on its own SC, fault and timeout handlers, a bound notification
    Bare,     // never configured: Inactive, no SC, priority 0
    Blocked,  // waiting on a notification, its SC unbound (passive)
    Self,     // the caller's own TCB
};

// The extra caps of a case, made by the fixture.
enum class Arg {
    Empty,                // an empty slot: a null cap, looked up successfully
    RootTcb,              // MCP 255
    Mcp60,                // a TCB whose MCP is 60
    Endpoint,             // all rights
    EndpointReadOnly,     // Read only: no Write
    EndpointWriteOnly,    // Write without Grant or GrantReply
    Notification,         // unbound, nobody waits
    NotificationNoRead,   // Write only
    WaitedNotification,   // the one the Blocked thread waits on
    ThreadSc,             // the SC bound to Thread
    FreeSc,               // configured, unbound
    RootSc,               // bound to the caller
    UnconfiguredSc,       // unbound, never configured (not released)
    Frame,                // 4 KiB, read-write
    DeviceFrame,
    VSpace,               // a page table with an ASID: a valid VSpace root
    CNode,                // the root CNode
    UntypedWithChildren,  // derives to RevokeFirst
    Reply,
};

struct TcbErrorCase {
    const char* name;
    On on;
    Label label;
    std::vector<word_t> mrs;
    std::vector<Arg> caps;
    ExpectedError expected;
};
void PrintTo(const TcbErrorCase& c, std::ostream* os) { *os << c.name; }

class TcbErrorsTest : public ::testing::TestWithParam<TcbErrorCase> {
protected:
    void SetUp() override {
        // The caller runs at 100 (MCP 255): below the Blocked thread, above Thread.
        ASSERT_EQ(sys.invoke(sys.root(), System::root_tcb_cptr, Label::TCBSetPriority, {100}, {System::root_tcb_cptr}),
                  0u);
        fault_endpoint = sys.make_endpoint();
        const word_t handler = sys.mint(fault_endpoint, CapRights::make(true, false, false, true), 0x44);

        thread = sys.make_thread();
        thread_sc = sys.make_sched_context();
        ASSERT_EQ(sys.configure_sc(thread_sc, 1000, 1000), 0u);
        ASSERT_EQ(sys.set_sched_params(thread, 50, thread_sc, handler, 50), 0u);
        ASSERT_EQ(sys.invoke(sys.root(), thread.cptr, Label::TCBSetTimeoutEndpoint, {}, {handler}), 0u);
        ASSERT_EQ(sys.invoke(sys.root(), thread.cptr, Label::TCBBindNotification, {}, {sys.make_notification()}), 0u);
        ASSERT_EQ(sys.invoke(sys.root(), thread.cptr, Label::TCBSetTLSBase, {0x7100}), 0u);
        for (unsigned i = 1; i < user_registers - 1; ++i) thread->context.set_user_register(i, 0x9000 + i);
        ASSERT_EQ(sys.resume(thread), 0u);
        ASSERT_TRUE(thread->in_ready_queue);

        bare = sys.make_thread();

        waited = sys.make_notification();
        blocked = sys.spawn(200);
        ASSERT_EQ(&sys.current(), blocked.tcb);
        sys.wait(*blocked, waited);
        ASSERT_EQ(sys.invoke(sys.root(), blocked.cptr + 1, Label::SchedContextUnbind), 0u);
        ASSERT_EQ(blocked->state, ThreadState::BlockedOnNotification);

        mcp60 = sys.make_thread();
        ASSERT_EQ(sys.invoke(sys.root(), mcp60.cptr, Label::TCBSetMCPriority, {60}, {System::root_tcb_cptr}), 0u);
    }

    System::Thread target(On on) {
        switch (on) {
        case On::Thread: return thread;
        case On::Bare: return bare;
        case On::Blocked: return blocked;
        case On::Self: return {&sys.root(), System::root_tcb_cptr};
        }
        return thread;
    }

    word_t cptr_of(Arg arg) {
        switch (arg) {
        case Arg::Empty: return sys.new_cptr();
        case Arg::RootTcb: return System::root_tcb_cptr;
        case Arg::Mcp60: return mcp60.cptr;
        case Arg::Endpoint: return sys.make_endpoint();
        case Arg::EndpointReadOnly: return sys.make_endpoint(CapRights::make(false, false, true, false));
        case Arg::EndpointWriteOnly: return sys.make_endpoint(CapRights::make(false, false, false, true));
        case Arg::Notification: return sys.make_notification();
        case Arg::NotificationNoRead: return sys.make_notification(CapRights::make(false, false, false, true));
        case Arg::WaitedNotification: return waited;
        case Arg::ThreadSc: return thread_sc;
        case Arg::FreeSc: {
            const word_t sc = sys.make_sched_context();
            EXPECT_EQ(sys.configure_sc(sc, 1000, 1000), 0u);
            return sc;
        }
        case Arg::RootSc: return System::root_sc_cptr;
        case Arg::UnconfiguredSc: return sys.make_sched_context();
        case Arg::Frame: return frame(false);
        case Arg::DeviceFrame: return frame(true);
        case Arg::VSpace: {
            const word_t cptr = sys.new_cptr();
            cdt::insert_root(sys.slot(cptr), PageTableCap::make(sys.allocate(page_bits)).with_mapping(1, 0));
            return cptr;
        }
        case Arg::CNode: return sys.make_root_cnode_cap();
        case Arg::UntypedWithChildren: {
            const word_t untyped = sys.make_untyped(12);
            const word_t into = sys.new_cptr();
            EXPECT_EQ(sys.invoke(sys.root(), untyped, Label::UntypedRetype, {endpoint_object_type, 0, 0, 0, into, 1},
                                 {sys.make_root_cnode_cap()}),
                      0u);
            return untyped;
        }
        case Arg::Reply: return sys.make_reply();
        }
        return 0;
    }

    word_t frame(bool device) {
        const word_t cptr = sys.new_cptr();
        cdt::insert_root(sys.slot(cptr),
                         FrameCap::make(sys.allocate(page_bits), FrameSize::Small, VmRights::ReadWrite, device));
        return cptr;
    }

    System sys;
    word_t fault_endpoint = 0, thread_sc = 0, waited = 0;
    System::Thread thread{}, bare{}, blocked{}, mcp60{};
};

TEST_P(TcbErrorsTest, FailsWithSeL4sErrorAndChangesNothing) {
    const TcbErrorCase& c = GetParam();
    const System::Thread invoked = target(c.on);
    std::vector<word_t> caps;
    for (const Arg a : c.caps) caps.push_back(cptr_of(a));

    const ThreadSnapshot thread_before(*thread), bare_before(*bare), blocked_before(*blocked), mcp60_before(*mcp60),
        root_before(sys.root());
    const ScSnapshot thread_sc_before(*thread->sc), root_sc_before(sys.root_sc());
    const Notification& waited_ntfn = sys.object<Notification>(waited);

    sys.call(sys.root(), invoked.cptr, label_of(c.label), c.mrs, caps);

    expect_error_reply(sys, sys.root(), c.expected);
    EXPECT_EQ(&sys.current(), &sys.root());
    expect_unchanged(thread_before, *thread);
    expect_unchanged(bare_before, *bare);
    expect_unchanged(blocked_before, *blocked);
    expect_unchanged(mcp60_before, *mcp60);
    expect_unchanged(root_before, sys.root(), Registers::Ignore);
    expect_unchanged(thread_sc_before, *thread->sc);
    expect_unchanged(root_sc_before, sys.root_sc());
    EXPECT_EQ(waited_ntfn.queue.head, blocked.tcb);
    EXPECT_EQ(waited_ntfn.bound_tcb, nullptr);
}

using A = Arg;
using L = Label;
constexpr word_t n = user_registers;
constexpr word_t above_32_bits = (word_t{1} << 32) + 50;

const TcbErrorCase tcb_error_cases[] = {
    // ReadRegisters(MR0 flags, MR1 count): length, count range, then the caller itself.
    {"ReadRegistersWithOneWord", On::Thread, L::TCBReadRegisters, {1}, {}, truncated_message()},
    {"ReadRegistersOfNoRegisters", On::Thread, L::TCBReadRegisters, {1, 0}, {}, range_error(1, n)},
    {"ReadRegistersOfTooManyRegisters", On::Thread, L::TCBReadRegisters, {1, n + 1}, {}, range_error(1, n)},
    {"ReadRegistersCountIsAWholeWord", On::Thread, L::TCBReadRegisters, {1, above_32_bits}, {}, range_error(1, n)},
    {"ReadRegistersOfItself", On::Self, L::TCBReadRegisters, {0, 1}, {}, illegal_operation()},
    {"ReadRegistersOfItselfBadCountFirst", On::Self, L::TCBReadRegisters, {0, 0}, {}, range_error(1, n)},
    {"ReadRegistersOfItselfTruncatedFirst", On::Self, L::TCBReadRegisters, {0}, {}, truncated_message()},
    // WriteRegisters(MR0 flags, MR1 count, regs): length, count vs length, then the caller itself.
    {"WriteRegistersWithOneWord", On::Thread, L::TCBWriteRegisters, {1}, {}, truncated_message()},
    {"WriteRegistersWithFewerRegistersThanCount", On::Bare, L::TCBWriteRegisters, {1, 3, 7, 7}, {},
     truncated_message()},
    {"WriteRegistersCountIsAWholeWord", On::Thread, L::TCBWriteRegisters, {1, ~word_t{0}, 7}, {},
     truncated_message()},
    {"WriteRegistersOfItself", On::Self, L::TCBWriteRegisters, {0, 1, 7}, {}, illegal_operation()},
    {"WriteRegistersOfItselfTruncatedFirst", On::Self, L::TCBWriteRegisters, {0, 2, 7}, {}, truncated_message()},
    // CopyRegisters(MR0 flags; cap source): every flag set, so a wrong decode would act.
    {"CopyRegistersWithoutSource", On::Bare, L::TCBCopyRegisters, {0xf}, {}, truncated_message()},
    {"CopyRegistersWithoutFlags", On::Bare, L::TCBCopyRegisters, {}, {A::RootTcb}, truncated_message()},
    {"CopyRegistersFromAnEndpoint", On::Bare, L::TCBCopyRegisters, {0xf}, {A::Endpoint}, invalid_capability(1)},
    {"CopyRegistersFromAnEmptySlot", On::Bare, L::TCBCopyRegisters, {0xf}, {A::Empty}, invalid_capability(1)},
    {"CopyRegistersFromASchedContext", On::Thread, L::TCBCopyRegisters, {0xf}, {A::FreeSc}, invalid_capability(1)},
    // Configure(MR0 cspace data, MR1 vspace data, MR2 buffer; caps cspace, vspace, buffer frame).
    {"ConfigureWithTwoWords", On::Bare, L::TCBConfigure, {0, 0}, {A::CNode, A::VSpace, A::Frame}, truncated_message()},
    {"ConfigureWithTwoCaps", On::Bare, L::TCBConfigure, {0, 0, 0x7000}, {A::CNode, A::VSpace}, truncated_message()},
    {"ConfigureDeviceBufferBeforeItsAlignment", On::Bare, L::TCBConfigure, {0, 0, 0x7010},
     {A::CNode, A::VSpace, A::DeviceFrame}, illegal_operation()},
    {"ConfigureBufferDerivedBeforeTheRoots", On::Bare, L::TCBConfigure, {0, 0, 0x7000},
     {A::Endpoint, A::Endpoint, A::UntypedWithChildren}, revoke_first()},
    {"ConfigureWithoutBufferIgnoresTheBufferCap", On::Bare, L::TCBConfigure, {0, 0, 0},
     {A::Endpoint, A::VSpace, A::UntypedWithChildren}, illegal_operation()},
    {"ConfigureCSpaceDerivedBeforeItsType", On::Thread, L::TCBConfigure, {0, 0, 0x7000},
     {A::UntypedWithChildren, A::Endpoint, A::Frame}, revoke_first()},
    {"ConfigureGuardTooLargeForTheCNode", On::Thread, L::TCBConfigure, {63, 0, 0x7000},
     {A::CNode, A::VSpace, A::Frame}, illegal_operation()},
    {"ConfigureCNodeAsVSpace", On::Bare, L::TCBConfigure, {0, 0, 0x7000}, {A::CNode, A::CNode, A::Frame},
     illegal_operation()},
    // SetPriority(MR0 priority; cap authority).
    {"SetPriorityWithoutPriority", On::Thread, L::TCBSetPriority, {}, {A::RootTcb}, truncated_message()},
    {"SetPriorityWithoutAuthority", On::Thread, L::TCBSetPriority, {7}, {}, truncated_message()},
    {"SetPriorityEndpointAuthority", On::Thread, L::TCBSetPriority, {7}, {A::Endpoint}, invalid_capability(1)},
    {"SetPriorityEmptySlotAuthority", On::Thread, L::TCBSetPriority, {7}, {A::Empty}, invalid_capability(1)},
    {"SetPrioritySchedContextAuthority", On::Thread, L::TCBSetPriority, {7}, {A::FreeSc}, invalid_capability(1)},
    {"SetPriorityAboveTheAuthoritysMcp", On::Thread, L::TCBSetPriority, {61}, {A::Mcp60}, range_error(0, 60)},
    {"SetPriorityAboveTheHighestPriority", On::Thread, L::TCBSetPriority, {256}, {A::RootTcb}, range_error(0, 255)},
    {"SetPriorityIsAWholeWord", On::Thread, L::TCBSetPriority, {above_32_bits}, {A::RootTcb}, range_error(0, 255)},
    {"SetPriorityAuthorityBeforeThePriority", On::Thread, L::TCBSetPriority, {300}, {A::Notification},
     invalid_capability(1)},
    {"SetPriorityOfItselfAboveTheAuthoritysMcp", On::Self, L::TCBSetPriority, {61}, {A::Mcp60}, range_error(0, 60)},
    // SetMCPriority(MR0 mcp; cap authority).
    {"SetMCPriorityWithoutMcp", On::Bare, L::TCBSetMCPriority, {}, {A::RootTcb}, truncated_message()},
    {"SetMCPriorityWithoutAuthority", On::Bare, L::TCBSetMCPriority, {7}, {}, truncated_message()},
    {"SetMCPriorityReplyAuthority", On::Bare, L::TCBSetMCPriority, {7}, {A::Reply}, invalid_capability(1)},
    {"SetMCPriorityAboveTheAuthoritysMcp", On::Thread, L::TCBSetMCPriority, {61}, {A::Mcp60}, range_error(0, 60)},
    {"SetMCPriorityAboveTheHighestPriority", On::Bare, L::TCBSetMCPriority, {256}, {A::RootTcb}, range_error(0, 255)},
    // SetSchedParams(MR0 mcp, MR1 priority; caps authority, SC, fault handler).
    {"SetSchedParamsWithOneWord", On::Bare, L::TCBSetSchedParams, {7}, {A::RootTcb, A::Empty, A::Empty},
     truncated_message()},
    {"SetSchedParamsWithTwoCaps", On::Bare, L::TCBSetSchedParams, {7, 7}, {A::RootTcb, A::Empty},
     truncated_message()},
    {"SetSchedParamsNotificationAuthority", On::Bare, L::TCBSetSchedParams, {7, 7},
     {A::Notification, A::Empty, A::Empty}, invalid_capability(1)},
    {"SetSchedParamsMcpAboveTheAuthoritysMcp", On::Thread, L::TCBSetSchedParams, {61, 7},
     {A::Mcp60, A::ThreadSc, A::Empty}, range_error(0, 60)},
    {"SetSchedParamsPriorityAboveTheAuthoritysMcp", On::Thread, L::TCBSetSchedParams, {7, 61},
     {A::Mcp60, A::ThreadSc, A::Empty}, range_error(0, 60)},
    {"SetSchedParamsAuthorityFirst", On::Bare, L::TCBSetSchedParams, {300, 300},
     {A::Endpoint, A::Endpoint, A::Notification}, invalid_capability(1)},
    {"SetSchedParamsPrioritiesBeforeTheCaps", On::Bare, L::TCBSetSchedParams, {300, 7},
     {A::RootTcb, A::Endpoint, A::Notification}, range_error(0, 255)},
    {"SetSchedParamsEndpointAsSchedContext", On::Bare, L::TCBSetSchedParams, {7, 7},
     {A::RootTcb, A::Endpoint, A::Empty}, invalid_capability(2)},
    {"SetSchedParamsTcbAsSchedContext", On::Thread, L::TCBSetSchedParams, {7, 7},
     {A::RootTcb, A::RootTcb, A::Empty}, invalid_capability(2)},
    {"SetSchedParamsBadSchedContextBeforeBadFaultHandler", On::Bare, L::TCBSetSchedParams, {7, 7},
     {A::RootTcb, A::Reply, A::Notification}, invalid_capability(2)},
    {"SetSchedParamsAnotherScWhileBound", On::Thread, L::TCBSetSchedParams, {7, 7},
     {A::RootTcb, A::FreeSc, A::Empty}, illegal_operation()},
    {"SetSchedParamsScBoundElsewhereBeforeBadFaultHandler", On::Bare, L::TCBSetSchedParams, {7, 7},
     {A::RootTcb, A::RootSc, A::Notification}, illegal_operation()},
    {"SetSchedParamsBlockedThreadUnreleasedSc", On::Blocked, L::TCBSetSchedParams, {7, 7},
     {A::RootTcb, A::UnconfiguredSc, A::Empty}, illegal_operation()},
    {"SetSchedParamsUnbindingItsOwnScBeforeBadFaultHandler", On::Self, L::TCBSetSchedParams, {255, 100},
     {A::RootTcb, A::Empty, A::Notification}, illegal_operation()},
    {"SetSchedParamsNotificationAsFaultHandler", On::Bare, L::TCBSetSchedParams, {7, 7},
     {A::RootTcb, A::FreeSc, A::Notification}, invalid_capability(3)},
    {"SetSchedParamsReadOnlyEndpointAsFaultHandler", On::Bare, L::TCBSetSchedParams, {7, 7},
     {A::RootTcb, A::Empty, A::EndpointReadOnly}, invalid_capability(3)},
    {"SetSchedParamsEndpointWithoutGrantAsFaultHandler", On::Bare, L::TCBSetSchedParams, {7, 7},
     {A::RootTcb, A::Empty, A::EndpointWriteOnly}, invalid_capability(3)},
    {"SetSchedParamsTcbAsFaultHandler", On::Bare, L::TCBSetSchedParams, {7, 7}, {A::RootTcb, A::Empty, A::RootTcb},
     invalid_capability(3)},
    // The SC the thread already has passes its checks (sel4-mcs.md §7.2): the fault handler is next.
    {"SetSchedParamsItsOwnScThenTheFaultHandler", On::Thread, L::TCBSetSchedParams, {7, 7},
     {A::RootTcb, A::ThreadSc, A::Notification}, invalid_capability(3)},
    // SetTimeoutEndpoint(cap handler).
    {"SetTimeoutEndpointWithoutCap", On::Thread, L::TCBSetTimeoutEndpoint, {}, {}, truncated_message()},
    {"SetTimeoutEndpointNotification", On::Thread, L::TCBSetTimeoutEndpoint, {}, {A::Notification},
     invalid_capability(1)},
    {"SetTimeoutEndpointReadOnlyEndpoint", On::Thread, L::TCBSetTimeoutEndpoint, {}, {A::EndpointReadOnly},
     invalid_capability(1)},
    {"SetTimeoutEndpointEndpointWithoutGrant", On::Bare, L::TCBSetTimeoutEndpoint, {}, {A::EndpointWriteOnly},
     invalid_capability(1)},
    {"SetTimeoutEndpointTcb", On::Bare, L::TCBSetTimeoutEndpoint, {}, {A::RootTcb}, invalid_capability(1)},
    // SetIPCBuffer(MR0 address; cap frame).
    {"SetIPCBufferWithoutAddress", On::Thread, L::TCBSetIPCBuffer, {}, {A::Frame}, truncated_message()},
    {"SetIPCBufferDeviceFrameBeforeItsAlignment", On::Thread, L::TCBSetIPCBuffer, {0x7010}, {A::DeviceFrame},
     illegal_operation()},
    {"SetIPCBufferUntypedWithChildren", On::Thread, L::TCBSetIPCBuffer, {0x7000}, {A::UntypedWithChildren},
     revoke_first()},
    {"SetIPCBufferPageTable", On::Bare, L::TCBSetIPCBuffer, {0x7000}, {A::VSpace}, illegal_operation()},
    {"SetIPCBufferEmptySlot", On::Bare, L::TCBSetIPCBuffer, {0x7000}, {A::Empty}, illegal_operation()},
    // SetSpace(MR0 cspace data, MR1 vspace data; caps fault handler, cspace, vspace): roots before the handler.
    {"SetSpaceWithOneWord", On::Bare, L::TCBSetSpace, {0}, {A::Empty, A::CNode, A::VSpace}, truncated_message()},
    {"SetSpaceWithTwoCaps", On::Bare, L::TCBSetSpace, {0, 0}, {A::Empty, A::CNode}, truncated_message()},
    {"SetSpaceCSpaceDerivedBeforeTheFaultHandler", On::Thread, L::TCBSetSpace, {0, 0},
     {A::Notification, A::UntypedWithChildren, A::VSpace}, revoke_first()},
    {"SetSpaceVSpaceBeforeTheFaultHandler", On::Thread, L::TCBSetSpace, {0, 0}, {A::Notification, A::CNode, A::Endpoint},
     illegal_operation()},
    {"SetSpaceTcbAsFaultHandler", On::Bare, L::TCBSetSpace, {0, 0}, {A::RootTcb, A::CNode, A::VSpace},
     invalid_capability(1)},
    {"SetSpaceEndpointWithoutGrantAsFaultHandler", On::Thread, L::TCBSetSpace, {0, 0},
     {A::EndpointWriteOnly, A::CNode, A::VSpace}, invalid_capability(1)},
    // BindNotification(cap notification): every problem but a missing cap is IllegalOperation.
    {"BindNotificationWhenBoundWithoutCap", On::Thread, L::TCBBindNotification, {}, {}, truncated_message()},
    {"BindNotificationWhenAlreadyBound", On::Thread, L::TCBBindNotification, {}, {A::Notification},
     illegal_operation()},
    {"BindNotificationEmptySlot", On::Bare, L::TCBBindNotification, {}, {A::Empty}, illegal_operation()},
    {"BindNotificationSchedContext", On::Bare, L::TCBBindNotification, {}, {A::FreeSc}, illegal_operation()},
    {"BindNotificationWithoutRead", On::Blocked, L::TCBBindNotification, {}, {A::NotificationNoRead},
     illegal_operation()},
    {"BindNotificationWithWaiters", On::Bare, L::TCBBindNotification, {}, {A::WaitedNotification},
     illegal_operation()},
    {"BindNotificationOfTheWaiterItself", On::Blocked, L::TCBBindNotification, {}, {A::WaitedNotification},
     illegal_operation()},
    // UnbindNotification, SetTLSBase(MR0), SetFlags(MR0 clear, MR1 set).
    {"UnbindNotificationOfAnUnboundThread", On::Blocked, L::TCBUnbindNotification, {}, {}, illegal_operation()},
    {"SetTLSBaseWithoutBase", On::Thread, L::TCBSetTLSBase, {}, {A::Endpoint}, truncated_message()},
    {"SetFlagsWithoutWords", On::Thread, L::TCBSetFlags, {}, {}, truncated_message()},
    // Labels that are not TCB invocations.
    {"SchedContextLabelOnATcb", On::Thread, L::SchedContextBind, {}, {A::FreeSc}, illegal_operation()},
    {"UntypedRetypeLabelOnATcb", On::Bare, L::UntypedRetype, {2, 0, 0, 0, 900, 1}, {A::CNode}, illegal_operation()},
};

INSTANTIATE_TEST_SUITE_P(TcbInvocations, TcbErrorsTest, ::testing::ValuesIn(tcb_error_cases),
                         [](const ::testing::TestParamInfo<TcbErrorCase>& info) { return info.param.name; });

}  // namespace
