// SPDX-License-Identifier: BSD-2-Clause
// The TCB object (2^11 bytes, sel4-mcs.md §7.1): its capability slots in the
// first half (radix 4, five used), the thread itself at offset 2^10. Issue #3
// needs only what the root thread uses: CSpace root, VSpace root, IPC buffer
// and the register file; scheduling and IPC state arrive with #4.
#pragma once

#include <cstddef>

#include <arch/user_context.hpp>
#include <kern/arch_contract.hpp>
#include <kern/cte.hpp>
#include <kern/object_type.hpp>

namespace kern {

enum class TcbSlot : unsigned { CTable = 0, VTable = 1, Buffer = 2, FaultHandler = 3, TimeoutHandler = 4 };
inline constexpr unsigned tcb_slot_count = 5;
inline constexpr unsigned tcb_cnode_radix = 4;
inline constexpr word_t tcb_offset = word_t{1} << (tcb_bits - 1);

struct Tcb {
    arch::UserContext context;
    vaddr_t ipc_buffer = 0;  // user address of the IPC buffer (tcbIPCBuffer)

    // The object this thread lives in, and its slots.
    paddr_t object() const;
    Cte& slot(TcbSlot s);
    const Cte& slot(TcbSlot s) const;
};

static_assert(sizeof(Tcb) <= tcb_offset, "the thread must fit in the upper half of its 2^seL4_TCBBits object");
static_assert(tcb_slot_count * sizeof(Cte) <= tcb_offset);

inline Tcb* tcb_of_object(paddr_t object) { return phys_to_virt<Tcb>(object + tcb_offset); }
inline paddr_t Tcb::object() const {
    return reinterpret_cast<word_t>(this) - tcb_offset - arch::kernel_window_offset;
}
inline Cte& Tcb::slot(TcbSlot s) {
    return phys_to_virt<Cte>(object())[static_cast<unsigned>(s)];
}
inline const Cte& Tcb::slot(TcbSlot s) const {
    return phys_to_virt<const Cte>(object())[static_cast<unsigned>(s)];
}

}  // namespace kern
