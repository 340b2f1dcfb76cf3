// SPDX-License-Identifier: BSD-2-Clause
// The fault kinds other than VM faults: cap faults, unknown syscalls, user
// exceptions, timeout faults and labels the monitor does not expect. Message
// layouts: sel4-abi.md §10.3 and §4.3, sel4-mcs.md §8.2.
#include "report_writer.hpp"

namespace microkit_monitor::report {

namespace {

// CapFault words (libsel4 seL4_CapFault_*); the lookup failure starts at
// lookup_type and is as long as its type needs (sel4-abi.md §4.3).
constexpr size_t cap_ip = 0, cap_addr = 1, cap_in_recv_phase = 2, cap_lookup_type = 3, cap_bits_left = 4;
constexpr size_t cap_depth_bits_found = 5, cap_guard_found = 5, cap_guard_bits_found = 6;

// seL4_LookupFailureType.
constexpr uint64_t no_failure = 0, invalid_root = 1, missing_capability = 2, depth_mismatch = 3, guard_mismatch = 4;

const char* lookup_failure_name(uint64_t type) {
    switch (type) {
    case no_failure: return "seL4_NoFailure";
    case invalid_root: return "seL4_InvalidRoot";
    case missing_capability: return "seL4_MissingCapability";
    case depth_mismatch: return "seL4_DepthMismatch";
    case guard_mismatch: return "seL4_GuardMismatch";
    default: return nullptr;
    }
}

// Message length for a lookup failure of this type: the four fixed words
// plus the type's details.
size_t cap_fault_length(uint64_t type) {
    switch (type) {
    case missing_capability: return 5;
    case depth_mismatch: return 6;
    case guard_mismatch: return 7;
    default: return 4;
    }
}

void decimal_field(Writer& out, const char* name, const Words& mrs, size_t index) {
    out.text(name).text("=");
    if (mrs.has(index)) out.decimal(mrs.at(index));
    else out.text(missing);
}

// Where the UnknownSyscall message keeps the registers the report shows
// (sel4-abi.md §10.3): AArch64 x0-x7, FaultIP, SP, ELR, SPSR, number;
// RISC-V FaultIP, SP, RA, a0-a6, number.
struct SyscallLayout {
    size_t ip, sp, number, length;
};
constexpr SyscallLayout aarch64_syscall{8, 9, 12, 13};
constexpr SyscallLayout riscv64_syscall{0, 1, 10, 11};

}  // namespace

void print_cap_fault(Writer& out, const Words& mrs) {
    out.text("MON|ERROR: CapFault: ");
    hex_field(out, "ip", mrs, cap_ip);
    out.text("  ");
    hex_field(out, "fault_addr", mrs, cap_addr);
    out.text("  in_recv_phase=");
    if (mrs.has(cap_in_recv_phase)) out.text(mrs.at(cap_in_recv_phase) != 0 ? "true" : "false");
    else out.text(missing);
    out.end_line();

    out.text("MON|ERROR:    lookup failure: ");
    if (!mrs.has(cap_lookup_type)) {
        out.text(missing).end_line();
        message_length_note(out, "CapFault", mrs, cap_fault_length(no_failure));
        return;
    }
    const uint64_t type = mrs.at(cap_lookup_type);
    if (const char* name = lookup_failure_name(type)) out.text(name);
    else out.text("unknown type ").hex64(type);
    if (type == missing_capability || type == depth_mismatch || type == guard_mismatch) {
        out.text("  ");
        decimal_field(out, "bits_left", mrs, cap_bits_left);
    }
    if (type == depth_mismatch) {
        out.text("  ");
        decimal_field(out, "depth_bits_found", mrs, cap_depth_bits_found);
    }
    if (type == guard_mismatch) {
        out.text("  ");
        hex_field(out, "guard_found", mrs, cap_guard_found);
        out.text("  ");
        decimal_field(out, "guard_bits_found", mrs, cap_guard_bits_found);
    }
    out.end_line();
    message_length_note(out, "CapFault", mrs, cap_fault_length(type));
}

void print_unknown_syscall(Writer& out, Arch arch, const Words& mrs) {
    const SyscallLayout& layout = arch == Arch::AArch64 ? aarch64_syscall : riscv64_syscall;
    out.text("MON|ERROR: UnknownSyscall: ");
    hex_field(out, "ip", mrs, layout.ip);
    out.text("  ");
    hex_field(out, "sp", mrs, layout.sp);
    out.text("  syscall=");
    // seL4's syscall numbers are negative words (sel4-abi.md §1.1).
    if (mrs.has(layout.number)) out.signed_decimal(mrs.at(layout.number));
    else out.text(missing);
    out.end_line();
    message_length_note(out, "UnknownSyscall", mrs, layout.length);
}

void print_user_exception(Writer& out, Arch arch, const Words& mrs) {
    // AArch64: FaultIP, SP, SPSR, ESR bits 31..0, code; RISC-V: FaultIP,
    // SP, scause, code (sel4-abi.md §10.3).
    const bool aarch64 = arch == Arch::AArch64;
    const size_t number = aarch64 ? 3 : 2;
    out.text("MON|ERROR: UserException: ");
    hex_field(out, "ip", mrs, 0);
    out.text("  ");
    hex_field(out, "sp", mrs, 1);
    if (aarch64) {
        out.text("  ");
        hex_field(out, "flags", mrs, 2);
    }
    out.text("  ");
    hex_field(out, "number", mrs, number);
    out.text("  ");
    hex_field(out, "code", mrs, number + 1);
    out.end_line();
    if (mrs.has(number)) {
        if (aarch64) print_esr_decode(out, mrs.at(number));
        else print_scause_decode(out, mrs.at(number), false);
    }
    message_length_note(out, "UserException", mrs, number + 2);
}

void print_timeout(Writer& out, const Words& mrs) {
    // MR0 the expired SC's badge, MR1 the consumed time of the thread's
    // current SC, absent when it has none (sel4-mcs.md §8.2).
    constexpr size_t data = 0, consumed = 1, full_length = 2;
    out.text("MON|ERROR: Timeout: ");
    hex_field(out, "data", mrs, data);
    if (mrs.count() == 1) {
        out.text("  consumed: not reported (the thread has no scheduling context)").end_line();
        return;
    }
    out.text("  consumed=");
    if (mrs.has(consumed)) out.decimal(mrs.at(consumed)).text(" us");
    else out.text(missing);
    out.end_line();
    message_length_note(out, "Timeout", mrs, full_length);
}

void print_unknown_fault(Writer& out, uint64_t label) {
    out.text("MON|ERROR: Unknown fault: label ").hex(label, 8).text(" (");
    const char* name = fault_label_name(label);
    if (name == nullptr) {
        out.text("not an seL4 fault label)").end_line();
        return;
    }
    out.text(name).text(": ");
    switch (label) {
    case fault_label::null_fault: out.text("an ordinary message, not a fault"); break;
    case fault_label::debug_exception: out.text("this kernel has no hardware debug API"); break;
    case fault_label::vgic_maintenance:
    case fault_label::vcpu_fault:
    case fault_label::vppi_event: out.text("this kernel is not a hypervisor"); break;
    default: out.text("not expected here"); break;  // a label print_fault decodes never gets here
    }
    out.text(")").end_line();
}

}  // namespace microkit_monitor::report
