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
namespace kern {
struct Tcb;
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

// The kernel clock and its one-shot deadline (tickless, sel4-mcs.md §4.2):
// ticks since an arbitrary epoch (RISC-V `time`, AArch64 CNTVCT_EL0), and
// arming the kernel timer interrupt for an absolute tick count (a deadline
// in the past fires at once). The interrupt is acknowledged by the arch
// before it calls kern::handle_timer_interrupt().
std::uint64_t timer_now();
void timer_set_deadline(std::uint64_t deadline);

// The interrupt controller, for IRQ numbers as seL4 numbers them (AArch64:
// GIC INTID; RISC-V: PLIC source), up to the arch's irq_max (kern/irq.hpp):
//  irq_enable     seL4 maskInterrupt(!enabled): Inactive IRQs are disabled;
//                 disabling also ends a delivery the line is held in;
//  irq_set_trigger  edge (true) or level triggered (IRQControl_GetTrigger);
//  irq_hold       the core signalled the IRQ: the line must not interrupt
//                 again until irq_ack (GICv2: masked; GICv3: left active
//                 after the priority drop; PLIC: claimed, not completed);
//  irq_ack        IRQHandler_Ack: end the hold;
//  irq_enabled    what the controller says of the line's enable bit (the
//                 invariant checker's valid_irq_states).
// Claiming an interrupt and the controller's end of interrupt belong to the
// arch's interrupt entry, which passes each claimed IRQ to
// kern::handle_interrupt().
void irq_enable(kern::word_t irq, bool enabled);
void irq_set_trigger(kern::word_t irq, bool edge);
void irq_hold(kern::word_t irq);
void irq_ack(kern::word_t irq);
bool irq_enabled(kern::word_t irq);

// A TCB is being destroyed: forget it as the owner of the FPU registers.
void fpu_release(kern::Tcb& thread);

}  // namespace arch
