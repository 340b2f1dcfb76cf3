// SPDX-License-Identifier: BSD-2-Clause
// Preemption points for long operations (revoke, delete of big CNodes, untyped
// reset): after a bounded amount of work the kernel checks for a pending
// interrupt and, if there is one, abandons the operation so that the thread
// restarts its system call later (seL4 preemptionPoint, work units per
// preemption = 100 as CONFIG_MAX_NUM_WORK_UNITS_PER_PREEMPTION).
#pragma once

#include <kern/types.hpp>

namespace kern {

inline constexpr unsigned work_units_per_preemption = 100;

// Counts one unit of work; returns true when the caller must stop now and
// return Completion::Preempted. Its state resets at every kernel entry.
[[nodiscard]] bool preemption_point();
void reset_preemption_work();

namespace testing {
// Host tests: make preemption_point() report a pending interrupt after `units`
// units of work (0 = never).
void preempt_after(word_t units);
}  // namespace testing

}  // namespace kern
