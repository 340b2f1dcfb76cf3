// SPDX-License-Identifier: BSD-2-Clause
#include "alloc.hpp"

namespace tessera_test {

namespace {
// Smallest boot untyped the pool may be: every port fits in 1 MiB, and a
// small pool keeps the kernel's reset (zeroing, sel4-abi.md §16.10) cheap.
constexpr unsigned preferred_pool_bits = 20;

Allocator the_allocator;
}  // namespace

Allocator& allocator() { return the_allocator; }

bool Allocator::init(const seL4_BootInfo* bootinfo) {
    free_count_ = 0;
    in_use_ = 0;
    pool_ = 0;
    pool_size_bits_ = 0;
    if (bootinfo == nullptr) return false;
    // Slots are handed out lowest first (stack filled from the top).
    const seL4_SlotPos end = bootinfo->empty.end;
    for (seL4_SlotPos slot = end; slot > bootinfo->empty.start && free_count_ < max_slots; --slot)
        free_[free_count_++] = slot - 1;
    // The smallest non-device untyped of at least preferred_pool_bits, else the largest.
    const seL4_Word count = bootinfo->untyped.end - bootinfo->untyped.start;
    int best = -1;
    for (seL4_Word i = 0; i < count && i < CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS; ++i) {
        const seL4_UntypedDesc& desc = bootinfo->untypedList[i];
        if (desc.isDevice) continue;
        if (best < 0) {
            best = static_cast<int>(i);
            continue;
        }
        const unsigned have = bootinfo->untypedList[best].sizeBits;
        const bool have_big = have >= preferred_pool_bits;
        const bool this_big = desc.sizeBits >= preferred_pool_bits;
        if ((this_big && (!have_big || desc.sizeBits < have)) || (!this_big && !have_big && desc.sizeBits > have))
            best = static_cast<int>(i);
    }
    if (best >= 0) {
        pool_ = bootinfo->untyped.start + static_cast<seL4_Word>(best);
        pool_size_bits_ = bootinfo->untypedList[best].sizeBits;
    }
    return pool_ != 0 && free_count_ > 0;
}

seL4_CPtr Allocator::alloc_slot() {
    if (free_count_ == 0) return 0;
    ++in_use_;
    return free_[--free_count_];
}

void Allocator::free_slot(seL4_CPtr slot) {
    if (slot == 0 || free_count_ >= max_slots) return;
    // Whatever is still there goes (a test may hand back a slot it filled).
    (void)seL4_CNode_Delete(root_cnode, slot, root_depth);
    free_[free_count_++] = slot;
    if (in_use_ > 0) --in_use_;
}

seL4_CPtr Allocator::alloc_object(seL4_Word type, seL4_Word size_bits, seL4_Error* error) {
    const seL4_CPtr slot = alloc_slot();
    if (slot == 0) {
        if (error != nullptr) *error = seL4_NotEnoughMemory;
        return 0;
    }
    // node_depth 0: the root CNode cap itself is the destination CNode (sel4-abi.md §6.3 step 5).
    const seL4_Error result = seL4_Untyped_Retype(pool_, type, size_bits, root_cnode, 0, 0, slot, 1);
    if (error != nullptr) *error = result;
    if (result != seL4_NoError) {
        free_slot(slot);
        return 0;
    }
    return slot;
}

void Allocator::free_object(seL4_CPtr slot) {
    if (slot == 0) return;
    (void)seL4_CNode_Revoke(root_cnode, slot, root_depth);
    free_slot(slot);
}

}  // namespace tessera_test
