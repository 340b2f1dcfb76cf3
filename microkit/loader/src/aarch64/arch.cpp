// SPDX-License-Identifier: BSD-2-Clause
// AArch64 part of the loader for QEMU virt (microkit.md §3.4, §3.7): PL011
// console, exception vectors for its own run, cache maintenance, PSCI
// power-off, and the kernel entry QEMU's direct boot would make.
#include <cstdint>

#include "../loader.hpp"

extern "C" {
extern char loader_vectors[];
[[noreturn]] void loader_enter_kernel(std::uint64_t entry, std::uint64_t device_tree);
[[noreturn]] void loader_main_aarch64();
[[noreturn]] void loader_unexpected_exception(std::uint64_t vector);
}

namespace microkit_loader::arch {
namespace {

// QEMU virt's UART0, a PL011 [arm/DDI0183]: data register, flag register with TXFF.
constexpr std::uint64_t pl011_base = 0x09000000;
constexpr std::uint64_t pl011_dr = 0x00;
constexpr std::uint64_t pl011_fr = 0x18;
constexpr std::uint32_t pl011_fr_txff = 1u << 5;

// Started without -kernel, QEMU's virt machine has no kernel to hand its
// device tree to and copies it to the base of RAM for firmware to find
// (hw/arm/boot.c, arm_load_kernel); measured with the Microkit command
// line (QEMU 7.2): FDT magic at 0x40000000, totalsize 1 MiB.
constexpr std::uint64_t qemu_virt_device_tree = 0x40000000;

// PSCI SYSTEM_OFF [arm/DEN0022 5.10]. QEMU virt's conduit is SMC when EL2 is
// implemented (virtualization=on) and HVC otherwise (toolchain.md §5): at
// EL2 an SMC reaches the firmware, at EL1 an HVC reaches the hypervisor.
constexpr std::uint64_t psci_system_off = 0x84000008;

unsigned entry_el = 0;
std::uint64_t entry_vbar = 0;
bool stopping = false;
bool handling_exception = false;

unsigned current_el() {
    std::uint64_t value;
    asm volatile("mrs %0, CurrentEL" : "=r"(value));
    return static_cast<unsigned>((value >> 2) & 3);
}

void write_vbar(std::uint64_t value) {
    if (entry_el == 2)
        asm volatile("msr vbar_el2, %0\n isb" : : "r"(value) : "memory");
    else
        asm volatile("msr vbar_el1, %0\n isb" : : "r"(value) : "memory");
}

[[noreturn]] void park() {
    for (;;) asm volatile("wfi");
}

}  // namespace

void put_char(char c) {
    auto* fr = reinterpret_cast<volatile std::uint32_t*>(pl011_base + pl011_fr);
    auto* dr = reinterpret_cast<volatile std::uint32_t*>(pl011_base + pl011_dr);
    while ((*fr & pl011_fr_txff) != 0) {
    }
    *dr = static_cast<unsigned char>(c);
}

void report_entry(const Handoff&) { info("entered at EL%u", entry_el); }

// The kernel starts with the MMU and caches off: clean every copied line to
// the point of coherency, then invalidate the instruction cache
// [arm/ARM DDI0487 D7.5.9 "Data and instruction cache maintenance"].
void sync_instruction_fetch(std::uint64_t start, std::uint64_t size) {
    if (size == 0) return;
    std::uint64_t ctr;
    asm volatile("mrs %0, ctr_el0" : "=r"(ctr));
    const std::uint64_t line = std::uint64_t{4} << ((ctr >> 16) & 0xf);  // CTR_EL0.DminLine, in words
    for (std::uint64_t address = start & ~(line - 1); address < start + size; address += line)
        asm volatile("dc cvac, %0" : : "r"(address) : "memory");
    asm volatile("dsb sy\n ic iallu\n dsb sy\n isb" : : : "memory");
}

void enter_kernel(std::uint64_t entry, const Handoff& handoff) {
    info("entering the kernel at 0x%lx at EL%u, MMU and caches off, x0 = device tree 0x%lx", entry, entry_el,
         handoff.device_tree);
    // The vector base the loader found, as if it had never run.
    write_vbar(entry_vbar);
    loader_enter_kernel(entry, handoff.device_tree);
}

void stop() {
    if (!stopping) {
        stopping = true;  // an exception from here on parks (no PSCI behind the conduit)
        register std::uint64_t x0 asm("x0") = psci_system_off;
        if (entry_el == 2)
            asm volatile("smc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
        else if (entry_el == 1)
            asm volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
    }
    park();
}

}  // namespace microkit_loader::arch

using namespace microkit_loader;

void loader_main_aarch64() {
    arch::entry_el = arch::current_el();
    if (arch::entry_el != 2 && arch::entry_el != 1) {
        arch::stopping = true;  // no PSCI conduit from EL3 under QEMU
        fail("entered at EL%u (machine secure=on?); the loader runs at EL2 or EL1", arch::entry_el);
    }
    if (arch::entry_el == 2)
        asm volatile("mrs %0, vbar_el2" : "=r"(arch::entry_vbar));
    else
        asm volatile("mrs %0, vbar_el1" : "=r"(arch::entry_vbar));
    arch::write_vbar(reinterpret_cast<std::uint64_t>(loader_vectors));
    run(Handoff{.device_tree = arch::qemu_virt_device_tree, .hart_id = 0});
}

void loader_unexpected_exception(std::uint64_t vector) {
    // While stopping (no PSCI behind the conduit) or reporting an earlier
    // exception (the console faulted), there is nothing left to try.
    if (arch::stopping || arch::handling_exception) arch::park();
    arch::handling_exception = true;
    std::uint64_t esr, elr, far;
    if (arch::entry_el == 2) {
        asm volatile("mrs %0, esr_el2\n mrs %1, elr_el2\n mrs %2, far_el2" : "=r"(esr), "=r"(elr), "=r"(far));
    } else {
        asm volatile("mrs %0, esr_el1\n mrs %1, elr_el1\n mrs %2, far_el1" : "=r"(esr), "=r"(elr), "=r"(far));
    }
    fail("unexpected exception (vector %lu) at EL%u: ESR 0x%lx, ELR 0x%lx, FAR 0x%lx", vector, arch::entry_el, esr, elr,
         far);
}
