// SPDX-License-Identifier: BSD-2-Clause
// The pure arithmetic of the root task's boot state (sel4-abi.md §14,
// sel4-mcs.md §10): how memory becomes boot untypeds and how the dynamic
// slots of the root CNode are laid out. Host-testable; root_cspace.hpp uses
// it to build the caps.
#pragma once

#include <kern/page_allocator.hpp>
#include <kern/types.hpp>
#include <sel4/bootinfo_types.h>

namespace kern::boot {

inline constexpr unsigned max_boot_untypeds = CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS;

struct UntypedRegion {
    paddr_t paddr;
    unsigned size_bits;
    bool device;
};

// Boot untypeds in the order seL4 hands them out: device untypeds (all
// physical space below `device_top` that is not RAM) in ascending address,
// then the free RAM ranges in ascending address. Each range is cut into the
// fewest naturally aligned blocks of at most 2^max_bits bytes, left to right
// (seL4 create_untypeds_for_region); pieces under 2^seL4_MinUntypedBits are lost.
class UntypedPlan {
public:
    static constexpr unsigned capacity = 512;

    void add_range(paddr_t base, paddr_t end, bool device, unsigned max_bits);
    // Keeps at most `max` entries by dropping the smallest (the last of equal
    // size first), preserving the order of the rest. seL4 would instead stop
    // at the limit; dropping the smallest keeps the most memory usable.
    void limit(unsigned max);

    unsigned count() const { return count_; }
    const UntypedRegion& operator[](unsigned i) const { return items_[i]; }
    unsigned dropped() const { return dropped_; }
    word_t dropped_bytes() const { return dropped_bytes_; }

private:
    void push(const UntypedRegion& r);
    UntypedRegion items_[capacity]{};
    unsigned count_ = 0;
    unsigned dropped_ = 0;
    word_t dropped_bytes_ = 0;
};

// `ram` and `free_ram` need not be sorted; `free_ram` lies inside `ram`.
void plan_untypeds(const PhysRange* ram, unsigned ram_count, const PhysRange* free_ram, unsigned free_count,
                   paddr_t device_top, unsigned max_bits, unsigned max_count, UntypedPlan& out);

// Dynamic slots from seL4_NumInitialCaps in seL4 MCS order.
struct SlotLayout {
    seL4_SlotRegion user_image_paging;
    seL4_SlotRegion extra_bi_pages;
    seL4_SlotRegion sched_control;
    seL4_SlotRegion user_image_frames;
    seL4_SlotRegion untyped;
    seL4_SlotRegion empty;
    bool fits;  // everything fits in the 2^cnode_bits slots
};
[[nodiscard]] SlotLayout compute_slot_layout(word_t paging_caps, word_t extra_bi_pages, word_t sched_controls,
                                             word_t image_frames, word_t untypeds, unsigned cnode_bits);

}  // namespace kern::boot
