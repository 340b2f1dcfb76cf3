// SPDX-License-Identifier: BSD-2-Clause
// sel4test schedcontext.c: SchedControl_Configure errors, SchedContext
// Bind/UnbindObject, SCs lent by notifications and donated by NBSendWait,
// and what deleting their holders does (sel4test.md §3.4 SCHED_CONTEXT_*,
// sel4-mcs.md §4.3, §4.4, §5).
#include "../framework/alloc.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"

namespace {

using namespace tessera_test;

// Helpers at the test's priority run when the test Yields, one timeslice at
// a time. On the host's clock (./tessera suite --realtime) a loaded host can
// end a timeslice after a few instructions, so where upstream relies on one Yield (or one
// sleep) being enough for a helper to get somewhere, the port Yields until
// it has (a bounded number of times).
constexpr int yield_limit = 20;

void yield_until_nonzero(const volatile seL4_Word& value) {
    for (int i = 0; i < yield_limit && value == 0; ++i) seL4_Yield();
}

void yield_until_equal(const volatile int& value, int expected) {
    for (int i = 0; i < yield_limit && value != expected; ++i) seL4_Yield();
}

// --- SCHED_CONTEXT_0001 ----------------------------------------------------------------------

Result test_sched_control_configure(Env& env) {
    Allocator& a = allocator();
    const seL4_CPtr sc = a.alloc_object(seL4_SchedContextObject, seL4_MinSchedContextBits);
    const seL4_CPtr tcb = a.alloc_object(seL4_TCBObject, 0);
    test_assert_fatal(sc != 0 && tcb != 0);
    const seL4_CPtr control = sched_control(env);

    test_eq(seL4_SchedControl_Configure(control, sc, 5000, 5000, 0, 0), seL4_NoError);
    // Not a scheduling context.
    test_eq(seL4_SchedControl_Configure(control, tcb, 5000, 5000, 0, 0), seL4_InvalidCapability);
    // No budget, no period, budget above period, budget below the minimum.
    test_eq(seL4_SchedControl_Configure(control, sc, 0, 5000, 0, 0), seL4_RangeError);
    test_eq(seL4_SchedControl_Configure(control, sc, 0, 0, 0, 0), seL4_RangeError);
    test_eq(seL4_SchedControl_Configure(control, sc, 5000, 1000, 0, 0), seL4_RangeError);
    test_eq(seL4_SchedControl_Configure(control, sc, 1, 5000, 0, 0), seL4_RangeError);
    // The minimum budget (2 × WCET) is at most 20 µs (sel4-mcs.md §4.2).
    test_eq(seL4_SchedControl_Configure(control, sc, 20, 5000, 0, 0), seL4_NoError);

    a.free_object(tcb);
    a.free_object(sc);
    return test_result();
}

// --- SCHED_CONTEXT_0002 ----------------------------------------------------------------------
// Upstream sleeps 10 ms between reconfigurations while a lower-priority
// helper spins. Here the helper runs at the test's priority, and a Yield
// lets it run a timeslice instead.

seL4_Word spin_forever(seL4_Word, seL4_Word, seL4_Word, seL4_Word) {
    for (;;) {
    }
}

Result test_sched_control_reconfigure(Env& env) {
    HelperThread t;
    test_assert_fatal(create_helper_thread(env, &t, test_priority));
    const seL4_CPtr control = sched_control(env);
    // Not started yet.
    test_eq(seL4_SchedControl_Configure(control, t.sc, 5000, 5000, 0, 0), seL4_NoError);
    start_helper(env, &t, spin_forever);
    seL4_Yield();
    // Running (preempted at the end of its timeslice): more, then less.
    test_eq(seL4_SchedControl_Configure(control, t.sc, 10000, 10000, 0, 0), seL4_NoError);
    seL4_Yield();
    test_eq(seL4_SchedControl_Configure(control, t.sc, 3000, 3000, 0, 0), seL4_NoError);
    seL4_Yield();
    cleanup_helper(env, &t);
    return test_result();
}

// --- SCHED_CONTEXT_0003 ----------------------------------------------------------------------

Result test_bind_errors(Env&) {
    Allocator& a = allocator();
    const seL4_CPtr tcb = a.alloc_object(seL4_TCBObject, 0);
    const seL4_CPtr sc = a.alloc_object(seL4_SchedContextObject, seL4_MinSchedContextBits);
    const seL4_CPtr ntfn = a.alloc_object(seL4_NotificationObject, 0);
    const seL4_CPtr ep = a.alloc_object(seL4_EndpointObject, 0);
    test_assert_fatal(tcb != 0 && sc != 0 && ntfn != 0 && ep != 0);

    // Only TCBs and notifications can be bound.
    test_eq(seL4_SchedContext_Bind(sc, ep), seL4_InvalidCapability);
    test_eq(seL4_SchedContext_Bind(sc, tcb), seL4_NoError);
    test_eq(seL4_SchedContext_Bind(sc, tcb), seL4_IllegalOperation);
    // A notification may be bound while the TCB is (sel4-mcs.md §5.5), once.
    test_eq(seL4_SchedContext_Bind(sc, ntfn), seL4_NoError);
    test_eq(seL4_SchedContext_Bind(sc, ntfn), seL4_IllegalOperation);

    test_eq(seL4_SchedContext_UnbindObject(sc, ntfn), seL4_NoError);
    test_eq(seL4_SchedContext_UnbindObject(sc, tcb), seL4_NoError);
    test_eq(seL4_SchedContext_UnbindObject(sc, ep), seL4_InvalidCapability);
    // Objects that are not bound.
    test_eq(seL4_SchedContext_UnbindObject(sc, ntfn), seL4_IllegalOperation);
    test_eq(seL4_SchedContext_UnbindObject(sc, tcb), seL4_IllegalOperation);

    a.free_object(ep);
    a.free_object(ntfn);
    a.free_object(sc);
    a.free_object(tcb);
    return test_result();
}

// --- SCHED_CONTEXT_0005 ----------------------------------------------------------------------
// Upstream sleeps 1 s before and after the deletion; here the helper runs at
// the test's priority, and Yields let it run.

seL4_Word count_forever(seL4_Word counter, seL4_Word, seL4_Word, seL4_Word) {
    auto* c = reinterpret_cast<volatile seL4_Word*>(counter);
    for (;;) *c = *c + 1;
}

Result test_delete_tcb_sched_context(Env& env) {
    volatile seL4_Word counter = 0;
    HelperThread t;
    test_assert_fatal(create_helper_thread(env, &t, test_priority));
    start_helper(env, &t, count_forever, reinterpret_cast<seL4_Word>(&counter));
    yield_until_nonzero(counter);
    // It ran (upstream checks only counter >= 0).
    test_assert(counter > 0);
    allocator().free_object(t.sc);
    t.sc = 0;
    // Read after the deletion: until then it may still have run, since it
    // shares our priority (upstream's is below the test's).
    const seL4_Word before = counter;
    seL4_Yield();
    seL4_Yield();
    // Without its SC it cannot run.
    test_eq(counter, before);
    cleanup_helper(env, &t);
    return test_result();
}

// --- SCHED_CONTEXT_0006 ----------------------------------------------------------------------

seL4_Word wait_then_spin(seL4_Word ntfn, seL4_Word state, seL4_Word, seL4_Word) {
    auto* s = reinterpret_cast<volatile int*>(state);
    *s = 1;
    seL4_Wait(ntfn, nullptr);
    *s = 2;
    for (;;) {
    }
}

Result test_delete_tcb_on_notification_sc(Env& env) {
    Allocator& a = allocator();
    const seL4_CPtr ntfn = a.alloc_object(seL4_NotificationObject, 0);
    test_assert_fatal(ntfn != 0);
    volatile int state_one = 0, state_two = 0;
    HelperThread one, two;
    // At our priority, so that a Yield lets them run.
    test_assert_fatal(create_helper_thread(env, &one, test_priority));
    test_assert_fatal(create_helper_thread(env, &two, test_priority));

    start_helper(env, &one, wait_then_spin, ntfn, reinterpret_cast<seL4_Word>(&state_one));
    yield_until_equal(state_one, 1);
    // Once more, in case its timeslice ended before it blocked in its Wait.
    seL4_Yield();
    test_eq(state_one, 1);

    // Its SC goes to the notification, which lends it back on a signal.
    test_eq(seL4_SchedContext_Unbind(one.sc), seL4_NoError);
    test_eq(seL4_SchedContext_Bind(one.sc, ntfn), seL4_NoError);
    seL4_Signal(ntfn);
    yield_until_equal(state_one, 2);
    test_eq(state_one, 2);

    // Delete it while it runs on the notification's SC.
    a.free_object(one.tcb);
    one.tcb = 0;
    seL4_Yield();

    start_helper(env, &two, wait_then_spin, ntfn, reinterpret_cast<seL4_Word>(&state_two));
    yield_until_equal(state_two, 1);
    seL4_Yield();
    test_eq(state_two, 1);

    // Two has no SC of its own: it can only run on the notification's.
    a.free_object(two.sc);
    two.sc = 0;
    seL4_Signal(ntfn);
    seL4_Signal(ntfn);
    yield_until_equal(state_two, 2);
    test_eq(state_two, 2);

    cleanup_helper(env, &two);
    cleanup_helper(env, &one);
    a.free_object(ntfn);
    return test_result();
}

// --- SCHED_CONTEXT_0007 ----------------------------------------------------------------------

seL4_Word return_one(seL4_Word, seL4_Word, seL4_Word, seL4_Word) { return 1; }

seL4_Word wait_then_return_one(seL4_Word ntfn, seL4_Word, seL4_Word, seL4_Word) {
    seL4_Wait(ntfn, nullptr);
    return 1;
}

Result test_passive_thread_start(Env& env) {
    HelperThread helper;

    // Resume, then bind.
    test_assert_fatal(create_helper_thread(env, &helper));
    test_eq(seL4_SchedContext_Unbind(helper.sc), seL4_NoError);
    start_helper(env, &helper, return_one);
    test_eq(seL4_SchedContext_Bind(helper.sc, helper.tcb), seL4_NoError);
    test_eq(wait_for_helper(&helper), seL4_Word{1});
    cleanup_helper(env, &helper);

    // Bind, then resume.
    test_assert_fatal(create_helper_thread(env, &helper));
    test_eq(seL4_SchedContext_Unbind(helper.sc), seL4_NoError);
    test_eq(seL4_SchedContext_Bind(helper.sc, helper.tcb), seL4_NoError);
    start_helper(env, &helper, return_one);
    test_eq(seL4_TCB_Resume(helper.tcb), seL4_NoError);
    test_eq(wait_for_helper(&helper), seL4_Word{1});
    cleanup_helper(env, &helper);

    // Bound to the TCB and (lazily) to a notification: the TCB keeps the SC
    // until it blocks on the notification (sel4-mcs.md §5.5).
    Allocator& a = allocator();
    const seL4_CPtr ntfn = a.alloc_object(seL4_NotificationObject, 0);
    test_assert_fatal(ntfn != 0);
    test_assert_fatal(create_helper_thread(env, &helper));
    test_eq(seL4_SchedContext_Bind(helper.sc, ntfn), seL4_NoError);
    set_helper_priority(env, &helper, test_priority + 1);
    test_eq(seL4_SchedContext_Bind(helper.sc, helper.tcb), seL4_IllegalOperation);
    // Above us: it runs at once and blocks on the notification.
    start_helper(env, &helper, wait_then_return_one, ntfn);
    test_eq(seL4_SchedContext_Bind(helper.sc, helper.tcb), seL4_NoError);
    // With its SC back it finishes as soon as it is signalled.
    seL4_Signal(ntfn);
    test_eq(wait_for_helper(&helper), seL4_Word{1});
    cleanup_helper(env, &helper);
    a.free_object(ntfn);
    return test_result();
}

// --- SCHED_CONTEXT_0008 ----------------------------------------------------------------------

seL4_Word sc0008_client(seL4_Word send_ep, seL4_Word wait_ep, seL4_Word, seL4_Word) {
    // Its SC goes to the passive proxy for good.
    (void)seL4_NBSendWait(send_ep, seL4_MessageInfo_new(0, 0, 0, 0), wait_ep, nullptr);
    return 0;
}

seL4_Word sc0008_proxy(seL4_Word send_ep, seL4_Word wait_ep, seL4_Word, seL4_Word) {
    // Initialised: tell the test, then wait for the client.
    (void)seL4_NBSendWait(send_ep, seL4_MessageInfo_new(0, 0, 0, 0), wait_ep, nullptr);
    // Forward the client's SC to the server.
    (void)seL4_NBSendWait(send_ep, seL4_MessageInfo_new(0, 0, 0, 0), wait_ep, nullptr);
    record_failure(__FILE__, __LINE__, "the proxy ran again");
    for (;;) seL4_Yield();
}

seL4_Word sc0008_server(seL4_Word init_ep, seL4_Word wait_ep, seL4_Word, seL4_Word) {
    (void)seL4_NBSendWait(init_ep, seL4_MessageInfo_new(0, 0, 0, 0), wait_ep, nullptr);
    // Finishes on the client's SC and keeps it.
    return 0;
}

Result test_delete_sendwait_tcb(Env& env) {
    Allocator& a = allocator();
    const seL4_CPtr client_send = a.alloc_object(seL4_EndpointObject, 0);
    const seL4_CPtr client_wait = a.alloc_object(seL4_EndpointObject, 0);
    const seL4_CPtr proxy_send = a.alloc_object(seL4_EndpointObject, 0);
    const seL4_CPtr server_ep = a.alloc_object(seL4_EndpointObject, 0);
    test_assert_fatal(client_send != 0 && client_wait != 0 && proxy_send != 0 && server_ep != 0);
    HelperThread client, proxy, server;
    test_assert_fatal(create_passive_thread(env, &server, sc0008_server, server_ep, proxy_send));
    test_assert_fatal(create_passive_thread(env, &proxy, sc0008_proxy, proxy_send, client_send));
    test_assert_fatal(create_helper_thread(env, &client));
    start_helper(env, &client, sc0008_client, client_send, client_wait);

    // The server finishes on the client's SC, passed on by the proxy.
    (void)wait_for_helper(&server);
    // Deleting the server frees the SC, so it can go back to the client.
    a.free_object(server.tcb);
    server.tcb = 0;
    test_eq(seL4_SchedContext_Bind(client.sc, client.tcb), seL4_NoError);
    // A zero-length send ends the client's wait.
    seL4_Signal(client_wait);
    (void)wait_for_helper(&client);

    cleanup_helper(env, &client);
    cleanup_helper(env, &proxy);
    cleanup_helper(env, &server);
    a.free_object(server_ep);
    a.free_object(proxy_send);
    a.free_object(client_wait);
    a.free_object(client_send);
    return test_result();
}

// --- SCHED_CONTEXT_0009 … 0013 ---------------------------------------------------------------
// A passive server spins on the SC a client donated (directly or through a
// passive proxy); the test takes the SC away in various ways and watches
// the server's counter. Upstream sleeps 0.2 s to let the server run and to
// see it stop; here every thread runs at the test's priority, so Yields let
// the server run on the client's SC, and Yields after the SC is gone would
// let it run if it still could.

seL4_Word spinning_server(seL4_Word ep, seL4_Word counter, seL4_Word reply, seL4_Word) {
    (void)seL4_NBSendRecv(ep, seL4_MessageInfo_new(0, 0, 0, 0), ep, nullptr, reply);
    auto* c = reinterpret_cast<volatile seL4_Word*>(counter);
    for (;;) *c = *c + 1;
}

seL4_Word calling_client(seL4_Word ep, seL4_Word counter, seL4_Word, seL4_Word) {
    (void)seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    // Counts from here on, if it ever runs (SCHED_CONTEXT_0012).
    auto* c = reinterpret_cast<volatile seL4_Word*>(counter);
    if (c != nullptr)
        for (;;) *c = *c + 1;
    return 0;
}

seL4_Word nbsendwait_client(seL4_Word ep, seL4_Word, seL4_Word, seL4_Word) {
    (void)seL4_NBSendWait(ep, seL4_MessageInfo_new(0, 0, 0, 0), ep, nullptr);
    return 0;
}

seL4_Word calling_proxy(seL4_Word in, seL4_Word out, seL4_Word reply, seL4_Word) {
    (void)seL4_NBSendRecv(in, seL4_MessageInfo_new(0, 0, 0, 0), in, nullptr, reply);
    (void)seL4_Call(out, seL4_MessageInfo_new(0, 0, 0, 0));
    return 0;
}

// Client (calling `client_fn`), optional passive proxy and passive server,
// all at the test's priority, with the objects they use.
struct CallChain {
    HelperThread client, proxy, server;
    seL4_CPtr client_ep = 0, server_ep = 0, proxy_reply = 0, server_reply = 0;
    volatile seL4_Word server_count = 0;
    volatile seL4_Word client_count = 0;

    bool create(Env& env, bool with_proxy) {
        Allocator& a = allocator();
        client_ep = a.alloc_object(seL4_EndpointObject, 0);
        server_ep = with_proxy ? a.alloc_object(seL4_EndpointObject, 0) : client_ep;
        proxy_reply = with_proxy ? a.alloc_object(seL4_ReplyObject, 0) : 0;
        server_reply = a.alloc_object(seL4_ReplyObject, 0);
        if (client_ep == 0 || server_ep == 0 || (with_proxy && proxy_reply == 0) || server_reply == 0) return false;
        if (!create_passive_thread(env, &server, spinning_server, server_ep,
                                   reinterpret_cast<seL4_Word>(&server_count), server_reply))
            return false;
        set_helper_priority(env, &server, test_priority);
        if (with_proxy) {
            if (!create_passive_thread(env, &proxy, calling_proxy, client_ep, server_ep, proxy_reply)) return false;
            set_helper_priority(env, &proxy, test_priority);
        }
        return create_helper_thread(env, &client, test_priority);
    }

    // Lets the server run on the client's SC: it must count.
    void run_server() {
        yield_until_nonzero(server_count);
        test_assert(server_count > 0);
    }

    void destroy(Env& env) {
        Allocator& a = allocator();
        cleanup_helper(env, &client);
        cleanup_helper(env, &proxy);
        cleanup_helper(env, &server);
        a.free_object(server_reply);
        a.free_object(proxy_reply);
        if (server_ep != client_ep) a.free_object(server_ep);
        a.free_object(client_ep);
    }
};

// Yields twice: a thread at our priority that can still run does.
void yield_twice() {
    seL4_Yield();
    seL4_Yield();
}

Result test_sc_goes_to_caller_on_reply_delete(Env& env) {
    CallChain c;
    test_assert_fatal(c.create(env, false));
    start_helper(env, &c.client, calling_client, c.client_ep);
    c.run_server();
    // The SC goes back to the client: the server stops.
    test_eq(seL4_CNode_Delete(root_cnode, c.server_reply, root_depth), seL4_NoError);
    const seL4_Word stopped = c.server_count;
    yield_twice();
    test_eq(c.server_count, stopped);
    // The client, moved past its Call, runs on it.
    restart_after_syscall(&c.client);
    (void)wait_for_helper(&c.client);
    c.destroy(env);
    return test_result();
}

Result test_sc_unbind_server(Env& env) {
    CallChain c;
    test_assert_fatal(c.create(env, false));
    // The client's SC goes to the server for good (NBSendWait).
    start_helper(env, &c.client, nbsendwait_client, c.client_ep);
    c.run_server();
    test_eq(seL4_SchedContext_UnbindObject(c.client.sc, c.server.tcb), seL4_NoError);
    const seL4_Word stopped = c.server_count;
    yield_twice();
    test_eq(c.server_count, stopped);
    test_eq(seL4_SchedContext_Bind(c.client.sc, c.client.tcb), seL4_NoError);
    restart_after_syscall(&c.client);
    (void)wait_for_helper(&c.client);
    c.destroy(env);
    return test_result();
}

Result test_reply_delete_on_call_chain(Env& env) {
    CallChain c;
    test_assert_fatal(c.create(env, true));
    start_helper(env, &c.client, calling_client, c.client_ep);
    c.run_server();
    // The server's reply first: the SC goes back to the proxy.
    test_eq(seL4_CNode_Delete(root_cnode, c.server_reply, root_depth), seL4_NoError);
    const seL4_Word stopped = c.server_count;
    yield_twice();
    test_eq(c.server_count, stopped);
    // Then the proxy's: on to the client, which runs again.
    test_eq(seL4_CNode_Delete(root_cnode, c.proxy_reply, root_depth), seL4_NoError);
    restart_after_syscall(&c.client);
    (void)wait_for_helper(&c.client);
    c.destroy(env);
    return test_result();
}

Result test_reply_delete_on_call_chain_unordered(Env& env) {
    CallChain c;
    test_assert_fatal(c.create(env, true));
    start_helper(env, &c.client, calling_client, c.client_ep, reinterpret_cast<seL4_Word>(&c.client_count));
    c.run_server();
    // The proxy's reply first: it is cut out of the chain, nothing moves.
    test_eq(seL4_CNode_Delete(root_cnode, c.proxy_reply, root_depth), seL4_NoError);
    // Then the server's: the SC goes to the proxy, its caller (sel4-mcs.md §5.2).
    test_eq(seL4_CNode_Delete(root_cnode, c.server_reply, root_depth), seL4_NoError);
    const seL4_Word stopped = c.server_count;
    yield_twice();
    test_eq(c.server_count, stopped);
    // The client never gets it back: moved past its Call, it still cannot run.
    restart_after_syscall(&c.client);
    yield_twice();
    test_eq(c.client_count, seL4_Word{0});
    test_eq(c.server_count, stopped);
    c.destroy(env);
    return test_result();
}

Result test_sc_delete_on_call_chain(Env& env) {
    Allocator& a = allocator();
    CallChain c;
    test_assert_fatal(c.create(env, true));
    start_helper(env, &c.client, calling_client, c.client_ep);
    c.run_server();
    // Deleting the client's SC stops the server.
    a.free_object(c.client.sc);
    c.client.sc = 0;
    const seL4_Word stopped = c.server_count;
    yield_twice();
    test_eq(c.server_count, stopped);
    test_eq(seL4_CNode_Delete(root_cnode, c.server_reply, root_depth), seL4_NoError);

    // A new SC lets the proxy return from its Call, then the client.
    const seL4_CPtr sc = a.alloc_object(seL4_SchedContextObject, seL4_MinSchedContextBits);
    test_assert_fatal(sc != 0);
    test_eq(seL4_SchedContext_Bind(sc, c.proxy.tcb), seL4_NoError);
    test_eq(seL4_SchedControl_Configure(sched_control(env), sc, 5000 * 1000, 5000 * 1000, 0, 0), seL4_NoError);
    restart_after_syscall(&c.proxy);
    (void)wait_for_helper(&c.proxy);
    test_eq(seL4_SchedContext_UnbindObject(sc, c.proxy.tcb), seL4_NoError);
    test_eq(seL4_SchedContext_Bind(sc, c.client.tcb), seL4_NoError);
    restart_after_syscall(&c.client);
    (void)wait_for_helper(&c.client);
    c.destroy(env);
    a.free_object(sc);
    return test_result();
}

}  // namespace

DEFINE_TEST(SCHED_CONTEXT_0001, "Test api_sched_ctrl_configure", test_sched_control_configure, true);
DEFINE_TEST(SCHED_CONTEXT_0002, "Test reconfiguring a thread", test_sched_control_reconfigure, true);
DEFINE_TEST(SCHED_CONTEXT_0003, "Basic api_sc_bind/UnbindObject testing", test_bind_errors, true);
DEFINE_TEST(SCHED_CONTEXT_0005, "Test deleting a scheduling context prevents the bound tcb from running",
            test_delete_tcb_sched_context, true);
DEFINE_TEST(SCHED_CONTEXT_0006, "Test deleting a tcb running on a notifications scheduling context returns it",
            test_delete_tcb_on_notification_sc, true);
DEFINE_TEST(SCHED_CONTEXT_0007, "test resuming a passive thread and binding scheduling context",
            test_passive_thread_start, true);
DEFINE_TEST(SCHED_CONTEXT_0008, "Test deleting a tcb running on donated sc", test_delete_sendwait_tcb, true);
DEFINE_TEST(SCHED_CONTEXT_0009, "Test scheduling context goes to caller if reply cap deleted",
            test_sc_goes_to_caller_on_reply_delete, true);
DEFINE_TEST(SCHED_CONTEXT_0010, "Test unbinding scheduling context from server", test_sc_unbind_server, true);
DEFINE_TEST(SCHED_CONTEXT_0011, "Test revoking a reply on a call chain returns scheduling context along chain",
            test_reply_delete_on_call_chain, true);
DEFINE_TEST(SCHED_CONTEXT_0012, "Test revoking a reply on a call chain unorderd", test_reply_delete_on_call_chain_unordered,
            true);
DEFINE_TEST(SCHED_CONTEXT_0013, "Test revoking a scheduling context on a call chain", test_sc_delete_on_call_chain,
            true);
