// SPDX-License-Identifier: BSD-2-Clause
// sel4test timer.c (sel4test.md §3.4: TIMER0001/0002), run in the root task
// as upstream: periodic timeouts of the timer service reach its
// notification with the timer's badge, again after each Ack. Upstream
// measures no duration; here each wait must also see time advance by at
// least one period (a timeout never comes early), with no upper bound, as
// the machine may be loaded.
#include <cstdint>

#include "../framework/objects.hpp"
#include "../framework/test.hpp"
#include "../framework/timer.hpp"

namespace {

using namespace tessera_test;

constexpr seL4_Word timer_badge = 0x80;
constexpr unsigned callbacks = 3;

// Waits for `callbacks` periodic timeouts of `period_ns`.
void run_periodic(Timer& timer, std::uint64_t period_ns) {
    const std::uint64_t start = timer.now_ns();
    test_assert(timer.periodic(period_ns));
    for (unsigned i = 1; i <= callbacks; ++i) {
        test_eq(timer.wait(), timer_badge);
        test_assert(timer.now_ns() - start >= i * period_ns);
    }
    test_assert(timer.ticks() >= callbacks);
    timer.reset();
}

Result test_timer(Env& env) {
    Timer timer(env);
    test_assert_fatal(timer.init(timer_badge));
    run_periodic(timer, 100'000'000);  // 100 ms
    return test_result();
}

Result test_gettime_timeout(Env& env) {
    Timer timer(env);
    test_assert_fatal(timer.init(timer_badge));
    const std::uint64_t before = timer.now_ns();
    run_periodic(timer, 1'000'000);  // 1 ms
    const std::uint64_t after = timer.now_ns();
    test_assert(after > before);
    return test_result();
}

}  // namespace

DEFINE_TEST(TIMER0001, "Basic timer testing", test_timer, true);
DEFINE_TEST(TIMER0002, "Test that the timer moves between gettime and timeout calls", test_gettime_timeout, true);
