// SPDX-License-Identifier: BSD-2-Clause
// QEMU virt platform devices as the AArch64 arch layer uses them: PL011
// console, GICv2, the generic timer and the exit paths (PSCI, semihosting).
// Internal to kernel/arch/aarch64.
#pragma once

#include <cstdint>

#include <arch/asm_defs.h>
#include <kern/types.hpp>

namespace fdt {
class Tree;
}

namespace arch::platform {

// Device registers are reached through the kernel window (device blocks).
template <typename T = std::uint32_t>
inline volatile T* mmio(kern::paddr_t paddr, std::uint64_t offset = 0) {
    return reinterpret_cast<volatile T*>(paddr + offset + KERNEL_WINDOW_OFFSET);
}

// Records a device region the kernel drives (kern::KernelDeviceRegions).
void note_kernel_device(kern::paddr_t base, std::uint64_t size);

void init_console(const fdt::Tree& tree);

// GICv2 distributor and CPU interface [arm/IHI0048B].
bool init_gic(const fdt::Tree& tree);
void enable_interrupt(unsigned intid);
void disable_interrupt(unsigned intid);
bool interrupt_enabled(unsigned intid);
// Acknowledges and dispatches every pending interrupt (an IRQ from EL0, or
// the idle loop after wfi).
void handle_interrupt();

// The kernel timer (timer.cpp): checks CNTFRQ_EL0 against
// arch::timer_frequency_hz, finds the virtual timer PPI and leaves the timer
// enabled but without a deadline.
void init_timer(const fdt::Tree& tree);
unsigned timer_interrupt_id();
// Acknowledges the timer interrupt and calls kern::handle_timer_interrupt().
void handle_timer_interrupt();
// What EL0 may use directly: counters and PMU (sel4-abi.md §2.4).
void init_user_access();

// Exit: PSCI conduit from /psci "method".
void init_psci(const fdt::Tree& tree);
// Whether `pc` is the semihosting HLT of machine_exit (an undefined
// instruction when QEMU runs without semihosting), and what to do then.
bool is_semihosting_call(std::uint64_t pc);
[[noreturn]] void semihosting_unavailable();

}  // namespace arch::platform
