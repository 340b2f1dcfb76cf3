// SPDX-License-Identifier: BSD-2-Clause
// sel4test interrupt.c (sel4test.md §3.4: INTERRUPT0002-0006): scheduling
// context donation through a notification that a periodic timer interrupt
// signals. sel4test's driver provides the timer; here the framework's timer
// service does (timer.hpp): its driver thread signals the test's timer
// notification on every 10 ms tick.
#include <cstdint>

#include "../framework/objects.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"
#include "../framework/timer.hpp"

namespace {

using namespace tessera_test;

constexpr std::uint64_t tick_ns = 10'000'000;  // sel4test's 10 ms period

constexpr int final_state = 10;

// sel4test's interrupt_helper: count, then Wait for the timer, until the
// state reaches 10; then one more Wait, and report completion.
seL4_Word interrupt_helper(seL4_Word timer_ntfn, seL4_Word state_addr, seL4_Word, seL4_Word) {
    volatile int* state = reinterpret_cast<volatile int*>(state_addr);
    while (*state < final_state) {
        *state = *state + 1;
        (void)seL4_Wait(timer_ntfn, nullptr);
    }
    (void)seL4_Wait(timer_ntfn, nullptr);
    return 0;
}

// Helpers at 10, the test at 9, so the helpers run first (state 1, in Wait).
void start_helpers(Helper* helpers, volatile int* states, unsigned n, seL4_CPtr timer_ntfn) {
    for (unsigned i = 0; i < n; ++i) {
        helpers[i].start(interrupt_helper, timer_ntfn, &states[i]);
        helpers[i].set_priority(10);
    }
}

Result test_interrupt_notification_sc(Env& env) {
    Timer timer(env);
    test_assert_fatal(timer.init());
    Helper helper;
    test_assert_fatal(helper.create(env));
    volatile int state = 0;
    OwnPriority own;
    start_helpers(&helper, &state, 1, timer.notification());
    test_eq(own.set(9), seL4_NoError);
    test_eq(state, 1);
    test_eq(seL4_SchedContext_Unbind(helper.sc()), seL4_NoError);
    test_eq(seL4_SchedContext_Bind(helper.sc(), timer.notification()), seL4_NoError);
    test_assert_fatal(timer.periodic(tick_ns));
    (void)helper.wait();
    test_eq(state, final_state);
    return test_result();
}

Result test_interrupt_notification_and_tcb_sc(Env& env) {
    Timer timer(env);
    test_assert_fatal(timer.init());
    Helper helpers[2];
    test_assert_fatal(helpers[0].create(env) && helpers[1].create(env));
    volatile int states[2] = {0, 0};
    OwnPriority own;
    start_helpers(helpers, states, 2, timer.notification());
    test_eq(own.set(9), seL4_NoError);
    test_eq(states[0], 1);
    test_eq(states[1], 1);
    // helpers[0] keeps its SC; helpers[1] borrows the notification's.
    test_eq(seL4_SchedContext_Unbind(helpers[1].sc()), seL4_NoError);
    test_assert_fatal(timer.periodic(tick_ns));
    test_eq(seL4_SchedContext_Bind(helpers[1].sc(), timer.notification()), seL4_NoError);
    (void)helpers[0].wait();
    (void)helpers[1].wait();
    test_eq(states[0], final_state);
    test_eq(states[1], final_state);
    return test_result();
}

Result test_interrupt_no_sc(Env& env) {
    Timer timer(env);
    test_assert_fatal(timer.init());
    Helper helper;
    test_assert_fatal(helper.create(env));
    volatile int state = 0;
    OwnPriority own;
    start_helpers(&helper, &state, 1, timer.notification());
    test_eq(own.set(9), seL4_NoError);
    test_eq(state, 1);
    test_eq(seL4_SchedContext_Unbind(helper.sc()), seL4_NoError);
    test_assert_fatal(timer.periodic(tick_ns));
    // A passive waiter and a notification without an SC: nothing runs.
    test_eq(state, 1);
    return test_result();
}

Result test_interrupt_no_donation(Env& env) {
    Timer timer(env);
    test_assert_fatal(timer.init());
    Helper helpers[2];
    test_assert_fatal(helpers[0].create(env) && helpers[1].create(env));
    volatile int states[2] = {0, 0};
    OwnPriority own;
    start_helpers(helpers, states, 2, timer.notification());
    test_eq(own.set(9), seL4_NoError);
    test_eq(seL4_SchedContext_Unbind(helpers[0].sc()), seL4_NoError);
    test_eq(seL4_SchedContext_Unbind(helpers[1].sc()), seL4_NoError);
    // The helper given prio 10 last is at the head of the notification's
    // queue (sel4test.md: INTERRUPT0005); the notification gets its SC.
    test_eq(seL4_SchedContext_Bind(helpers[1].sc(), timer.notification()), seL4_NoError);
    test_assert_fatal(timer.periodic(tick_ns));
    (void)helpers[1].wait();
    test_eq(states[0], final_state);
    test_eq(states[1], final_state);
    return test_result();
}

Result test_interrupt_deleted_sc(Env& env) {
    Timer timer(env);
    test_assert_fatal(timer.init());
    Helper helper;
    test_assert_fatal(helper.create(env));
    volatile int state = 0;
    OwnPriority own;
    start_helpers(&helper, &state, 1, timer.notification());
    test_eq(own.set(9), seL4_NoError);
    test_eq(state, 1);
    test_eq(seL4_SchedContext_Unbind(helper.sc()), seL4_NoError);
    test_eq(seL4_SchedContext_Bind(helper.sc(), timer.notification()), seL4_NoError);
    helper.delete_sched_context();
    test_assert_fatal(timer.periodic(tick_ns));
    test_eq(state, 1);
    return test_result();
}

}  // namespace

DEFINE_TEST(INTERRUPT0002, "Test interrupts with scheduling context donation from notification object",
            test_interrupt_notification_sc, true);
DEFINE_TEST(INTERRUPT0003,
            "Test interrupts with scheduling context donation from notification object and without (two clients)",
            test_interrupt_notification_and_tcb_sc, true);
DEFINE_TEST(INTERRUPT0004, "Test interrupts with no scheduling context at all", test_interrupt_no_sc, true);
DEFINE_TEST(INTERRUPT0005, "Test the same scheduling context cannot be loaned to different threads",
            test_interrupt_no_donation, true);
DEFINE_TEST(INTERRUPT0006, "Test interrupts after deleting scheduling context bound to notification",
            test_interrupt_deleted_sc, true);

