// SPDX-License-Identifier: BSD-2-Clause
// The capability derivation tree (sel4-abi.md §5.3–5.4, invariants.md §2.4).
// Slots form one doubly linked list in CDT pre-order; a cap's children are the
// following slots for which is_mdb_parent_of holds. Implemented in
// kernel/core/cdt/*.cpp; every function here is a primitive that cannot fail
// unless its result type says so.
#pragma once

#include <kern/cap.hpp>
#include <kern/cte.hpp>
#include <kern/invariants.hpp>
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
// Insert the cap to an object Retype just made in `untyped` into the empty
// slot `dest`, as the untyped's child (seL4 insertNewCap): always revocable
// and first badged, whatever the cap type. Inline: Retype makes up to 256
// objects a call.
inline void insert_new_object(Cte& untyped, Cte& dest, const Cap& cap) {
    invariants::note_state_change();
    MdbNode node = untyped.mdb;
    node.set_prev(&untyped);
    node.set_revocable(true);
    node.set_first_badged(true);
    dest.cap = cap;
    dest.mdb = node;
    untyped.mdb.set_next(&dest);
    if (Cte* next = node.next()) next->mdb.set_prev(&dest);
}
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

// --- helpers shared with the invariant checker and Retype
// Whether the cap names memory (seL4 cap_get_capIsPhysical), and the region
// it names: base and log2 size (cap_get_capPtr / cap_get_capSizeBits).
[[nodiscard]] bool is_physical(const Cap& cap);
[[nodiscard]] unsigned region_size_bits(const Cap& cap);
// seL4 isCapRevocable(derived, src): whether a cap derived from `src` may
// have children of its own (§5.4).
[[nodiscard]] bool is_cap_revocable(const Cap& derived, const Cap& src);

// --- deletion (kernel/core/cdt/delete.cpp; seL4 cteDelete / cteRevoke)
// Delete the cap in `slot`; if it is the last cap to its object, finalise
// the object first (a CNode's or TCB's slots are deleted through a Zombie
// cap left in `slot`). Preemptible: Preempted leaves a consistent state (a
// Zombie with fewer slots to clear) and calling again continues.
[[nodiscard]] Completion delete_slot(Cte& slot);
// Delete every CDT descendant of the cap in `slot`, one by one; the cap
// itself stays. Preemptible like delete_slot.
[[nodiscard]] Completion revoke(Cte& slot);

}  // namespace kern::cdt
