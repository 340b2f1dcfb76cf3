// SPDX-License-Identifier: BSD-2-Clause
// Resuming a thread after a kernel entry (internal to kernel/arch/aarch64).
// Every return to EL0, the first one at boot included, goes through
// activate_current_thread() and then vectors.S's aarch64_restore_user.
#pragma once

#include <cstdint>

#include <arch/user_context.hpp>

namespace kern {
struct Tcb;
}

namespace arch::platform {

// The context of kern::current_thread(), ready to be restored: its address
// space is in TTBR0_EL1 and CPACR_EL1 lets it use FP/SIMD only if it owns
// the registers. While the current thread is the idle thread this waits for
// interrupts in the kernel and dispatches them, until another thread is
// current.
UserContext* activate_current_thread();

// vspace/address_space.cpp: TTBR0_EL1 for the thread's VTable cap (a valid
// root is an assigned VSpace cap; anything else gets the kernel-only empty
// root), switched only when it changes.
void switch_address_space(const kern::Tcb& thread);
// TTBR0_EL1 = the kernel-only empty root (drops boot's identity map).
void use_kernel_only_address_space();
// The TTBR0_EL1 value a thread would run with.
std::uint64_t ttbr0_for(const kern::Tcb& thread);
// vspace/maintenance.cpp: whether the TLB is tagged with 16-bit ASIDs
// (TCR_EL1.AS set and implemented), so seL4's ASIDs are the hardware's.
bool uses_16bit_asids();

// trap/fpu.cpp: lazy FPU switching.
void fpu_switch_to(kern::Tcb& thread);
// The thread whose registers the FPU holds, or nullptr, and what CPACR_EL1
// holds: read on every return to EL0 (activation.cpp), so not behind calls.
extern kern::Tcb* fpu_owner;
extern std::uint64_t user_cpacr;
// CPACR_EL1 = value (FPEN for the thread about to run; only when it changes).
void write_user_cpacr(std::uint64_t value);

}  // namespace arch::platform
