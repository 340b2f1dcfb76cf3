// SPDX-License-Identifier: BSD-2-Clause
// sel4test interrupt.c (sel4test.md §3.4: INTERRUPT0002-0006): scheduling
// context donation through a notification that a periodic timer interrupt
// signals. sel4test's driver provides the timer; here a driver thread of
// the test does: on AArch64 the EL1 physical timer, exported to EL0 in the
// suite's (debug) kernel, and its PPI 30 through IRQControl. On each tick
// the driver re-arms the timer, acks its IRQ handler and signals the test's
// timer notification. RISC-V has no user-programmable timer (a driver for
// the goldfish RTC needs device frames mapped), so the tests are disabled
// there.
#include <cstdint>

#include <autoconf.h>

#include "../framework/objects.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"

namespace {

using namespace tessera_test;

#if defined(CONFIG_ARCH_AARCH64)

constexpr seL4_Word physical_timer_irq = 30;
constexpr seL4_Word driver_priority = 254;
constexpr seL4_Word tick_us = 10'000;  // sel4test's 10 ms period

std::uint64_t counter() {
    std::uint64_t v;
    asm volatile("isb\n\tmrs %0, cntpct_el0" : "=r"(v));
    return v;
}
std::uint64_t ticks_per_us() {
    std::uint64_t v;
    asm volatile("mrs %0, cntfrq_el0" : "=r"(v));
    return v / 1'000'000;
}
void timer_fire_at(std::uint64_t when) {
    asm volatile("msr cntp_cval_el0, %0\n\tmsr cntp_ctl_el0, %1\n\tisb" ::"r"(when), "r"(std::uint64_t{1}));
}
void timer_stop() { asm volatile("msr cntp_ctl_el0, %0\n\tisb" ::"r"(std::uint64_t{0})); }

// The driver thread's state, read by both sides.
struct Driver {
    seL4_CPtr irq_ntfn = 0;
    seL4_CPtr handler = 0;
    seL4_CPtr target = 0;
    std::uint64_t period = 0;
    volatile bool stopping = false;
    volatile seL4_Word ticks = 0;
};

seL4_Word driver_fn(seL4_Word arg, seL4_Word, seL4_Word, seL4_Word) {
    Driver& d = *reinterpret_cast<Driver*>(arg);
    std::uint64_t next = counter() + d.period;
    timer_fire_at(next);
    for (;;) {
        (void)seL4_Wait(d.irq_ntfn, nullptr);
        if (d.stopping) break;
        const std::uint64_t now = counter();
        next += d.period;
        if (next <= now) next = now + d.period;
        timer_fire_at(next);
        (void)seL4_IRQHandler_Ack(d.handler);
        d.ticks = d.ticks + 1;
        seL4_Signal(d.target);
    }
    timer_stop();
    return 0;
}

// sel4test's sel4test_periodic_start / sel4test_timer_reset, as a scope.
class PeriodicTimer {
public:
    explicit PeriodicTimer(Env& env) : env_(env) {}
    PeriodicTimer(const PeriodicTimer&) = delete;
    PeriodicTimer& operator=(const PeriodicTimer&) = delete;
    ~PeriodicTimer() { reset(); }

    // The notification the ticks signal (sel4test's env->timer_notification).
    bool init() {
        driver_.target = objects_.notification();
        driver_.irq_ntfn = objects_.notification();
        driver_.handler = objects_.slot();
        if (driver_.target == 0 || driver_.irq_ntfn == 0 || driver_.handler == 0) return false;
        if (seL4_IRQControl_GetTrigger(seL4_CapIRQControl, physical_timer_irq, 0, root_cnode, driver_.handler,
                                       root_depth) != seL4_NoError)
            return false;
        return seL4_IRQHandler_SetNotification(driver_.handler, driver_.irq_ntfn) == seL4_NoError;
    }
    seL4_CPtr notification() const { return driver_.target; }

    bool periodic_start(seL4_Word period_us) {
        driver_.period = period_us * ticks_per_us();
        driver_.stopping = false;
        if (!thread_.create(env_, driver_priority)) return false;
        thread_.start(driver_fn, &driver_);
        running_ = true;
        return true;
    }
    void reset() {
        if (!running_) return;
        driver_.stopping = true;
        seL4_Signal(driver_.irq_ntfn);
        (void)thread_.wait();
        thread_.cleanup();
        running_ = false;
        (void)seL4_IRQHandler_Ack(driver_.handler);
    }

private:
    Env& env_;
    Owned objects_;
    Driver driver_;
    Helper thread_;
    bool running_ = false;
};

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
    PeriodicTimer timer(env);
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
    test_assert_fatal(timer.periodic_start(tick_us));
    (void)helper.wait();
    test_eq(state, final_state);
    return test_result();
}

Result test_interrupt_notification_and_tcb_sc(Env& env) {
    PeriodicTimer timer(env);
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
    test_assert_fatal(timer.periodic_start(tick_us));
    test_eq(seL4_SchedContext_Bind(helpers[1].sc(), timer.notification()), seL4_NoError);
    (void)helpers[0].wait();
    (void)helpers[1].wait();
    test_eq(states[0], final_state);
    test_eq(states[1], final_state);
    return test_result();
}

Result test_interrupt_no_sc(Env& env) {
    PeriodicTimer timer(env);
    test_assert_fatal(timer.init());
    Helper helper;
    test_assert_fatal(helper.create(env));
    volatile int state = 0;
    OwnPriority own;
    start_helpers(&helper, &state, 1, timer.notification());
    test_eq(own.set(9), seL4_NoError);
    test_eq(state, 1);
    test_eq(seL4_SchedContext_Unbind(helper.sc()), seL4_NoError);
    test_assert_fatal(timer.periodic_start(tick_us));
    // A passive waiter and a notification without an SC: nothing runs.
    test_eq(state, 1);
    return test_result();
}

Result test_interrupt_no_donation(Env& env) {
    PeriodicTimer timer(env);
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
    test_assert_fatal(timer.periodic_start(tick_us));
    (void)helpers[1].wait();
    test_eq(states[0], final_state);
    test_eq(states[1], final_state);
    return test_result();
}

Result test_interrupt_deleted_sc(Env& env) {
    PeriodicTimer timer(env);
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
    test_assert_fatal(timer.periodic_start(tick_us));
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

#else

Result not_ported(Env&) { return Result::Fail; }
constexpr const char* needs_timer =
    "needs a user-level timer: on RISC-V the goldfish RTC alarm, whose registers need device frames mapped";

}  // namespace

DEFINE_DISABLED_TEST(INTERRUPT0002, "Test interrupts with scheduling context donation from notification object",
                     not_ported, needs_timer);
DEFINE_DISABLED_TEST(INTERRUPT0003,
                     "Test interrupts with scheduling context donation from notification object and without (two "
                     "clients)",
                     not_ported, needs_timer);
DEFINE_DISABLED_TEST(INTERRUPT0004, "Test interrupts with no scheduling context at all", not_ported, needs_timer);
DEFINE_DISABLED_TEST(INTERRUPT0005, "Test the same scheduling context cannot be loaned to different threads",
                     not_ported, needs_timer);
DEFINE_DISABLED_TEST(INTERRUPT0006, "Test interrupts after deleting scheduling context bound to notification",
                     not_ported, needs_timer);

#endif
