// SPDX-License-Identifier: BSD-2-Clause
// Host fake of the saved user register file: exactly the RISC-V one (save
// area, syscall registers and seL4's register orders), so host tests of the
// core run on real tables, plus a few helpers for test setup.
#pragma once

#include "../../../riscv64/include/arch/user_registers.hpp"

namespace arch {

class UserContext : public riscv::UserRegisters {
public:
    // What the libsel4 stub would have loaded: the number into a7, the cap into a0.
    void set_syscall(kern::sword_t number, kern::word_t cap) {
        regs[a7] = static_cast<kern::word_t>(number);
        regs[a0] = cap;
    }
    // Syscall argument register i: a0..a7 for i < 8 (a7 is the syscall
    // number), 8 = t0 (the NBSendRecv destination); 0 / ignored otherwise.
    kern::word_t reg(unsigned i) const { return i <= 8 ? regs[argument_index(i)] : 0; }
    void set_reg(unsigned i, kern::word_t v) {
        if (i <= 8) regs[argument_index(i)] = v;
    }
    // The trap entry's bookkeeping: FaultIP = the trap, NextIP = after it.
    void set_pc(kern::vaddr_t pc) {
        set_fault_ip(pc);
        set_next_ip(pc + 4);
    }

private:
    static constexpr Index argument_index(unsigned i) { return i < 8 ? static_cast<Index>(a0 + i) : t0; }
};

}  // namespace arch
