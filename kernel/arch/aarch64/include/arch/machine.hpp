// SPDX-License-Identifier: BSD-2-Clause
// AArch64 (QEMU virt, EL1, 4 KiB granule, 48-bit VA) machine constants and
// the free functions of the arch contract (kern/arch_contract.hpp).
#pragma once

#include <cstdint>

#include <arch/asm_defs.h>
#include <kern/arch_functions.hpp>
#include <kern/types.hpp>

namespace arch {

inline constexpr unsigned message_registers_in_cpu = 4;

// Kernel window in TTBR1: virt = phys + offset, the last 512 GiB of the
// 48-bit upper half. The boot tables map physical [1 GiB, 256 GiB) as normal
// memory (QEMU virt RAM starts at 1 GiB and its low RAM region ends below
// 256 GiB), the rest of the 512 GiB as device memory; so do the final
// tables, with the kernel image's gigabyte split (arch/kernel_window.hpp).
inline constexpr kern::vaddr_t kernel_window_offset = KERNEL_WINDOW_OFFSET;
inline constexpr kern::paddr_t kernel_window_size = 256ull << 30;
// seL4_UserTop is 0x00007fffffffffff (inclusive); TTBR0 covers 48 bits.
inline constexpr kern::vaddr_t user_top = 0x0000800000000000ull;

// Kernel clock: the virtual counter at the frequency seL4 compiles in for
// qemu-arm-virt (62.5 MHz, not a whole number of MHz, so conversions go
// through kHz and truncate as seL4's do; sel4-mcs.md §4.2).
inline constexpr std::uint64_t timer_frequency_hz = 62'500'000;
inline constexpr std::uint64_t timer_khz = timer_frequency_hz / 1000;
constexpr std::uint64_t us_to_ticks(std::uint64_t us) { return us * timer_khz / 1000; }
constexpr std::uint64_t ticks_to_us(std::uint64_t ticks) { return ticks * 1000 / timer_khz; }
inline constexpr std::uint64_t max_us_to_ticks = UINT64_MAX / timer_khz;
inline constexpr std::uint64_t max_ticks_to_us = UINT64_MAX / timer_khz;
inline constexpr std::uint64_t kernel_wcet_us = 10;
inline constexpr std::uint64_t timer_precision_ticks = 0;

// Interrupts (sel4-abi.md §12): GIC INTIDs 0..maxIRQ, 159 for qemu-arm-virt
// in seL4 (SGIs 0-15, PPIs 16-31, SPIs from 32). The kernel timer's PPI is
// kernel-owned (RevokeFirst).
inline constexpr kern::word_t irq_first = 0;
inline constexpr kern::word_t irq_max = 159;
inline constexpr kern::word_t irq_issue_trigger_label = 55;  // ARMIRQIssueIRQHandlerTrigger (MCS, no hyp)

// ELF e_machine of user images (EM_AARCH64).
inline constexpr std::uint16_t elf_machine = 183;

}  // namespace arch
