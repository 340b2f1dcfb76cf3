// SPDX-License-Identifier: BSD-2-Clause
// Resuming kern::current_thread() after any kernel entry: its address space,
// its FP/SIMD access, or, for the idle thread, waiting in the kernel for the
// next interrupt.
#include "activation.hpp"

#include <arch/system_registers.hpp>
#include <kern/console.hpp>
#include <kern/object/tcb.hpp>
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

// FP/SIMD access only for the owner of the registers, unless disabled
// (trap/fpu.cpp); CPACR_EL1 is written only when that changes.
void set_user_fpu_access(const kern::Tcb& thread) {
    const bool enabled = fpu_owner == &thread && (thread.flags & kern::tcb_flag_fpu_disabled) == 0;
    const std::uint64_t value = (enabled ? cpacr_user_fpu_on : cpacr_user_fpu_off).raw();
    if (value != user_cpacr) write_user_cpacr(value);
}

}  // namespace

UserContext* activate_current_thread() {
    for (;;) {
        kern::Tcb* thread = kern::current_thread();
        if (thread == nullptr) kern::panic("no current thread to resume");
        if (!kern::is_idle_thread(*thread)) {
            switch_address_space(*thread);
            set_user_fpu_access(*thread);
            return &thread->context;
        }
        wait_for_interrupt();
    }
}

}  // namespace arch::platform
