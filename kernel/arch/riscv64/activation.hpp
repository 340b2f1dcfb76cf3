// SPDX-License-Identifier: BSD-2-Clause
// Resuming a thread after a kernel entry (private to the RISC-V arch layer).
// Every exit to U-mode, the first one at boot included, goes through
// activate_current_thread() and then trap.S's riscv_restore_user.
#pragma once

#include <arch/user_context.hpp>

namespace kern {
struct Tcb;
}

namespace arch::riscv {

// The context of kern::current_thread(), ready to be restored: its address
// space is active and its saved sstatus.FS says whether it may use the FPU.
// While the current thread is the idle thread this waits for interrupts in
// the kernel and dispatches them, until another thread is current.
UserContext* activate_current_thread();

// Fills the kernel-only root table (the kernel window, no user mappings)
// from the boot table; called once at boot before any thread runs.
void init_kernel_only_root();

// Whether seL4's ASIDs are the hardware's (satp.ASID has 16 bits).
bool uses_hardware_asids();

// Whether this satp root is the one a thread would run in (for boot's check).
kern::paddr_t vspace_root_of(const kern::Tcb& thread);

// Lazy FPU switching (fpu.cpp): make `thread` the owner of the FP registers,
// saving the previous owner's and loading its own.
void fpu_switch_to(kern::Tcb& thread);
// The thread whose registers the FPU holds, or nullptr (fpu.cpp; read on
// every exit to U-mode, so not behind a call).
extern kern::Tcb* fpu_owner;

// Supervisor interrupts that are pending and enabled, dispatched by cause
// (timer, external); used by the idle loop after wfi.
void dispatch_pending_interrupts();

}  // namespace arch::riscv
