// SPDX-License-Identifier: BSD-2-Clause
// A capability table entry (slot): the cap plus its node in the capability
// derivation tree (CDT). As in seL4 the CDT is a doubly linked list of slots
// in pre-order, parenthood being implied by adjacency plus is_mdb_parent_of
// (sel4-abi.md §5.4; invariants.md §2.4 valid_dlist/mdb_chunked). Each slot
// is 32 bytes = 2^seL4_SlotBits.
#pragma once

#include <kern/bitfield.hpp>
#include <kern/cap.hpp>
#include <kern/types.hpp>

namespace kern {

struct Cte;

class MdbNode {
public:
    using Revocable = Bit<0>;
    using FirstBadged = Bit<1>;
    static constexpr word_t flag_mask = 0x3;  // slots are 32-byte aligned: low bits are free

    Cte* prev() const { return reinterpret_cast<Cte*>(prev_); }
    Cte* next() const { return reinterpret_cast<Cte*>(next_ & ~flag_mask); }
    constexpr bool revocable() const { return Revocable::get(next_) != 0; }
    constexpr bool first_badged() const { return FirstBadged::get(next_) != 0; }

    void set_prev(Cte* p) { prev_ = reinterpret_cast<word_t>(p); }
    void set_next(Cte* n) { next_ = reinterpret_cast<word_t>(n) | (next_ & flag_mask); }
    void set_revocable(bool r) { next_ = Revocable::set(next_, r); }
    void set_first_badged(bool b) { next_ = FirstBadged::set(next_, b); }
    constexpr bool is_clear() const { return prev_ == 0 && next_ == 0; }
    void clear() { prev_ = next_ = 0; }

    friend constexpr bool operator==(const MdbNode&, const MdbNode&) = default;

private:
    word_t prev_ = 0;
    word_t next_ = 0;  // pointer | flags
};

struct Cte {
    Cap cap;
    MdbNode mdb;

    constexpr bool empty() const { return cap.is_null(); }
};

static_assert(sizeof(Cte) == 32, "one slot is 2^seL4_SlotBits bytes");
inline constexpr unsigned slot_bits = 5;

}  // namespace kern
