// SPDX-License-Identifier: BSD-2-Clause
// sel4test ipc.c, the message-passing part (sel4test.md §3.4: IPC0001–0004,
// IPC0010, IPC0025–0027, IPC1001–1004): two helper threads exchange
// messages of every length 0…seL4_MsgMaxLength whose words count up from a
// seed; each side checks the length and every word it receives. Every
// pairing runs with the first helper at priority 98…102 against the second
// at 100, in both start orders (one core here, so no affinity loop).
#include <type_traits>

#include "../framework/objects.hpp"
#include "../framework/process.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"

namespace {

using namespace tessera_test;

constexpr int max_length = seL4_MsgMaxLength;
constexpr seL4_Word ok = 0;
constexpr seL4_Word bad = 1;

// Fills MRs 0…length-1 with seed, seed+1, …; returns the next seed.
seL4_Word fill(int length, seL4_Word seed) {
    for (int i = 0; i < length; ++i) seL4_SetMR(i, seed++);
    return seed;
}

// Whether the message just received has `length` words seed, seed+1, ….
// *seed moves past them either way.
bool check(seL4_MessageInfo_t info, int length, seL4_Word* seed) {
    bool good = seL4_MessageInfo_get_length(info) == static_cast<seL4_Word>(length);
    for (int i = 0; i < length; ++i) good = (seL4_GetMR(i) == (*seed)++) && good;
    return good;
}

// Helper arguments: endpoint, seed, reply object, and (NBSend/Recv only)
// whether the receiver should receive at all.

seL4_Word send_fn(seL4_Word ep, seL4_Word seed, seL4_Word, seL4_Word) {
    for (int length = 0; length <= max_length; ++length) {
        seed = fill(length, seed);
        seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, length));
    }
    return ok;
}

seL4_Word nbsend_fn(seL4_Word ep, seL4_Word seed, seL4_Word, seL4_Word) {
    for (int length = 0; length <= max_length; ++length) {
        seed = fill(length, seed);
        seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 0, length));
    }
    return ok;
}

seL4_Word call_fn(seL4_Word ep, seL4_Word seed, seL4_Word, seL4_Word) {
    seL4_Word result = ok;
    for (int length = 0; length <= max_length; ++length) {
        seed = fill(length, seed);
        const seL4_MessageInfo_t info = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, length));
        if (!check(info, length, &seed)) result = bad;
    }
    return result;
}

seL4_Word recv_fn(seL4_Word ep, seL4_Word seed, seL4_Word reply, seL4_Word) {
    seL4_Word result = ok;
    for (int length = 0; length <= max_length; ++length) {
        seL4_Word badge = 0;
        const seL4_MessageInfo_t info = seL4_Recv(ep, &badge, reply);
        if (!check(info, length, &seed)) result = bad;
    }
    return result;
}

// The receiver of NBSends receives only when told to: with a sender at a
// higher or equal priority, NBSends find nobody waiting and are dropped.
seL4_Word nbrecv_side_fn(seL4_Word ep, seL4_Word seed, seL4_Word reply, seL4_Word should_receive) {
    return should_receive ? recv_fn(ep, seed, reply, 0) : ok;
}

// Server for Call: the first receive is NBSendRecv on the same endpoint
// (its send finds no receiver), then ReplyRecv, each reply carrying the
// next seed values; a last Send on the reply object answers the last Call.
seL4_Word reply_recv_fn(seL4_Word ep, seL4_Word seed, seL4_Word reply, seL4_Word) {
    seL4_Word result = ok;
    seL4_MessageInfo_t info = seL4_MessageInfo_new(0, 0, 0, 0);
    for (int length = 0; length <= max_length; ++length) {
        seL4_Word badge = 0;
        if (length == 0) info = seL4_NBSendRecv(ep, info, ep, &badge, reply);
        else info = seL4_ReplyRecv(ep, info, &badge, reply);
        if (!check(info, length, &seed)) result = bad;
        seed = fill(length, seed);
        info = seL4_MessageInfo_new(0, 0, 0, length);
    }
    seL4_Send(reply, info);
    return result;
}

// Server for Call with separate steps: Recv, then Send on the reply object.
seL4_Word reply_then_recv_fn(seL4_Word ep, seL4_Word seed, seL4_Word reply, seL4_Word) {
    seL4_Word result = ok;
    seL4_MessageInfo_t info = seL4_MessageInfo_new(0, 0, 0, 0);
    for (int length = 0; length <= max_length; ++length) {
        if (length != 0) seL4_Send(reply, info);
        seL4_Word badge = 0;
        info = seL4_Recv(ep, &badge, reply);
        if (!check(info, length, &seed)) result = bad;
        seed = fill(length, seed);
        info = seL4_MessageInfo_new(0, 0, 0, length);
    }
    seL4_Send(reply, info);
    return result;
}

// Each of two copies sends a full-length message and receives on the same
// endpoint, once per length; a last NBSend releases the peer.
seL4_Word nbsendrecv_fn(seL4_Word ep, seL4_Word, seL4_Word reply, seL4_Word) {
    for (int length = 0; length <= max_length; ++length)
        (void)seL4_NBSendRecv(ep, seL4_MessageInfo_new(0, 0, 0, max_length), ep, nullptr, reply);
    seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 0, max_length));
    return ok;
}

// Helper threads in the test's address space, or (Processes, the 100x
// tests) helper processes with their own CSpace and VSpace, each holding a
// copy of the endpoint and of its reply object.
template <bool Processes>
Result ipc_pair(Env& env, HelperFunction fa, HelperFunction fb) {
    using H = std::conditional_t<Processes, Process, Helper>;
    Owned objects;
    const seL4_CPtr ep = objects.endpoint();
    const seL4_CPtr a_reply = objects.reply();
    const seL4_CPtr b_reply = objects.reply();
    test_assert_fatal(ep != 0 && a_reply != 0 && b_reply != 0);

    seL4_Word seed = 0xabbacafe;
    constexpr seL4_Word waiter_prio = 100;
    for (seL4_Word sender_prio = 98; sender_prio <= 102; ++sender_prio) {
        for (int sender_first = 0; sender_first <= 1; ++sender_first) {
            H a, b;
            test_assert_fatal(a.create(env, sender_prio));
            test_assert_fatal(b.create(env, waiter_prio));
            if constexpr (Processes)
                test_assert_fatal(a.share(ep) && a.share(a_reply) && b.share(ep) && b.share(b_reply));
            const seL4_Word should_receive = sender_prio < waiter_prio;
            // Neither runs before the test waits (they are below it); the
            // start order decides which is first in its ready queue.
            if (sender_first) {
                b.start(fb, ep, seed, b_reply, should_receive);
                a.start(fa, ep, seed, a_reply, should_receive);
            } else {
                a.start(fa, ep, seed, a_reply, should_receive);
                b.start(fb, ep, seed, b_reply, should_receive);
            }
            const seL4_Word ra = a.wait();
            const seL4_Word rb = b.wait();
            if (ra != ok || rb != ok)
                record_failure(__FILE__, __LINE__, "sender prio %lu, %s first: results %lu, %lu",
                               static_cast<unsigned long>(sender_prio), sender_first ? "sender" : "receiver",
                               static_cast<unsigned long>(ra), static_cast<unsigned long>(rb));
            seed += 0x71717171;
        }
    }
    return test_result();
}

Result test_send_wait(Env& env) { return ipc_pair<false>(env, send_fn, recv_fn); }
Result test_call_replywait(Env& env) { return ipc_pair<false>(env, call_fn, reply_recv_fn); }
Result test_call_reply_and_wait(Env& env) { return ipc_pair<false>(env, call_fn, reply_then_recv_fn); }
Result test_nbsend_wait(Env& env) { return ipc_pair<false>(env, nbsend_fn, nbrecv_side_fn); }
Result test_nbsendrecv(Env& env) { return ipc_pair<false>(env, nbsendrecv_fn, nbsendrecv_fn); }
Result test_send_wait_processes(Env& env) { return ipc_pair<true>(env, send_fn, recv_fn); }
Result test_call_replywait_processes(Env& env) { return ipc_pair<true>(env, call_fn, reply_recv_fn); }
Result test_call_reply_and_wait_processes(Env& env) { return ipc_pair<true>(env, call_fn, reply_then_recv_fn); }
Result test_nbsend_wait_processes(Env& env) { return ipc_pair<true>(env, nbsend_fn, nbrecv_side_fn); }

// A helper at priority 100 Calls; the test receives the Call (the helper
// now waits for its reply), then suspends, resumes (the Call restarts) and
// suspends it again, and deletes it. Upstream asserts nothing: the kernel
// has to survive. Here the TCB invocations must succeed, and the Call the
// resumed helper re-executes (suspend cancelled it, sel4-mcs.md §7.3) must
// arrive again, with the same empty message and the same reply object.
Result test_ipc_abort_in_call(Env& env) {
    Owned objects;
    const seL4_CPtr ep = objects.endpoint();
    const seL4_CPtr reply = objects.reply();
    test_assert_fatal(ep != 0 && reply != 0);

    Helper helper;
    test_assert_fatal(helper.create(env, 100));
    helper.start(call_fn, ep, 0xabbacafe);

    seL4_Word badge = 0;
    (void)seL4_Recv(ep, &badge, reply);
    test_eq(seL4_TCB_Suspend(helper.tcb()), seL4_NoError);
    test_eq(seL4_TCB_Resume(helper.tcb()), seL4_NoError);
    badge = 1;
    const seL4_MessageInfo_t again = seL4_Recv(ep, &badge, reply);
    test_eq(seL4_MessageInfo_get_length(again), seL4_Word{0});
    test_eq(badge, seL4_Word{0});
    test_eq(seL4_TCB_Suspend(helper.tcb()), seL4_NoError);
    helper.cleanup();
    return test_result();
}

// A passive server at priority 1 runs the Call/ReplyRecv server loop for
// a client at priority 2: it runs on the client's SC at its own, lower
// priority. It gets its own SC back to finish. Then again with the client
// started before a second passive server exists. Upstream checks only the
// bind/unbind results and that both finish; here the results of both
// sides (every length and word) are checked as well.
Result test_sched_donation_low_prio_server(Env& env) {
    Owned objects;
    const seL4_CPtr ep = objects.endpoint();
    test_assert_fatal(ep != 0);
    Helper client, server, server2;
    test_assert_fatal(client.create(env) && server.create(env) && server2.create(env));

    // sel4test's create_passive_thread: start, wait for its first
    // (NBSendRecv) message, take its SC away.
    const auto start_passive = [&](Helper& h) {
        h.start(reply_recv_fn, ep, 0, h.reply());
        (void)seL4_Wait(ep, nullptr);
        test_eq(seL4_SchedContext_Unbind(h.sc()), seL4_NoError);
    };

    start_passive(server);
    server.set_priority(1);
    client.set_priority(2);
    client.start(call_fn, ep, 0);
    test_eq(client.wait(), ok);
    test_eq(seL4_SchedContext_Bind(server.sc(), server.tcb()), seL4_NoError);
    test_eq(server.wait(), ok);

    client.start(call_fn, ep, 0);
    start_passive(server2);
    test_eq(client.wait(), ok);
    test_eq(seL4_SchedContext_Bind(server2.sc(), server2.tcb()), seL4_NoError);
    test_eq(server2.wait(), ok);
    return test_result();
}

}  // namespace

DEFINE_TEST(IPC0001, "Test SMP seL4_Send + seL4_Recv", test_send_wait, true);
DEFINE_TEST(IPC0002, "Test SMP seL4_Call + seL4_ReplyRecv", test_call_replywait, true);
DEFINE_TEST(IPC0003, "Test SMP seL4_Send + seL4_Reply + seL4_Recv", test_call_reply_and_wait, true);
DEFINE_TEST(IPC0004, "Test seL4_NBSend + seL4_Recv", test_nbsend_wait, true);
DEFINE_TEST(IPC0010, "Test suspending an IPC mid-Call()", test_ipc_abort_in_call, true);
DEFINE_TEST(IPC0025, "Test seL4_nbsendrecv + seL4_nbsendrecv", test_nbsendrecv, true);
// Upstream passes the same-address-space flag here too (sel4test.md §3.4).
DEFINE_TEST(IPC0026, "Test interas seL4_nbsendrecv + seL4_nbsendrecv", test_nbsendrecv, true);
DEFINE_TEST(IPC0027, "Test sched donation to low prio server", test_sched_donation_low_prio_server, true);

DEFINE_TEST(IPC1001, "Test SMP inter-AS seL4_Send + seL4_Recv", test_send_wait_processes, true);
DEFINE_TEST(IPC1002, "Test SMP inter-AS seL4_Call + seL4_ReplyRecv", test_call_replywait_processes, true);
DEFINE_TEST(IPC1003, "Test SMP inter-AS seL4_Send + seL4_Reply + seL4_Recv", test_call_reply_and_wait_processes,
            true);
DEFINE_TEST(IPC1004, "Test inter-AS seL4_NBSend + seL4_Recv", test_nbsend_wait_processes, true);
