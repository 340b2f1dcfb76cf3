// SPDX-License-Identifier: BSD-2-Clause
// CSpace addressing (sel4-abi.md §4.2): resolving a CPtr through guarded
// CNodes, most-significant bits first.
#pragma once

#include <kern/cap.hpp>
#include <kern/cte.hpp>
#include <kern/syscall_error.hpp>
#include <kern/types.hpp>

namespace kern {

struct Tcb;

struct ResolvedSlot {
    Cte* slot = nullptr;
    word_t bits_remaining = 0;
};

// seL4 resolveAddressBits(root, cptr, n): walks from `root` consuming `n`
// bits of `cptr`. Stops at a non-CNode cap with bits left (bits_remaining > 0).
struct ResolveResult {
    ResolvedSlot resolved;
    LookupFailure failure;  // kind None on success
    bool ok() const { return failure.kind == LookupFailure::Kind::None; }
};
[[nodiscard]] ResolveResult resolve_address_bits(const Cap& root, word_t cptr, word_t n);

// The cap a thread names with `cptr` (depth 64 from its CSpace root), as for
// an invoked cap or an extra cap. An empty slot is a successful lookup of a
// null cap (sel4-abi.md §16.6).
struct CapLookup {
    Cap cap;
    Cte* slot = nullptr;
    LookupFailure failure;
    bool ok() const { return failure.kind == LookupFailure::Kind::None; }
};
[[nodiscard]] CapLookup lookup_cap_and_slot(Tcb& thread, word_t cptr);

// A slot argument of an invocation: `root` must be a CNode cap and the walk
// must consume exactly `depth` bits (1..64). Errors are the invocation's
// FailedLookup / RangeError replies; `is_source` sets the FailedLookup MR0
// flag (source/pivot slots).
[[nodiscard]] Result<Cte*> lookup_target_slot(const Cap& root, word_t index, word_t depth, bool is_source);

// The slot a received cap goes to (sel4-abi.md §4.4, seL4 getReceiveSlots):
// `receive_cnode` (IPC buffer word 125) is looked up in the receiver's CSpace
// at depth 64, then `receive_index` / `receive_depth` (words 126, 127) are
// resolved from it exactly; the slot must be empty. Any failure means "no
// receive slot" (nullptr) and is reported to no one.
[[nodiscard]] Cte* lookup_receive_slot(Tcb& receiver, word_t receive_cnode, word_t receive_index,
                                       word_t receive_depth);

}  // namespace kern
