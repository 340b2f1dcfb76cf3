// SPDX-License-Identifier: BSD-2-Clause
// C++ side of the exception vectors (trap/vectors.S): decode the syndrome
// into seL4's vocabulary (syscall, VM fault, user exception, interrupt) and
// hand it to the generic core, or hand the FPU to a thread on its first
// FP/SIMD instruction; then resume kern::current_thread() (activation.cpp).
#include <cstdint>

#include <arch/esr.hpp>
#include <arch/kernel_window.hpp>
#include <arch/machine.hpp>
#include <arch/user_context.hpp>
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/mapping_probe.hpp>
#include <kern/object/tcb.hpp>
#include <kern/thread.hpp>
#include <kern/trap.hpp>

#include "../boot/kernel_mappings.hpp"
#include "../platform/platform.hpp"
#include "../sysreg.hpp"
#include "activation.hpp"

namespace {

void finish(kern::TrapOutcome outcome) {
    if (outcome.kind == kern::TrapOutcome::Kind::Halt) arch::machine_exit(outcome.exit_status);
}

kern::Tcb& trapping_thread(const arch::UserContext* ctx) {
    kern::Tcb* thread = kern::current_thread();
    if (thread == nullptr || &thread->context != ctx) kern::panic("exception from a thread that is not the current one");
    return *thread;
}

void user_exception(arch::UserContext* ctx, arch::Esr esr) {
    const kern::vaddr_t elr = ctx->next_ip();
    ctx->set_fault_ip(elr);
    const kern::UserFault fault{kern::UserFault::Kind::UserException, elr, 0, esr.low32(),
                                arch::exception_class_name(esr.exception_class())};
    finish(kern::handle_user_fault(*ctx, fault));
}

}  // namespace

extern "C" {

// All three return the context to resume: the activated current thread's,
// which vectors.S restores.

// An SVC from EL0, FaultIP already set by vectors.S. SP_EL1 named ctx, and
// only aarch64_restore_user sets it, to the context activate_current_thread()
// returned, so the check that it is the current thread's is an invariant,
// left to debug kernels.
arch::UserContext* aarch64_handle_user_syscall(arch::UserContext* ctx) {
    if constexpr (kern::config::debug_build) trapping_thread(ctx);
    finish(kern::handle_syscall(*ctx));
    return arch::platform::activate_current_thread();
}

// Every other synchronous exception from EL0.
arch::UserContext* aarch64_handle_user_sync(arch::UserContext* ctx) {
    kern::Tcb& thread = trapping_thread(ctx);
    const arch::Esr esr{AARCH64_READ_SYSREG(esr_el1)};
    const kern::vaddr_t elr = ctx->next_ip();
    switch (arch::classify_user_trap(esr)) {
    case arch::UserTrapKind::Syscall:
        // vectors.S sends SVCs to aarch64_handle_user_syscall; should one
        // come here, it is the same system call. ELR already points past
        // the SVC (sel4-abi.md §2.1).
        ctx->set_fault_ip(elr - 4);
        finish(kern::handle_syscall(*ctx));
        break;
    case arch::UserTrapKind::InstructionAbort:
    case arch::UserTrapKind::DataAbort: {
        ctx->set_fault_ip(elr);
        const bool instruction = arch::classify_user_trap(esr) == arch::UserTrapKind::InstructionAbort;
        // An instruction abort is a prefetch fault: seL4_VMFault_PrefetchFault = 1, and its
        // address is the PC; a data abort's is FAR (sel4-abi.md §10.3).
        const kern::vaddr_t address = instruction ? elr : AARCH64_READ_SYSREG(far_el1);
        const kern::UserFault fault{kern::UserFault::Kind::VMFault, elr, address, esr.low32(),
                                    instruction ? "instruction abort" : "data abort", instruction};
        finish(kern::handle_user_fault(*ctx, fault));
        break;
    }
    case arch::UserTrapKind::FpuAccess:
        // The first FP/SIMD instruction of a thread that does not own the
        // registers: hand them over and retry it (ELR still points at it).
        if ((thread.flags & kern::tcb_flag_fpu_disabled) == 0) arch::platform::fpu_switch_to(thread);
        else user_exception(ctx, esr);
        break;
    case arch::UserTrapKind::Other:
        user_exception(ctx, esr);
        break;
    }
    return arch::platform::activate_current_thread();
}

arch::UserContext* aarch64_handle_user_irq(arch::UserContext* ctx) {
    trapping_thread(ctx);
    // FaultIP = the interrupted instruction (sel4-abi.md §2.1): a thread
    // that the interrupt stops (a timeout fault on budget expiry) restarts
    // there once its fault is answered.
    ctx->set_fault_ip(ctx->next_ip());
    arch::platform::handle_interrupt();
    return arch::platform::activate_current_thread();
}

arch::UserContext* aarch64_handle_user_async_error(arch::UserContext* ctx, unsigned kind) {
    kern::panic("%s taken from user mode at pc 0x%lx (ESR 0x%lx)", kind == 2 ? "FIQ" : "SError",
                ctx->next_ip(), AARCH64_READ_SYSREG(esr_el1));
}

[[noreturn]] void aarch64_kernel_exception(unsigned slot, std::uint64_t esr_raw, std::uint64_t elr,
                                           std::uint64_t far, std::uint64_t spsr) {
    static const char* const slot_names[] = {
        "synchronous (SP_EL0)", "IRQ (SP_EL0)", "FIQ (SP_EL0)", "SError (SP_EL0)",
        "synchronous",          "IRQ",          "FIQ",          "SError",
        "",                     "",             "",             "",
        "AArch32 synchronous",  "AArch32 IRQ",  "AArch32 FIQ",  "AArch32 SError",
    };
    const arch::Esr esr{esr_raw};
    if (slot == 4 && esr.exception_class() == arch::ec::unknown && arch::platform::is_semihosting_call(elr))
        arch::platform::semihosting_unavailable();
    // An abort the kernel's own mappings caused names the rule it shows broken.
    kern::MemoryAccess access{};
    if (slot == 4 && arch::kernel_fault_access(esr, access)) {
        if constexpr (kern::config::debug_build) kern::mapping_probe::report_fault(far);
        if (const char* rule = kern::broken_mapping_rule(arch::kernel_address_map(), far, access))
            kern::panic("kernel %s at 0x%lx breaks a mapping rule: %s (%s, ESR 0x%lx, ELR 0x%lx)",
                        kern::memory_access_name(access), far, rule, arch::exception_class_name(esr.exception_class()),
                        esr_raw, elr);
    }
    kern::panic("kernel exception: %s, %s (ESR 0x%lx, EC 0x%lx) at ELR 0x%lx, FAR 0x%lx, SPSR 0x%lx",
                slot_names[slot & 15], arch::exception_class_name(esr.exception_class()), esr_raw,
                esr.exception_class(), elr, far, spsr);
}

}  // extern "C"
