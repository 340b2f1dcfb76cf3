// SPDX-License-Identifier: BSD-2-Clause
// The free functions every arch provides (kern/arch_contract.hpp says what
// each must do). Declared once here; each arch's <arch/machine.hpp> includes
// this and adds its constants, and kernel/arch/<arch>/ defines them.
#pragma once

#include <cstdint>

#include <kern/page_allocator.hpp>
#include <kern/types.hpp>

namespace fdt {
class Tree;
}

namespace arch {

void console_put_char(char c);
[[noreturn]] void machine_exit(int status);

// Boot services.
void init_platform(const fdt::Tree& tree);
std::uint64_t read_instruction_counter();
// Page-aligned regions of the devices the kernel drives, as init_platform()
// found them; they are kept out of the device untypeds.
unsigned kernel_device_regions(kern::PhysRange* out, unsigned max);

// Whether an interrupt is pending while the kernel runs with interrupts
// masked (for preemption points, kern/preemption.hpp).
bool interrupt_pending();

}  // namespace arch
