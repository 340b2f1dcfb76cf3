// SPDX-License-Identifier: BSD-2-Clause
// Endpoint IPC on the host state machine (sel4-abi.md §8, sel4-mcs.md §3,
// §5): rendezvous in both orders, message and badge transfer, Call with and
// without reply rights, passive servers running on the caller's SC, the
// priority order of endpoint queues, and what cancellation and deletion do
// to blocked threads.
#include <support/system_fixture.hpp>

namespace {

using namespace kern;
using test_support::System;
using test_support::label_of;

class IpcTest : public ::testing::Test {
protected:
    // The root thread (priority 255) lowers itself so that the threads a
    // test spawns at higher priorities run as soon as they can.
    void SetUp() override { ASSERT_EQ(sys.invoke(sys.root(), System::root_tcb_cptr, Label::TCBSetPriority, {10}, {System::root_tcb_cptr}), 0u); }

    // A server at `priority` blocked in Recv on `ep` with reply object
    // `reply`; passive (SC unbound after it blocked) if asked.
    System::Thread blocked_server(word_t priority, word_t ep, word_t reply, bool passive) {
        System::Thread s = sys.spawn(priority);
        EXPECT_EQ(&sys.current(), s.tcb);
        sys.recv(*s, ep, reply);
        EXPECT_EQ(s->state, ThreadState::BlockedOnReceive);
        if (passive) {
            const word_t sc = sc_cptr_of(s);
            EXPECT_EQ(sys.invoke(sys.current(), sc, Label::SchedContextUnbind), 0u);
            EXPECT_EQ(s->sc, nullptr);
        }
        return s;
    }
    // The cptr of the SC `t` was spawned with (spawn makes it right before the thread's SetSchedParams).
    word_t sc_cptr_of(const System::Thread& t) { return t.cptr + 1; }

    System sys;
};

TEST_F(IpcTest, CallToPassiveServerRunsOnTheCallersScAndTheReplyReturnsIt) {
    const word_t ep = sys.make_endpoint();
    const word_t reply = sys.make_reply();
    System::Thread server = blocked_server(200, ep, reply, true);
    EXPECT_EQ(&sys.current(), &sys.root());

    System::Thread client = sys.spawn(150);
    ASSERT_EQ(&sys.current(), client.tcb);
    SchedContext* client_sc = client->sc;
    sys.call(*client, ep, 7, {1, 2, 3});

    // Rendezvous: the server runs at its own priority on the client's SC.
    EXPECT_EQ(client->state, ThreadState::BlockedOnReply);
    ASSERT_EQ(&sys.current(), server.tcb);
    EXPECT_EQ(server->sc, client_sc);
    EXPECT_EQ(client->sc, nullptr);
    const auto got = sys.received(*server);
    EXPECT_EQ(got.info.label(), 7u);
    EXPECT_EQ(got.mrs, (std::vector<word_t>{1, 2, 3}));
    EXPECT_EQ(got.badge, 0u);

    // ReplyRecv: the client gets the reply and its SC back; the server,
    // passive again, waits.
    sys.reply_recv(*server, ep, reply, 0, {42});
    EXPECT_EQ(server->state, ThreadState::BlockedOnReceive);
    EXPECT_EQ(server->sc, nullptr);
    EXPECT_EQ(client->sc, client_sc);
    ASSERT_EQ(&sys.current(), client.tcb);
    const auto answer = sys.received(*client);
    EXPECT_EQ(answer.info.label(), 0u);
    EXPECT_EQ(answer.mrs, (std::vector<word_t>{42}));
    EXPECT_EQ(answer.badge, 0u);
}

TEST_F(IpcTest, ServerWithItsOwnScKeepsIt) {
    const word_t ep = sys.make_endpoint();
    const word_t reply = sys.make_reply();
    System::Thread server = blocked_server(200, ep, reply, false);
    SchedContext* server_sc = server->sc;
    System::Thread client = sys.spawn(150);
    sys.call(*client, ep, 1);
    ASSERT_EQ(&sys.current(), server.tcb);
    EXPECT_EQ(server->sc, server_sc);
    EXPECT_NE(client->sc, nullptr);
    EXPECT_EQ(sys.object<Reply>(reply).tcb, client.tcb);
}

TEST_F(IpcTest, SenderFirstThenReceiverGetsTheBadgedMessage) {
    const word_t ep = sys.make_endpoint();
    const word_t badged = sys.mint(ep, CapRights::all(), 0x55);
    System::Thread sender = sys.spawn(200);
    sys.send(*sender, badged, 9, {10, 20, 30, 40, 50, 60});
    EXPECT_EQ(sender->state, ThreadState::BlockedOnSend);
    ASSERT_EQ(&sys.current(), &sys.root());
    sys.recv(sys.root(), ep, sys.make_reply());
    // The sender was Send (not Call): it runs on and preempts the root thread.
    ASSERT_EQ(&sys.current(), sender.tcb);
    EXPECT_EQ(sender->state, ThreadState::Running);
    const auto got = sys.received(sys.root());
    EXPECT_EQ(got.badge, 0x55u);
    EXPECT_EQ(got.info.label(), 9u);
    EXPECT_EQ(got.mrs, (std::vector<word_t>{10, 20, 30, 40, 50, 60}));
}

TEST_F(IpcTest, NBSendWithNoReceiverIsDropped) {
    const word_t ep = sys.make_endpoint();
    sys.send_like(sys.root(), Syscall::NBSend, ep, 1, {5});
    EXPECT_EQ(sys.root().state, ThreadState::Running);
    EXPECT_TRUE(sys.object<Endpoint>(ep).queue.empty());
    sys.syscall(sys.root(), Syscall::NBRecv, {{0, ep}, {6, sys.make_reply()}, {1, 0x77}});
    EXPECT_EQ(sys.root().context.reg(0), 0u);     // badge register := 0
    EXPECT_EQ(sys.root().context.reg(1), 0x77u);  // nothing else written
}

TEST_F(IpcTest, CallWithoutGrantOrGrantReplyLeavesTheCallerInactive) {
    const word_t ep = sys.make_endpoint();
    const word_t no_reply_rights = sys.mint(ep, CapRights::make(false, false, true, true), 0);
    const word_t reply = sys.make_reply();
    System::Thread server = blocked_server(200, ep, reply, false);
    System::Thread client = sys.spawn(150);
    sys.call(*client, no_reply_rights, 3, {1});
    EXPECT_EQ(client->state, ThreadState::Inactive);
    EXPECT_EQ(server->state, ThreadState::Running);
    EXPECT_EQ(sys.received(*server).info.label(), 3u);
    EXPECT_EQ(sys.object<Reply>(reply).tcb, nullptr);
}

TEST_F(IpcTest, CallToAReceiverWithoutReplyObjectLeavesTheCallerInactive) {
    const word_t ep = sys.make_endpoint();
    System::Thread server = sys.spawn(200);
    sys.wait(*server, ep);
    System::Thread client = sys.spawn(150);
    sys.call(*client, ep, 3);
    EXPECT_EQ(client->state, ThreadState::Inactive);
    EXPECT_EQ(&sys.current(), server.tcb);
}

TEST_F(IpcTest, SendWithoutWriteRightIsInvalidCapabilityForCallAndNothingForSend) {
    const word_t ep = sys.make_endpoint();
    const word_t read_only = sys.mint(ep, CapRights::make(false, false, true, false), 0);
    EXPECT_EQ(sys.invoke(sys.root(), read_only, Label::InvalidInvocation), static_cast<word_t>(Error::InvalidCapability));
    sys.send(sys.root(), read_only, 1);
    EXPECT_EQ(sys.root().state, ThreadState::Running);
    EXPECT_TRUE(sys.object<Endpoint>(ep).queue.empty());
}

TEST_F(IpcTest, ReceiversAreServedInPriorityOrder) {
    const word_t ep = sys.make_endpoint();
    System::Thread low = blocked_server(100, ep, sys.make_reply(), false);
    System::Thread high = blocked_server(120, ep, sys.make_reply(), false);
    System::Thread mid = blocked_server(110, ep, sys.make_reply(), false);
    const Endpoint& e = sys.object<Endpoint>(ep);
    EXPECT_EQ(e.queue.head, high.tcb);
    EXPECT_EQ(e.queue.head->ep_next, mid.tcb);
    EXPECT_EQ(e.queue.tail, low.tcb);
    // Raising the low one re-sorts the queue behind equal priorities.
    EXPECT_EQ(sys.invoke(sys.root(), low.cptr, Label::TCBSetPriority, {120}, {System::root_tcb_cptr}), 0u);
    EXPECT_EQ(e.queue.head, high.tcb);
    EXPECT_EQ(e.queue.head->ep_next, low.tcb);
    EXPECT_EQ(e.queue.tail, mid.tcb);
}

TEST_F(IpcTest, DeletingTheEndpointRestartsQueuedThreads) {
    const word_t ep = sys.make_endpoint();
    System::Thread a = blocked_server(100, ep, sys.make_reply(), false);
    const vaddr_t recv_pc = a->context.fault_ip();
    EXPECT_NE(a->reply, nullptr);
    const word_t cnode = sys.make_root_cnode_cap();
    EXPECT_EQ(sys.invoke(sys.root(), cnode, Label::CNodeDelete, {ep, 64}), 0u);
    // The receiver re-executes its Recv (sel4-mcs.md §3.6): it left the
    // queue and its reply object, and runs again at the system call.
    ASSERT_EQ(&sys.current(), a.tcb);
    EXPECT_EQ(a->state, ThreadState::Running);
    EXPECT_EQ(a->reply, nullptr);
    EXPECT_EQ(a->context.next_ip(), recv_pc);
}

TEST_F(IpcTest, CancelBadgedSendsDequeuesOnlyThatBadge) {
    const word_t ep = sys.make_endpoint();
    const word_t b1 = sys.mint(ep, CapRights::all(), 1);
    const word_t b2 = sys.mint(ep, CapRights::all(), 2);
    System::Thread s1 = sys.spawn(200);
    sys.send(*s1, b1, 0);
    System::Thread s2 = sys.spawn(200);
    sys.send(*s2, b2, 0);
    ASSERT_EQ(&sys.current(), &sys.root());
    const word_t cnode = sys.make_root_cnode_cap();
    EXPECT_EQ(sys.invoke(sys.root(), cnode, Label::CNodeCancelBadgedSends, {b1, 64}), 0u);
    EXPECT_EQ(s2->state, ThreadState::BlockedOnSend);
    EXPECT_NE(s1->state, ThreadState::BlockedOnSend);
    EXPECT_EQ(sys.object<Endpoint>(ep).queue.head, s2.tcb);
    EXPECT_EQ(sys.object<Endpoint>(ep).queue.tail, s2.tcb);
}

TEST_F(IpcTest, DeletingTheReplyObjectGivesTheScBackAndLeavesTheCallerInactive) {
    const word_t ep = sys.make_endpoint();
    const word_t reply = sys.make_reply();
    System::Thread server = blocked_server(200, ep, reply, true);
    System::Thread client = sys.spawn(150);
    SchedContext* client_sc = client->sc;
    sys.call(*client, ep, 1);
    ASSERT_EQ(&sys.current(), server.tcb);
    // The server deletes its reply object (sel4-mcs.md §3.6, IPC0024).
    const word_t cnode = sys.make_root_cnode_cap();
    sys.call(*server, cnode, label_of(Label::CNodeDelete), {reply, 64});
    EXPECT_EQ(client->sc, client_sc);
    EXPECT_EQ(server->sc, nullptr);
    EXPECT_EQ(client->state, ThreadState::Inactive);
    EXPECT_EQ(&sys.current(), &sys.root());
}

TEST_F(IpcTest, NestedDonationReturnsAlongTheChain) {
    const word_t ep1 = sys.make_endpoint();
    const word_t ep2 = sys.make_endpoint();
    const word_t r1 = sys.make_reply();
    const word_t r2 = sys.make_reply();
    System::Thread end = blocked_server(200, ep2, r2, true);
    System::Thread proxy = blocked_server(190, ep1, r1, true);
    System::Thread client = sys.spawn(150);
    SchedContext* sc = client->sc;
    sys.call(*client, ep1, 1);
    ASSERT_EQ(&sys.current(), proxy.tcb);
    sys.call(*proxy, ep2, 2);
    ASSERT_EQ(&sys.current(), end.tcb);
    EXPECT_EQ(end->sc, sc);
    EXPECT_EQ(sc->reply, &sys.object<Reply>(r2));
    sys.reply_recv(*end, ep2, r2, 0, {22});
    ASSERT_EQ(&sys.current(), proxy.tcb);
    EXPECT_EQ(proxy->sc, sc);
    EXPECT_EQ(sc->reply, &sys.object<Reply>(r1));
    sys.reply_recv(*proxy, ep1, r1, 0, {11});
    ASSERT_EQ(&sys.current(), client.tcb);
    EXPECT_EQ(client->sc, sc);
    EXPECT_EQ(sc->reply, nullptr);
    EXPECT_EQ(sys.received(*client).mrs, (std::vector<word_t>{11}));
}

TEST_F(IpcTest, CapTransferWithGrantAndUnwrapping) {
    const word_t ep = sys.make_endpoint();
    const word_t badged = sys.mint(ep, CapRights::all(), 0x99);
    const word_t ntfn = sys.make_notification();
    System::Thread server = sys.spawn(200);
    // The receiver names an empty slot of the root CNode as its receive slot.
    const word_t cnode = sys.make_root_cnode_cap();
    const word_t dest = sys.new_cptr();
    word_t* buf = sys.buffer_of(*server);
    buf[ipc_buffer_receive_cnode_word] = cnode;
    buf[ipc_buffer_receive_index_word] = dest;
    buf[ipc_buffer_receive_depth_word] = 64;
    sys.recv(*server, ep, sys.make_reply());
    sys.send_like(sys.root(), Syscall::Send, ep, 4, {}, {badged, ntfn});
    const auto got = sys.received(*server);
    EXPECT_EQ(got.info.extra_caps(), 2u);
    EXPECT_EQ(got.info.get<MessageInfo::CapsUnwrapped>(), 1u);
    EXPECT_EQ(buf[ipc_buffer_caps_word], 0x99u);
    EXPECT_EQ(sys.slot(dest).cap.type(), CapType::Notification);
    EXPECT_EQ(sys.slot(dest).cap.object(), sys.slot(ntfn).cap.object());
}

TEST_F(IpcTest, NoCapsWithoutGrant) {
    const word_t ep = sys.make_endpoint();
    const word_t no_grant = sys.mint(ep, CapRights::make(true, false, true, true), 0);
    const word_t ntfn = sys.make_notification();
    System::Thread server = sys.spawn(200);
    const word_t cnode = sys.make_root_cnode_cap();
    const word_t dest = sys.new_cptr();
    word_t* buf = sys.buffer_of(*server);
    buf[ipc_buffer_receive_cnode_word] = cnode;
    buf[ipc_buffer_receive_index_word] = dest;
    buf[ipc_buffer_receive_depth_word] = 64;
    sys.recv(*server, ep, sys.make_reply());
    sys.send_like(sys.root(), Syscall::Send, no_grant, 4, {1}, {ntfn});
    EXPECT_EQ(sys.received(*server).info.extra_caps(), 0u);
    EXPECT_TRUE(sys.slot(dest).cap.is_null());
}

}  // namespace
