// SPDX-License-Identifier: BSD-2-Clause
// The GIC, version 2 [arm/IHI0048B] or 3 [arm/IHI0069], found in the device
// tree. QEMU virt without secure=on has one security state, so every
// interrupt is in the group signalled as IRQ (GICv2 group 0, GICv3 group 1).
//
// How an interrupt held for user level (sel4-abi.md §12) stays quiet until
// IRQHandler_Ack:
//  * GICv2: the kernel masks it (ICENABLER) and ends it (EOIR); Ack unmasks.
//  * GICv3: EOI mode split (ICC_CTLR_EL1.EOImode = 1): the kernel drops its
//    priority at once (ICC_EOIR1_EL1) but leaves it active; Ack deactivates
//    it (ICC_DIR_EL1). The kernel timer is dropped and deactivated at once.
#include <fdt/fdt.hpp>

#include <arch/machine.hpp>
#include <kern/bitfield.hpp>
#include <kern/console.hpp>
#include <kern/irq.hpp>
#include <kern/trap.hpp>

#include "../sysreg.hpp"
#include "platform.hpp"

namespace arch::platform {
namespace {

// Distributor (both versions; GICv3 with affinity routing uses the SGI/PPI
// registers of the redistributor's SGI frame at the same offsets instead).
constexpr std::uint64_t gicd_control = 0x000;
constexpr std::uint64_t gicd_type = 0x004;
constexpr std::uint64_t gicd_group = 0x080;
constexpr std::uint64_t gicd_set_enable = 0x100;
constexpr std::uint64_t gicd_clear_enable = 0x180;
constexpr std::uint64_t gicd_clear_pending = 0x280;
constexpr std::uint64_t gicd_clear_active = 0x380;
constexpr std::uint64_t gicd_priority = 0x400;
constexpr std::uint64_t gicd_targets = 0x800;  // GICv2
constexpr std::uint64_t gicd_config = 0xc00;
constexpr std::uint64_t gicd_router = 0x6000;  // GICv3, 64-bit per SPI
constexpr std::uint32_t gicd_control_rwp = 1u << 31;
// GICv3 GICD_CTLR with one security state: EnableGrp1 and ARE.
constexpr std::uint32_t gicd_v3_enable = (1u << 1) | (1u << 4);
// GICv2 CPU interface.
constexpr std::uint64_t gicc_control = 0x000;
constexpr std::uint64_t gicc_priority_mask = 0x004;
constexpr std::uint64_t gicc_binary_point = 0x008;
constexpr std::uint64_t gicc_acknowledge = 0x00c;
constexpr std::uint64_t gicc_end_of_interrupt = 0x010;
// GICv3 redistributor: RD frame, then the SGI frame 64 KiB on.
constexpr std::uint64_t gicr_waker = 0x014;
constexpr std::uint64_t gicr_type = 0x008;
constexpr std::uint64_t gicr_sgi_frame = 0x10000;
constexpr std::uint32_t gicr_waker_processor_sleep = 1u << 1;
constexpr std::uint32_t gicr_waker_children_asleep = 1u << 2;
constexpr std::uint64_t gicr_type_vlpis = 1u << 1;
constexpr std::uint64_t gicr_type_last = 1u << 4;

using TypeLineGroups = kern::Bitfield<4, 0, std::uint32_t>;  // ITLinesNumber: 32*(N+1) lines
using AcknowledgeId = kern::Bitfield<9, 0, std::uint32_t>;
constexpr std::uint32_t first_spurious_id = 1020;
constexpr std::uint32_t first_spi = 32;
constexpr std::uint32_t max_intids = 1020;
constexpr std::uint8_t default_priority = 0xa0;

enum class Version { None, V2, V3 };
Version version = Version::None;
kern::paddr_t distributor = 0;
kern::paddr_t cpu_interface = 0;  // GICv2
kern::paddr_t redistributor = 0;  // GICv3: this CPU's RD frame
unsigned lines = 0;

// GICv3: interrupts claimed and not yet deactivated, and whether the core
// held the one being delivered.
std::uint64_t active[max_intids / 64 + 1];
bool held_now = false;

const char* const v2_compatibles[] = {"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic", "arm,arm11mp-gic"};

bool test_bit(const std::uint64_t* bits, unsigned i) { return (bits[i / 64] >> (i % 64)) & 1; }
void set_bit(std::uint64_t* bits, unsigned i, bool v) {
    if (v) bits[i / 64] |= std::uint64_t{1} << (i % 64);
    else bits[i / 64] &= ~(std::uint64_t{1} << (i % 64));
}

// Where the per-interrupt registers of `intid` are: GICv3 keeps SGIs and
// PPIs in the redistributor.
kern::paddr_t bank_of(unsigned intid) {
    return version == Version::V3 && intid < first_spi ? redistributor + gicr_sgi_frame : distributor;
}

void wait_for_distributor() {
    while ((*mmio(distributor, gicd_control) & gicd_control_rwp) != 0) {
    }
}

std::uint64_t affinity_of_this_cpu() {
    // MPIDR_EL1 Aff0..Aff2 in bits 0-23, Aff3 in bits 32-39: GICD_IROUTER's layout.
    return AARCH64_READ_SYSREG(mpidr_el1) & 0xff00ffffffull;
}

bool init_v2(const fdt::Node& node) {
    const auto dist = node.reg(0);
    const auto cpu = node.reg(1);
    if (!dist || !cpu) return false;
    distributor = dist->address;
    cpu_interface = cpu->address;
    note_kernel_device(dist->address, dist->size);
    note_kernel_device(cpu->address, cpu->size);

    *mmio(distributor, gicd_control) = 0;
    lines = 32 * (TypeLineGroups::get(*mmio(distributor, gicd_type)) + 1);
    for (unsigned i = 0; i < lines / 32; ++i) {
        *mmio(distributor, gicd_clear_enable + 4 * i) = ~0u;
        *mmio(distributor, gicd_clear_pending + 4 * i) = ~0u;
        *mmio(distributor, gicd_clear_active + 4 * i) = ~0u;
    }
    // SPIs go to this CPU: GICD_ITARGETSR0..7 read as this CPU's own mask.
    const std::uint8_t self = *mmio<std::uint8_t>(distributor, gicd_targets);
    for (unsigned id = first_spi; id < lines; ++id) *mmio<std::uint8_t>(distributor, gicd_targets + id) = self;
    *mmio(distributor, gicd_control) = 1;

    *mmio(cpu_interface, gicc_priority_mask) = 0xff;  // let every priority through
    *mmio(cpu_interface, gicc_binary_point) = 0;
    *mmio(cpu_interface, gicc_control) = 1;
    return true;
}

// This CPU's redistributor: the frame whose GICR_TYPER affinity is ours.
bool find_redistributor(kern::paddr_t base, std::uint64_t size) {
    const std::uint64_t mpidr = AARCH64_READ_SYSREG(mpidr_el1);
    const std::uint64_t self = ((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff);
    for (std::uint64_t offset = 0; offset < size;) {
        const kern::paddr_t frame = base + offset;
        const std::uint64_t type = *mmio<std::uint64_t>(frame, gicr_type);
        if ((type >> 32) == self) {
            redistributor = frame;
            return true;
        }
        if ((type & gicr_type_last) != 0) break;
        offset += (type & gicr_type_vlpis) != 0 ? 0x40000 : 0x20000;
    }
    return false;
}

bool init_v3(const fdt::Node& node) {
    const auto dist = node.reg(0);
    const auto redist = node.reg(1);
    if (!dist || !redist) return false;
    distributor = dist->address;
    note_kernel_device(dist->address, dist->size);
    note_kernel_device(redist->address, redist->size);
    if (!find_redistributor(redist->address, redist->size)) {
        kern::kprintf("Tessera: no GICv3 redistributor for this CPU; interrupts off\n");
        return false;
    }

    *mmio(distributor, gicd_control) = 0;
    wait_for_distributor();
    lines = 32 * (TypeLineGroups::get(*mmio(distributor, gicd_type)) + 1);
    if (lines > max_intids) lines = max_intids;
    const std::uint64_t self = affinity_of_this_cpu();
    for (unsigned i = 1; i < lines / 32; ++i) {
        *mmio(distributor, gicd_clear_enable + 4 * i) = ~0u;
        *mmio(distributor, gicd_clear_pending + 4 * i) = ~0u;
        *mmio(distributor, gicd_clear_active + 4 * i) = ~0u;
        *mmio(distributor, gicd_group + 4 * i) = ~0u;
    }
    for (unsigned id = first_spi; id < lines; ++id) *mmio<std::uint64_t>(distributor, gicd_router + 8 * id) = self;
    *mmio(distributor, gicd_control) = gicd_v3_enable;
    wait_for_distributor();

    // Wake the redistributor [arm/IHI0069 9.11.45 GICR_WAKER].
    *mmio(redistributor, gicr_waker) = *mmio(redistributor, gicr_waker) & ~gicr_waker_processor_sleep;
    while ((*mmio(redistributor, gicr_waker) & gicr_waker_children_asleep) != 0) {
    }
    const kern::paddr_t sgi = redistributor + gicr_sgi_frame;
    *mmio(sgi, gicd_clear_enable) = ~0u;
    *mmio(sgi, gicd_clear_pending) = ~0u;
    *mmio(sgi, gicd_clear_active) = ~0u;
    *mmio(sgi, gicd_group) = ~0u;

    // The CPU interface through system registers [arm/IHI0069 12.2].
    AARCH64_WRITE_SYSREG(icc_sre_el1, AARCH64_READ_SYSREG(icc_sre_el1) | 1);
    cpu::isb();
    AARCH64_WRITE_SYSREG(icc_pmr_el1, 0xff);
    AARCH64_WRITE_SYSREG(icc_bpr1_el1, 0);
    AARCH64_WRITE_SYSREG(icc_ctlr_el1, 1u << 1);  // EOImode: priority drop and deactivation apart
    AARCH64_WRITE_SYSREG(icc_igrpen1_el1, 1);
    cpu::isb();
    return true;
}

void set_enabled(unsigned intid, bool enabled) {
    if (version == Version::None || intid >= lines) return;
    const std::uint64_t reg = (enabled ? gicd_set_enable : gicd_clear_enable) + 4 * (intid / 32);
    *mmio(bank_of(intid), reg) = 1u << (intid % 32);
}

void deactivate(unsigned intid) {
    AARCH64_WRITE_SYSREG(icc_dir_el1, intid);
    cpu::isb();
}

void end_hold(unsigned intid) {
    if (version != Version::V3 || intid >= max_intids || !test_bit(active, intid)) return;
    set_bit(active, intid, false);
    deactivate(intid);
}

void handle_v2() {
    for (;;) {
        const std::uint32_t ack = *mmio(cpu_interface, gicc_acknowledge);
        const std::uint32_t intid = AcknowledgeId::get(ack);
        if (intid >= first_spurious_id) return;
        if (intid == timer_interrupt_id()) handle_timer_interrupt();
        else kern::handle_interrupt(intid);
        *mmio(cpu_interface, gicc_end_of_interrupt) = ack;
    }
}

void handle_v3() {
    for (;;) {
        const std::uint64_t intid = AARCH64_READ_SYSREG(icc_iar1_el1) & 0xffffff;
        if (intid >= first_spurious_id) return;
        AARCH64_WRITE_SYSREG(icc_eoir1_el1, intid);  // priority drop only
        cpu::isb();
        if (intid == timer_interrupt_id()) {
            handle_timer_interrupt();
            deactivate(static_cast<unsigned>(intid));
            continue;
        }
        set_bit(active, static_cast<unsigned>(intid), true);
        held_now = false;
        kern::handle_interrupt(intid);
        if (!held_now) end_hold(static_cast<unsigned>(intid));
    }
}

}  // namespace

bool init_gic(const fdt::Tree& tree) {
    std::optional<fdt::Node> node;
    for (const char* compat : v2_compatibles) {
        if ((node = tree.find_compatible(compat))) break;
    }
    if (node && init_v2(*node)) {
        version = Version::V2;
        return true;
    }
    node = tree.find_compatible("arm,gic-v3");
    if (node && init_v3(*node)) {
        version = Version::V3;
        return true;
    }
    kern::kprintf("Tessera: no usable GICv2 or GICv3 in the device tree; interrupts off\n");
    return false;
}

void enable_interrupt(unsigned intid) {
    if (version == Version::None || intid >= lines) return;
    *mmio<std::uint8_t>(bank_of(intid), gicd_priority + intid) = default_priority;
    set_enabled(intid, true);
}

void disable_interrupt(unsigned intid) { set_enabled(intid, false); }

// GICD_ISENABLERn / GICR_ISENABLER0 read back the enable bits
// [arm/IHI0048B 4.3.5; arm/IHI0069 12.9.16].
bool interrupt_enabled(unsigned intid) {
    if (version == Version::None || intid >= lines) return false;
    return ((*mmio(bank_of(intid), gicd_set_enable + 4 * (intid / 32)) >> (intid % 32)) & 1u) != 0;
}

void handle_interrupt() {
    if (version == Version::V2) handle_v2();
    else if (version == Version::V3) handle_v3();
}

}  // namespace arch::platform

namespace arch {

// SGIs (INTIDs 0-15) may be permanently enabled, their enable bits
// read-as-one [arm/IHI0048B 4.3.5]: the kernel cannot mask them, so they
// count as masked for valid_irq_states.
bool irq_enabled(kern::word_t irq) {
    return irq >= 16 && irq < platform::max_intids && platform::interrupt_enabled(static_cast<unsigned>(irq));
}

void irq_enable(kern::word_t irq, bool enabled) {
    if (irq >= platform::max_intids) return;
    const auto intid = static_cast<unsigned>(irq);
    if (enabled) {
        platform::enable_interrupt(intid);
    } else {
        platform::disable_interrupt(intid);
        platform::end_hold(intid);
    }
}

// GICD_ICFGR: two bits per interrupt, the upper one set for edge-triggered
// [arm/IHI0048B 4.3.13; arm/IHI0069 12.9.9]. SGIs are always edge-triggered.
void irq_set_trigger(kern::word_t irq, bool edge) {
    using namespace platform;
    if (version == Version::None || irq < 16 || irq >= lines) return;
    const auto intid = static_cast<unsigned>(irq);
    volatile std::uint32_t* reg = mmio(bank_of(intid), gicd_config + 4 * (intid / 16));
    const std::uint32_t bit = 1u << ((intid % 16) * 2 + 1);
    *reg = edge ? (*reg | bit) : (*reg & ~bit);
}

void irq_hold(kern::word_t irq) {
    using namespace platform;
    if (version == Version::V2) disable_interrupt(static_cast<unsigned>(irq));
    else held_now = true;
}

void irq_ack(kern::word_t irq) {
    using namespace platform;
    if (irq >= max_intids) return;
    if (version == Version::V2) set_enabled(static_cast<unsigned>(irq), true);
    else end_hold(static_cast<unsigned>(irq));
}

}  // namespace arch
