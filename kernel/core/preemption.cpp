// SPDX-License-Identifier: BSD-2-Clause
#include <arch/machine.hpp>
#include <kern/preemption.hpp>

namespace kern {

namespace {
word_t units_since_check = 0;
word_t units_this_entry = 0;
word_t forced_after = 0;  // host tests only
}  // namespace

bool preemption_point() {
    ++units_this_entry;
    if (forced_after != 0 && units_this_entry >= forced_after) return true;
    if (++units_since_check < work_units_per_preemption) return false;
    units_since_check = 0;
    return arch::interrupt_pending();
}

void reset_preemption_work() {
    units_since_check = 0;
    units_this_entry = 0;
}

namespace testing {
void preempt_after(word_t units) { forced_after = units; }
}  // namespace testing

}  // namespace kern
