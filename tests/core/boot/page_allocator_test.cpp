// SPDX-License-Identifier: BSD-2-Clause
// BootPageAllocator: range arithmetic (alignment, reservations, overlaps,
// exhaustion). The host arch's kernel window is the identity, so "physical"
// pages can be real host memory when a test allocates from them.
#include <cstdlib>
#include <cstring>
#include <vector>
#include <memory>

#include <gtest/gtest.h>

#include <kern/page_allocator.hpp>

namespace {

using kern::BootPageAllocator;
using kern::page_size;
using kern::PhysRange;

constexpr kern::paddr_t mib = 1u << 20;

struct FreeList {
    const BootPageAllocator& pages;
    bool operator==(std::initializer_list<PhysRange> expected) const {
        if (pages.free_range_count() != expected.size()) return false;
        unsigned i = 0;
        for (const PhysRange& r : expected) {
            if (pages.free_range(i).base != r.base || pages.free_range(i).end != r.end) return false;
            ++i;
        }
        return true;
    }
};

TEST(BootPageAllocator, RamIsAlignedInward) {
    BootPageAllocator pages;
    const PhysRange ram[] = {{0x80000123, 0x80010fff}};
    pages.init(ram, 1, nullptr, 0);
    EXPECT_TRUE((FreeList{pages} == std::initializer_list<PhysRange>{{0x80001000, 0x80010000}}));
}

TEST(BootPageAllocator, ReservationsAreAlignedOutwardAndSplitRanges) {
    BootPageAllocator pages;
    const PhysRange ram[] = {{0x80000000, 0x80000000 + 16 * mib}};
    const PhysRange reserved[] = {
        {0x80000000, 0x80200000},   // firmware
        {0x80300010, 0x80300020},   // a DTB in the middle: its whole page goes
        {0x80ff0000, 0x81000000},   // up to the end
    };
    pages.init(ram, 1, reserved, 3);
    EXPECT_TRUE((FreeList{pages} ==
                 std::initializer_list<PhysRange>{{0x80200000, 0x80300000}, {0x80301000, 0x80ff0000}}));
}

TEST(BootPageAllocator, OverlappingRamAndReservationsAreHandled) {
    BootPageAllocator pages;
    const PhysRange ram[] = {{0x1000, 0x9000}, {0x5000, 0xc000}, {0x20000, 0x21000}};
    const PhysRange reserved[] = {{0x0, 0x2000}, {0x1800, 0x3000}, {0xb000, 0x30000}};
    pages.init(ram, 3, reserved, 3);
    EXPECT_TRUE((FreeList{pages} == std::initializer_list<PhysRange>{{0x3000, 0xb000}}));
}

TEST(BootPageAllocator, PageZeroIsNeverHandedOut) {
    BootPageAllocator pages;
    const PhysRange ram[] = {{0x0, 0x3000}};
    pages.init(ram, 1, nullptr, 0);
    EXPECT_TRUE((FreeList{pages} == std::initializer_list<PhysRange>{{0x1000, 0x3000}}));
}

TEST(BootPageAllocator, FullyReservedRamLeavesNothing) {
    BootPageAllocator pages;
    const PhysRange ram[] = {{0x10000, 0x20000}};
    const PhysRange reserved[] = {{0x8000, 0x28000}};
    pages.init(ram, 1, reserved, 1);
    EXPECT_EQ(pages.free_range_count(), 0u);
    EXPECT_EQ(pages.alloc_zeroed_page(), 0u);
}

TEST(BootPageAllocator, AllocatesZeroedPagesLowestFirstUntilExhausted) {
    constexpr unsigned count = 8;
    std::unique_ptr<void, decltype(&std::free)> memory(std::aligned_alloc(page_size, count * page_size), &std::free);
    ASSERT_NE(memory, nullptr);
    std::memset(memory.get(), 0xa5, count * page_size);
    const auto base = reinterpret_cast<kern::paddr_t>(memory.get());

    BootPageAllocator pages;
    const PhysRange ram[] = {{base, base + count * page_size}};
    const PhysRange reserved[] = {{base + 2 * page_size, base + 3 * page_size}};
    pages.init(ram, 1, reserved, 1);

    std::vector<kern::paddr_t> got;
    for (kern::paddr_t p; (p = pages.alloc_zeroed_page()) != 0;) got.push_back(p);
    ASSERT_EQ(got.size(), count - 1);
    EXPECT_EQ(got[0], base);
    EXPECT_EQ(got[1], base + page_size);
    EXPECT_EQ(got[2], base + 3 * page_size);  // the reserved page is skipped
    for (kern::paddr_t p : got) {
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(p);
        for (unsigned i = 0; i < page_size; ++i) ASSERT_EQ(bytes[i], 0) << "page 0x" << std::hex << p;
    }
    EXPECT_EQ(pages.pages_allocated(), count - 1);
    EXPECT_EQ(pages.free_range_count(), 0u);
    EXPECT_EQ(pages.alloc_zeroed_page(), 0u);
}

}  // namespace
