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
    seL4_Yield();
    test_eq(state_one, 1);

    // Its SC goes to the notification, which lends it back on a signal.
    test_eq(seL4_SchedContext_Unbind(one.sc), seL4_NoError);
    test_eq(seL4_SchedContext_Bind(one.sc, ntfn), seL4_NoError);
    seL4_Signal(ntfn);
    seL4_Yield();
    test_eq(state_one, 2);

    // Delete it while it runs on the notification's SC.
    a.free_object(one.tcb);
    one.tcb = 0;
    seL4_Yield();

    start_helper(env, &two, wait_then_spin, ntfn, reinterpret_cast<seL4_Word>(&state_two));
    seL4_Yield();
    test_eq(state_two, 1);

    // Two has no SC of its own: it can only run on the notification's.
    a.free_object(two.sc);
    two.sc = 0;
    seL4_Signal(ntfn);
    seL4_Signal(ntfn);
    seL4_Yield();
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

// The tests below need sel4test's user-level timer service (sleeps), which
// the suite does not have yet.
Result needs_timer(Env&) { return Result::Fail; }

}  // namespace

DEFINE_TEST(SCHED_CONTEXT_0001, "Test api_sched_ctrl_configure", test_sched_control_configure, true);
DEFINE_TEST(SCHED_CONTEXT_0003, "Basic api_sc_bind/UnbindObject testing", test_bind_errors, true);
DEFINE_TEST(SCHED_CONTEXT_0006, "Test deleting a tcb running on a notifications scheduling context returns it",
            test_delete_tcb_on_notification_sc, true);
DEFINE_TEST(SCHED_CONTEXT_0007, "test resuming a passive thread and binding scheduling context",
            test_passive_thread_start, true);
DEFINE_TEST(SCHED_CONTEXT_0008, "Test deleting a tcb running on donated sc", test_delete_sendwait_tcb, true);

DEFINE_DISABLED_TEST(SCHED_CONTEXT_0002, "Test reconfiguring a thread", needs_timer,
                     "needs a user-level timer: sleeps between reconfigurations");
DEFINE_DISABLED_TEST(SCHED_CONTEXT_0005, "Test deleting a scheduling context prevents the bound tcb from running",
                     needs_timer, "needs a user-level timer: sleeps to watch the thread's counter");
DEFINE_DISABLED_TEST(SCHED_CONTEXT_0009, "Test scheduling context goes to caller if reply cap deleted", needs_timer,
                     "needs a user-level timer: sleeps to watch the server's counter");
DEFINE_DISABLED_TEST(SCHED_CONTEXT_0010, "Test unbinding scheduling context from server", needs_timer,
                     "needs a user-level timer: sleeps to watch the server's counter");
DEFINE_DISABLED_TEST(SCHED_CONTEXT_0011, "Test revoking a reply on a call chain returns scheduling context along chain",
                     needs_timer, "needs a user-level timer: sleeps to watch the server's counter");
DEFINE_DISABLED_TEST(SCHED_CONTEXT_0012, "Test revoking a reply on a call chain unorderd", needs_timer,
                     "needs a user-level timer: sleeps to watch the counters");
DEFINE_DISABLED_TEST(SCHED_CONTEXT_0013, "Test revoking a scheduling context on a call chain", needs_timer,
                     "needs a user-level timer: sleeps to watch the server's counter");
