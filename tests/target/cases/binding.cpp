// SPDX-License-Identifier: BSD-2-Clause
// sel4test binding.c (sel4test.md §3.4: BIND0001–0004, BIND005/006): a
// notification bound to a TCB is delivered through that TCB's endpoint
// receives, and under MCS the thread it wakes runs only with an SC, its
// own or one lent by the notification.
#include "../framework/objects.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"

namespace {

using namespace tessera_test;

constexpr int num_runs = 10;
constexpr seL4_Word notification_badge = 1;
constexpr seL4_Word endpoint_badge = 2;

using Counter = volatile int;

// Sends `runs` empty messages on `cap` (on a notification cap a Send is a
// Signal).
seL4_Word sender_fn(seL4_Word cap, seL4_Word, seL4_Word runs, seL4_Word) {
    for (seL4_Word i = 0; i < runs; ++i) seL4_Send(cap, seL4_MessageInfo_new(0, 0, 0, 0));
    return 0;
}

// The test waits on an endpoint with its bound notification: 10 signals and
// 10 messages arrive, told apart by badge.
Result test_notification_binding(Env& env) {
    Owned objects;
    const seL4_CPtr sync_ep = objects.endpoint();
    const seL4_CPtr ntfn = objects.notification();
    const seL4_CPtr badged_ntfn = objects.mint(ntfn, notification_badge);
    const seL4_CPtr badged_ep = objects.mint(sync_ep, endpoint_badge);
    test_assert_fatal(sync_ep != 0 && ntfn != 0 && badged_ntfn != 0 && badged_ep != 0);
    Helper sync, async;
    test_assert_fatal(sync.create(env) && async.create(env));

    test_eq(seL4_TCB_BindNotification(seL4_CapInitThreadTCB, ntfn), seL4_NoError);
    async.start(sender_fn, badged_ntfn, notification_badge, num_runs);
    sync.start(sender_fn, badged_ep, endpoint_badge, num_runs);

    int notifications = 0, messages = 0;
    for (int i = 0; i < num_runs * 2; ++i) {
        seL4_Word badge = 0;
        (void)seL4_Wait(sync_ep, &badge);
        if (badge == notification_badge) ++notifications;
        if (badge == endpoint_badge) ++messages;
    }
    test_eq(notifications, num_runs);
    test_eq(messages, num_runs);
    test_eq(seL4_TCB_UnbindNotification(seL4_CapInitThreadTCB), seL4_NoError);
    return test_result();
}

// Waiting on the bound notification itself.
Result test_notification_binding_2(Env& env) {
    Owned objects;
    const seL4_CPtr ntfn = objects.notification();
    const seL4_CPtr badged_ntfn = objects.mint(ntfn, notification_badge);
    test_assert_fatal(ntfn != 0 && badged_ntfn != 0);
    Helper async;
    test_assert_fatal(async.create(env));

    test_eq(seL4_TCB_BindNotification(seL4_CapInitThreadTCB, ntfn), seL4_NoError);
    async.start(sender_fn, badged_ntfn, notification_badge, num_runs);

    int notifications = 0;
    for (int i = 0; i < num_runs; ++i) {
        seL4_Word badge = 0;
        (void)seL4_Wait(ntfn, &badge);
        if (badge == notification_badge) ++notifications;
    }
    test_eq(notifications, num_runs);
    test_eq(seL4_TCB_UnbindNotification(seL4_CapInitThreadTCB), seL4_NoError);
    return test_result();
}

seL4_Word waiter_fn(seL4_Word ntfn, seL4_Word, seL4_Word, seL4_Word) {
    seL4_Word badge = 0;
    (void)seL4_Wait(ntfn, &badge);
    return 0;
}

// A helper waits on its bound notification while another signals it once;
// the priorities decide which comes first. Both must finish.
Result notification_binding_prio(Env& env, seL4_Word waiter_prio, seL4_Word sender_prio) {
    Owned objects;
    const seL4_CPtr ntfn = objects.notification();
    const seL4_CPtr sync_ep = objects.endpoint();
    test_assert_fatal(ntfn != 0 && sync_ep != 0);
    Helper waiter, sender;
    test_assert_fatal(waiter.create(env, waiter_prio) && sender.create(env, sender_prio));

    test_eq(seL4_TCB_BindNotification(waiter.tcb(), ntfn), seL4_NoError);
    waiter.start(waiter_fn, ntfn);
    sender.start(sender_fn, ntfn, 0, 1);
    waiter.wait();
    sender.wait();
    return test_result();
}

Result test_notification_binding_3(Env& env) { return notification_binding_prio(env, 10, 9); }
Result test_notification_binding_4(Env& env) { return notification_binding_prio(env, 9, 10); }

// Waits on an endpoint (its bound notification wakes it instead).
seL4_Word bound_wait_fn(seL4_Word ep, seL4_Word state_word, seL4_Word, seL4_Word) {
    Counter* state = reinterpret_cast<Counter*>(state_word);
    *state = 1;
    (void)seL4_Wait(ep, nullptr);
    *state = 2;
    return 0;
}

// A helper (10, above the test) with a bound notification blocks in an
// endpoint Wait and loses its SC; the signal wakes it. Then either its SC
// comes back (BIND005) or the SC was bound to the notification first, which
// lends it with the signal (BIND006).
Result notification_binding_sc(Env& env, bool sc_on_notification) {
    Counter state = 0;
    Owned objects;
    const seL4_CPtr ep = objects.endpoint();
    const seL4_CPtr ntfn = objects.notification();
    test_assert_fatal(ep != 0 && ntfn != 0);
    Helper helper;
    test_assert_fatal(helper.create(env, 10));
    OwnPriority own;
    test_eq(own.set(9), seL4_NoError);

    test_eq(seL4_TCB_BindNotification(helper.tcb(), ntfn), seL4_NoError);
    helper.start(bound_wait_fn, ep, &state);
    test_eq(state, 1);
    test_eq(seL4_SchedContext_Unbind(helper.sc()), seL4_NoError);

    if (sc_on_notification) {
        test_eq(seL4_SchedContext_Bind(helper.sc(), ntfn), seL4_NoError);
        seL4_Signal(ntfn);
        test_eq(state, 2);
    } else {
        seL4_Signal(ntfn);
        test_eq(state, 1);
        test_eq(seL4_SchedContext_Bind(helper.sc(), helper.tcb()), seL4_NoError);
        test_eq(state, 2);
    }
    return test_result();
}

Result test_notification_binding_no_sc(Env& env) { return notification_binding_sc(env, false); }
Result test_notification_binding_with_sc(Env& env) { return notification_binding_sc(env, true); }

}  // namespace

DEFINE_TEST(BIND0001,
            "Test that a bound tcb waiting on a sync endpoint receives normal sync ipc and notification notifications.",
            test_notification_binding, true);
DEFINE_TEST(BIND0002, "Test that a bound tcb waiting on its bound notification recieves notifications",
            test_notification_binding_2, true);
DEFINE_TEST(BIND0003, "Test IPC ordering 1) bound tcb waits on bound notification 2) another tcb sends a message",
            test_notification_binding_3, true);
DEFINE_TEST(BIND0004, "Test IPC ordering 2) bound tcb waits on bound notification 1) another tcb sends a message",
            test_notification_binding_4, true);
DEFINE_TEST(BIND005, "Test passing thread notification binding with no scheduling context",
            test_notification_binding_no_sc, true);
DEFINE_TEST(BIND006, "Test passing thread notification binding with a scheduling context",
            test_notification_binding_with_sc, true);
