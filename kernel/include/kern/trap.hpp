// SPDX-License-Identifier: BSD-2-Clause
// Architecture-independent trap handling: the arch trap path decodes the
// hardware cause and calls one of these with the saved user context.
#pragma once

#include <arch/user_context.hpp>
#include <kern/syscall.hpp>
#include <kern/types.hpp>

namespace kern {

// A synchronous exception caused by user code, already decoded by the arch
// layer into seL4's fault vocabulary (sel4-abi.md §10).
struct UserFault {
    enum class Kind { VMFault, UserException };
    Kind kind;
    vaddr_t fault_ip;   // the faulting instruction
    vaddr_t address;    // VMFault: faulting address
    word_t code;        // VMFault: FSR / normalised cause; UserException: number
    const char* what;   // human-readable cause, for diagnostics
    bool instruction = false;  // VMFault: an instruction fetch (seL4_VMFault_PrefetchFault)
};

// A system call (the trap instruction). Writes results into `ctx`.
[[nodiscard]] TrapOutcome handle_syscall(arch::UserContext& ctx);

// A fault of the running thread.
[[nodiscard]] TrapOutcome handle_user_fault(arch::UserContext& ctx, const UserFault& fault);

// The kernel timer's deadline passed (the arch acknowledged the interrupt):
// time accounting, budget enforcement and the scheduling decision.
void handle_timer_interrupt();

// A device interrupt the arch claimed from its controller (any IRQ but the
// kernel timer's): time accounting and budget as for the timer, then the
// IRQ's delivery (kern/irq.hpp) and the scheduling decision.
void handle_interrupt(word_t irq);

// After any of the entries above the arch resumes kern::current_thread()
// (kern/thread.hpp), which may be another thread than the one that
// trapped, or the idle thread: then the CPU waits in the kernel for the
// next interrupt.

}  // namespace kern
