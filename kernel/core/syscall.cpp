// SPDX-License-Identifier: BSD-2-Clause
// System-call dispatch (seL4 `handleSyscall` / `handleUnknownSyscall`).
// MCS numbering (sel4-mcs.md §1.1). Only the debug console calls exist so
// far; every other syscall is reported by name and stops the machine, so an
// unimplemented call is never silently ignored.
#include <kern/console.hpp>
#include <kern/syscall.hpp>
#include <kern/trap.hpp>

namespace kern {

const char* syscall_name(sword_t number) {
    switch (number) {
#define TESSERA_SYSCALL_NAME(name, num, kind) \
    case num:                                 \
        return "seL4_Sys" #name;
        SEL4_SYSCALL_LIST(TESSERA_SYSCALL_NAME)
#undef TESSERA_SYSCALL_NAME
    default:
        return nullptr;
    }
}

namespace {

TrapOutcome not_implemented(const arch::UserContext& ctx) {
    const sword_t number = ctx.syscall_number();
    const char* name = syscall_name(number);
    if (name != nullptr) {
        kprintf("Tessera: system call %s (%ld) at user pc 0x%lx is not implemented yet; stopping\n", name,
                number, ctx.fault_ip());
    } else {
        // seL4 raises an UnknownSyscall fault here; fault delivery does not exist yet.
        kprintf("Tessera: unknown system call number %ld at user pc 0x%lx (an UnknownSyscall fault; "
                "fault delivery is not implemented yet); stopping\n",
                number, ctx.fault_ip());
    }
    return TrapOutcome::halt(exit_status_unimplemented);
}

}  // namespace

TrapOutcome handle_syscall(arch::UserContext& ctx) {
    switch (static_cast<Syscall>(ctx.syscall_number())) {
    case Syscall::DebugPutChar:
        // sel4-abi.md §1.4: the character is in the cap register; nothing is returned.
        kprintf("%c", static_cast<char>(ctx.cap_register()));
        return TrapOutcome::resume();
    case Syscall::DebugHalt:
        kprintf("Tessera: seL4_DebugHalt called at user pc 0x%lx; halting\n", ctx.fault_ip());
        return TrapOutcome::halt(0);
    default:
        return not_implemented(ctx);
    }
}

TrapOutcome handle_user_fault(arch::UserContext&, const UserFault& fault) {
    if (fault.kind == UserFault::Kind::VMFault) {
        kprintf("Tessera: user VM fault (%s) at pc 0x%lx, address 0x%lx, fsr 0x%lx; no fault handler yet; "
                "stopping\n",
                fault.what, fault.fault_ip, fault.address, fault.code);
    } else {
        kprintf("Tessera: user exception (%s) at pc 0x%lx, code 0x%lx; no fault handler yet; stopping\n",
                fault.what, fault.fault_ip, fault.code);
    }
    return TrapOutcome::halt(exit_status_user_fault);
}

}  // namespace kern
