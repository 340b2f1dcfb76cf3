// SPDX-License-Identifier: BSD-2-Clause
// CNode invocations (sel4-abi.md §5.5 with the MCS label set: Revoke …
// Rotate, no SaveCaller), split as every object is (style.md §8.7):
// decode_cnode_invocation reads the message and the CSpace and changes
// nothing; perform_cnode_operation cannot fail except by preemption.
#pragma once

#include <kern/cap.hpp>
#include <kern/cte.hpp>
#include <kern/invocation.hpp>
#include <kern/syscall_error.hpp>

namespace kern {

struct CNodeOperation {
    enum class Kind { Revoke, Delete, CancelBadgedSends, Insert, Move, Rotate };
    Kind kind = Kind::Delete;
    Cte* dest = nullptr;   // the target slot (Revoke, Delete, CancelBadgedSends) or the destination
    Cte* src = nullptr;    // Insert, Move, Rotate
    Cte* pivot = nullptr;  // Rotate
    Cap cap;               // Insert/Move: the cap for dest; Rotate: the new source cap (goes to pivot);
                           // CancelBadgedSends: the endpoint cap
    Cap pivot_cap;         // Rotate: the new pivot cap (goes to dest)
};

[[nodiscard]] Result<CNodeOperation> decode_cnode_invocation(const InvocationMessage& msg, const CNodeCap& cnode);
[[nodiscard]] Completion perform_cnode_operation(const CNodeOperation& op);

}  // namespace kern
