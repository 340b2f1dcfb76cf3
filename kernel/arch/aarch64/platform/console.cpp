// SPDX-License-Identifier: BSD-2-Clause
// PL011 UART console [arm/DDI0183G 3.3]: polled transmit only. Until the
// device tree is read it uses QEMU virt's UART at 0x09000000, which is only
// for early panics.
#include <fdt/fdt.hpp>
#include <fdt/platform.hpp>

#include <arch/asm_defs.h>
#include <arch/machine.hpp>
#include <kern/bitfield.hpp>

#include "platform.hpp"

namespace arch {
namespace {

constexpr kern::paddr_t early_uart_paddr = 0x09000000;
constexpr std::uint64_t uart_data = 0x00;
constexpr std::uint64_t uart_flags = 0x18;
using TransmitFifoFull = kern::Bit<5, std::uint32_t>;

kern::paddr_t uart_paddr = early_uart_paddr;
bool console_enabled = true;

}  // namespace

void console_put_char(char c) {
    if (!console_enabled) return;
    while (TransmitFifoFull::get(*platform::mmio(uart_paddr, uart_flags)) != 0) {
    }
    *platform::mmio(uart_paddr, uart_data) = static_cast<unsigned char>(c);
}

namespace platform {

void init_console(const fdt::Tree& tree) {
    const auto node = fdt::stdout_node(tree);
    if (!node) return;  // keep the early UART
    if (!node->is_compatible("arm,pl011")) {
        // Only a PL011 driver exists; printing to an unknown device would be worse than silence.
        console_enabled = false;
        return;
    }
    if (const auto reg = node->reg(0)) uart_paddr = reg->address;
}

}  // namespace platform
}  // namespace arch
