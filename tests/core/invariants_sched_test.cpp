// SPDX-License-Identifier: BSD-2-Clause
// The thread and scheduling checks of the invariant checker (invariants.md
// §2.5, kernel/core/debug/invariants_sched*.cpp, invariants_ipc.cpp): a rich
// state built through real system calls passes (the fixture already checks
// at every kernel exit), and each deliberate corruption of it is caught by
// exactly the check named after the invariant it breaks.
#include <kern/invariants.hpp>
#include <support/system_fixture.hpp>

namespace {

using namespace kern;
using test_support::System;

class InvariantsSchedTest : public ::testing::Test {
protected:
    // The root thread at priority 10, current. Senders 60 and 50 blocked on
    // ep_send; receiver (70, own SC, reply_a, bound to n_tcb) blocked on
    // ep_recv; passive servers: client (40) called server (200, reply r1),
    // which called server2 (210, reply r2): the client's SC is donated along
    // the stack r2 -> r1 and server2 waits on n_wait holding it, with waiter
    // (30, own SC) behind it; periodic threads p (20) and p2 (21) wait in the
    // release queue; ready_a, ready_b (5) and ready_c (7) are ready; sc_n is
    // bound to n_bound.
    void SetUp() override {
        ASSERT_EQ(sys.invoke(sys.root(), System::root_tcb_cptr, Label::TCBSetPriority, {10}, {System::root_tcb_cptr}), 0u);
        ep_send = sys.make_endpoint();
        ep_recv = sys.make_endpoint();
        ep_s = sys.make_endpoint();
        ep_s2 = sys.make_endpoint();
        reply_a = sys.make_reply();
        r1 = sys.make_reply();
        r2 = sys.make_reply();
        n_wait = sys.make_notification();
        n_tcb = sys.make_notification();
        n_bound = sys.make_notification();

        sender_hi = sys.spawn(60);
        sys.send(*sender_hi, ep_send, 1);
        sender_lo = sys.spawn(50);
        sys.send(*sender_lo, ep_send, 2);
        receiver = sys.spawn(70);
        sys.recv(*receiver, ep_recv, reply_a);
        ASSERT_EQ(sys.invoke(sys.root(), receiver.cptr, Label::TCBBindNotification, {}, {n_tcb}), 0u);

        server = passive_server(200, ep_s, r1);
        server2 = passive_server(210, ep_s2, r2);
        client = sys.spawn(40);
        client_sc = client->sc;
        sys.call(*client, ep_s, 5);
        ASSERT_EQ(&sys.current(), server.tcb);
        sys.call(*server, ep_s2, 6);
        ASSERT_EQ(&sys.current(), server2.tcb);
        sys.wait(*server2, n_wait);
        waiter = sys.spawn(30);
        sys.wait(*waiter, n_wait);

        p = sys.spawn(20, true, 1000, 10000);
        sys.advance_us(1000);
        sys.timer_interrupt();
        p2 = sys.spawn(21, true, 1000, 20000);
        sys.advance_us(1000);
        sys.timer_interrupt();
        ready_a = sys.spawn(5);
        ready_b = sys.spawn(5);
        ready_c = sys.spawn(7);

        sc_n = sys.make_sched_context();
        ASSERT_EQ(sys.configure_sc(sc_n, 1000, 1000), 0u);
        ASSERT_EQ(sys.invoke(sys.root(), sc_n, Label::SchedContextBind, {}, {n_bound}), 0u);
        ASSERT_EQ(&sys.current(), &sys.root());
    }

    System::Thread passive_server(word_t priority, word_t ep, word_t reply) {
        System::Thread s = sys.spawn(priority);
        sys.recv(*s, ep, reply);
        EXPECT_EQ(sys.invoke(sys.current(), s.cptr + 1, Label::SchedContextUnbind), 0u);
        return s;
    }

    invariants::Violation check() { return invariants::check({invariants::ZeroScan::Full}); }
    void expect_caught(const char* name) {
        const invariants::Violation v = check();
        ASSERT_TRUE(v) << "no violation found, expected " << name;
        EXPECT_STREQ(v.check, name) << v.detail;
    }
    template <typename T>
    T& obj(word_t cptr) {
        return sys.object<T>(cptr);
    }
    Tcb& idle() { return sched::idle_thread(); }
    Refill& head_refill(SchedContext& sc) { return sc.refills()[sc.refill_head]; }

    System sys;
    word_t ep_send = 0, ep_recv = 0, ep_s = 0, ep_s2 = 0, reply_a = 0, r1 = 0, r2 = 0;
    word_t n_wait = 0, n_tcb = 0, n_bound = 0, sc_n = 0;
    System::Thread sender_hi{}, sender_lo{}, receiver{}, server{}, server2{}, client{}, waiter{};
    System::Thread p{}, p2{}, ready_a{}, ready_b{}, ready_c{};
    SchedContext* client_sc = nullptr;
};

TEST_F(InvariantsSchedTest, RichValidStatePasses) {
    // The state is what the set-up says.
    EXPECT_EQ(obj<Endpoint>(ep_send).queue.head, sender_hi.tcb);
    EXPECT_EQ(obj<Endpoint>(ep_send).queue.tail, sender_lo.tcb);
    EXPECT_EQ(receiver->state, ThreadState::BlockedOnReceive);
    EXPECT_EQ(obj<Reply>(r2).head_sc(), client_sc);
    EXPECT_EQ(obj<Reply>(r2).prev, &obj<Reply>(r1));
    EXPECT_EQ(server2->sc, client_sc);
    EXPECT_EQ(client->state, ThreadState::BlockedOnReply);
    EXPECT_EQ(obj<Notification>(n_wait).queue.tail, waiter.tcb);
    EXPECT_TRUE(p->in_release_queue);
    EXPECT_TRUE(p2->in_release_queue);
    EXPECT_TRUE(ready_a->in_ready_queue);
    EXPECT_EQ(obj<SchedContext>(sc_n).notification, &obj<Notification>(n_bound));

    invariants::Stats stats;
    const invariants::Violation v = invariants::check({invariants::ZeroScan::Full}, &stats);
    EXPECT_FALSE(v) << v.check << ": " << v.detail;
    // 14 threads (with root and idle), 15 SCs, 4 endpoints, 3 notifications, 3 replies.
    EXPECT_EQ(stats.sched_objects, 39u);
}

TEST_F(InvariantsSchedTest, IdleCurrentStillFindsEveryObject) {
    // Everything blocks or waits for time: the idle thread runs.
    for (System::Thread* t : {&ready_a, &ready_b, &ready_c})
        ASSERT_EQ(sys.invoke(sys.root(), t->cptr, Label::TCBSuspend), 0u);
    sys.wait(sys.root(), sys.make_notification());
    ASSERT_TRUE(is_idle_thread(sys.current()));
    invariants::Stats stats;
    const invariants::Violation v = invariants::check({invariants::ZeroScan::Full}, &stats);
    EXPECT_FALSE(v) << v.check << ": " << v.detail;
    EXPECT_EQ(stats.sched_objects, 40u);  // and the notification the root waits on
    EXPECT_GT(stats.caps, 40u);
    obj<Notification>(n_wait).state = NotificationState::Active;
    expect_caught("valid_ntfn");
}

TEST_F(InvariantsSchedTest, CorruptionIsCaughtAtTheNextKernelExit) {
    // No cap changes and the same thread: the exit runs only the §2.5 checks.
    invariants::testing::reset_exit_shortcut();
    invariants::check_at_kernel_exit();
    const word_t full = invariants::testing::full_checks_at_exit();
    invariants::check_at_kernel_exit();
    sched::dequeue(*ready_a);
    arch::host_console().clear();
    EXPECT_THROW(invariants::check_at_kernel_exit(), arch::MachineExit);
    EXPECT_NE(arch::host_console().find("INVARIANT VIOLATION: valid_blocked"), std::string::npos) << arch::host_console();
    EXPECT_EQ(invariants::testing::full_checks_at_exit(), full);
}

// ---- one corruption per check ------------------------------------------------------

TEST_F(InvariantsSchedTest, CurTcb) {
    // A "thread" inside the memory of a scheduling context.
    const word_t sc = sys.make_sched_context(tcb_bits);
    set_current_thread(tcb_of_object(sys.slot(sc).cap.object()));
    expect_caught("cur_tcb");
}

TEST_F(InvariantsSchedTest, ValidObjs) {
    ready_a->bound_notification = reinterpret_cast<Notification*>(reinterpret_cast<char*>(&obj<Notification>(n_tcb)) + 8);
    expect_caught("valid_objs");
}

TEST_F(InvariantsSchedTest, ValidObjsLinkToTheWrongKind) {
    waiter->yield_to = reinterpret_cast<SchedContext*>(receiver.tcb);
    expect_caught("valid_objs");
}

TEST_F(InvariantsSchedTest, ValidRefillsHeadBelowMinBudget) {
    head_refill(*ready_a->sc).amount = min_budget - 1;
    expect_caught("valid_refills");
}

TEST_F(InvariantsSchedTest, ValidRefillsOverlappingRefills) {
    SchedContext& sc = *p->sc;  // sporadic: one refill, a period after its start
    sc.refills()[1] = {head_refill(sc).release_time + 10, min_budget};
    sc.refill_tail = 1;
    expect_caught("valid_refills");
}

TEST_F(InvariantsSchedTest, ValidRefillsRoundRobinWithOneRefill) {
    ready_b->sc->refill_tail = ready_b->sc->refill_head;
    expect_caught("valid_refills");
}

TEST_F(InvariantsSchedTest, ValidIdle) {
    idle().bound_notification = &obj<Notification>(n_bound);
    expect_caught("valid_idle");
}

TEST_F(InvariantsSchedTest, OnlyIdle) {
    waiter->state = ThreadState::IdleThreadState;
    expect_caught("only_idle");
}

TEST_F(InvariantsSchedTest, ValidBitmaps) {
    const sched::View v = sched::view();
    const_cast<word_t*>(v.bitmap_bottom)[100 / 64] |= word_t{1} << (100 % 64);
    expect_caught("valid_bitmaps");
}

TEST_F(InvariantsSchedTest, SymHeapSchedPointers) {
    Tcb* second = sched::view().ready[5].tail;
    ASSERT_NE(second->sched_prev, nullptr);
    second->sched_prev = nullptr;
    expect_caught("sym_heap_sched_pointers");
}

TEST_F(InvariantsSchedTest, IdleThreadNotQueued) {
    sched::enqueue(idle());
    expect_caught("idleThreadNotQueued");
}

TEST_F(InvariantsSchedTest, ValidReadyQsWrongPriority) {
    ready_a->priority = 6;
    expect_caught("valid_ready_qs");
}

TEST_F(InvariantsSchedTest, ValidReadyQsNotRunnable) {
    ready_c->state = ThreadState::Inactive;
    expect_caught("valid_ready_qs");
}

TEST_F(InvariantsSchedTest, ReadyOrRelease) {
    ready_a->in_release_queue = true;
    expect_caught("ready_or_release");
}

TEST_F(InvariantsSchedTest, ValidReleaseQ) {
    p->state = ThreadState::Inactive;
    expect_caught("valid_release_q");
}

TEST_F(InvariantsSchedTest, SortedReleaseQ) {
    head_refill(*p2->sc).release_time = head_refill(*p->sc).release_time - 1;
    expect_caught("sorted_release_q");
}

TEST_F(InvariantsSchedTest, ValidSchedPointersFlag) {
    ready_a->in_ready_queue = false;
    expect_caught("valid_sched_pointers");
}

TEST_F(InvariantsSchedTest, ValidSchedPointersStaleLink) {
    waiter->sched_next = ready_a.tcb;
    expect_caught("valid_sched_pointers");
}

TEST_F(InvariantsSchedTest, CtNotInQ) {
    sched::enqueue(sys.root());
    expect_caught("ct_not_in_q");
}

TEST_F(InvariantsSchedTest, CtNotInReleaseQ) {
    sched::release_enqueue(sys.root());
    expect_caught("ct_not_in_release_q");
}

TEST_F(InvariantsSchedTest, CtInState) {
    sys.root().state = ThreadState::Inactive;
    expect_caught("ct_in_state");
}

TEST_F(InvariantsSchedTest, CurScTcbAreBound) {
    // The root and ready_a swap SCs consistently, behind the scheduler's back.
    SchedContext* root_sc = sys.root().sc;
    SchedContext* a_sc = ready_a->sc;
    sys.root().sc = a_sc;
    a_sc->tcb = &sys.root();
    ready_a->sc = root_sc;
    root_sc->tcb = ready_a.tcb;
    expect_caught("cur_sc_tcb_are_bound");
}

TEST_F(InvariantsSchedTest, WeakValidSchedAction) {
    sched::possible_switch_to(*waiter);  // a blocked thread as the switch candidate
    expect_caught("weak_valid_sched_action");
}

TEST_F(InvariantsSchedTest, ValidBlocked) {
    sched::dequeue(*ready_a);  // runnable, an active SC, in no queue: lost
    expect_caught("valid_blocked");
}

TEST_F(InvariantsSchedTest, ValidEpSendersAndReceivers) {
    sender_lo->state = ThreadState::BlockedOnReceive;
    expect_caught("valid_ep");
}

TEST_F(InvariantsSchedTest, ValidEpBrokenQueueLink) {
    sender_lo->ep_prev = nullptr;
    expect_caught("valid_ep");
}

TEST_F(InvariantsSchedTest, ValidNtfn) {
    obj<Notification>(n_wait).state = NotificationState::Active;
    expect_caught("valid_ntfn");
}

TEST_F(InvariantsSchedTest, SymRefsEpQueue) {
    sender_hi->blocking_object = &obj<Endpoint>(ep_recv);
    expect_caught("sym_refs_ep_queue");
}

TEST_F(InvariantsSchedTest, SymRefsEpQueueBlockedButNotQueued) {
    obj<Endpoint>(ep_recv).queue.remove(*receiver);
    expect_caught("sym_refs_ep_queue");
}

TEST_F(InvariantsSchedTest, SymRefsNtfnQueue) {
    waiter->blocking_object = &obj<Notification>(n_bound);
    expect_caught("sym_refs_ntfn_queue");
}

TEST_F(InvariantsSchedTest, SortedIpcQueues) {
    sender_lo->priority = 70;  // changed without re-sorting the queue
    expect_caught("sorted_ipc_queues");
}

TEST_F(InvariantsSchedTest, ReleasedIpcQueues) {
    SchedContext& sc = *waiter->sc;
    for (word_t i = 0; i < min_refills; ++i) sc.refills()[i].release_time = sched::now() + 1000000;
    expect_caught("released_ipc_queues");
}

TEST_F(InvariantsSchedTest, FaultTcbsValidStates) {
    waiter->fault.type = FaultType::CapFault;
    expect_caught("fault_tcbs_valid_states");
}

TEST_F(InvariantsSchedTest, SymRefsScTcb) {
    waiter->sc->tcb = nullptr;
    expect_caught("sym_refs_sc_tcb");
}

TEST_F(InvariantsSchedTest, SymRefsBoundNtfn) {
    obj<Notification>(n_tcb).bound_tcb = nullptr;
    expect_caught("sym_refs_bound_ntfn");
}

TEST_F(InvariantsSchedTest, SymRefsScNtfn) {
    obj<Notification>(n_bound).sc = nullptr;
    expect_caught("sym_refs_sc_ntfn");
}

TEST_F(InvariantsSchedTest, SymRefsYield) {
    waiter->yield_to = &obj<SchedContext>(sc_n);
    expect_caught("sym_refs_yield");
}

TEST_F(InvariantsSchedTest, SymRefsReplyTcb) {
    obj<Reply>(reply_a).tcb = nullptr;
    expect_caught("sym_refs_reply_tcb");
}

TEST_F(InvariantsSchedTest, SymRefsReplyTcbReplyOutsideAWait) {
    ready_a->reply = &obj<Reply>(reply_a);
    expect_caught("sym_refs_reply_tcb");
}

TEST_F(InvariantsSchedTest, SymRefsReplyStack) {
    obj<Reply>(r2).prev = nullptr;  // r1 still names r2 as the newer reply
    expect_caught("sym_refs_reply_stack");
}

TEST_F(InvariantsSchedTest, SymRefsScReply) {
    client_sc->reply = nullptr;
    expect_caught("sym_refs_sc_reply");
}

TEST_F(InvariantsSchedTest, ActiveReplyScs) {
    // The donated SC, consistently taken from server2, is no longer active.
    server2->sc = nullptr;
    client_sc->tcb = nullptr;
    client_sc->refill_max = 0;
    expect_caught("active_reply_scs");
}

TEST_F(InvariantsSchedTest, ValidReplies) {
    // The client stops waiting, consistently, but its reply stays in the stack.
    client->state = ThreadState::Inactive;
    client->reply = nullptr;
    obj<Reply>(r1).tcb = nullptr;
    expect_caught("valid_replies");
}

}  // namespace
