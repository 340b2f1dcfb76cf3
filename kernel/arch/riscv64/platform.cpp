// SPDX-License-Identifier: BSD-2-Clause
// QEMU virt platform devices, all found in the device tree: console
// (ns16550a named by /chosen stdout-path), exit device (sifive_test) and
// PLIC (the kernel timer is in timer.cpp). Before init_platform() the console
// is the SBI legacy putchar and exit falls back to SBI system reset.
#include <cstdint>

#include <fdt/fdt.hpp>
#include <fdt/platform.hpp>

#include "csr_access.hpp"
#include "platform.hpp"
#include "sbi.hpp"
#include <arch/csr.hpp>
#include <arch/machine.hpp>
#include <kern/arch_contract.hpp>
#include <kern/boot.hpp>
#include <kern/console.hpp>

namespace arch::riscv {

std::uint64_t boot_hart_id;

namespace {

// ns16550a: THR at 0, LSR at 5 (scaled by reg-shift); LSR bit 5 = THR empty.
struct Uart {
    volatile std::uint8_t* base = nullptr;
    unsigned reg_shift = 0;

    void put(char c) const {
        volatile std::uint8_t* lsr = base + (5u << reg_shift);
        while ((*lsr & 0x20) == 0) {
        }
        *base = static_cast<std::uint8_t>(c);
    }
};

// sifive_test: a 32-bit write of 0x5555 passes, (code << 16) | 0x3333 fails
// with `code` (toolchain.md §5).
struct TestDevice {
    volatile std::uint32_t* reg = nullptr;
};

// PLIC (riscv-plic-spec 1.0.0 §3): priority 4*irq, enable bits at 0x2000 +
// 0x80*context, threshold at 0x200000 + 0x1000*context, claim/complete +4.
struct Plic {
    std::uintptr_t base = 0;
    std::uint32_t context = 0;
    bool present = false;

    volatile std::uint32_t& threshold() const {
        return *reinterpret_cast<volatile std::uint32_t*>(base + 0x200000 + 0x1000 * context);
    }
    volatile std::uint32_t& claim() const {
        return *reinterpret_cast<volatile std::uint32_t*>(base + 0x200000 + 0x1000 * context + 4);
    }
};

Uart console_uart;
TestDevice test_device;
Plic plic;
// The UART, exit device and PLIC once found (kern::KernelDeviceRegions).
kern::KernelDeviceRegions kernel_devices;

template <typename T = std::uint8_t>
T* mmio(kern::paddr_t paddr) {
    return kern::phys_to_virt<T>(paddr);
}

void init_console(const fdt::Tree& tree) {
    const auto node = fdt::stdout_node(tree);
    if (!node || !node->is_compatible("ns16550a")) {
        kern::kprintf("Tessera: no ns16550a console in /chosen stdout-path; keeping the SBI console\n");
        return;
    }
    const auto reg = node->reg(0);
    if (!reg) return;
    Uart uart{mmio<volatile std::uint8_t>(reg->address), 0};
    if (const auto shift = node->property("reg-shift")) uart.reg_shift = shift->u32().value_or(0);
    console_uart = uart;
    kernel_devices.add(reg->address, reg->size);
}

void init_test_device(const fdt::Tree& tree) {
    auto node = tree.find_compatible("sifive,test1");
    if (!node) node = tree.find_compatible("sifive,test0");
    if (!node) return;
    if (const auto reg = node->reg(0)) {
        test_device.reg = mmio<volatile std::uint32_t>(reg->address);
        kernel_devices.add(reg->address, reg->size);
    }
}

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
        plic.base = reinterpret_cast<std::uintptr_t>(mmio(reg->address));
        plic.context = i;
        plic.present = true;
        kernel_devices.add(reg->address, reg->size);
        break;
    }
    if (!plic.present) {
        kern::kprintf("Tessera: PLIC has no S-mode context for hart %lu; external interrupts off\n", boot_hart_id);
        return;
    }
    // No source is enabled yet (IRQ handlers arrive with IRQControl); the
    // context accepts any priority above 0 once one is.
    plic.threshold() = 0;
    RISCV_CSR_SET(sie, Sie{}.with<Sie::SEIE>(1).raw());
}

}  // namespace

void handle_external_interrupt() {
    if (!plic.present) return;
    for (;;) {
        const std::uint32_t irq = plic.claim();
        if (irq == 0) break;
        kern::kprintf("Tessera: unexpected external interrupt %u (no handler); ignored\n", irq);
        plic.claim() = irq;  // complete
    }
}

}  // namespace arch::riscv

namespace arch {

void console_put_char(char c) {
    if (riscv::console_uart.base == nullptr) {
        sbi::legacy_putchar(c);
        return;
    }
    if (c == '\n') riscv::console_uart.put('\r');
    riscv::console_uart.put(c);
}

void machine_exit(int status) {
    if (riscv::test_device.reg != nullptr) {
        *riscv::test_device.reg = status == 0 ? 0x5555u : (static_cast<std::uint32_t>(status) << 16) | 0x3333u;
    }
    // SRST cannot report a status to QEMU (toolchain.md §5): it exits 0. So
    // it is used only for success; a failure with no exit device (a panic
    // before the device tree was read) parks the hart, and the runner's
    // timeout reports it rather than a false success.
    if (status == 0) sbi::system_reset(0, 0);
    for (;;) asm volatile("wfi");
}

void init_platform(const fdt::Tree& tree) {
    riscv::init_console(tree);
    riscv::init_test_device(tree);
    riscv::init_plic(tree);
    riscv::init_timer(tree);
}

std::uint64_t read_instruction_counter() { return RISCV_CSR_READ(instret); }

unsigned kernel_device_regions(kern::PhysRange* out, unsigned max) { return riscv::kernel_devices.copy_to(out, max); }

}  // namespace arch

namespace arch {
// Pending and enabled supervisor interrupts [riscv/priv 4.1.3 sip/sie].
bool interrupt_pending() { return (RISCV_CSR_READ(sip) & RISCV_CSR_READ(sie)) != 0; }
}  // namespace arch
