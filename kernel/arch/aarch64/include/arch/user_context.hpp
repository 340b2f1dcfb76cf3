// SPDX-License-Identifier: BSD-2-Clause
// The saved user register file of an AArch64 thread, in seL4's save-area
// order (sel4-abi.md §2.1): x0..x30 at 0..30, SP_EL0 31, ELR_EL1 32 (NextIP),
// SPSR_EL1 33, FaultIP 34, TPIDR_EL0 35, TPIDRRO_EL0 36, plus one padding
// word so the area is a multiple of 16 bytes. trap/vectors.S stores and loads
// it by these indices (arch/asm_defs.h).
#pragma once

#include <cstddef>

#include <arch/asm_defs.h>
#include <arch/system_registers.hpp>
#include <kern/types.hpp>

namespace arch {

class alignas(16) UserContext {
public:
    enum Index : unsigned {
        x0 = 0, x1 = 1, x2 = 2, x6 = 6, x7 = 7, x8 = 8, x30 = 30,
        sp_el0 = USER_CONTEXT_SP_EL0,
        elr = USER_CONTEXT_ELR,
        spsr = USER_CONTEXT_SPSR,
        fault_ip_index = USER_CONTEXT_FAULT_IP,
        tpidr_el0 = USER_CONTEXT_TPIDR,
        tpidrro_el0 = USER_CONTEXT_TPIDRRO,
        count = USER_CONTEXT_WORDS,
    };

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

    // seL4 Arch_initContext: every register 0, PSTATE = PSTATE_USER, PC = entry.
    void init_user(kern::word_t entry, kern::word_t arg0) {
        for (auto& r : regs) r = 0;
        regs[spsr] = spsr_user_initial.raw();
        regs[elr] = entry;
        regs[fault_ip_index] = entry;
        regs[x0] = arg0;
    }

    kern::word_t regs[count];
};

static_assert(offsetof(UserContext, regs) == 0, "vectors.S addresses registers from the context start");
static_assert(sizeof(UserContext) == UserContext::count * sizeof(kern::word_t));
static_assert(sizeof(UserContext) % 16 == 0);

}  // namespace arch
