// SPDX-License-Identifier: BSD-2-Clause
// EL1 exception vectors [arm/ARM DDI0487 D1.10.2]: 16 slots of 0x80 bytes.
//
// While a thread runs at EL0, SP_EL1 points at its UserContext (set by
// aarch64_restore_user), so an exception from EL0 stores the user registers
// straight into it in seL4's save-area order (arch/user_context.hpp), then
// moves to the kernel stack and calls C++ with the context pointer. The C++
// handler returns the context to resume, always the one
// arch::platform::activate_current_thread() chose (kern::current_thread()'s),
// and aarch64_restore_user, the only way back to EL0 (boot's
// arch::enter_user ends there too), loads it. The kernel itself runs with all
// interrupts masked; any exception taken from EL1 is a kernel bug and panics
// on a separate emergency stack (the kernel stack may be what broke).
#include <arch/asm_defs.h>

.macro kernel_vector kind
    .balign 0x80
    adrp    x0, emergency_stack_top
    add     x0, x0, :lo12:emergency_stack_top
    mov     sp, x0
    mov     x0, #\kind
    b       kernel_exception_entry
.endm

.macro user_vector entry
    .balign 0x80
    b       \entry
.endm

    .text
    .balign 2048
    .global aarch64_vectors
aarch64_vectors:
    kernel_vector 0     // current EL with SP_EL0: synchronous
    kernel_vector 1     //   IRQ
    kernel_vector 2     //   FIQ
    kernel_vector 3     //   SError
    kernel_vector 4     // current EL with SP_ELx: synchronous
    kernel_vector 5     //   IRQ
    kernel_vector 6     //   FIQ
    kernel_vector 7     //   SError
    user_vector el0_sync_entry      // lower EL, AArch64: synchronous
    user_vector el0_irq_entry       //   IRQ
    user_vector el0_fiq_entry       //   FIQ
    user_vector el0_serror_entry    //   SError
    kernel_vector 12    // lower EL, AArch32 (never entered: user SPSR is AArch64)
    kernel_vector 13
    kernel_vector 14
    kernel_vector 15

// Saves the complete user context at SP (= the UserContext), leaves its
// address in x0 and switches SP to the top of the kernel stack.
.macro save_user_context
    stp     x0, x1, [sp, #16 * 0]
    stp     x2, x3, [sp, #16 * 1]
    stp     x4, x5, [sp, #16 * 2]
    stp     x6, x7, [sp, #16 * 3]
    stp     x8, x9, [sp, #16 * 4]
    stp     x10, x11, [sp, #16 * 5]
    stp     x12, x13, [sp, #16 * 6]
    stp     x14, x15, [sp, #16 * 7]
    stp     x16, x17, [sp, #16 * 8]
    stp     x18, x19, [sp, #16 * 9]
    stp     x20, x21, [sp, #16 * 10]
    stp     x22, x23, [sp, #16 * 11]
    stp     x24, x25, [sp, #16 * 12]
    stp     x26, x27, [sp, #16 * 13]
    stp     x28, x29, [sp, #16 * 14]
    mrs     x21, sp_el0
    stp     x30, x21, [sp, #8 * 30]
    mrs     x22, elr_el1
    mrs     x23, spsr_el1
    stp     x22, x23, [sp, #8 * USER_CONTEXT_ELR]
    // TPIDRRO_EL0 is read-only at EL0: it still holds what
    // aarch64_restore_user loaded from this context.
    mrs     x24, tpidr_el0
    str     x24, [sp, #8 * USER_CONTEXT_TPIDR]
    mov     x0, sp
    adrp    x1, boot_stack_top
    add     x1, x1, :lo12:boot_stack_top
    mov     sp, x1
.endm

// An SVC (ESR_EL1.EC 0x15 [arm/ARM DDI0487 D17.2.37]) goes straight to the
// system call handler with FaultIP = the SVC, ELR_EL1 (NextIP) already past
// it (sel4-abi.md §2.1); every other synchronous exception to the generic
// decode. x22 holds ELR_EL1 from save_user_context.
el0_sync_entry:
    save_user_context
    mrs     x9, esr_el1
    ubfx    x9, x9, #26, #6
    cmp     x9, #0x15
    b.ne    1f
    sub     x10, x22, #4
    str     x10, [x0, #8 * USER_CONTEXT_FAULT_IP]
    bl      aarch64_handle_user_syscall
    b       aarch64_restore_user
1:  bl      aarch64_handle_user_sync
    b       aarch64_restore_user

el0_irq_entry:
    save_user_context
    bl      aarch64_handle_user_irq
    b       aarch64_restore_user

el0_fiq_entry:
    save_user_context
    mov     x1, #2
    bl      aarch64_handle_user_async_error
    b       aarch64_restore_user

el0_serror_entry:
    save_user_context
    mov     x1, #3
    bl      aarch64_handle_user_async_error
    b       aarch64_restore_user

// x0 = the UserContext to resume. Loads every register from it, leaves SP_EL1
// pointing at it for the next exception, and returns to EL0.
    .global aarch64_restore_user
aarch64_restore_user:
    mov     sp, x0
    ldp     x21, x22, [sp, #8 * USER_CONTEXT_SP_EL0]
    ldr     x23, [sp, #8 * USER_CONTEXT_SPSR]
    ldp     x24, x25, [sp, #8 * USER_CONTEXT_TPIDR]
    msr     sp_el0, x21
    msr     elr_el1, x22
    msr     spsr_el1, x23
    msr     tpidr_el0, x24
    msr     tpidrro_el0, x25
    ldp     x2, x3, [sp, #16 * 1]
    ldp     x4, x5, [sp, #16 * 2]
    ldp     x6, x7, [sp, #16 * 3]
    ldp     x8, x9, [sp, #16 * 4]
    ldp     x10, x11, [sp, #16 * 5]
    ldp     x12, x13, [sp, #16 * 6]
    ldp     x14, x15, [sp, #16 * 7]
    ldp     x16, x17, [sp, #16 * 8]
    ldp     x18, x19, [sp, #16 * 9]
    ldp     x20, x21, [sp, #16 * 10]
    ldp     x22, x23, [sp, #16 * 11]
    ldp     x24, x25, [sp, #16 * 12]
    ldp     x26, x27, [sp, #16 * 13]
    ldp     x28, x29, [sp, #16 * 14]
    ldr     x30, [sp, #8 * 30]
    ldp     x0, x1, [sp, #16 * 0]
    // Whatever thread runs next, a load-exclusive it did before entering the
    // kernel must not pair with its next store-exclusive: the monitor may
    // have seen another thread's accesses meanwhile [arm/ARM DDI0487 B2.9.5,
    // "Context switch support"]; the architecture leaves clearing it on an
    // exception return to the implementation.
    clrex
    eret

// x0 = vector slot. Never returns.
kernel_exception_entry:
    mrs     x1, esr_el1
    mrs     x2, elr_el1
    mrs     x3, far_el1
    mrs     x4, spsr_el1
    bl      aarch64_kernel_exception
9:  wfe
    b       9b
