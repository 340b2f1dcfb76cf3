// SPDX-License-Identifier: BSD-2-Clause
// RISC-V part of the loader for QEMU virt under OpenSBI (microkit.md §3.4,
// §3.7): SBI console, a trap vector for its own run, fence.i, SBI system
// reset, and the kernel entry OpenSBI's direct boot would make.
#include <cstdint>

#include "../loader.hpp"

extern "C" {
extern char loader_trap_vector[];
[[noreturn]] void loader_enter_kernel(std::uint64_t entry, std::uint64_t hart_id, std::uint64_t device_tree);
[[noreturn]] void loader_main_riscv64(std::uint64_t hart_id, std::uint64_t device_tree);
[[noreturn]] void loader_unexpected_trap(std::uint64_t scause, std::uint64_t sepc, std::uint64_t stval);
}

namespace microkit_loader::arch {
namespace {

// SBI [riscv/sbi v2.0]: extension and function ids.
constexpr std::uint64_t sbi_legacy_console_putchar = 0x01;      // §5.2
constexpr std::uint64_t sbi_legacy_shutdown = 0x08;             // §5.7
constexpr std::uint64_t sbi_base = 0x10;                        // §4
constexpr std::uint64_t sbi_base_probe_extension = 3;
constexpr std::uint64_t sbi_debug_console = 0x4442434e;         // "DBCN", §12 (SBI 2.0)
constexpr std::uint64_t sbi_debug_console_write_byte = 2;
constexpr std::uint64_t sbi_system_reset = 0x53525354;          // "SRST", §10
constexpr std::uint64_t sbi_reset_type_shutdown = 0;
constexpr std::uint64_t sbi_reset_reason_system_failure = 1;

struct SbiResult {
    std::int64_t error;
    std::int64_t value;
};

SbiResult sbi_call(std::uint64_t extension, std::uint64_t function, std::uint64_t arg0 = 0, std::uint64_t arg1 = 0) {
    register std::uint64_t a0 asm("a0") = arg0;
    register std::uint64_t a1 asm("a1") = arg1;
    register std::uint64_t a6 asm("a6") = function;
    register std::uint64_t a7 asm("a7") = extension;
    asm volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a6), "r"(a7) : "memory");
    return SbiResult{static_cast<std::int64_t>(a0), static_cast<std::int64_t>(a1)};
}

// OpenSBI 1.1 (QEMU 7.2's) has only the legacy console; newer ones have DBCN.
bool has_debug_console = false;
std::uint64_t entry_stvec = 0;
bool handling_trap = false;

[[noreturn]] void park() {
    for (;;) asm volatile("wfi");
}

}  // namespace

void put_char(char c) {
    if (has_debug_console)
        sbi_call(sbi_debug_console, sbi_debug_console_write_byte, static_cast<unsigned char>(c));
    else
        sbi_call(sbi_legacy_console_putchar, 0, static_cast<unsigned char>(c));
}

void report_entry(const Handoff& handoff) {
    info("started on hart %lu, console: %s", handoff.hart_id, has_debug_console ? "SBI DBCN" : "legacy SBI");
}

// One hart copied the regions and is the one that jumps: fence.i orders its
// stores before its own later instruction fetches [riscv/unpriv "Zifencei"].
void sync_instruction_fetch(std::uint64_t, std::uint64_t) { asm volatile("fence.i" : : : "memory"); }

void enter_kernel(std::uint64_t entry, const Handoff& handoff) {
    info("entering the kernel at 0x%lx in S-mode, MMU off, a0 = hart id %lu, a1 = device tree 0x%lx", entry,
         handoff.hart_id, handoff.device_tree);
    // The trap vector the loader found, as if it had never run.
    asm volatile("csrw stvec, %0" : : "r"(entry_stvec) : "memory");
    loader_enter_kernel(entry, handoff.hart_id, handoff.device_tree);
}

void stop() {
    sbi_call(sbi_system_reset, 0, sbi_reset_type_shutdown, sbi_reset_reason_system_failure);
    sbi_call(sbi_legacy_shutdown, 0);  // firmware without SRST
    park();
}

}  // namespace microkit_loader::arch

using namespace microkit_loader;

void loader_main_riscv64(std::uint64_t hart_id, std::uint64_t device_tree) {
    arch::has_debug_console =
        arch::sbi_call(arch::sbi_base, arch::sbi_base_probe_extension, arch::sbi_debug_console).value != 0;
    asm volatile("csrr %0, stvec" : "=r"(arch::entry_stvec));
    asm volatile("csrw stvec, %0" : : "r"(reinterpret_cast<std::uint64_t>(loader_trap_vector)) : "memory");
    run(Handoff{.device_tree = device_tree, .hart_id = hart_id});
}

void loader_unexpected_trap(std::uint64_t scause, std::uint64_t sepc, std::uint64_t stval) {
    // A second trap while reporting the first (the console itself trapped): give up quietly.
    if (arch::handling_trap) arch::stop();
    arch::handling_trap = true;
    fail("unexpected trap: scause 0x%lx, sepc 0x%lx, stval 0x%lx", scause, sepc, stval);
}
