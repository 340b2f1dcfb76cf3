// SPDX-License-Identifier: BSD-2-Clause
// Stopping the machine. Success: PSCI SYSTEM_OFF [arm/DEN0022 5.10] through
// the conduit the device tree names (QEMU exits 0). Failure: semihosting
// SYS_EXIT [arm/semihosting 2.0, 6.5] with ADP_Stopped_ApplicationExit and
// the status, which QEMU turns into its own exit status (needs
// -semihosting-config enable=on; toolchain.md §5).
#include <cstdint>

#include <fdt/fdt.hpp>

#include <arch/machine.hpp>
#include <kern/console.hpp>

#include "../sysreg.hpp"
#include "platform.hpp"

extern "C" char semihosting_exit_instruction;

namespace arch {
namespace {

enum class PsciConduit { Unknown, Hvc, Smc };
PsciConduit psci_conduit = PsciConduit::Unknown;
bool exiting = false;
int exit_status = 0;

constexpr std::uint64_t psci_system_off = 0x84000008;
constexpr std::uint64_t semihosting_sys_exit = 0x18;
constexpr std::uint64_t adp_stopped_application_exit = 0x20026;

void psci_off() {
    register std::uint64_t x0 asm("x0") = psci_system_off;
    if (psci_conduit == PsciConduit::Hvc) asm volatile("hvc #0" : "+r"(x0)::"memory");
    if (psci_conduit == PsciConduit::Smc) asm volatile("smc #0" : "+r"(x0)::"memory");
}

// Not inlined: the HLT must exist exactly once, at semihosting_exit_instruction.
__attribute__((noinline)) void semihosting_exit(int status) {
    const std::uint64_t block[2] = {adp_stopped_application_exit, static_cast<std::uint64_t>(status)};
    register std::uint64_t x0 asm("x0") = semihosting_sys_exit;
    register const std::uint64_t* x1 asm("x1") = block;
    asm volatile(".global semihosting_exit_instruction\nsemihosting_exit_instruction:\n\thlt #0xf000"
                 : "+r"(x0)
                 : "r"(x1)
                 : "memory");
}

}  // namespace

void machine_exit(int status) {
    // Without semihosting the HLT is an undefined instruction; the kernel
    // exception handler recognises it (platform::is_semihosting_call) and
    // powers off instead. A panic while exiting also ends here: power off.
    const bool first = !exiting;
    exiting = true;
    exit_status = status;
    if (status != 0 && first) semihosting_exit(status);
    psci_off();
    if (first) semihosting_exit(status);  // no PSCI in the device tree
    for (;;) cpu::wait_for_interrupt();
}

namespace platform {

bool is_semihosting_call(std::uint64_t pc) {
    // HLT #0xf000 [arm/ARM DDI0487 C6.2.104]: 0xd4400000 | imm16 << 5.
    constexpr std::uint32_t hlt_semihosting = 0xd4400000u | (0xf000u << 5);
    return pc == reinterpret_cast<std::uint64_t>(&semihosting_exit_instruction) &&
           *reinterpret_cast<const std::uint32_t*>(pc) == hlt_semihosting;
}

[[noreturn]] void semihosting_unavailable() {
    // Powering off would make QEMU exit 0 and a failure look like success,
    // so the CPU parks instead and a test runner's timeout reports it.
    kern::kprintf("Tessera: semihosting is off (QEMU needs -semihosting-config enable=on), so exit status %d "
                  "cannot be reported; parking the CPU\n",
                  exit_status);
    for (;;) cpu::wait_for_interrupt();
}

}  // namespace platform

std::uint64_t read_instruction_counter() { return AARCH64_READ_SYSREG(pmccntr_el0); }

namespace platform {

void init_psci(const fdt::Tree& tree) {
    std::optional<fdt::Node> node = tree.find("/psci");
    if (!node) return;
    const auto method = node->property("method");
    const char* text = method ? method->string() : nullptr;
    if (text == nullptr) return;
    if (text[0] == 'h' && text[1] == 'v' && text[2] == 'c' && text[3] == '\0') psci_conduit = PsciConduit::Hvc;
    if (text[0] == 's' && text[1] == 'm' && text[2] == 'c' && text[3] == '\0') psci_conduit = PsciConduit::Smc;
}

}  // namespace platform

void init_platform(const fdt::Tree& tree) {
    // The console PL011 stays in the device untypeds although the kernel
    // prints through it, as seL4 exposes its UART: a user-level serial
    // driver (Microkit's tutorial, sDDF) maps the same UART and owns its
    // input and interrupt; the kernel only ever writes the data register.
    platform::init_console(tree);
    platform::init_psci(tree);
    platform::init_gic(tree);
    platform::init_timer(tree);
}

}  // namespace arch

namespace arch {
// ISR_EL1.I: an IRQ is pending [arm/ARM DDI0487 D13.2.67].
bool interrupt_pending() { return (AARCH64_READ_SYSREG(isr_el1) & (1u << 7)) != 0; }
}  // namespace arch
