// SPDX-License-Identifier: BSD-2-Clause
// The saved user register file of a RISC-V thread, in seL4's save-area order
// (sel4-abi.md §2.1): x1..x31 at index 0..30, then SCAUSE, SSTATUS, FaultIP
// (sepc at trap time) and NextIP (where the thread resumes). trap.S stores
// and loads it by these indices.
//
// On top of the save area: the register orders of seL4_UserContext
// (ReadRegisters/WriteRegisters, timeout replies; sel4-abi.md §7.3) and of
// the UnknownSyscall and UserException fault messages and replies (§10.3,
// §10.4; sel4-mcs.md §8.2, §8.5), walked by kern::RegisterOrders.
//
// arch::riscv::UserRegisters is the whole class; <arch/user_context.hpp>
// names it arch::UserContext. The host fake arch derives its UserContext
// from it too, so host tests of the core run on these exact tables. Pure
// (no inline asm): host-testable.
#pragma once

#include <cstddef>

#include "csr.hpp"
#include <kern/register_orders.hpp>
#include <kern/types.hpp>

namespace arch::riscv {

class UserRegisters : public kern::RegisterOrders<UserRegisters> {
public:
    enum Index : unsigned {
        ra = 0, sp = 1, gp = 2, tp = 3, t0 = 4, t1 = 5, t2 = 6, s0 = 7, s1 = 8,
        a0 = 9, a1 = 10, a2 = 11, a3 = 12, a4 = 13, a5 = 14, a6 = 15, a7 = 16,
        s2 = 17, s3 = 18, s4 = 19, s5 = 20, s6 = 21, s7 = 22, s8 = 23, s9 = 24, s10 = 25, s11 = 26,
        t3 = 27, t4 = 28, t5 = 29, t6 = 30,
        scause = 31, sstatus = 32, fault_ip_index = 33, next_ip_index = 34,
        count = 35,
    };

    // seL4_UserContext: 16 frame registers then 16 gp registers; `pc` is FaultIP.
    static constexpr unsigned frame_register_count = 16;
    static constexpr unsigned gp_register_count = 16;
    static constexpr unsigned user_register_count = frame_register_count + gp_register_count;
    static constexpr Index user_register_order[user_register_count] = {
        fault_ip_index, ra, sp, gp, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11,
        a0, a1, a2, a3, a4, a5, a6, a7, t0, t1, t2, t3, t4, t5, t6, tp,
    };
    // A timeout-fault reply writes the first min(length, this) of them.
    static constexpr unsigned timeout_reply_registers = 32;

    // UnknownSyscall: FaultIP, SP, RA, a0..a6, then the syscall number (a7);
    // a reply writes back the first min(length, 10).
    static constexpr unsigned unknown_syscall_message_length = 11;
    static constexpr unsigned unknown_syscall_reply_registers = 10;
    static constexpr Index unknown_syscall_order[unknown_syscall_reply_registers] = {
        fault_ip_index, sp, ra, a0, a1, a2, a3, a4, a5, a6,
    };
    // UserException: FaultIP, SP, number (scause), code; a reply writes back
    // the first min(length, 2).
    static constexpr unsigned user_exception_message_length = 4;
    static constexpr unsigned user_exception_reply_registers = 2;
    static constexpr Index user_exception_order[user_exception_reply_registers] = {fault_ip_index, sp};

    kern::sword_t syscall_number() const { return static_cast<kern::sword_t>(regs[a7]); }
    kern::word_t cap_register() const { return regs[a0]; }
    kern::word_t info_register() const { return regs[a1]; }
    kern::word_t message_register(unsigned i) const { return regs[a2 + i]; }
    kern::word_t reply_register() const { return regs[a6]; }
    kern::word_t nbsendrecv_dest_register() const { return regs[t0]; }
    kern::vaddr_t fault_ip() const { return regs[fault_ip_index]; }
    kern::vaddr_t next_ip() const { return regs[next_ip_index]; }

    void set_badge_register(kern::word_t w) { regs[a0] = w; }
    void set_info_register(kern::word_t w) { regs[a1] = w; }
    void set_message_register(unsigned i, kern::word_t w) { regs[a2 + i] = w; }
    void set_fault_ip(kern::vaddr_t ip) { regs[fault_ip_index] = ip; }
    void set_next_ip(kern::vaddr_t ip) { regs[next_ip_index] = ip; }
    void set_tls_base(kern::word_t w) { regs[tp] = w; }

    // Fresh thread state (seL4 Arch_initContext): all registers 0, sstatus
    // returns to U-mode with interrupts enabled there, PC = entry, a0 = arg0.
    void init_user(kern::word_t entry, kern::word_t arg0) {
        for (auto& r : regs) r = 0;
        regs[fault_ip_index] = entry;
        regs[next_ip_index] = entry;
        regs[sstatus] = user_initial_sstatus.raw();
        regs[a0] = arg0;
    }

    kern::word_t regs[count] = {};

private:
    template <typename>
    friend class kern::RegisterOrders;
    // A register named by a user-supplied message; nothing user-writable
    // here needs sanitising (sstatus is not reachable).
    void set(Index index, kern::word_t w) {
        regs[index] = w;
        if (index == fault_ip_index) regs[next_ip_index] = w;
    }
};

static_assert(offsetof(UserRegisters, regs) == 0, "trap.S addresses registers from the context start");
static_assert(sizeof(UserRegisters) == UserRegisters::count * sizeof(kern::word_t));

// The tables are permutations of distinct save-area registers, and the
// fault orders are prefixes in seL4's order.
namespace detail {
template <std::size_t N>
constexpr bool distinct(const UserRegisters::Index (&order)[N]) {
    for (std::size_t i = 0; i < N; ++i) {
        if (order[i] >= UserRegisters::scause && order[i] != UserRegisters::fault_ip_index) return false;
        for (std::size_t j = 0; j < i; ++j)
            if (order[i] == order[j]) return false;
    }
    return true;
}
}  // namespace detail
static_assert(detail::distinct(UserRegisters::user_register_order));
static_assert(detail::distinct(UserRegisters::unknown_syscall_order));
static_assert(detail::distinct(UserRegisters::user_exception_order));
// 31 integer registers (no x0) + pc: every register is in seL4_UserContext.
static_assert(UserRegisters::user_register_count == 32 && UserRegisters::timeout_reply_registers == 32);

}  // namespace arch::riscv
