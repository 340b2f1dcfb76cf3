// SPDX-License-Identifier: BSD-2-Clause
// The tests' timer service (sel4test's driver timer: timestamps, one-shot
// and periodic timeouts, the timer interrupt delivered to a notification
// with a badge). A driver thread at the top priority waits for the device
// IRQ, re-arms a periodic timeout, acks the IRQ handler and signals the
// test's notification, as sel4test's driver does for its tests
// (sel4test.md §3.4, INTERRUPT0002-0006).
//
// The device: on AArch64 the EL1 physical generic timer, which the debug
// kernel exports to EL0 (CNTPCT_EL0 / CNTP_*_EL0), and its PPI; on RISC-V
// the goldfish RTC of QEMU virt (found in the device tree), whose frame is
// cut from the device untyped that holds it and mapped into the root
// task's VSpace, and its PLIC interrupt. The RTC has one alarm: a periodic
// timeout re-arms it from the IRQ handler.
//
// Everything is taken in init() and given back by the destructor, so a
// test holds the timer for its own scope.
#pragma once

#include <cstdint>

#include <sel4/sel4.h>

#include "objects.hpp"
#include "test.hpp"
#include "vspace.hpp"

namespace tessera_test {

class Timer {
public:
    // The driver thread's priority: above every test and helper.
    static constexpr seL4_Word driver_priority = seL4_MaxPrio - 1;

    explicit Timer(Env& env) : env_(env) {}
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;
    ~Timer();

    // Finds and maps the device, gets its IRQ and starts the driver thread.
    // Each timeout signals notification() with `badge`. False (with a
    // recorded failure) if anything is missing.
    bool init(seL4_Word badge = 1);

    // sel4test's env->timer_notification: the (unbadged) notification the
    // timeouts signal.
    seL4_CPtr notification() const { return target_; }

    // Nanoseconds since an arbitrary origin (sel4test's timestamp).
    std::uint64_t now_ns() const;

    // sel4test's timer_set_timeout: TIMEOUT_RELATIVE / TIMEOUT_PERIODIC.
    bool oneshot_relative(std::uint64_t ns);
    bool periodic(std::uint64_t ns);
    // Cancels any timeout (sel4test_timer_reset); a pending signal may remain.
    void reset();

    // Blocks the caller for at least `ns` (sel4test_sleep): a one-shot
    // timeout, then the wait for it. The timer must not be running another
    // timeout.
    void sleep(std::uint64_t ns) {
        (void)oneshot_relative(ns);
        (void)wait();
    }

    // Timeouts delivered so far.
    seL4_Word ticks() const { return state_.ticks; }
    // Waits on the notification for the next timeout (sel4test's
    // wait_for_timer_interrupt); returns the badge received.
    seL4_Word wait();

    // Shared with the driver thread.
    struct State {
        const Timer* timer = nullptr;
        seL4_CPtr irq_notification = 0;
        seL4_CPtr handler = 0;
        seL4_CPtr signal = 0;  // badged copy of the target
        volatile std::uint64_t period_ns = 0;  // 0: one-shot
        volatile std::uint64_t next_ns = 0;
        volatile bool armed = false;
        volatile bool stopping = false;
        volatile seL4_Word ticks = 0;
    };

    // Device access (timer.cpp, per architecture).
    void arm_at(std::uint64_t deadline_ns) const;
    void disarm() const;
    void clear_interrupt() const;

private:
    bool init_device();
    void stop_device();

    Env& env_;
    Owned objects_;
#if defined(__riscv)
    Owned device_slots_;
    vm::Tables tables_;
    seL4_CPtr device_untyped_ = 0;
    seL4_CPtr frame_ = 0;
    volatile std::uint32_t* rtc_ = nullptr;
#else
    std::uint64_t frequency_ = 0;
#endif
    seL4_Word irq_ = 0;
    seL4_CPtr target_ = 0;
    State state_;
    Helper driver_;
    bool running_ = false;
};

}  // namespace tessera_test
