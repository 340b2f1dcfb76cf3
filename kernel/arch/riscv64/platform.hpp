// SPDX-License-Identifier: BSD-2-Clause
// RISC-V platform state shared by boot, trap and platform code (private to
// the arch layer).
#pragma once

#include <cstdint>

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
// Supervisor external interrupt: claims from the PLIC, logs, completes.
void handle_external_interrupt();

}  // namespace arch::riscv
