// SPDX-License-Identifier: BSD-2-Clause
// Boot-time physical page allocator. The kernel has no heap: at boot it takes
// the pages it needs for the root task (image frames, page tables, IPC buffer,
// BootInfo) from free RAM; everything left over becomes Untyped memory.
#pragma once

#include <kern/types.hpp>

namespace kern {

struct PhysRange {
    paddr_t base;
    paddr_t end;  // exclusive
};

// Sorts `ranges` by base address (insertion sort: boot has a few dozen).
void sort_ranges_by_base(PhysRange* ranges, unsigned count);

class BootPageAllocator {
public:
    static constexpr unsigned max_ranges = 32;

    // Free RAM = `ram` minus every range in `reserved` (kernel image, boot
    // payload, device tree, firmware), page-aligned inward.
    void init(const PhysRange* ram, unsigned ram_count, const PhysRange* reserved, unsigned reserved_count);

    // A zeroed 4 KiB page (physical address), or 0 when memory is exhausted.
    [[nodiscard]] paddr_t alloc_zeroed_page() { return alloc_zeroed(page_bits); }
    // A zeroed, naturally aligned block of 2^bits bytes (bits >= 4), from the
    // lowest range where one fits; the part of that range below the block
    // stays free (it becomes untyped memory). 0 when none fits.
    [[nodiscard]] paddr_t alloc_zeroed(unsigned bits);

    // Free ranges left (what boot turns into untyped capabilities).
    unsigned free_range_count() const { return count_; }
    const PhysRange& free_range(unsigned i) const { return free_[i]; }
    // Boot memory handed out so far, in 4 KiB pages (rounded up).
    word_t pages_allocated() const { return (allocated_ + page_size - 1) / page_size; }

private:
    PhysRange free_[max_ranges]{};
    unsigned count_ = 0;
    word_t allocated_ = 0;  // bytes
};

}  // namespace kern
