// SPDX-License-Identifier: BSD-2-Clause
// RISC-V platform state shared by boot, trap and platform code (private to
// the arch layer).
#pragma once

#include <cstdint>

#include <kern/types.hpp>

namespace fdt {
class Tree;
}

namespace arch::riscv {

extern std::uint64_t boot_hart_id;

// The kernel timer (timer.cpp): checks the timebase against
// arch::timer_frequency_hz and leaves the timer disarmed.
void init_timer(const fdt::Tree& tree);
// Supervisor timer interrupt: acknowledges it (disarms the deadline) and
// calls kern::handle_timer_interrupt().
void handle_timer_interrupt();
// The PLIC (plic.cpp): found in the device tree, every source disabled.
void init_plic(const fdt::Tree& tree);
// Supervisor external interrupt: claims each pending source from the PLIC
// and passes it to kern::handle_interrupt().
void handle_external_interrupt();
// A device region the kernel drives (kept out of the device untypeds).
void note_kernel_device(kern::paddr_t base, std::uint64_t size);

}  // namespace arch::riscv
