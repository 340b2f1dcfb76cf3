// SPDX-License-Identifier: BSD-2-Clause
// Host fake of the saved user register file: plain named slots.
#pragma once

#include <array>

#include <kern/types.hpp>

namespace arch {

class UserContext {
public:
    kern::sword_t syscall_number() const { return static_cast<kern::sword_t>(number_); }
    kern::word_t cap_register() const { return regs_[0]; }
    kern::word_t info_register() const { return regs_[1]; }
    kern::word_t message_register(unsigned i) const { return regs_[2 + i]; }
    kern::word_t reply_register() const { return regs_[6]; }
    kern::word_t nbsendrecv_dest_register() const { return regs_[8]; }
    kern::vaddr_t fault_ip() const { return pc_; }
    kern::vaddr_t next_ip() const { return next_pc_; }

    void set_badge_register(kern::word_t w) { regs_[0] = w; }
    void set_info_register(kern::word_t w) { regs_[1] = w; }
    void set_message_register(unsigned i, kern::word_t w) { regs_[2 + i] = w; }
    void set_next_ip(kern::vaddr_t ip) { next_pc_ = ip; }
    void init_user(kern::word_t entry, kern::word_t arg0) {
        *this = UserContext{};
        pc_ = entry;
        next_pc_ = entry;
        regs_[0] = arg0;
    }

    // Test setup: what the libsel4 stub would have loaded.
    void set_syscall(kern::sword_t number, kern::word_t cap) {
        number_ = static_cast<kern::word_t>(number);
        regs_[0] = cap;
    }
    kern::word_t reg(unsigned i) const { return regs_[i]; }
    void set_reg(unsigned i, kern::word_t v) { regs_[i] = v; }
    // The trap entry's bookkeeping: FaultIP = the trap, NextIP = after it.
    void set_pc(kern::vaddr_t pc) {
        pc_ = pc;
        next_pc_ = pc + 4;
    }

private:
    std::array<kern::word_t, 9> regs_{};
    kern::word_t number_ = 0;
    kern::vaddr_t pc_ = 0;
    kern::vaddr_t next_pc_ = 0;
};

}  // namespace arch
