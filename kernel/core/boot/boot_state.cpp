// SPDX-License-Identifier: BSD-2-Clause
#include "boot_state.hpp"

#include <kern/object_type.hpp>

namespace kern::boot {

namespace {

unsigned floor_log2(word_t v) { return 63u - static_cast<unsigned>(__builtin_clzll(v)); }

}  // namespace

void UntypedPlan::push(const UntypedRegion& r) {
    if (count_ == capacity) {
        ++dropped_;
        dropped_bytes_ += word_t{1} << r.size_bits;
        return;
    }
    items_[count_++] = r;
}

void UntypedPlan::add_range(paddr_t base, paddr_t end, bool device, unsigned max_bits) {
    while (end > base) {
        unsigned bits = floor_log2(end - base);
        if (bits > max_bits) bits = max_bits;
        // Address 0 is aligned to everything.
        if (base != 0 && bits > static_cast<unsigned>(__builtin_ctzll(base)))
            bits = static_cast<unsigned>(__builtin_ctzll(base));
        if (bits >= min_untyped_bits) push({base, bits, device});
        base += word_t{1} << bits;
    }
}

void UntypedPlan::limit(unsigned max) {
    while (count_ > max) {
        unsigned smallest = 0;
        for (unsigned i = 1; i < count_; ++i)
            if (items_[i].size_bits <= items_[smallest].size_bits) smallest = i;
        ++dropped_;
        dropped_bytes_ += word_t{1} << items_[smallest].size_bits;
        for (unsigned i = smallest + 1; i < count_; ++i) items_[i - 1] = items_[i];
        --count_;
    }
}

void plan_untypeds(const UntypedSources& in, UntypedPlan& out) {
    constexpr unsigned max_ranges = 64;
    PhysRange sorted[max_ranges];
    unsigned n = 0;
    // Device space: what lies between RAM and kernel devices, from 0 to device_top.
    for (unsigned i = 0; i < in.ram_count && n < max_ranges; ++i) sorted[n++] = in.ram[i];
    for (unsigned i = 0; i < in.kernel_device_count && n < max_ranges; ++i) sorted[n++] = in.kernel_devices[i];
    sort_ranges_by_base(sorted, n);
    paddr_t cursor = 0;
    for (unsigned i = 0; i < n; ++i) {
        const paddr_t gap_end = sorted[i].base < in.device_top ? sorted[i].base : in.device_top;
        if (gap_end > cursor) out.add_range(cursor, gap_end, true, in.max_bits);
        if (sorted[i].end > cursor) cursor = sorted[i].end;
    }
    if (in.device_top > cursor) out.add_range(cursor, in.device_top, true, in.max_bits);

    out.add_range(in.reclaimed.base, in.reclaimed.end, false, in.max_bits);

    n = 0;
    for (unsigned i = 0; i < in.free_count && n < max_ranges; ++i) sorted[n++] = in.free_ram[i];
    sort_ranges_by_base(sorted, n);
    for (unsigned i = 0; i < n; ++i) out.add_range(sorted[i].base, sorted[i].end, false, in.max_bits);
    out.limit(in.max_count);
}

SlotLayout compute_slot_layout(word_t paging_caps, word_t extra_bi_pages, word_t sched_controls, word_t image_frames,
                               word_t untypeds, unsigned cnode_bits) {
    SlotLayout l{};
    word_t next = seL4_NumInitialCaps;
    auto take = [&next](word_t n) {
        const seL4_SlotRegion r{next, next + n};
        next += n;
        return r;
    };
    l.user_image_paging = take(paging_caps);
    l.extra_bi_pages = take(extra_bi_pages);
    l.sched_control = take(sched_controls);
    l.user_image_frames = take(image_frames);
    l.untyped = take(untypeds);
    const word_t slots = word_t{1} << cnode_bits;
    l.fits = next <= slots;
    l.empty = {next, slots};
    return l;
}

}  // namespace kern::boot
