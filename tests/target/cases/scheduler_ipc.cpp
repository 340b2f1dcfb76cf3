// SPDX-License-Identifier: BSD-2-Clause
// sel4test scheduler.c, its IPC-priority tests (sel4test.md §3.4
// SCHED0007–0009, sel4-mcs.md §9.1, §9.2): endpoint queues are ordered by
// priority, re-sorted when a queued thread's priority changes, and the
// highest-priority receiver gets each Call.
//
// Upstream's test thread runs just below seL4_MaxPrio, above these helpers,
// and sleeps (on its timer) to let them run and queue up. Here the test runs
// at test_priority, below them: each helper runs as soon as it is started
// or answered, until it blocks on the endpoint, so no sleep is needed and the
// queues are in the same state whenever the test looks at them.
#include "../framework/alloc.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"

namespace {

using namespace tessera_test;

// --- SCHED0007 -----------------------------------------------------------------------------

constexpr unsigned sched0007_clients = 5;
constexpr seL4_Word sched0007_prio(unsigned i) { return seL4_MaxPrio - 1 - sched0007_clients + i; }

seL4_Word sched0007_client(seL4_Word ep, seL4_Word prio, seL4_Word, seL4_Word) {
    seL4_SetMR(0, prio);
    (void)seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    return 0;
}

seL4_Word sched0007_server(seL4_Word ep, seL4_Word reply, seL4_Word, seL4_Word) {
    (void)seL4_Recv(ep, nullptr, reply);
    for (unsigned i = sched0007_clients; i > 0; --i) {
        test_eq(seL4_GetMR(0), sched0007_prio(i - 1));
        if (i > 1) (void)seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, 0), nullptr, reply);
    }
    return 0;
}

Result test_ipc_ordered(Env& env) {
    Allocator& a = allocator();
    const seL4_CPtr ep = a.alloc_object(seL4_EndpointObject, 0);
    const seL4_CPtr reply = a.alloc_object(seL4_ReplyObject, 0);
    test_assert_fatal(ep != 0 && reply != 0);
    HelperThread clients[sched0007_clients];
    HelperThread server;
    for (unsigned i = 0; i < sched0007_clients; ++i)
        test_assert_fatal(create_helper_thread(env, &clients[i], sched0007_prio(i)));
    test_assert_fatal(create_helper_thread(env, &server, seL4_MaxPrio - 1));
    // Each client Calls as soon as it starts: they queue in this (arrival)
    // order, and the server must still receive them highest priority first.
    // (With upstream's test above the clients, they would only run once the
    // test waits, in priority order, and the endpoint's order would not show.)
    const unsigned order[sched0007_clients] = {2, 0, 4, 1, 3};
    for (unsigned i : order) start_helper(env, &clients[i], sched0007_client, ep, sched0007_prio(i));
    start_helper(env, &server, sched0007_server, ep, reply);
    (void)wait_for_helper(&server);
    for (auto& c : clients) cleanup_helper(env, &c);
    cleanup_helper(env, &server);
    a.free_object(reply);
    a.free_object(ep);
    return test_result();
}

// --- SCHED0008 -----------------------------------------------------------------------------

constexpr unsigned sched0008_clients = 5;
constexpr seL4_Word sched0008_highest = seL4_MaxPrio - 1;
constexpr seL4_Word sched0008_lowest = sched0008_highest - sched0008_clients - 2;
constexpr seL4_Word sched0008_middle = sched0008_highest - 3;

seL4_Word sched0008_client(seL4_Word, seL4_Word ep, seL4_Word, seL4_Word) {
    for (;;) (void)seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 0));
}

// Receives one Call from every client: client 0 (badge 0) at `pos`, the
// others in badge order 4, 3, 2, 1; then answers them all, and each calls
// again at once.
void check_receive_ordered(seL4_CPtr ep, unsigned pos, const seL4_CPtr* replies) {
    seL4_Word expected = sched0008_clients - 1;
    for (unsigned i = 0; i < sched0008_clients; ++i) {
        seL4_Word badge = ~seL4_Word{0};
        (void)seL4_Recv(ep, &badge, replies[i]);
        if (i == pos) {
            test_eq(badge, seL4_Word{0});
        } else {
            test_eq(badge, expected);
            --expected;
        }
    }
    for (unsigned i = 0; i < sched0008_clients; ++i) seL4_Send(replies[i], seL4_MessageInfo_new(0, 0, 0, 0));
}

Result test_change_prio_on_endpoint(Env& env) {
    Allocator& a = allocator();
    const seL4_CPtr ep = a.alloc_object(seL4_EndpointObject, 0);
    const seL4_CPtr reply = a.alloc_object(seL4_ReplyObject, 0);
    test_assert_fatal(ep != 0 && reply != 0);
    HelperThread clients[sched0008_clients];
    seL4_CPtr badged[sched0008_clients] = {};
    seL4_CPtr replies[sched0008_clients] = {};
    for (unsigned i = 0; i < sched0008_clients; ++i) {
        const seL4_Word prio = sched0008_highest - sched0008_clients - 1 + i;
        test_assert_fatal(create_helper_thread(env, &clients[i], prio));
        badged[i] = a.alloc_slot();
        replies[i] = a.alloc_object(seL4_ReplyObject, 0);
        test_assert_fatal(badged[i] != 0 && replies[i] != 0);
        test_eq(seL4_CNode_Mint(root_cnode, badged[i], root_depth, root_cnode, ep, root_depth, seL4_AllRights, i),
                seL4_NoError);
    }

    // One client, its priority changed while it is queued.
    seL4_Word badge = ~seL4_Word{0};
    start_helper(env, &clients[0], sched0008_client, 0, badged[0]);
    set_helper_priority(env, &clients[0], sched0008_lowest);
    (void)seL4_Recv(ep, &badge, reply);
    test_eq(badge, seL4_Word{0});
    seL4_Send(reply, seL4_MessageInfo_new(0, 0, 0, 0));
    set_helper_priority(env, &clients[0], sched0008_lowest + 1);
    badge = ~seL4_Word{0};
    (void)seL4_Recv(ep, &badge, reply);
    test_eq(badge, seL4_Word{0});
    seL4_Send(reply, seL4_MessageInfo_new(0, 0, 0, 0));

    // Client 0 moved to every place in the queue of all five.
    for (unsigned i = 1; i < sched0008_clients; ++i) start_helper(env, &clients[i], sched0008_client, i, badged[i]);
    struct Move {
        seL4_Word prio;
        unsigned pos;
    };
    const Move moves[] = {
        {sched0008_lowest, 4},      {sched0008_middle, 2}, {sched0008_highest - 1, 0}, {sched0008_highest, 0},
        {sched0008_highest - 1, 0}, {sched0008_middle, 2}, {sched0008_lowest, 4},
    };
    for (const Move& m : moves) {
        set_helper_priority(env, &clients[0], m.prio);
        check_receive_ordered(ep, m.pos, replies);
    }

    for (unsigned i = 0; i < sched0008_clients; ++i) {
        cleanup_helper(env, &clients[i]);
        a.free_object(replies[i]);
        a.free_slot(badged[i]);
    }
    a.free_object(reply);
    a.free_object(ep);
    return test_result();
}

// --- SCHED0009 -----------------------------------------------------------------------------

constexpr unsigned sched0009_servers = 5;

seL4_Word sched0009_server(seL4_Word ep, seL4_Word id, seL4_Word reply, seL4_Word) {
    seL4_Word badge = 0;
    (void)seL4_Recv(ep, &badge, reply);
    for (;;) {
        seL4_SetMR(0, id);
        (void)seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, 1), &badge, reply);
    }
}

seL4_Word call_server(seL4_CPtr ep) {
    seL4_SetMR(0, ~seL4_Word{0});
    (void)seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    return seL4_GetMR(0);
}

Result test_ordered_ipc_fastpath(Env& env) {
    Allocator& a = allocator();
    const seL4_CPtr ep = a.alloc_object(seL4_EndpointObject, 0);
    test_assert_fatal(ep != 0);
    HelperThread servers[sched0009_servers];
    seL4_CPtr replies[sched0009_servers] = {};
    for (unsigned i = 0; i < sched0009_servers; ++i) {
        test_assert_fatal(create_helper_thread(env, &servers[i], seL4_MaxPrio - 1 - sched0009_servers + i));
        replies[i] = a.alloc_object(seL4_ReplyObject, 0);
        test_assert_fatal(replies[i] != 0);
    }

    start_helper(env, &servers[0], sched0009_server, ep, 0, replies[0]);
    test_eq(call_server(ep), seL4_Word{0});
    // Each new server is above the others waiting: it gets the next Call.
    for (unsigned i = 1; i < sched0009_servers; ++i) {
        start_helper(env, &servers[i], sched0009_server, ep, i, replies[i]);
        test_eq(call_server(ep), seL4_Word{i});
    }
    // All are waiting; the highest answers every time.
    for (unsigned i = 0; i < sched0009_servers; ++i) test_eq(call_server(ep), seL4_Word{sched0009_servers - 1});
    // Suspended from the highest down: the next one answers.
    for (unsigned i = sched0009_servers; i > 0; --i) {
        test_eq(seL4_TCB_Suspend(servers[i - 1].tcb), seL4_NoError);
        if (i > 1) test_eq(call_server(ep), seL4_Word{i - 2});
    }

    for (unsigned i = 0; i < sched0009_servers; ++i) {
        cleanup_helper(env, &servers[i]);
        a.free_object(replies[i]);
    }
    a.free_object(ep);
    return test_result();
}

}  // namespace

DEFINE_TEST(SCHED0007, "Test IPC priorities", test_ipc_ordered, true);
DEFINE_TEST(SCHED0008, "Test changing prio while in endpoint queues results in correct message order",
            test_change_prio_on_endpoint, true);
DEFINE_TEST(SCHED0009, "Test ordered ipc on reply wait fastpath", test_ordered_ipc_fastpath, true);
