// SPDX-License-Identifier: BSD-2-Clause
// Interrupts as capabilities (sel4-abi.md §12; invariants.md §2.6).
//
// Every IRQ number up to arch::irq_max has a state, as seL4's
// intStateIRQTable: Inactive (masked, IRQControl may hand it out), Signal (an
// IRQHandler cap exists; the interrupt signals the notification stored for
// it), KernelTimer (the kernel's own timer, never handed out) or Reserved.
// Each IRQ also has one kernel-owned slot (seL4's intStateIRQNode,
// valid_irq_node) holding a CDT copy of the notification cap that
// IRQHandler_SetNotification gave it.
//
// The arch layer drives the interrupt controller behind the functions of
// kern/arch_functions.hpp (irq_enable, irq_set_trigger, irq_hold, irq_ack)
// and hands every device interrupt it claimed to kern::handle_interrupt()
// (kern/trap.hpp).
#pragma once

#include <kern/cte.hpp>
#include <kern/invocation.hpp>
#include <kern/types.hpp>

namespace kern::irq {

enum class IrqState : std::uint8_t { Inactive = 0, Signal, KernelTimer, Reserved };

// Forget every IRQ state and binding (boot; host tests between cases).
void init();
// Boot: the arch keeps `irq` for itself (its timer interrupt): IRQControl
// answers RevokeFirst for it, as seL4 does for IRQTimer.
void set_kernel_owned(word_t irq);

IrqState state(word_t irq);
// The kernel's slot for `irq` (the stored notification cap, or null).
Cte& notification_slot(word_t irq);

// seL4 handleInterrupt for an IRQ the controller reported: signal the stored
// notification with its badge and hold the line until IRQHandler_Ack.
void deliver(word_t irq);

// Whether some IRQ in state Signal has a notification to signal: a device
// may still wake a thread blocked on it.
[[nodiscard]] bool may_signal();

// IRQControl issued a handler for `irq`: state Signal, enabled.
void activate(word_t irq);

// The last IRQHandler cap of `irq` is being deleted (seL4
// deletingIRQHandler: the stored notification cap goes), and was deleted
// (deletedIRQHandler: the IRQ becomes Inactive and is masked).
void deleting_handler(word_t irq);
void deleted_handler(word_t irq);

}  // namespace kern::irq

namespace kern {

// Invocations of IRQControl (Get, the arch's GetTrigger) and IRQHandler
// (Ack, SetNotification, Clear).
[[nodiscard]] InvocationResult invoke_irq_control(const InvocationMessage& msg, const InvocationTarget& target,
                                                  InvocationReply& reply);
[[nodiscard]] InvocationResult invoke_irq_handler(const InvocationMessage& msg, const InvocationTarget& target,
                                                  InvocationReply& reply);

}  // namespace kern
