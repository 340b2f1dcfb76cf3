// SPDX-License-Identifier: BSD-2-Clause
// The kernel timer (tickless, sel4-mcs.md §4.2) on the ARM generic timer
// [arm/ARM DDI0487 D11.2]: the clock is the virtual counter CNTVCT_EL0, the
// one-shot deadline is the EL1 virtual timer's compare value CNTV_CVAL_EL0,
// and its interrupt is the virtual timer PPI (the third entry of the
// "arm,armv8-timer" node's interrupts; INTID 27 on QEMU virt), as seL4 does
// in non-hypervisor builds. The timer stays enabled with its compare value
// at the end of time until the scheduler sets a deadline.
#include <fdt/fdt.hpp>

#include <arch/machine.hpp>
#include <arch/system_registers.hpp>
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/irq.hpp>
#include <kern/trap.hpp>

#include "../sysreg.hpp"
#include "platform.hpp"

namespace arch::platform {
namespace {

constexpr unsigned ppi_base = 16;
constexpr unsigned default_virtual_timer_ppi = 11;  // INTID 27 on QEMU virt
constexpr unsigned interrupt_cells = 3;             // <type number flags> per GIC binding
// The binding lists: secure physical, non-secure physical, virtual, hypervisor.
constexpr unsigned virtual_timer_entry = 2;
constexpr std::uint64_t never = ~std::uint64_t{0};

unsigned timer_intid = ppi_base + default_virtual_timer_ppi;

}  // namespace

void init_timer(const fdt::Tree& tree) {
    // The tick conversions are compile-time constants (seL4's qemu-arm-virt
    // value), so a counter running at another frequency would make every
    // budget and period wrong: refuse to boot instead.
    const std::uint64_t frequency = AARCH64_READ_SYSREG(cntfrq_el0);
    if (frequency != timer_frequency_hz)
        kern::panic("timer: CNTFRQ_EL0 says the counter runs at %lu Hz, but this kernel is built for %lu Hz "
                    "(arch::timer_frequency_hz)",
                    frequency, timer_frequency_hz);

    std::optional<fdt::Node> node = tree.find_compatible("arm,armv8-timer");
    if (!node) node = tree.find_compatible("arm,armv7-timer");
    if (node) {
        if (const auto prop = node->property("interrupts")) {
            if (const auto ppi = prop->u32(virtual_timer_entry * interrupt_cells + 1)) timer_intid = ppi_base + *ppi;
        }
    }
    AARCH64_WRITE_SYSREG(cntv_cval_el0, never);
    AARCH64_WRITE_SYSREG(cntv_ctl_el0, TimerControl{}.with<TimerControl::Enable>(1).raw());
    cpu::isb();
    // The kernel keeps its timer PPI: IRQControl answers RevokeFirst for it.
    kern::irq::set_kernel_owned(timer_intid);
    enable_interrupt(timer_intid);
}

void init_user_access() {
    // Reset values of both registers are UNKNOWN, so they are always written.
    using namespace kern::config;
    constexpr Cntkctl counters =
        cntkctl_exporting(export_pcnt_user, export_vcnt_user, export_ptmr_user, export_vtmr_user);
    AARCH64_WRITE_SYSREG(cntkctl_el1, counters.raw());
    AARCH64_WRITE_SYSREG(pmuserenr_el0, pmuserenr_exporting(export_pmu_user).raw());
    cpu::isb();
}

unsigned timer_interrupt_id() { return timer_intid; }

void handle_timer_interrupt() {
    // Acknowledge: with the compare value at the end of time the timer
    // condition is false, so the level-sensitive PPI drops.
    AARCH64_WRITE_SYSREG(cntv_cval_el0, never);
    cpu::isb();
    kern::handle_timer_interrupt();
}

}  // namespace arch::platform

namespace arch {

std::uint64_t timer_now() {
    // The ISB keeps the read from being performed early [arm/ARM DDI0487 D11.2.2].
    cpu::isb();
    return AARCH64_READ_SYSREG(cntvct_el0);
}

void timer_set_deadline(std::uint64_t deadline) {
    AARCH64_WRITE_SYSREG(cntv_cval_el0, deadline);
    cpu::isb();
}

}  // namespace arch
