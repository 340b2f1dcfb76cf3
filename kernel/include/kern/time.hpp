// SPDX-License-Identifier: BSD-2-Clause
// Kernel time (sel4-mcs.md §4.2): the API speaks microseconds, the kernel
// counts timer ticks. The conversions and the platform constants come from
// the arch (<arch/machine.hpp>); the derived MCS constants are seL4's.
#pragma once

#include <cstdint>

#include <arch/machine.hpp>

namespace kern {

using ticks_t = std::uint64_t;

inline constexpr std::uint64_t kernel_wcet_scale = 1;  // CONFIG_KERNEL_WCET_SCALE
// MIN_BUDGET: twice the kernel's worst-case execution time.
inline constexpr std::uint64_t min_budget_us = 2 * arch::kernel_wcet_us * kernel_wcet_scale;
inline constexpr ticks_t min_budget = 2 * arch::us_to_ticks(arch::kernel_wcet_us) * kernel_wcet_scale;
inline constexpr std::uint64_t max_period_us = arch::max_us_to_ticks / 8;
inline constexpr ticks_t max_period_ticks = arch::us_to_ticks(max_period_us);
inline constexpr ticks_t max_release_time = UINT64_MAX - 5 * max_period_ticks;
// CONFIG_BOOT_THREAD_TIME_SLICE (ms): the root thread's round-robin budget.
inline constexpr std::uint64_t boot_thread_time_slice_ms = 5;

static_assert(arch::us_to_ticks(min_budget_us) == min_budget, "budget = MIN_BUDGET_US must be accepted");

}  // namespace kern
