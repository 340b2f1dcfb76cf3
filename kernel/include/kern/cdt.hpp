// SPDX-License-Identifier: BSD-2-Clause
// The capability derivation tree (sel4-abi.md §5.3–5.4, invariants.md §2.4).
// Slots form one doubly linked list in CDT pre-order; a cap's children are the
// following slots for which is_mdb_parent_of holds. Implemented in
// kernel/core/cdt/*.cpp; every function here is a primitive that cannot fail
// unless its result type says so.
#pragma once

#include <kern/cap.hpp>
#include <kern/cte.hpp>
#include <kern/syscall_error.hpp>

namespace kern::cdt {

// --- relations between caps (seL4 sameRegionAs / sameObjectAs / isMDBParentOf)
[[nodiscard]] bool same_region_as(const Cap& a, const Cap& b);
[[nodiscard]] bool same_object_as(const Cap& a, const Cap& b);
[[nodiscard]] bool is_mdb_parent_of(const Cte& parent, const Cte& child);

// --- structure
// Insert `cap` into the empty slot `dest` as a CDT child of `parent` (seL4
// cteInsert): dest goes right after parent in the list; its revocable and
// first_badged flags follow seL4's rules (§5.4: untyped caps, the first
// badged copy of an unbadged endpoint/notification, IRQHandler caps from
// IRQControl, ... are revocable).
void insert_child(Cte& parent, Cte& dest, const Cap& cap);
// Insert `cap` into `dest` with no CDT parent (boot caps; revocable).
void insert_root(Cte& dest, const Cap& cap);
// Move the cap in `src` to the empty slot `dest`, replacing it by `new_cap`
// (same object, possibly new guard), keeping its CDT position (cteMove).
void move(Cte& src, Cte& dest, const Cap& new_cap);
// Exchange two slots' caps and CDT positions (cteSwap, used by Rotate).
void swap(Cte& a, const Cap& cap_a, Cte& b, const Cap& cap_b);
// Unlink `slot` from the CDT and make it empty, without finalising anything
// (the caller decided the cap is not final or finalised it).
void remove(Cte& slot);

// Whether the cap in `slot` has CDT children (ensureNoChildren's test).
[[nodiscard]] bool has_children(const Cte& slot);
// Whether `slot` holds the last cap to its object (isFinalCapability).
[[nodiscard]] bool is_final(const Cte& slot);

// --- derivation (Copy, Mint, IPC transfer)
// seL4 deriveCap: the cap a copy of `slot`'s cap may hold, or an error
// (RevokeFirst for an untyped with children; IllegalOperation when the
// result would be null, e.g. IRQControl).
[[nodiscard]] Result<Cap> derive(const Cte& slot, const Cap& cap);
// seL4 updateCapData(preserve, data, cap): badge / guard setting; a null
// result means the operation is illegal.
[[nodiscard]] Cap update_cap_data(bool preserve, word_t data, const Cap& cap);
// seL4 maskCapRights.
[[nodiscard]] Cap mask_rights(CapRights rights, const Cap& cap);

}  // namespace kern::cdt
