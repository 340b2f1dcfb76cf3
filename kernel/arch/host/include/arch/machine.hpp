// SPDX-License-Identifier: BSD-2-Clause
// The "host" arch: a fake machine so the core's semantics run as unit tests
// on the build machine (style.md §8.1). Console output is recorded, and
// machine_exit throws so a test can observe a halt or a panic.
#pragma once

#include <string>
#include <vector>

#include <kern/arch_functions.hpp>
#include <kern/page_allocator.hpp>
#include <kern/types.hpp>

namespace arch {

inline constexpr unsigned message_registers_in_cpu = 4;
inline constexpr kern::vaddr_t kernel_window_offset = 0;
inline constexpr kern::vaddr_t user_top = 0x0000003ffffff000ull;

// Kernel clock of the fake machine: RISC-V's 10 MHz (sel4-mcs.md §4.2).
inline constexpr std::uint64_t timer_frequency_hz = 10'000'000;
inline constexpr std::uint64_t timer_ticks_per_us = 10;
constexpr std::uint64_t us_to_ticks(std::uint64_t us) { return us * timer_ticks_per_us; }
constexpr std::uint64_t ticks_to_us(std::uint64_t ticks) { return ticks / timer_ticks_per_us; }
inline constexpr std::uint64_t max_us_to_ticks = UINT64_MAX / timer_ticks_per_us;
inline constexpr std::uint64_t max_ticks_to_us = UINT64_MAX;
inline constexpr std::uint64_t kernel_wcet_us = 10;
inline constexpr std::uint64_t timer_precision_ticks = us_to_ticks(1);

// Interrupts: RISC-V's numbering (PLIC sources 1..128, sel4-abi.md §12) and
// GetTrigger label, as the host shares RISC-V's object numbering.
inline constexpr kern::word_t irq_first = 1;
inline constexpr kern::word_t irq_max = 128;
inline constexpr kern::word_t irq_issue_trigger_label = 46;  // RISCVIRQIssueIRQHandlerTrigger

// Test hooks.
// The fake clock: timer_now() returns what set_host_time() set;
// timer_set_deadline() records the deadline, host_deadline() returns the
// last one (host_no_deadline until one is set or after reset_host_timer()).
// Nothing fires by itself: a test calls kern::handle_timer_interrupt().
inline constexpr std::uint64_t host_no_deadline = ~std::uint64_t{0};
void set_host_time(std::uint64_t ticks);
std::uint64_t host_deadline();
void reset_host_timer();
// The fake FPU owner: fpu_release() forgets it when it is the released TCB.
kern::Tcb* host_fpu_owner();
void set_host_fpu_owner(kern::Tcb* thread);
struct MachineExit {
    int status;
};
std::string& host_console();  // everything console_put_char wrote
// The fake interrupt controller: what the core asked of each line.
// A line interrupts (host_irq_deliverable) when enabled and not held.
struct HostIrqLine {
    bool enabled = false;
    bool held = false;
    bool edge = false;
    unsigned acks = 0;
};
HostIrqLine& host_irq_line(kern::word_t irq);
bool host_irq_deliverable(kern::word_t irq);
void reset_host_irqs();
// What kernel_device_regions() reports (default: none).
void set_host_kernel_devices(std::vector<kern::PhysRange> regions);

}  // namespace arch
