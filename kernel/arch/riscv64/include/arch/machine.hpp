// SPDX-License-Identifier: BSD-2-Clause
// RISC-V 64 (Sv39, S-mode under OpenSBI) machine constants and the free
// functions of the arch contract (kern/arch_contract.hpp).
#pragma once

#include <cstdint>

#include <kern/arch_functions.hpp>
#include <kern/types.hpp>

namespace arch {

inline constexpr unsigned message_registers_in_cpu = 4;

// Kernel window: all physical memory below 64 GiB is mapped at
// phys + kernel_window_offset (1 GiB pages; the kernel image's gigabyte in
// smaller ones, arch/kernel_window.hpp), the start of the Sv39 upper
// half (as seL4's KERNEL_ELF_PADDR/PPTR_BASE layout). User space is the lower
// half up to seL4's USER_TOP (sel4-abi.md §14; seL4 riscv64 hardware.h).
inline constexpr kern::vaddr_t kernel_window_offset = 0xffffffc000000000ull;
inline constexpr kern::paddr_t kernel_window_size = 64ull << 30;
inline constexpr kern::vaddr_t user_top = 0x0000003ffffff000ull;

// Kernel clock: the `time` CSR at the frequency seL4 compiles in for
// qemu-riscv-virt (10 MHz), with seL4's conversions (sel4-mcs.md §4.2).
inline constexpr std::uint64_t timer_frequency_hz = 10'000'000;
inline constexpr std::uint64_t timer_ticks_per_us = timer_frequency_hz / 1'000'000;
constexpr std::uint64_t us_to_ticks(std::uint64_t us) { return us * timer_ticks_per_us; }
constexpr std::uint64_t ticks_to_us(std::uint64_t ticks) { return ticks / timer_ticks_per_us; }
inline constexpr std::uint64_t max_us_to_ticks = UINT64_MAX / timer_ticks_per_us;
inline constexpr std::uint64_t max_ticks_to_us = UINT64_MAX;
inline constexpr std::uint64_t kernel_wcet_us = 10;
inline constexpr std::uint64_t timer_precision_ticks = us_to_ticks(1);

// Interrupts (sel4-abi.md §12): PLIC sources 1..PLIC_MAX_IRQ, which seL4
// sets to 128 for qemu-riscv-virt (IRQ 0 means "none"; the kernel timer is
// not a PLIC source, so IRQControl answers RangeError for it).
inline constexpr kern::word_t irq_first = 1;
inline constexpr kern::word_t irq_max = 128;
inline constexpr kern::word_t irq_issue_trigger_label = 46;  // RISCVIRQIssueIRQHandlerTrigger (MCS)

// ELF e_machine of user images (EM_RISCV).
inline constexpr std::uint16_t elf_machine = 243;

}  // namespace arch
