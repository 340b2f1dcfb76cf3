// SPDX-License-Identifier: BSD-2-Clause
// A CNode object: 2^radix slots, nothing else (sel4-abi.md §4.1).
#pragma once

#include <kern/arch_contract.hpp>
#include <kern/cap.hpp>
#include <kern/cte.hpp>

namespace kern {

inline Cte* cnode_slots(paddr_t object) { return phys_to_virt<Cte>(object); }
inline Cte* cnode_slot(const CNodeCap& cap, word_t index) { return cnode_slots(cap.object()) + index; }

}  // namespace kern
