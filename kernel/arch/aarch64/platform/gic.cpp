// SPDX-License-Identifier: BSD-2-Clause
// GICv2 [arm/IHI0048B ch. 4]: the distributor routes interrupts, the CPU
// interface acknowledges (IAR) and completes (EOIR) them. QEMU virt without
// secure=on has no security extensions, so group 0 is all there is.
#include <fdt/fdt.hpp>

#include <kern/bitfield.hpp>
#include <kern/console.hpp>

#include "platform.hpp"

namespace arch::platform {
namespace {

// Distributor registers.
constexpr std::uint64_t gicd_control = 0x000;
constexpr std::uint64_t gicd_type = 0x004;
constexpr std::uint64_t gicd_set_enable = 0x100;
constexpr std::uint64_t gicd_clear_enable = 0x180;
constexpr std::uint64_t gicd_priority = 0x400;
// CPU interface registers.
constexpr std::uint64_t gicc_control = 0x000;
constexpr std::uint64_t gicc_priority_mask = 0x004;
constexpr std::uint64_t gicc_binary_point = 0x008;
constexpr std::uint64_t gicc_acknowledge = 0x00c;
constexpr std::uint64_t gicc_end_of_interrupt = 0x010;

using TypeLineGroups = kern::Bitfield<4, 0, std::uint32_t>;  // ITLinesNumber: 32*(N+1) lines
using AcknowledgeId = kern::Bitfield<9, 0, std::uint32_t>;
constexpr std::uint32_t first_spurious_id = 1020;
constexpr std::uint8_t default_priority = 0xa0;

kern::paddr_t distributor = 0;
kern::paddr_t cpu_interface = 0;

const char* const v2_compatibles[] = {"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic", "arm,arm11mp-gic"};

}  // namespace

bool init_gic(const fdt::Tree& tree) {
    std::optional<fdt::Node> node;
    for (const char* compat : v2_compatibles) {
        if ((node = tree.find_compatible(compat))) break;
    }
    if (!node) {
        if (tree.find_compatible("arm,gic-v3"))
            kern::kprintf("Tessera: GICv3 is not supported yet (use -machine virt,gic-version=2); interrupts off\n");
        else
            kern::kprintf("Tessera: no GICv2 in the device tree; interrupts off\n");
        return false;
    }
    const auto dist = node->reg(0);
    const auto cpu = node->reg(1);
    if (!dist || !cpu) {
        kern::kprintf("Tessera: GIC node without distributor/CPU interface registers; interrupts off\n");
        return false;
    }
    distributor = dist->address;
    cpu_interface = cpu->address;
    note_kernel_device(dist->address, dist->size);
    note_kernel_device(cpu->address, cpu->size);

    *mmio(distributor, gicd_control) = 0;
    const unsigned lines = 32 * (TypeLineGroups::get(*mmio(distributor, gicd_type)) + 1);
    for (unsigned i = 0; i < lines / 32; ++i) *mmio(distributor, gicd_clear_enable + 4 * i) = ~0u;
    *mmio(distributor, gicd_control) = 1;

    *mmio(cpu_interface, gicc_priority_mask) = 0xff;  // let every priority through
    *mmio(cpu_interface, gicc_binary_point) = 0;
    *mmio(cpu_interface, gicc_control) = 1;
    return true;
}

void enable_interrupt(unsigned intid) {
    if (distributor == 0) return;
    *mmio<std::uint8_t>(distributor, gicd_priority + intid) = default_priority;
    *mmio(distributor, gicd_set_enable + 4 * (intid / 32)) = 1u << (intid % 32);
}

void disable_interrupt(unsigned intid) {
    if (distributor == 0) return;
    *mmio(distributor, gicd_clear_enable + 4 * (intid / 32)) = 1u << (intid % 32);
}

void handle_interrupt() {
    if (cpu_interface == 0) return;
    for (;;) {
        const std::uint32_t ack = *mmio(cpu_interface, gicc_acknowledge);
        const std::uint32_t intid = AcknowledgeId::get(ack);
        if (intid >= first_spurious_id) return;
        if (intid == timer_interrupt_id()) {
            handle_timer_interrupt();
        } else {
            // No IRQ handler capabilities exist yet: report and mask it so it cannot storm.
            kern::kprintf("Tessera: unexpected interrupt %u; masked\n", intid);
            disable_interrupt(intid);
        }
        *mmio(cpu_interface, gicc_end_of_interrupt) = ack;
    }
}

}  // namespace arch::platform
