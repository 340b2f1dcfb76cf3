// SPDX-License-Identifier: BSD-2-Clause
// The test-side allocator (the part of sel4test's vka/allocman the ports
// need): free slots of the root CNode from BootInfo.empty, objects retyped
// from one non-device boot untyped, freeing = CNode_Delete + slot returned.
// All tests run in the root task, so each test must give back everything it
// took; the driver checks that after every test (Allocator::leaked_slots).
#pragma once

#include <sel4/sel4.h>

namespace tessera_test {

class Allocator {
public:
    // Picks the pool untyped and the free-slot range; false if BootInfo has neither.
    bool init(const seL4_BootInfo* bootinfo);

    // A free slot of the root CNode (addressed with depth seL4_WordBits), or 0.
    seL4_CPtr alloc_slot();
    // Returns a slot that is (or has been made) empty.
    void free_slot(seL4_CPtr slot);

    // One object retyped from the pool into a fresh slot; 0 on failure
    // (*error says why when given).
    seL4_CPtr alloc_object(seL4_Word type, seL4_Word size_bits, seL4_Error* error = nullptr);
    // An untyped of 2^size_bits bytes, a CNode of 2^slot_bits slots.
    seL4_CPtr alloc_untyped(seL4_Word size_bits) { return alloc_object(seL4_UntypedObject, size_bits); }
    seL4_CPtr alloc_cnode(seL4_Word slot_bits) { return alloc_object(seL4_CapTableObject, slot_bits); }
    // Revokes and deletes the cap in slot (its object, and anything derived
    // from it, is gone) and returns the slot.
    void free_object(seL4_CPtr slot);

    // Number of slots handed out and not returned.
    unsigned slots_in_use() const { return in_use_; }
    seL4_CPtr pool_untyped() const { return pool_; }
    unsigned pool_size_bits() const { return pool_size_bits_; }

private:
    static constexpr unsigned max_slots = 4096;
    seL4_CPtr free_[max_slots] = {};
    unsigned free_count_ = 0;
    unsigned in_use_ = 0;
    seL4_CPtr pool_ = 0;
    unsigned pool_size_bits_ = 0;
};

// The root task's CNode and the depth that addresses its slots directly.
inline constexpr seL4_CPtr root_cnode = seL4_CapInitThreadCNode;
inline constexpr seL4_Uint8 root_depth = seL4_WordBits;

// The allocator the driver set up for this run.
Allocator& allocator();

}  // namespace tessera_test
