// SPDX-License-Identifier: BSD-2-Clause
// kern::BootPageAllocator: free RAM as a sorted list of disjoint page-aligned
// ranges; pages are taken from the lowest range first (deterministic).
#include <kern/arch_contract.hpp>
#include <kern/page_allocator.hpp>
#include <kern/bulk_memory.hpp>

namespace kern {

namespace {

// Removes [cut.base, cut.end) from every range in `ranges`, splitting where
// needed. Returns the new count; pieces beyond `max` are dropped (lost RAM
// is preferable to handing out a reserved page).
unsigned subtract(PhysRange* ranges, unsigned count, unsigned max, PhysRange cut) {
    if (cut.end <= cut.base) return count;
    for (unsigned i = 0; i < count; ++i) {
        PhysRange& r = ranges[i];
        if (cut.end <= r.base || cut.base >= r.end) continue;
        const PhysRange left{r.base, cut.base};
        const PhysRange right{cut.end, r.end};
        const bool keep_left = cut.base > r.base;
        const bool keep_right = cut.end < r.end;
        if (keep_left && keep_right) {
            r = left;
            if (count < max) ranges[count++] = right;
        } else if (keep_left) {
            r = left;
        } else if (keep_right) {
            r = right;
        } else {
            ranges[i] = ranges[--count];
            --i;
        }
    }
    return count;
}

}  // namespace

void sort_ranges_by_base(PhysRange* ranges, unsigned count) {
    for (unsigned i = 1; i < count; ++i) {
        const PhysRange r = ranges[i];
        unsigned j = i;
        for (; j > 0 && ranges[j - 1].base > r.base; --j) ranges[j] = ranges[j - 1];
        ranges[j] = r;
    }
}

void BootPageAllocator::init(const PhysRange* ram, unsigned ram_count, const PhysRange* reserved,
                             unsigned reserved_count) {
    count_ = 0;
    allocated_ = 0;
    for (unsigned i = 0; i < ram_count; ++i) {
        // Page 0 is never handed out: alloc_zeroed_page() uses 0 for "none".
        const paddr_t base = ram[i].base < page_size ? page_size : ram[i].base;
        const PhysRange r{align_up(base, page_size), align_down(ram[i].end, page_size)};
        if (r.end <= r.base) continue;
        // Overlapping RAM descriptions must not hand out a page twice.
        count_ = subtract(free_, count_, max_ranges, r);
        if (count_ < max_ranges) free_[count_++] = r;
    }
    for (unsigned i = 0; i < reserved_count; ++i) {
        const PhysRange cut{align_down(reserved[i].base, page_size), align_up(reserved[i].end, page_size)};
        count_ = subtract(free_, count_, max_ranges, cut);
    }
    sort_ranges_by_base(free_, count_);
    // Merge touching ranges so later consumers see maximal runs.
    unsigned merged = 0;
    for (unsigned i = 0; i < count_; ++i) {
        if (merged > 0 && free_[merged - 1].end == free_[i].base) {
            free_[merged - 1].end = free_[i].end;
        } else {
            free_[merged++] = free_[i];
        }
    }
    count_ = merged;
}

paddr_t BootPageAllocator::alloc_zeroed(unsigned bits) {
    const word_t size = word_t{1} << bits;
    for (unsigned i = 0; i < count_; ++i) {
        PhysRange& r = free_[i];
        const paddr_t at = align_up(r.base, size);
        if (at < r.base || at + size < at || at + size > r.end) continue;
        const PhysRange below{r.base, at};
        const PhysRange above{at + size, r.end};
        if (below.base == below.end && above.base == above.end) {
            for (unsigned j = i + 1; j < count_; ++j) free_[j - 1] = free_[j];
            --count_;
        } else if (below.base == below.end) {
            r = above;
        } else if (above.base == above.end) {
            r = below;
        } else {
            if (count_ == max_ranges) continue;  // no room to split: try a later range
            for (unsigned j = count_; j > i + 1; --j) free_[j] = free_[j - 1];
            ++count_;
            free_[i] = below;
            free_[i + 1] = above;
        }
        allocated_ += size;
        zero_memory(phys_to_virt(at), size);
        return at;
    }
    return 0;
}

}  // namespace kern
