// SPDX-License-Identifier: BSD-2-Clause
// sel4test ipc.c, the MCS scheduling-context tests (sel4test.md §3.4 and
// sel4-mcs.md §12: IPC0011–0024; IPC0021 is not run): donation of a caller's SC along a chain
// of passive servers and back, Send/Recv with threads that have no SC, and
// deleting SCs and reply objects while they are in use.
//
// Helpers report progress through counters in the test's memory; a counter
// that does not move shows that a thread did not run.
#include "../framework/objects.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"

namespace {

using namespace tessera_test;

constexpr int runs = 10;
constexpr seL4_Word request = 12345678;
constexpr seL4_Word answer = 0xdeadbeef;

using Counter = volatile int;

Counter* counter(seL4_Word word) { return reinterpret_cast<Counter*>(word); }
seL4_MessageInfo_t empty() { return seL4_MessageInfo_new(0, 0, 0, 0); }

// ---- IPC0011–0015: client -> five passive proxies -> passive server ----

// Tells the test it is up (NBSendRecv: send on ep, where the test waits,
// then receive on it), then serves `runs` Calls on a donated SC.
seL4_Word chain_server_fn(seL4_Word ep, seL4_Word reply, seL4_Word state_word, seL4_Word) {
    Counter* state = counter(state_word);
    *state = *state + 1;
    seL4_MessageInfo_t info = seL4_NBSendRecv(ep, empty(), ep, nullptr, reply);
    for (int i = 0; i < runs; ++i) {
        test_eq(seL4_GetMR(0), request);
        seL4_SetMR(0, answer);
        *state = *state + 1;
        info = seL4_ReplyRecv(ep, info, nullptr, reply);
    }
    return 0;
}

// Tells the test it is up (send on call_ep, where the test waits), then
// passes each Call received on receive_ep on down the chain.
seL4_Word chain_proxy_fn(seL4_Word receive_ep, seL4_Word call_ep, seL4_Word reply, seL4_Word state_word) {
    Counter* state = counter(state_word);
    *state = *state + 1;
    seL4_MessageInfo_t info = seL4_NBSendRecv(call_ep, empty(), receive_ep, nullptr, reply);
    for (int i = 0; i < runs; ++i) {
        test_eq(seL4_GetMR(0), request);
        seL4_SetMR(0, request);
        (void)seL4_Call(call_ep, info);
        test_eq(seL4_GetMR(0), answer);
        seL4_SetMR(0, answer);
        *state = *state + 1;
        info = seL4_ReplyRecv(receive_ep, info, nullptr, reply);
    }
    return 0;
}

// 1-word messages are fastpath-eligible, 8-word ones are not.
seL4_Word chain_client_fn(seL4_Word ep, seL4_Word fastpath, seL4_Word, seL4_Word state_word) {
    Counter* state = counter(state_word);
    const seL4_Word length = fastpath ? 1 : 8;
    for (int i = 0; i < runs; ++i) {
        seL4_SetMR(0, request);
        (void)seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, length));
        test_eq(seL4_GetMR(0), answer);
        *state = *state + 1;
    }
    return 0;
}

// Client at 10; server at 10 + 5d; proxy i at server + d·i.
Result client_server_chain(Env& env, bool fastpath, int prio_diff) {
    constexpr int proxies = 5;
    const int client_prio = 10;
    const int server_prio = client_prio + prio_diff * proxies;
    Counter client_state = 0;
    Counter server_state = 0;
    Counter proxy_state[proxies] = {};

    Owned objects;
    Helper client, server, proxy[proxies];
    test_assert_fatal(client.create(env, client_prio));

    const seL4_CPtr first_ep = objects.endpoint();
    seL4_CPtr receive_ep = first_ep;
    for (int i = 0; i < proxies; ++i) {
        const seL4_CPtr call_ep = objects.endpoint();
        test_assert_fatal(receive_ep != 0 && call_ep != 0);
        test_assert_fatal(proxy[i].create(env, static_cast<seL4_Word>(server_prio + prio_diff * i)));
        proxy[i].start(chain_proxy_fn, receive_ep, call_ep, proxy[i].reply(), &proxy_state[i]);
        (void)seL4_Wait(call_ep, nullptr);
        test_eq(proxy_state[i], 1);
        // Passive from now on.
        test_eq(seL4_SchedContext_Unbind(proxy[i].sc()), seL4_NoError);
        receive_ep = call_ep;
    }

    test_assert_fatal(server.create(env, static_cast<seL4_Word>(server_prio)));
    server.start(chain_server_fn, receive_ep, server.reply(), &server_state);
    (void)seL4_Wait(receive_ep, nullptr);
    test_eq(server_state, 1);
    test_eq(seL4_SchedContext_Unbind(server.sc()), seL4_NoError);

    client.start(chain_client_fn, first_ep, fastpath, runs, &client_state);
    client.wait();

    test_eq(server_state, runs + 1);
    test_eq(client_state, runs);
    for (int i = 0; i < proxies; ++i) test_eq(proxy_state[i], runs + 1);
    return test_result();
}

Result test_single_client_slowpath_same_prio(Env& env) { return client_server_chain(env, false, 0); }
Result test_single_client_slowpath_higher_prio(Env& env) { return client_server_chain(env, false, 1); }
Result test_single_client_slowpath_lower_prio(Env& env) { return client_server_chain(env, false, -1); }
Result test_single_client_fastpath_higher_prio(Env& env) { return client_server_chain(env, true, 1); }
Result test_single_client_fastpath_same_prio(Env& env) { return client_server_chain(env, true, 0); }

// ---- IPC0016: a reply returns the SC even when sent with plain Send ----

seL4_Word call_once_fn(seL4_Word ep, seL4_Word state_word, seL4_Word, seL4_Word) {
    Counter* state = counter(state_word);
    *state = *state + 1;
    (void)seL4_Call(ep, empty());
    *state = *state + 1;
    return 0;
}

// Replies with Send on the reply object and then tries to go on running
// on the client's SC; `after_reply` counts how far it got.
seL4_Word reply_once_fn(seL4_Word ep, seL4_Word reply, seL4_Word after_reply_word, seL4_Word) {
    Counter* after_reply = counter(after_reply_word);
    (void)seL4_NBSendRecv(ep, empty(), ep, nullptr, reply);
    seL4_Send(reply, empty());
    *after_reply = *after_reply + 1;
    (void)seL4_Wait(ep, nullptr);
    *after_reply = *after_reply + 1;
    return 0;
}

Result test_transfer_on_reply(Env& env) {
    Counter state = 1;
    Counter after_reply = 0;
    Owned objects;
    const seL4_CPtr ep = objects.endpoint();
    test_assert_fatal(ep != 0);
    Helper client, server;
    test_assert_fatal(client.create(env, 10) && server.create(env, 11));

    server.start(reply_once_fn, ep, server.reply(), &after_reply);
    (void)seL4_Wait(ep, nullptr);
    test_eq(seL4_SchedContext_Unbind(server.sc()), seL4_NoError);

    // The server (11) would keep running on the client's SC if the Send on
    // the reply object did not take it back; it must not run after it.
    client.start(call_once_fn, ep, &state);
    client.wait();
    test_eq(state, 3);
    test_eq(after_reply, 0);
    return test_result();
}

// ---- IPC0017: Send/NBSend to a server without an SC ----

seL4_Word send_once_fn(seL4_Word ep, seL4_Word state_word, seL4_Word, seL4_Word) {
    Counter* state = counter(state_word);
    *state = 1;
    seL4_Send(ep, empty());
    *state = 2;
    return 0;
}

seL4_Word wait_server_fn(seL4_Word ep, seL4_Word messages, seL4_Word, seL4_Word) {
    seL4_Send(ep, empty());
    for (seL4_Word i = 0; i < messages; ++i) (void)seL4_Wait(ep, nullptr);
    return 0;
}

Result test_send_to_no_sc(Env& env) {
    Owned objects;
    const seL4_CPtr ep = objects.endpoint();
    test_assert_fatal(ep != 0);
    Helper server, client1, client2;
    test_assert_fatal(server.create(env, 10) && client1.create(env, 9) && client2.create(env, 9));
    OwnPriority own;

    // The server's init Send wakes the test at once: it loses its SC
    // before it reaches its first Wait.
    server.start(wait_server_fn, ep, 4);
    (void)seL4_Wait(ep, nullptr);
    test_eq(seL4_SchedContext_Unbind(server.sc()), seL4_NoError);

    // Nobody waits: dropped, and the test's own MR is untouched.
    seL4_SetMR(0, request);
    const seL4_MessageInfo_t one_word = seL4_MessageInfo_new(0, 0, 0, 1);
    seL4_NBSend(ep, one_word);
    test_eq(seL4_GetMR(0), request);

    Counter state1 = 0, state2 = 0;
    client1.start(send_once_fn, ep, &state1);
    client2.start(send_once_fn, ep, &state2);
    // Below the clients: both block, as the server cannot receive.
    test_eq(own.set(8), seL4_NoError);
    test_eq(state1, 1);
    test_eq(state2, 1);

    test_eq(seL4_SchedContext_Bind(server.sc(), server.tcb()), seL4_NoError);
    test_eq(state1, 2);
    test_eq(state2, 2);

    // Both reach the waiting server: messages 3 and 4.
    seL4_NBSend(ep, one_word);
    seL4_Send(ep, one_word);
    server.wait();
    return test_result();
}

// ---- IPC0018: receive from a client without an SC ----

seL4_Word send_loop_fn(seL4_Word ep, seL4_Word state_word, seL4_Word, seL4_Word) {
    Counter* state = counter(state_word);
    *state = 1;
    for (;;) {
        seL4_Send(ep, empty());
        *state = *state + 1;
    }
}

Result test_receive_no_sc(Env& env) {
    Counter state = 0;
    Owned objects;
    const seL4_CPtr ep = objects.endpoint();
    test_assert_fatal(ep != 0);
    Helper client;
    test_assert_fatal(client.create(env, 10));
    OwnPriority own;
    test_eq(own.set(9), seL4_NoError);

    client.start(send_loop_fn, ep, &state);
    test_eq(state, 1);
    test_eq(seL4_SchedContext_Unbind(client.sc()), seL4_NoError);

    // The message is received, but the client has no SC to go on with.
    (void)seL4_Wait(ep, nullptr);
    test_eq(state, 1);
    test_eq(seL4_SchedContext_Bind(client.sc(), client.tcb()), seL4_NoError);
    test_eq(state, 2);
    (void)seL4_Wait(ep, nullptr);
    test_eq(state, 3);
    (void)seL4_Wait(ep, nullptr);
    test_eq(state, 4);
    return test_result();
}

// ---- IPC0019: delete the SC of a thread blocked in Send ----

Result test_delete_sc_client_sending(Env& env) {
    Counter state = 0;
    Owned objects;
    const seL4_CPtr ep = objects.endpoint();
    test_assert_fatal(ep != 0);
    Helper client;
    test_assert_fatal(client.create(env, 10));
    OwnPriority own;
    test_eq(own.set(9), seL4_NoError);

    client.start(send_once_fn, ep, &state);
    test_eq(state, 1);
    // The client loses its SC, not its queued message.
    client.delete_sched_context();
    (void)seL4_Wait(ep, nullptr);
    test_eq(state, 1);
    return test_result();
}

// ---- IPC0020: delete the SC of a thread blocked in Wait ----

seL4_Word wait_loop_fn(seL4_Word ep, seL4_Word state_word, seL4_Word, seL4_Word) {
    Counter* state = counter(state_word);
    *state = 1;
    for (;;) {
        (void)seL4_Wait(ep, nullptr);
        *state = *state + 1;
    }
}

Result test_delete_sc_client_waiting(Env& env) {
    Counter state = 0;
    Owned objects;
    const seL4_CPtr ep = objects.endpoint();
    test_assert_fatal(ep != 0);
    Helper waiter;
    test_assert_fatal(waiter.create(env, 10));
    OwnPriority own;
    test_eq(own.set(9), seL4_NoError);

    waiter.start(wait_loop_fn, ep, &state);
    test_eq(state, 1);
    waiter.delete_sched_context();
    seL4_Send(ep, empty());
    test_eq(state, 1);

    // A new SC (1000 s budget = period) lets it run and take the message.
    const seL4_CPtr sc = objects.sched_context();
    test_assert_fatal(sc != 0);
    constexpr seL4_Time thousand_seconds_us = 1000ull * 1000 * 1000;
    test_eq(seL4_SchedControl_Configure(sched_control(env), sc, thousand_seconds_us, thousand_seconds_us, 0, 0),
            seL4_NoError);
    test_eq(seL4_SchedContext_Bind(sc, waiter.tcb()), seL4_NoError);
    test_eq(state, 2);
    return test_result();
}

// ---- IPC0022: a stack-spawning passive server ----

struct Spawner {
    Env* env;
    seL4_CPtr ep;       // where clients Call
    seL4_CPtr init_ep;  // where fresh servers report and are released
    seL4_Word server_prio;
    Helper* servers;    // runs of them, owned by the test
};

// Each server: says it is up (NBSend on init_ep) and waits there; once
// released with a client's SC it replies to that client through its reply
// object.
seL4_Word spawned_server_fn(seL4_Word init_ep, seL4_Word reply, seL4_Word, seL4_Word) {
    (void)seL4_NBSendWait(init_ep, empty(), init_ep, nullptr);
    seL4_Send(reply, empty());
    return 0;
}

// Receives each Call with the reply object of a fresh server, starts that
// server, makes it passive, and with its next receive (NBSendRecv on
// init_ep) hands the client's SC on to it. The first send tells the test
// it is up.
seL4_Word stack_spawner_fn(seL4_Word spawner_word, seL4_Word, seL4_Word, seL4_Word) {
    const Spawner& s = *reinterpret_cast<const Spawner*>(spawner_word);
    seL4_CPtr first_ep = s.ep;
    for (int i = 0; i < runs; ++i) {
        Helper& server = s.servers[i];
        if (!server.create(*s.env, s.server_prio)) return 1;
        (void)seL4_NBSendRecv(first_ep, empty(), s.ep, nullptr, server.reply());
        first_ep = s.init_ep;
        server.start(spawned_server_fn, s.init_ep, server.reply());
        (void)seL4_Wait(s.init_ep, nullptr);
        test_eq(seL4_SchedContext_Unbind(server.sc()), seL4_NoError);
    }
    // Release the last server.
    (void)seL4_NBSendWait(first_ep, empty(), s.ep, nullptr);
    return 0;
}

seL4_Word count_call_fn(seL4_Word ep, seL4_Word state_word, seL4_Word, seL4_Word) {
    Counter* state = counter(state_word);
    (void)seL4_Call(ep, empty());
    *state = *state + 1;
    return 0;
}

Result test_stack_spawning_server(Env& env) {
    constexpr seL4_Word our_prio = 10;
    Counter state = 0;
    Owned objects;
    const seL4_CPtr ep = objects.endpoint();
    const seL4_CPtr init_ep = objects.endpoint();
    test_assert_fatal(ep != 0 && init_ep != 0);
    Helper servers[runs];
    Helper clients[runs];
    Helper spawner;
    OwnPriority own;
    Spawner s{&env, ep, init_ep, our_prio + 1, servers};

    test_assert_fatal(spawner.create(env));
    spawner.set_mcp(seL4_MaxPrio);
    spawner.start(stack_spawner_fn, &s);
    (void)seL4_Wait(ep, nullptr);
    test_eq(seL4_SchedContext_Unbind(spawner.sc()), seL4_NoError);

    spawner.set_priority(our_prio + 2);
    test_eq(own.set(our_prio), seL4_NoError);
    spawner.set_priority(our_prio + 2);
    spawner.set_mcp(seL4_MaxPrio - 1);

    for (auto& client : clients) {
        test_assert_fatal(client.create(env, our_prio + 1));
        client.start(count_call_fn, ep, &state);
    }
    // Below the servers, so they can run.
    test_eq(own.set(our_prio - 2), seL4_NoError);
    for (auto& client : clients) client.wait();
    test_eq(state, runs);
    return test_result();
}

// ---- IPC0023/0024: deleting what a Call is tracked by ----

seL4_Word call_blocked_fn(seL4_Word ep, seL4_Word state_word, seL4_Word, seL4_Word) {
    Counter* state = counter(state_word);
    *state = 1;
    (void)seL4_Call(ep, empty());
    *state = 2;  // not reached: the client never runs again
    return 0;
}

// Says it is up on wait_ep, receives one Call on client_ep, then blocks.
seL4_Word receive_and_block_fn(seL4_Word client_ep, seL4_Word wait_ep, seL4_Word reply, seL4_Word) {
    (void)seL4_NBSendRecv(wait_ep, empty(), client_ep, nullptr, reply);
    (void)seL4_Wait(wait_ep, nullptr);
    return 0;
}

Result test_delete_reply_cap_sc(Env& env) {
    Counter state = 0;
    Owned objects;
    const seL4_CPtr client_ep = objects.endpoint();
    const seL4_CPtr server_ep = objects.endpoint();
    test_assert_fatal(client_ep != 0 && server_ep != 0);
    Helper client, server;
    test_assert_fatal(client.create(env) && server.create(env));
    OwnPriority own;

    client.start(call_blocked_fn, client_ep, &state);
    server.start(receive_and_block_fn, client_ep, server_ep, server.reply());
    (void)seL4_Wait(server_ep, nullptr);
    test_eq(seL4_SchedContext_Unbind(server.sc()), seL4_NoError);

    test_eq(own.set(10), seL4_NoError);
    client.set_priority(11);
    server.set_priority(11);
    test_eq(state, 1);

    // The reply wakes the client, which has no SC left to run on.
    client.delete_sched_context();
    seL4_Signal(server.reply());
    test_eq(state, 1);
    return test_result();
}

Result test_delete_reply_cap_then_sc(Env& env) {
    Counter state = 0;
    Owned objects;
    const seL4_CPtr client_ep = objects.endpoint();
    const seL4_CPtr server_ep = objects.endpoint();
    test_assert_fatal(client_ep != 0 && server_ep != 0);
    Helper client, server;
    test_assert_fatal(client.create(env, 11) && server.create(env, 11));
    OwnPriority own;

    server.start(receive_and_block_fn, client_ep, server_ep, server.reply());
    (void)seL4_Wait(server_ep, nullptr);
    test_eq(own.set(10), seL4_NoError);
    test_eq(seL4_SchedContext_Unbind(server.sc()), seL4_NoError);

    client.start(call_blocked_fn, client_ep, &state);
    test_eq(state, 1);
    // The SC goes back to the client, which is left Inactive; then the SC
    // goes too. The client never runs again.
    server.delete_reply();
    client.delete_sched_context();
    test_eq(state, 1);
    return test_result();
}

}  // namespace

DEFINE_TEST(IPC0011, "Client-server inheritance: slowpath, same prio", test_single_client_slowpath_same_prio, true);
DEFINE_TEST(IPC0012, "Client-server inheritance: slowpath, client higher prio",
            test_single_client_slowpath_higher_prio, true);
DEFINE_TEST(IPC0013, "Client-server inheritance: slowpath, client lower prio", test_single_client_slowpath_lower_prio,
            true);
DEFINE_TEST(IPC0014, "Client-server inheritance: fastpath, client higher prio",
            test_single_client_fastpath_higher_prio, true);
DEFINE_TEST(IPC0015, "Client-server inheritance: fastpath, client same prio", test_single_client_fastpath_same_prio,
            true);
DEFINE_TEST(IPC0016, "Test reply returns scheduling context", test_transfer_on_reply, true);
DEFINE_TEST(IPC0017, "Test seL4_Send/seL4_NBSend to a server with no scheduling context", test_send_to_no_sc, true);
DEFINE_TEST(IPC0018, "Test receive from a client with no scheduling context", test_receive_no_sc, true);
DEFINE_TEST(IPC0019, "Test deleteing the scheduling context while a client is sending on an endpoint",
            test_delete_sc_client_sending, true);
DEFINE_TEST(IPC0020, "test deleting a scheduling context while the client is waiting on an endpoint",
            test_delete_sc_client_waiting, true);
DEFINE_TEST(IPC0022, "Test stack spawning server with scheduling context donation", test_stack_spawning_server, true);
DEFINE_TEST(IPC0023, "Test deleting the scheduling context tracked in a reply cap", test_delete_reply_cap_sc, true);
DEFINE_TEST(IPC0024, "Test deleting the reply cap in the scheduling context", test_delete_reply_cap_then_sc, true);
