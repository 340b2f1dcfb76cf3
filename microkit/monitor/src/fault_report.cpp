// SPDX-License-Identifier: BSD-2-Clause
// The report's frame: who faulted, the thread's registers, then the decode
// of the fault kind the label names (microkit.md §3.6).
#include "report_writer.hpp"

namespace microkit_monitor {

namespace report {

namespace {

// seL4_UserContext in TCB_ReadRegisters order (sel4-abi.md §7.3; libsel4
// sel4/arch/types.h): the frame registers first, then the rest.
constexpr const char* aarch64_register_names[aarch64_user_context_words] = {
    "pc",  "sp",  "spsr", "x0",  "x1",  "x2",  "x3",  "x4",  "x5",  "x6",  "x7",  "x8",
    "x16", "x17", "x18",  "x29", "x30", "x9",  "x10", "x11", "x12", "x13", "x14", "x15",
    "x19", "x20", "x21",  "x22", "x23", "x24", "x25", "x26", "x27", "x28", "tpidr_el0", "tpidrro_el0",
};

constexpr const char* riscv64_register_names[riscv64_user_context_words] = {
    "pc", "ra", "sp", "gp", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
    "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "tp",
};

}  // namespace

void message_length_note(Writer& out, const char* kind, const Words& mrs, size_t expected) {
    if (mrs.count() < expected) {
        out.text("MON|ERROR: ").text(kind).text(" message too short: ").decimal(mrs.count());
        out.text(" of ").decimal(expected).text(" message registers given").end_line();
    } else if (mrs.count() > expected) {
        out.text("MON|ERROR: ").text(kind).text(" message has ").decimal(mrs.count());
        out.text(" message registers, ").decimal(expected).text(" expected; the last ");
        out.decimal(mrs.count() - expected).text(" ignored").end_line();
    }
}

void print_registers(Writer& out, Arch arch, const Words& registers) {
    const bool aarch64 = arch == Arch::AArch64;
    const char* const* names = aarch64 ? aarch64_register_names : riscv64_register_names;
    const size_t expected = aarch64 ? aarch64_user_context_words : riscv64_user_context_words;

    out.text("Registers:").end_line();
    const size_t shown = registers.count() < expected ? registers.count() : expected;
    for (size_t i = 0; i < shown; ++i) out.text(names[i]).text(" : ").hex64(registers.at(i)).end_line();

    if (registers.count() < expected) {
        out.text("MON|ERROR: registers ").text(names[shown]).text("..").text(names[expected - 1]);
        out.text(" missing (").decimal(registers.count()).text(" of ").decimal(expected).text(" given)").end_line();
    } else if (registers.count() > expected) {
        out.text("MON|ERROR: ").decimal(registers.count()).text(" register words given, seL4_UserContext has ");
        out.decimal(expected).text("; the last ").decimal(registers.count() - expected).text(" not printed").end_line();
    }
}

}  // namespace report

const char* fault_label_name(uint64_t label) {
    switch (label) {
    case fault_label::null_fault: return "seL4_Fault_NullFault";
    case fault_label::cap_fault: return "seL4_Fault_CapFault";
    case fault_label::unknown_syscall: return "seL4_Fault_UnknownSyscall";
    case fault_label::user_exception: return "seL4_Fault_UserException";
    case fault_label::debug_exception: return "seL4_Fault_DebugException";
    case fault_label::timeout: return "seL4_Fault_Timeout";
    case fault_label::vm_fault: return "seL4_Fault_VMFault";
    case fault_label::vgic_maintenance: return "seL4_Fault_VGICMaintenance";
    case fault_label::vcpu_fault: return "seL4_Fault_VCPUFault";
    case fault_label::vppi_event: return "seL4_Fault_VPPIEvent";
    default: return nullptr;
    }
}

void print_fault(const FaultMessage& fault, PutChar put, void* context) {
    if (put == nullptr) return;
    report::Writer out(put, context);

    out.text("MON|ERROR: received message ").hex(fault.label, 8);
    out.text("  badge: ").hex64(fault.badge).text("  tcb cap: ").hex64(fault.tcb_cap).end_line();
    out.text("MON|ERROR: faulting PD: ").text(fault.pd_name != nullptr ? fault.pd_name : "(no name)").end_line();

    if (fault.arch != Arch::AArch64 && fault.arch != Arch::RiscV64) {
        out.text("MON|ERROR: unknown architecture ").decimal(static_cast<uint64_t>(fault.arch));
        out.text("; registers and fault not decoded").end_line();
        return;
    }

    report::print_registers(out, fault.arch, report::Words(fault.registers, fault.register_count));

    const report::Words mrs(fault.mrs, fault.mr_count);
    switch (fault.label) {
    case fault_label::cap_fault: report::print_cap_fault(out, mrs); break;
    case fault_label::unknown_syscall: report::print_unknown_syscall(out, fault.arch, mrs); break;
    case fault_label::user_exception: report::print_user_exception(out, fault.arch, mrs); break;
    case fault_label::timeout: report::print_timeout(out, mrs); break;
    case fault_label::vm_fault: report::print_vm_fault(out, fault.arch, mrs, fault.stack_bottom); break;
    default: report::print_unknown_fault(out, fault.label); break;
    }
}

void print_unknown_badge(uint64_t badge, PutChar put, void* context) {
    if (put == nullptr) return;
    report::Writer out(put, context);
    out.text("MON|ERROR: unknown/invalid badge ").hex64(badge).end_line();
}

}  // namespace microkit_monitor
