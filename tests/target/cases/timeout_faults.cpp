// SPDX-License-Identifier: BSD-2-Clause
// sel4test faults.c, its timeout-fault tests (sel4test.md §3.4
// TIMEOUTFAULT0001–0003, sel4-mcs.md §4.6–4.8, §8): a thread whose SC runs
// out gets a Timeout fault through its timeout endpoint, a passive server
// reports the budget of the client it runs for, and the reply that hands a
// nested server's caller an exhausted SC raises the caller's timeout fault.
#include "../framework/alloc.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"

namespace {

using namespace tessera_test;

constexpr seL4_Word us_per_ms = 1000;

// --- TIMEOUTFAULT0001 ------------------------------------------------------------------------

seL4_Word spin_forever(seL4_Word, seL4_Word, seL4_Word, seL4_Word) {
    for (;;) {
    }
}

Result test_timeout_fault(Env& env) {
    constexpr seL4_Word data = 1;
    Allocator& a = allocator();
    const seL4_CPtr ep = a.alloc_object(seL4_EndpointObject, 0);
    const seL4_CPtr reply = a.alloc_object(seL4_ReplyObject, 0);
    test_assert_fatal(ep != 0 && reply != 0);
    HelperThread helper;
    test_assert_fatal(create_helper_thread(env, &helper));
    test_eq(set_helper_sched_params(env, &helper, 1 * us_per_ms, 2 * us_per_ms, data), seL4_NoError);
    test_eq(seL4_TCB_SetTimeoutEndpoint(helper.tcb, ep), seL4_NoError);
    start_helper(env, &helper, spin_forever);

    // Each period it runs out of budget and faults; an empty reply resumes
    // it, to fault again in the next period.
    seL4_MessageInfo_t info = seL4_Recv(ep, nullptr, reply);
    for (int i = 0; i < 100; ++i) {
        test_eq(seL4_MessageInfo_get_length(info), seL4_Word{seL4_Timeout_Length});
        test_assert(seL4_isTimeoutFault_tag(info));
        test_eq(seL4_GetMR(seL4_Timeout_Data), data);
        info = seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, 0), nullptr, reply);
    }

    cleanup_helper(env, &helper);
    a.free_object(reply);
    a.free_object(ep);
    return test_result();
}

// --- TIMEOUTFAULT0002 / 0003 -----------------------------------------------------------------

// Reports that it is initialised (a non-blocking send the test waits for),
// then spins on whatever SC a Call brings: the client's budget runs out.
seL4_Word timeout_server(seL4_Word ep, seL4_Word reply, seL4_Word, seL4_Word) {
    (void)seL4_NBSendRecv(ep, seL4_MessageInfo_new(0, 0, 0, 0), ep, nullptr, reply);
    for (;;) {
    }
}

// Forwards each client message to the server and passes the answer back.
seL4_Word timeout_proxy(seL4_Word in, seL4_Word out, seL4_Word reply, seL4_Word) {
    seL4_MessageInfo_t info = seL4_NBSendRecv(in, seL4_MessageInfo_new(0, 0, 0, 1), in, nullptr, reply);
    for (;;) {
        info = seL4_Call(out, info);
        info = seL4_ReplyRecv(in, info, nullptr, reply);
    }
}

// Every answer a server chain gives it comes from the fault handler: -1.
seL4_Word timeout_client(seL4_Word ep, seL4_Word, seL4_Word, seL4_Word) {
    seL4_MessageInfo_t info = seL4_MessageInfo_new(0, 0, 0, 0);
    for (;;) {
        info = seL4_Call(ep, info);
        test_eq(seL4_GetMR(0), ~seL4_Word{0});
    }
}

// A passive server whose timeout endpoint is `tfep` minted with `badge`,
// checkpointed once it waits for its first client.
bool create_passive_with_timeout_ep(Env& env, HelperThread* t, seL4_CPtr tfep, seL4_CPtr minted, seL4_Word badge,
                                    HelperFunction fn, seL4_CPtr ep, seL4_Word a1, seL4_Word a2,
                                    HelperCheckpoint* cp) {
    const seL4_Error e = seL4_CNode_Mint(root_cnode, minted, root_depth, root_cnode, tfep, root_depth,
                                         seL4_AllRights, badge);
    test_eq(e, seL4_NoError);
    if (!create_passive_thread(env, t, fn, ep, a1, a2)) return false;
    test_eq(seL4_TCB_SetTimeoutEndpoint(t->tcb, minted), seL4_NoError);
    return checkpoint_helper(t, cp);
}

// Receives the timeout fault of `server` (a passive thread running on the
// client's SC), answers the server's caller with -1 through `reply` (the
// server's reply object), and resets the server to its checkpoint: stack
// restored, own SC bound, registers rewritten by the TimeoutReply, after
// which it reports initialised again and loses its SC. `hold` (if not 0)
// is suspended right after the answer.
void handle_timeout_fault(seL4_CPtr tfep, seL4_Word expected_badge, HelperThread* server, seL4_CPtr reply,
                          const HelperCheckpoint* cp, seL4_CPtr ep, seL4_Word expected_data, seL4_CPtr hold = 0) {
    Allocator& a = allocator();
    const seL4_CPtr server_reply = a.alloc_object(seL4_ReplyObject, 0);
    if (server_reply == 0) {
        record_failure(__FILE__, __LINE__, "out of objects for a reply object");
        return;
    }
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(tfep, &badge, server_reply);
    test_eq(badge, expected_badge);
    test_assert(seL4_isTimeoutFault_tag(info));
    test_eq(seL4_GetMR(seL4_Timeout_Data), expected_data);
    test_eq(seL4_MessageInfo_get_length(info), seL4_Word{seL4_Timeout_Length});

    // Answer the caller on the server's behalf; its SC goes back one hop.
    seL4_SetMR(0, ~seL4_Word{0});
    seL4_Send(reply, info);
    if (hold != 0) test_eq(seL4_TCB_Suspend(hold), seL4_NoError);

    restore_helper_stack(cp);
    test_eq(seL4_SchedContext_Bind(server->sc, server->tcb), seL4_NoError);
    info = seL4_TimeoutReply_new(true, cp->regs, sizeof(seL4_UserContext) / sizeof(seL4_Word));
    // Resume it at the checkpoint and wait for it to report initialised.
    (void)seL4_ReplyRecv(ep, info, nullptr, server_reply);
    test_eq(seL4_SchedContext_Unbind(server->sc), seL4_NoError);
    a.free_object(server_reply);
}

HelperCheckpoint server_checkpoint;
HelperCheckpoint proxy_checkpoint;

Result test_timeout_fault_in_server(Env& env) {
    constexpr seL4_Word client_data = 1;
    constexpr seL4_Word server_badge = 2;
    Allocator& a = allocator();
    const seL4_CPtr tfep = a.alloc_object(seL4_EndpointObject, 0);
    const seL4_CPtr ep = a.alloc_object(seL4_EndpointObject, 0);
    const seL4_CPtr reply = a.alloc_object(seL4_ReplyObject, 0);
    const seL4_CPtr minted = a.alloc_slot();
    test_assert_fatal(tfep != 0 && ep != 0 && reply != 0 && minted != 0);

    HelperThread server, client;
    test_assert_fatal(create_passive_with_timeout_ep(env, &server, tfep, minted, server_badge, timeout_server, ep,
                                                     reply, 0, &server_checkpoint));
    test_assert_fatal(create_helper_thread(env, &client));
    test_eq(set_helper_sched_params(env, &client, 100 * us_per_ms, 101 * us_per_ms, client_data), seL4_NoError);
    start_helper(env, &client, timeout_client, ep);
    // The client must not preempt the server while it is being reset.
    set_helper_priority(env, &server, test_priority - 1);
    set_helper_priority(env, &client, test_priority - 2);

    for (int i = 0; i < 5; ++i)
        handle_timeout_fault(tfep, server_badge, &server, reply, &server_checkpoint, ep, client_data);

    cleanup_helper(env, &client);
    cleanup_helper(env, &server);
    a.free_slot(minted);
    a.free_object(reply);
    a.free_object(ep);
    a.free_object(tfep);
    return test_result();
}

// The timing under QEMU. The proxy's fault needs the test's answer to the
// server's fault to come before the client's SC is refilled. Upstream's
// period is 101 ms, leaving 1 ms: less than a debug kernel under QEMU takes
// for the two kernel entries in between (every exit runs the invariant
// checks), or than a host hiccup, which QEMU's clock passes on to the guest.
// A 1 s period leaves 900 ms. And a late timer interrupt overruns the budget;
// with two refills that overrun comes back as a small separate refill, so a
// later round could start with a few milliseconds of budget and run out in
// the proxy, before the server spins. So each round starts, as the first,
// with a freshly configured budget: the client is suspended as soon as it
// has its answer, and resumed after the reconfiguration.
Result test_timeout_fault_nested_servers(Env& env) {
    constexpr seL4_Word client_budget_us = 100 * us_per_ms;
    constexpr seL4_Word client_period_us = 1000 * us_per_ms;
    constexpr seL4_Word client_data = 1;
    constexpr seL4_Word server_badge = 2;
    constexpr seL4_Word proxy_badge = 3;
    Allocator& a = allocator();
    const seL4_CPtr client_proxy_ep = a.alloc_object(seL4_EndpointObject, 0);
    const seL4_CPtr proxy_server_ep = a.alloc_object(seL4_EndpointObject, 0);
    const seL4_CPtr tfep = a.alloc_object(seL4_EndpointObject, 0);
    const seL4_CPtr proxy_reply = a.alloc_object(seL4_ReplyObject, 0);
    const seL4_CPtr server_reply = a.alloc_object(seL4_ReplyObject, 0);
    const seL4_CPtr server_tfep = a.alloc_slot();
    const seL4_CPtr proxy_tfep = a.alloc_slot();
    test_assert_fatal(client_proxy_ep != 0 && proxy_server_ep != 0 && tfep != 0 && proxy_reply != 0 &&
                      server_reply != 0 && server_tfep != 0 && proxy_tfep != 0);

    HelperThread server, proxy, client;
    test_assert_fatal(create_passive_with_timeout_ep(env, &server, tfep, server_tfep, server_badge, timeout_server,
                                                     proxy_server_ep, server_reply, 0, &server_checkpoint));
    test_assert_fatal(create_passive_with_timeout_ep(env, &proxy, tfep, proxy_tfep, proxy_badge, timeout_proxy,
                                                     client_proxy_ep, proxy_server_ep, proxy_reply,
                                                     &proxy_checkpoint));
    test_assert_fatal(create_helper_thread(env, &client));
    const auto configure_client = [&] {
        test_eq(seL4_SchedControl_Configure(sched_control(env), client.sc, client_budget_us, client_period_us, 0,
                                            client_data),
                seL4_NoError);
    };
    configure_client();
    start_helper(env, &client, timeout_client, client_proxy_ep);

    for (int i = 0; i < 5; ++i) {
        // The server runs the client's SC (donated through both Calls) out.
        handle_timeout_fault(tfep, server_badge, &server, server_reply, &server_checkpoint, proxy_server_ep,
                             client_data);
        // Answering the proxy's Call handed it that exhausted SC: its own
        // timeout fault was raised in the reply.
        handle_timeout_fault(tfep, proxy_badge, &proxy, proxy_reply, &proxy_checkpoint, client_proxy_ep,
                             client_data, client.tcb);
        // A fresh budget for the next round (the client stays stopped until
        // then), so that it starts as the first did: see above.
        configure_client();
        test_eq(seL4_TCB_Resume(client.tcb), seL4_NoError);
    }

    cleanup_helper(env, &client);
    cleanup_helper(env, &proxy);
    cleanup_helper(env, &server);
    a.free_slot(proxy_tfep);
    a.free_slot(server_tfep);
    a.free_object(server_reply);
    a.free_object(proxy_reply);
    a.free_object(tfep);
    a.free_object(proxy_server_ep);
    a.free_object(client_proxy_ep);
    return test_result();
}

}  // namespace

DEFINE_TEST(TIMEOUTFAULT0001, "Test timeout fault", test_timeout_fault, true);
DEFINE_TEST(TIMEOUTFAULT0002, "Handle a timeout fault in a server", test_timeout_fault_in_server, true);
DEFINE_TEST(TIMEOUTFAULT0003, "Nested timeout fault", test_timeout_fault_nested_servers, true);
