// SPDX-License-Identifier: BSD-2-Clause
// Trap dispatch: trap.S saved the user context and calls in here on the
// kernel stack, system calls straight to riscv_handle_user_syscall, every
// other trap to riscv_handle_user_trap. Syscalls and faults go to the
// generic core (kern/trap.hpp), interrupts to the platform code; a first FP
// instruction moves the FPU to the thread (fpu.cpp). Whatever happened, the thread resumed afterwards is
// kern::current_thread() (activation.cpp), and trap.S restores its context.
#include "activation.hpp"
#include "csr_access.hpp"
#include "kernel_mappings.hpp"
#include "platform.hpp"
#include <arch/csr.hpp>
#include <arch/kernel_window.hpp>
#include <arch/machine.hpp>
#include <arch/user_context.hpp>
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/mapping_probe.hpp>
#include <kern/object/tcb.hpp>
#include <kern/thread.hpp>
#include <kern/trap.hpp>

namespace {

using arch::riscv::Exception;
using arch::riscv::Interrupt;
using arch::riscv::Scause;
using arch::riscv::Sstatus;

void finish(const kern::TrapOutcome& outcome) {
    if (outcome.kind == kern::TrapOutcome::Kind::Halt) arch::machine_exit(outcome.exit_status);
}

kern::UserFault decode_fault(const arch::UserContext& ctx, Scause cause, std::uint64_t stval) {
    const std::uint64_t fsr = arch::riscv::vm_fault_fsr(cause.code());
    if (fsr != 0) {
        // An instruction fetch (normalised cause 1, instruction access
        // fault) is a prefetch fault: seL4_VMFault_PrefetchFault = 1
        // (sel4-abi.md §10.3).
        const bool instruction = fsr == static_cast<std::uint64_t>(Exception::InstructionAccessFault);
        return {kern::UserFault::Kind::VMFault, ctx.fault_ip(), stval, fsr, arch::riscv::cause_name(cause), instruction};
    }
    // seL4 reports the raw scause as the UserException number (sel4-abi.md §10.3).
    return {kern::UserFault::Kind::UserException, ctx.fault_ip(), stval, cause.raw(), arch::riscv::cause_name(cause)};
}

void handle_interrupt(Scause cause) {
    switch (static_cast<Interrupt>(cause.code())) {
    case Interrupt::SupervisorTimer:
        arch::riscv::handle_timer_interrupt();
        break;
    case Interrupt::SupervisorExternal:
        arch::riscv::handle_external_interrupt();
        break;
    default:
        kern::kprintf("Tessera: unexpected %s; ignored\n", arch::riscv::cause_name(cause));
        break;
    }
}

// An illegal instruction while the thread's FPU access is off may be its
// first FP instruction: if the thread may use the FPU, give it the registers
// and let it retry (NextIP is still the instruction). Returns false when the
// exception is to be reported as it is.
bool first_fpu_use(arch::UserContext& ctx, kern::Tcb& thread) {
    if (Sstatus{ctx.regs[arch::UserContext::sstatus]}.get<Sstatus::FS>() != Sstatus::fs_off) return false;
    if ((thread.flags & kern::tcb_flag_fpu_disabled) != 0) return false;
    arch::riscv::fpu_switch_to(thread);
    return true;
}

kern::Tcb& trapping_thread(arch::UserContext* ctx) {
    kern::Tcb* thread = kern::current_thread();
    if (thread == nullptr || &thread->context != ctx) kern::panic("trap from a thread that is not the current one");
    return *thread;
}

}  // namespace

// trap.S calls this for an ecall from U-mode, NextIP already past it.
// sscratch named ctx, and only activate_current_thread() sets sscratch (to
// the current thread's context, through riscv_restore_user), so the check
// that it is the current thread's is an invariant, left to debug kernels.
extern "C" arch::UserContext* riscv_handle_user_syscall(arch::UserContext* ctx) {
    if constexpr (kern::config::debug_build) trapping_thread(ctx);
    finish(kern::handle_syscall(*ctx));
    return arch::riscv::activate_current_thread();
}

// Every other trap from U-mode: interrupts, faults, a first FP instruction.
extern "C" arch::UserContext* riscv_handle_user_trap(arch::UserContext* ctx) {
    kern::Tcb* thread = &trapping_thread(ctx);
    const Scause cause{ctx->regs[arch::UserContext::scause]};
    if (cause.is_interrupt()) {
        handle_interrupt(cause);
    } else if (cause.code() == static_cast<std::uint64_t>(Exception::EcallFromU)) {
        // trap.S sends ecalls to riscv_handle_user_syscall; should one
        // come here, it is the same system call.
        ctx->set_next_ip(ctx->fault_ip() + 4);
        finish(kern::handle_syscall(*ctx));
    } else if (cause.code() != static_cast<std::uint64_t>(Exception::IllegalInstruction) ||
               !first_fpu_use(*ctx, *thread)) {
        const std::uint64_t stval = RISCV_CSR_READ(stval);
        finish(kern::handle_user_fault(*ctx, decode_fault(*ctx, cause, stval)));
    }
    return arch::riscv::activate_current_thread();
}

extern "C" [[noreturn]] void riscv_handle_kernel_trap() {
    const Scause cause{RISCV_CSR_READ(scause)};
    // A fault the kernel's own mappings caused names the rule it shows broken.
    kern::MemoryAccess access{};
    const std::uint64_t address = RISCV_CSR_READ(stval);
    if (!cause.is_interrupt() && arch::riscv::kernel_fault_access(cause.code(), access)) {
        if constexpr (kern::config::debug_build) kern::mapping_probe::report_fault(address);
        if (const char* rule = kern::broken_mapping_rule(arch::riscv::kernel_address_map(), address, access))
            kern::panic("kernel %s at 0x%lx breaks a mapping rule: %s (%s, sepc 0x%lx, sstatus 0x%lx)",
                        kern::memory_access_name(access), address, rule, arch::riscv::cause_name(cause),
                        RISCV_CSR_READ(sepc), RISCV_CSR_READ(sstatus));
    }
    kern::panic("kernel trap in S-mode: %s (scause 0x%lx) at sepc 0x%lx, stval 0x%lx, sstatus 0x%lx",
                arch::riscv::cause_name(cause), cause.raw(), RISCV_CSR_READ(sepc), RISCV_CSR_READ(stval),
                RISCV_CSR_READ(sstatus));
}
