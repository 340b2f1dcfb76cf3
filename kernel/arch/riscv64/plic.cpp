// SPDX-License-Identifier: BSD-2-Clause
// The PLIC [riscv-plic-spec 1.0.0 §3], found in the device tree
// ("riscv,plic0" / "sifive,plic-1.0.0"), seen through the context of the boot
// hart's S-mode. A supervisor external interrupt is claimed here and handed
// to the core (kern::handle_interrupt); the claim stays open while the IRQ is
// held for user level and is completed by IRQHandler_Ack, so the gateway
// forwards nothing more from that source meanwhile (seL4 claims early on
// QEMU virt too; sel4-abi.md §12).
#include <cstdint>

#include <fdt/fdt.hpp>

#include "csr_access.hpp"
#include "platform.hpp"
#include <arch/csr.hpp>
#include <arch/machine.hpp>
#include <kern/arch_contract.hpp>
#include <kern/console.hpp>
#include <kern/trap.hpp>

namespace arch::riscv {
namespace {

// Register map [riscv-plic-spec §3]: priority 4*source, enable bits at
// 0x2000 + 0x80*context, threshold at 0x200000 + 0x1000*context,
// claim/complete 4 bytes after it.
constexpr std::uintptr_t enable_base = 0x2000;
constexpr std::uintptr_t enable_stride = 0x80;
constexpr std::uintptr_t context_base = 0x200000;
constexpr std::uintptr_t context_stride = 0x1000;
constexpr std::uint32_t max_sources = 1024;  // source 0 is "none"
// Every enabled source gets the same priority above the threshold (0).
constexpr std::uint32_t source_priority = 1;

struct Plic {
    std::uintptr_t base = 0;
    std::uint32_t context = 0;
    bool present = false;
    // Sources claimed whose completion waits for IRQHandler_Ack.
    std::uint64_t claimed[max_sources / 64] = {};

    volatile std::uint32_t& reg(std::uintptr_t offset) const {
        return *reinterpret_cast<volatile std::uint32_t*>(base + offset);
    }
    volatile std::uint32_t& priority(std::uint32_t source) const { return reg(4 * source); }
    volatile std::uint32_t& enable_word(std::uint32_t source) const {
        return reg(enable_base + enable_stride * context + 4 * (source / 32));
    }
    volatile std::uint32_t& threshold() const { return reg(context_base + context_stride * context); }
    volatile std::uint32_t& claim() const { return reg(context_base + context_stride * context + 4); }

    bool is_claimed(std::uint32_t s) const { return (claimed[s / 64] >> (s % 64)) & 1; }
    void set_claimed(std::uint32_t s, bool c) {
        if (c) claimed[s / 64] |= std::uint64_t{1} << (s % 64);
        else claimed[s / 64] &= ~(std::uint64_t{1} << (s % 64));
    }
    void complete(std::uint32_t s) {
        if (!is_claimed(s)) return;
        set_claimed(s, false);
        claim() = s;
    }
};

Plic plic;

bool valid_source(kern::word_t irq) { return plic.present && irq > 0 && irq < max_sources; }

}  // namespace

// The PLIC context of this hart's S-mode: the index of the
// interrupts-extended pair (cpu interrupt controller, 9 = S external).
void init_plic(const fdt::Tree& tree) {
    auto node = tree.find_compatible("riscv,plic0");
    if (!node) node = tree.find_compatible("sifive,plic-1.0.0");
    if (!node) return;
    const auto reg = node->reg(0);
    const auto targets = node->property("interrupts-extended");
    if (!reg || !targets) return;
    const std::uint32_t pairs = targets->size() / 8;
    for (std::uint32_t i = 0; i < pairs; ++i) {
        const auto phandle = targets->u32(2 * i);
        const auto irq = targets->u32(2 * i + 1);
        if (!phandle || !irq || *irq != 9) continue;
        const auto intc = tree.find_phandle(*phandle);
        if (!intc) continue;
        const auto cpu = intc->parent();
        if (!cpu) continue;
        const auto hart = cpu->reg(0);
        if (!hart || hart->address != boot_hart_id) continue;
        plic.base = reinterpret_cast<std::uintptr_t>(kern::phys_to_virt(reg->address));
        plic.context = i;
        plic.present = true;
        note_kernel_device(reg->address, reg->size);
        break;
    }
    if (!plic.present) {
        kern::kprintf("Tessera: PLIC has no S-mode context for hart %lu; external interrupts off\n", boot_hart_id);
        return;
    }
    // Every source starts disabled (seL4: an inactive IRQ is masked); the
    // context takes any priority above 0.
    for (std::uint32_t word = 0; word < max_sources / 32; ++word)
        plic.reg(enable_base + enable_stride * plic.context + 4 * word) = 0;
    plic.threshold() = 0;
    RISCV_CSR_SET(sie, Sie{}.with<Sie::SEIE>(1).raw());
}

void handle_external_interrupt() {
    if (!plic.present) return;
    for (;;) {
        const std::uint32_t source = plic.claim();
        if (source == 0 || source >= max_sources) break;
        plic.set_claimed(source, true);
        kern::handle_interrupt(source);
    }
}

}  // namespace arch::riscv

namespace arch {

void irq_enable(kern::word_t irq, bool enabled) {
    using riscv::plic;
    if (!riscv::valid_source(irq)) return;
    const auto source = static_cast<std::uint32_t>(irq);
    const std::uint32_t bit = 1u << (source % 32);
    if (enabled) {
        plic.priority(source) = riscv::source_priority;
        plic.enable_word(source) = plic.enable_word(source) | bit;
    } else {
        plic.enable_word(source) = plic.enable_word(source) & ~bit;
        plic.complete(source);
    }
}

// The enable bits of the kernel's context read back [RISC-V PLIC spec §6].
bool irq_enabled(kern::word_t irq) {
    if (!riscv::valid_source(irq)) return false;
    const auto source = static_cast<std::uint32_t>(irq);
    return ((riscv::plic.enable_word(source) >> (source % 32)) & 1u) != 0;
}

// The PLIC has no trigger setting (its gateways follow the device); seL4's
// PLIC driver accepts the request and does nothing either.
void irq_set_trigger(kern::word_t, bool) {}

// The claim is still open: nothing more arrives from the source until it is
// completed.
void irq_hold(kern::word_t) {}

void irq_ack(kern::word_t irq) {
    if (riscv::valid_source(irq)) riscv::plic.complete(static_cast<std::uint32_t>(irq));
}

}  // namespace arch
