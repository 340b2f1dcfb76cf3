// SPDX-License-Identifier: BSD-2-Clause
// Changes to the CDT list: insertion after a parent, moving and swapping
// slots (which keeps their place in the tree), and unlinking
// (sel4-abi.md §5.4; invariants.md §2.4 valid_dlist).
#include <kern/cdt.hpp>
#include <kern/invariants.hpp>

namespace kern::cdt {

namespace {

// Creating a child untyped that covers all of its parent: the parent may no
// longer be retyped while the child exists (its free index becomes "full").
void mark_untyped_full_if_covered(Cte& parent, const Cap& child) {
    if (parent.cap.type() != CapType::Untyped || child.type() != CapType::Untyped) return;
    const UntypedCap p = parent.cap.as<UntypedCap>();
    const UntypedCap c = child.as<UntypedCap>();
    if (p.base() == c.base() && p.size_bits() == c.size_bits()) parent.cap = p.with_free_index(p.size());
}

void point_neighbours_at(const MdbNode& node, Cte* slot) {
    if (Cte* prev = node.prev()) prev->mdb.set_next(slot);
    if (Cte* next = node.next()) next->mdb.set_prev(slot);
}

}  // namespace

void insert_child(Cte& parent, Cte& dest, const Cap& new_cap) {
    invariants::note_state_change();
    const Cap cap = new_cap;  // may refer to parent.cap, which changes below
    const bool revocable = is_cap_revocable(cap, parent.cap);
    MdbNode node = parent.mdb;  // next = parent's next
    node.set_prev(&parent);
    node.set_revocable(revocable);
    node.set_first_badged(revocable);

    mark_untyped_full_if_covered(parent, cap);

    dest.cap = cap;
    dest.mdb = node;
    parent.mdb.set_next(&dest);
    if (Cte* next = node.next()) next->mdb.set_prev(&dest);
}

void insert_root(Cte& dest, const Cap& cap) {
    invariants::note_state_change();
    dest.cap = cap;
    dest.mdb.clear();
    dest.mdb.set_revocable(true);
    dest.mdb.set_first_badged(true);
}

void move(Cte& src, Cte& dest, const Cap& new_cap) {
    invariants::note_state_change();
    const MdbNode node = src.mdb;
    const Cap cap = new_cap;  // may refer to src.cap
    dest.cap = cap;
    dest.mdb = node;
    src.cap = Cap::null();
    src.mdb.clear();
    point_neighbours_at(node, &dest);
}

void swap(Cte& a, const Cap& cap_a, Cte& b, const Cap& cap_b) {
    invariants::note_state_change();
    // Copies first: the caps may be references into the two slots. The
    // order of the link updates makes adjacent slots (a directly before or
    // after b) come out right.
    const Cap new_a = cap_b;
    const Cap new_b = cap_a;
    a.cap = new_a;
    b.cap = new_b;
    const MdbNode node_a = a.mdb;
    point_neighbours_at(node_a, &b);
    const MdbNode node_b = b.mdb;
    a.mdb = node_b;
    b.mdb = node_a;
    point_neighbours_at(node_b, &a);
}

void remove(Cte& slot) {
    if (slot.cap.is_null()) return;
    invariants::note_state_change();
    const MdbNode node = slot.mdb;
    Cte* prev = node.prev();
    Cte* next = node.next();
    if (prev != nullptr) prev->mdb.set_next(next);
    if (next != nullptr) {
        next->mdb.set_prev(prev);
        // A copy of a first-badged cap inherits the mark, so that it still
        // separates its badge group from the one before (valid_badges).
        next->mdb.set_first_badged(next->mdb.first_badged() || node.first_badged());
    }
    slot.cap = Cap::null();
    slot.mdb.clear();
}

}  // namespace kern::cdt
