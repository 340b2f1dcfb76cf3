// SPDX-License-Identifier: BSD-2-Clause
// The parts of a thread's register file that are seL4 register *orders*
// rather than hardware: seL4_UserContext (ReadRegisters / WriteRegisters,
// timeout replies; sel4-abi.md §7.3) and the UnknownSyscall and
// UserException fault messages and replies (§10.3, §10.4; sel4-mcs.md §8.2,
// §8.5). Each arch's UserContext derives from RegisterOrders<itself> and
// supplies the tables and the save area; the walks are written once here.
//
// The arch class provides: `regs[]`, `Index`, `user_register_order[]`
// (user_register_count long), `unknown_syscall_order[]`
// (unknown_syscall_reply_registers long) and its message length,
// `user_exception_order[]` (user_exception_reply_registers long) and its
// message length, `syscall_number()`, and a private `set(Index, word)` that
// sanitises what user code may not choose (friend RegisterOrders).
#pragma once

#include <kern/types.hpp>

namespace kern {

template <typename Regs>
class RegisterOrders {
public:
    // seL4_UserContext word i (0 for i >= user_register_count). Writing `pc`
    // (FaultIP) also sets NextIP, so the thread resumes there.
    word_t user_register(unsigned i) const {
        return i < Regs::user_register_count ? self().regs[Regs::user_register_order[i]] : 0;
    }
    void set_user_register(unsigned i, word_t w) {
        if (i < Regs::user_register_count) self().set(Regs::user_register_order[i], w);
    }

    // The registers of the fault message, then the syscall number.
    unsigned unknown_syscall_message(word_t* mr) const {
        for (unsigned i = 0; i < Regs::unknown_syscall_reply_registers; ++i)
            mr[i] = self().regs[Regs::unknown_syscall_order[i]];
        mr[Regs::unknown_syscall_reply_registers] = static_cast<word_t>(self().syscall_number());
        return Regs::unknown_syscall_message_length;
    }
    // A reply writes back the first min(n, reply registers) in the same order.
    void set_unknown_syscall_reply(const word_t* mr, unsigned n) {
        for (unsigned i = 0; i < n && i < Regs::unknown_syscall_reply_registers; ++i)
            self().set(Regs::unknown_syscall_order[i], mr[i]);
    }

    // The registers of the fault message, then the exception number and code.
    unsigned user_exception_message(word_t* mr, word_t number, word_t code) const {
        for (unsigned i = 0; i < Regs::user_exception_reply_registers; ++i)
            mr[i] = self().regs[Regs::user_exception_order[i]];
        mr[Regs::user_exception_reply_registers] = number;
        mr[Regs::user_exception_reply_registers + 1] = code;
        return Regs::user_exception_message_length;
    }
    void set_user_exception_reply(const word_t* mr, unsigned n) {
        for (unsigned i = 0; i < n && i < Regs::user_exception_reply_registers; ++i)
            self().set(Regs::user_exception_order[i], mr[i]);
    }

private:
    const Regs& self() const { return static_cast<const Regs&>(*this); }
    Regs& self() { return static_cast<Regs&>(*this); }
};

}  // namespace kern
