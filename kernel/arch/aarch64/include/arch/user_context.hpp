// SPDX-License-Identifier: BSD-2-Clause
// The saved user register file of an AArch64 thread, in seL4's save-area
// order (sel4-abi.md §2.1): x0..x30 at 0..30, SP_EL0 31, ELR_EL1 32 (NextIP),
// SPSR_EL1 33, FaultIP 34, TPIDR_EL0 35, TPIDRRO_EL0 36, plus one padding
// word so the area is a multiple of 16 bytes. trap/vectors.S stores and loads
// it by these indices (arch/asm_defs.h).
//
// On top of the save area: the register orders of seL4_UserContext
// (ReadRegisters/WriteRegisters, timeout replies; sel4-abi.md §7.3) and of
// the UnknownSyscall and UserException fault messages and replies (§10.3,
// §10.4; sel4-mcs.md §8.2, §8.5), walked by kern::RegisterOrders. Every SPSR taken from user is sanitised
// (arch::sanitise_user_spsr).
#pragma once

#include <cstddef>

#include <arch/asm_defs.h>
#include <arch/system_registers.hpp>
#include <kern/register_orders.hpp>
#include <kern/types.hpp>

namespace arch {

class alignas(16) UserContext : public kern::RegisterOrders<UserContext> {
public:
    enum Index : unsigned {
        x0 = 0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15,
        x16, x17, x18, x19, x20, x21, x22, x23, x24, x25, x26, x27, x28, x29, x30,
        sp_el0 = USER_CONTEXT_SP_EL0,
        elr = USER_CONTEXT_ELR,
        spsr = USER_CONTEXT_SPSR,
        fault_ip_index = USER_CONTEXT_FAULT_IP,
        tpidr_el0 = USER_CONTEXT_TPIDR,
        tpidrro_el0 = USER_CONTEXT_TPIDRRO,
        count = USER_CONTEXT_WORDS,
    };

    // seL4_UserContext: 17 frame registers then 19 gp registers (including
    // the two TLS registers); `pc` is FaultIP.
    static constexpr unsigned frame_register_count = 17;
    static constexpr unsigned gp_register_count = 19;
    static constexpr unsigned user_register_count = frame_register_count + gp_register_count;
    static constexpr Index user_register_order[user_register_count] = {
        fault_ip_index, sp_el0, spsr, x0, x1, x2, x3, x4, x5, x6, x7, x8, x16, x17, x18, x29, x30,
        x9, x10, x11, x12, x13, x14, x15, x19, x20, x21, x22, x23, x24, x25, x26, x27, x28,
        tpidr_el0, tpidrro_el0,
    };
    // A timeout-fault reply writes the first min(length, this) of them (not
    // the TLS registers).
    static constexpr unsigned timeout_reply_registers = 34;

    // UnknownSyscall: x0..x7, FaultIP, SP, ELR (= NextIP), SPSR, then the
    // syscall number; a reply writes back the first min(length, 12).
    static constexpr unsigned unknown_syscall_message_length = 13;
    static constexpr unsigned unknown_syscall_reply_registers = 12;
    static constexpr Index unknown_syscall_order[unknown_syscall_reply_registers] = {
        x0, x1, x2, x3, x4, x5, x6, x7, fault_ip_index, sp_el0, elr, spsr,
    };
    // UserException: FaultIP, SP, SPSR, number (ESR bits 31..0), code; a
    // reply writes back the first min(length, 3).
    static constexpr unsigned user_exception_message_length = 5;
    static constexpr unsigned user_exception_reply_registers = 3;
    static constexpr Index user_exception_order[user_exception_reply_registers] = {fault_ip_index, sp_el0, spsr};

    kern::sword_t syscall_number() const { return static_cast<kern::sword_t>(regs[x7]); }
    kern::word_t cap_register() const { return regs[x0]; }
    kern::word_t info_register() const { return regs[x1]; }
    kern::word_t message_register(unsigned i) const { return regs[x2 + i]; }
    kern::word_t reply_register() const { return regs[x6]; }
    kern::word_t nbsendrecv_dest_register() const { return regs[x8]; }
    kern::vaddr_t fault_ip() const { return regs[fault_ip_index]; }
    kern::vaddr_t next_ip() const { return regs[elr]; }

    void set_badge_register(kern::word_t w) { regs[x0] = w; }
    void set_info_register(kern::word_t w) { regs[x1] = w; }
    void set_message_register(unsigned i, kern::word_t w) { regs[x2 + i] = w; }
    void set_fault_ip(kern::vaddr_t ip) { regs[fault_ip_index] = ip; }
    void set_next_ip(kern::vaddr_t ip) { regs[elr] = ip; }
    void set_tls_base(kern::word_t w) { regs[tpidr_el0] = w; }

    // seL4 Arch_initContext: every register 0, PSTATE = PSTATE_USER, PC = entry.
    void init_user(kern::word_t entry, kern::word_t arg0) {
        for (auto& r : regs) r = 0;
        regs[spsr] = spsr_user_initial.raw();
        regs[elr] = entry;
        regs[fault_ip_index] = entry;
        regs[x0] = arg0;
    }

    kern::word_t regs[count] = {};

private:
    template <typename>
    friend class kern::RegisterOrders;
    // A register named by a user-supplied message (seL4 sanitiseRegister):
    // SPSR keeps NZCV only, so user mode cannot return to EL1 or unmask FIQ.
    void set(Index index, kern::word_t w) {
        if (index == spsr) w = sanitise_user_spsr(w);
        regs[index] = w;
        if (index == fault_ip_index) regs[elr] = w;
    }
};

static_assert(offsetof(UserContext, regs) == 0, "vectors.S addresses registers from the context start");
static_assert(sizeof(UserContext) == UserContext::count * sizeof(kern::word_t));
static_assert(sizeof(UserContext) % 16 == 0);

// The tables name distinct save-area registers (ELR, the NextIP, only in the
// UnknownSyscall order, where seL4 reports it as "LR").
namespace detail {
template <std::size_t N>
constexpr bool distinct(const UserContext::Index (&order)[N]) {
    for (std::size_t i = 0; i < N; ++i) {
        if (order[i] >= UserContext::count - 1) return false;  // the padding word
        for (std::size_t j = 0; j < i; ++j)
            if (order[i] == order[j]) return false;
    }
    return true;
}
}  // namespace detail
static_assert(detail::distinct(UserContext::user_register_order));
static_assert(detail::distinct(UserContext::unknown_syscall_order));
static_assert(detail::distinct(UserContext::user_exception_order));
static_assert(UserContext::user_register_count == 36 && UserContext::timeout_reply_registers == 34);
static_assert(UserContext::user_register_order[UserContext::timeout_reply_registers] == UserContext::tpidr_el0);

}  // namespace arch
