// SPDX-License-Identifier: BSD-2-Clause
// RISC-V platform state shared by boot, trap and platform code (private to
// the arch layer).
#pragma once

#include <cstdint>

namespace arch::riscv {

extern std::uint64_t boot_hart_id;

// Supervisor timer interrupt: counts it and stops the timer (one-shot).
void handle_timer_interrupt();
// Supervisor external interrupt: claims from the PLIC, logs, completes.
void handle_external_interrupt();

std::uint64_t timer_interrupt_count();

}  // namespace arch::riscv
