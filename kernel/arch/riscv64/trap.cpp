// SPDX-License-Identifier: BSD-2-Clause
// Trap dispatch: trap.S saved the user context and calls in here on the
// kernel stack. Syscalls and faults go to the generic core (kern/trap.hpp),
// interrupts to the platform code.
#include "csr_access.hpp"
#include "platform.hpp"
#include <arch/csr.hpp>
#include <arch/machine.hpp>
#include <arch/user_context.hpp>
#include <kern/console.hpp>
#include <kern/trap.hpp>

namespace {

using arch::riscv::Exception;
using arch::riscv::Interrupt;
using arch::riscv::Scause;

void finish(const kern::TrapOutcome& outcome) {
    if (outcome.kind == kern::TrapOutcome::Kind::Halt) arch::machine_exit(outcome.exit_status);
}

kern::UserFault decode_fault(const arch::UserContext& ctx, Scause cause, std::uint64_t stval) {
    const std::uint64_t fsr = arch::riscv::vm_fault_fsr(cause.code());
    if (fsr != 0) {
        return {kern::UserFault::Kind::VMFault, ctx.fault_ip(), stval, fsr, arch::riscv::cause_name(cause)};
    }
    // seL4 reports the raw scause as the UserException number (sel4-abi.md §10.3).
    return {kern::UserFault::Kind::UserException, ctx.fault_ip(), stval, cause.raw(), arch::riscv::cause_name(cause)};
}

}  // namespace

extern "C" arch::UserContext* riscv_handle_user_trap(arch::UserContext* ctx) {
    const Scause cause{ctx->regs[arch::UserContext::scause]};
    if (cause.is_interrupt()) {
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
        return ctx;
    }
    if (cause.code() == static_cast<std::uint64_t>(Exception::EcallFromU)) {
        // FaultIP = the ecall, NextIP = the instruction after it (sel4-abi.md §2.1).
        ctx->set_next_ip(ctx->fault_ip() + 4);
        finish(kern::handle_syscall(*ctx));
        return ctx;
    }
    const std::uint64_t stval = RISCV_CSR_READ(stval);
    finish(kern::handle_user_fault(*ctx, decode_fault(*ctx, cause, stval)));
    return ctx;
}

extern "C" [[noreturn]] void riscv_handle_kernel_trap() {
    const Scause cause{RISCV_CSR_READ(scause)};
    kern::panic("kernel trap in S-mode: %s (scause 0x%lx) at sepc 0x%lx, stval 0x%lx, sstatus 0x%lx",
                arch::riscv::cause_name(cause), cause.raw(), RISCV_CSR_READ(sepc), RISCV_CSR_READ(stval),
                RISCV_CSR_READ(sstatus));
}
