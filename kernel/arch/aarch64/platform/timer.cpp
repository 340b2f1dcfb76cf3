// SPDX-License-Identifier: BSD-2-Clause
// ARM generic timer [arm/ARM DDI0487 D11.2]: the EL1 physical timer
// (CNTP_*), whose interrupt is the second PPI listed by the
// "arm,armv8-timer" node. For now it is armed once at boot, ~100 µs ahead,
// to prove the interrupt path; the scheduler will own it later.
#include <fdt/fdt.hpp>

#include <arch/system_registers.hpp>

#include "../sysreg.hpp"
#include "platform.hpp"

namespace arch::platform {
namespace {

constexpr unsigned ppi_base = 16;
constexpr unsigned default_physical_timer_ppi = 14;  // INTID 30 on QEMU virt
constexpr unsigned interrupt_cells = 3;               // <type number flags> per GIC binding
constexpr unsigned physical_timer_entry = 1;          // secure, non-secure physical, virtual, hyp
constexpr std::uint64_t first_tick_hz = 10000;        // 100 µs

unsigned timer_intid = ppi_base + default_physical_timer_ppi;
std::uint64_t interrupts_seen = 0;

}  // namespace

void init_timer(const fdt::Tree& tree) {
    std::optional<fdt::Node> node = tree.find_compatible("arm,armv8-timer");
    if (!node) node = tree.find_compatible("arm,armv7-timer");
    if (node) {
        if (const auto prop = node->property("interrupts")) {
            if (const auto ppi = prop->u32(physical_timer_entry * interrupt_cells + 1)) timer_intid = ppi_base + *ppi;
        }
    }
    // EL0 gets no counter or timer access (seL4's defaults, sel4-abi.md §2.4).
    AARCH64_WRITE_SYSREG(cntkctl_el1, 0);
    const std::uint64_t frequency = AARCH64_READ_SYSREG(cntfrq_el0);
    AARCH64_WRITE_SYSREG(cntp_tval_el0, frequency / first_tick_hz);
    AARCH64_WRITE_SYSREG(cntp_ctl_el0, TimerControl{}.with<TimerControl::Enable>(1).raw());
    enable_interrupt(timer_intid);
}

unsigned timer_interrupt_id() { return timer_intid; }

void handle_timer_interrupt() {
    ++interrupts_seen;
    AARCH64_WRITE_SYSREG(cntp_ctl_el0, 0);  // one-shot: disarm so the level interrupt drops
    cpu::isb();
}

std::uint64_t timer_interrupt_count() { return interrupts_seen; }

}  // namespace arch::platform
