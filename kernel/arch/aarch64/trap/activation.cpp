// SPDX-License-Identifier: BSD-2-Clause
// Resuming kern::current_thread() after any kernel entry: its address space,
// its FP/SIMD access, or, for the idle thread, waiting in the kernel for the
// next interrupt.
#include "activation.hpp"

#include <kern/console.hpp>
#include <kern/thread.hpp>

#include "../platform/platform.hpp"

namespace arch::platform {
namespace {

// The kernel runs with PSTATE.I set, and WFI still completes when an IRQ is
// pending: the wake-up events include a physical IRQ whatever PSTATE.I says
// [arm/ARM DDI0487, "Wait for Interrupt": WFI wake-up events]. The IRQ is not
// taken; the kernel acknowledges it at the GIC CPU interface itself.
void wait_for_interrupt() {
    asm volatile("dsb sy\n\twfi" ::: "memory");
    handle_interrupt();
}

}  // namespace

UserContext* activate_current_thread() {
    for (;;) {
        kern::Tcb* thread = kern::current_thread();
        if (thread == nullptr) kern::panic("no current thread to resume");
        if (!kern::is_idle_thread(*thread)) {
            switch_address_space(*thread);
            set_user_fpu_access(fpu_enabled_for(*thread));
            return &thread->context;
        }
        wait_for_interrupt();
    }
}

}  // namespace arch::platform
