// SPDX-License-Identifier: BSD-2-Clause
// QEMU virt platform devices, all found in the device tree: the exit device
// (sifive_test) and the PLIC (plic.cpp; the kernel timer is in timer.cpp).
// The console is the SBI legacy putchar; before init_platform() exit falls
// back to SBI system reset.
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

// sifive_test: a 32-bit write of 0x5555 passes, (code << 16) | 0x3333 fails
// with `code` (toolchain.md §5).
struct TestDevice {
    volatile std::uint32_t* reg = nullptr;
};

TestDevice test_device;
// The exit device and the PLIC once found (kern::KernelDeviceRegions).
kern::KernelDeviceRegions kernel_devices;

template <typename T = std::uint8_t>
T* mmio(kern::paddr_t paddr) {
    return kern::phys_to_virt<T>(paddr);
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

}  // namespace

void note_kernel_device(kern::paddr_t base, std::uint64_t size) { kernel_devices.add(base, size); }

}  // namespace arch::riscv

namespace arch {

// The kernel prints through the SBI console, as seL4 does on RISC-V: the
// UART (ns16550a) is left to user level, in the device untypeds. (OpenSBI
// puts the carriage return before a newline itself.)
void console_put_char(char c) { sbi::legacy_putchar(c); }

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
