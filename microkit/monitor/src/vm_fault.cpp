// SPDX-License-Identifier: BSD-2-Clause
// VM faults: the message (sel4-abi.md §10.3: IP, address, prefetch flag,
// FSR), the FSR decoded per architecture, and Microkit's hint when the
// address lies just below the PD's stack (microkit.md §3.6).
#include "report_writer.hpp"

namespace microkit_monitor::report {

namespace {

constexpr size_t vm_ip = 0, vm_addr = 1, vm_prefetch = 2, vm_fsr = 3, vm_length = 4;

// One 4 KiB page below the stack: where a PD that runs off the end of its
// stack first touches unmapped memory.
constexpr uint64_t stack_guard_size = 4096;

bool below_stack(uint64_t address, uint64_t stack_bottom) {
    const uint64_t guard_start = stack_bottom > stack_guard_size ? stack_bottom - stack_guard_size : 0;
    return address >= guard_start && address < stack_bottom;
}

}  // namespace

void print_vm_fault(Writer& out, Arch arch, const Words& mrs, uint64_t stack_bottom) {
    out.text("MON|ERROR: VMFault: ");
    hex_field(out, "ip", mrs, vm_ip);
    out.text("  ");
    hex_field(out, "fault_addr", mrs, vm_addr);
    out.text("  ");
    hex_field(out, "fsr", mrs, vm_fsr);
    out.text("  ");
    if (mrs.has(vm_prefetch)) out.text(mrs.at(vm_prefetch) != 0 ? "(instruction fault)" : "(data fault)");
    else out.text("(data or instruction fault: missing)");
    out.end_line();

    if (mrs.has(vm_fsr)) {
        if (arch == Arch::AArch64) print_esr_decode(out, mrs.at(vm_fsr));
        else print_scause_decode(out, mrs.at(vm_fsr), true);
    }
    if (mrs.has(vm_addr) && below_stack(mrs.at(vm_addr), stack_bottom)) {
        out.text("MON|ERROR: potential stack overflow: fault address ").hex64(mrs.at(vm_addr));
        out.text(" is in the page below the stack (bottom ").hex64(stack_bottom).text(")").end_line();
    }
    message_length_note(out, "VMFault", mrs, vm_length);
}

}  // namespace microkit_monitor::report
