// SPDX-License-Identifier: BSD-2-Clause
// The saved user register file of a RISC-V thread, in seL4's save-area order
// (sel4-abi.md §2.1): x1..x31 at index 0..30, then SCAUSE, SSTATUS, FaultIP
// (sepc at trap time) and NextIP (where the thread resumes). trap.S stores
// and loads it by these indices.
#pragma once

#include <cstddef>

#include <arch/csr.hpp>
#include <kern/types.hpp>

namespace arch {

class UserContext {
public:
    enum Index : unsigned {
        ra = 0, sp = 1, gp = 2, tp = 3, t0 = 4, t1 = 5, t2 = 6, s0 = 7, s1 = 8,
        a0 = 9, a1 = 10, a2 = 11, a3 = 12, a4 = 13, a5 = 14, a6 = 15, a7 = 16,
        s2 = 17, s11 = 26, t3 = 27, t6 = 30,
        scause = 31, sstatus = 32, fault_ip_index = 33, next_ip_index = 34,
        count = 35,
    };

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
    void set_next_ip(kern::vaddr_t ip) { regs[next_ip_index] = ip; }

    void init_user(kern::word_t entry, kern::word_t arg0) {
        for (auto& r : regs) r = 0;
        regs[fault_ip_index] = entry;
        regs[next_ip_index] = entry;
        regs[sstatus] = riscv::user_initial_sstatus.raw();
        regs[a0] = arg0;
    }

    kern::word_t regs[count];
};

static_assert(offsetof(UserContext, regs) == 0, "trap.S addresses registers from the context start");
static_assert(sizeof(UserContext) == UserContext::count * sizeof(kern::word_t));

}  // namespace arch
