// SPDX-License-Identifier: BSD-2-Clause
// Boot untyped decomposition and the root CNode's dynamic slot layout
// (sel4-abi.md §14.1–14.3, sel4-mcs.md §10).
#include <gtest/gtest.h>

#include "boot_state.hpp"

namespace {

using kern::PhysRange;
using kern::boot::UntypedPlan;

constexpr kern::paddr_t mib = 1u << 20;

TEST(BootUntypeds, RangeIsCutIntoFewestAlignedBlocks) {
    UntypedPlan plan;
    plan.add_range(0x80212000, 0x80400000, false, 38);
    // 8, 16, 32 KiB, then 128 KiB (0x80220000), 256 KiB, 512 KiB, 1 MiB.
    ASSERT_EQ(plan.count(), 7u);
    EXPECT_EQ(plan[0].paddr, 0x80212000u);
    EXPECT_EQ(plan[0].size_bits, 13u);
    EXPECT_EQ(plan[1].paddr, 0x80214000u);
    EXPECT_EQ(plan[1].size_bits, 14u);
    EXPECT_EQ(plan[3].paddr, 0x80220000u);
    EXPECT_EQ(plan[3].size_bits, 17u);
    EXPECT_EQ(plan[6].paddr, 0x80300000u);
    EXPECT_EQ(plan[6].size_bits, 20u);
    kern::paddr_t next = 0x80212000;
    for (unsigned i = 0; i < plan.count(); ++i) {
        EXPECT_EQ(plan[i].paddr, next);
        EXPECT_EQ(plan[i].paddr % (kern::word_t{1} << plan[i].size_bits), 0u);
        next += kern::word_t{1} << plan[i].size_bits;
    }
    EXPECT_EQ(next, 0x80400000u);
}

TEST(BootUntypeds, SizeIsCappedAtMaxUntypedBitsAndAddressZeroIsAligned) {
    UntypedPlan plan;
    plan.add_range(0, kern::word_t{1} << 40, true, 38);
    ASSERT_EQ(plan.count(), 4u);
    for (unsigned i = 0; i < 4; ++i) {
        EXPECT_EQ(plan[i].paddr, kern::word_t{i} << 38);
        EXPECT_EQ(plan[i].size_bits, 38u);
        EXPECT_TRUE(plan[i].device);
    }
}

TEST(BootUntypeds, PiecesBelowMinUntypedBitsAreLost) {
    UntypedPlan plan;
    plan.add_range(0x1008, 0x1030, false, 38);  // 8 bytes, then 16, then 16
    ASSERT_EQ(plan.count(), 2u);
    EXPECT_EQ(plan[0].paddr, 0x1010u);
    EXPECT_EQ(plan[0].size_bits, 4u);
    EXPECT_EQ(plan[1].paddr, 0x1020u);
}

TEST(BootUntypeds, DeviceGapsFirstThenFreeRamInAddressOrder) {
    const PhysRange ram[] = {{0x80000000, 0xa0000000}};
    const PhysRange free_ram[] = {{0x90000000, 0xa0000000}, {0x80400000, 0x80800000}};
    UntypedPlan plan;
    kern::boot::plan_untypeds(ram, 1, free_ram, 2, (kern::paddr_t{1} << 39) - 1, 38, 230, plan);
    // [0, 2 GiB) device, then [0xa0000000, 2^39 - 1) device, then RAM.
    ASSERT_GE(plan.count(), 4u);
    EXPECT_EQ(plan[0].paddr, 0u);
    EXPECT_EQ(plan[0].size_bits, 31u);
    EXPECT_TRUE(plan[0].device);
    EXPECT_EQ(plan[1].paddr, 0xa0000000u);
    unsigned first_ram = 0;
    kern::paddr_t last_device_end = 0;
    for (unsigned i = 0; i < plan.count(); ++i) {
        if (!plan[i].device) { first_ram = i; break; }
        EXPECT_GE(plan[i].paddr, last_device_end);
        last_device_end = plan[i].paddr + (kern::word_t{1} << plan[i].size_bits);
        EXPECT_FALSE(plan[i].paddr < 0xa0000000 && last_device_end > 0x80000000);  // never RAM
    }
    EXPECT_EQ(last_device_end, (kern::paddr_t{1} << 39) - 16);  // the last 15 bytes are too small
    ASSERT_GT(first_ram, 0u);
    EXPECT_EQ(plan[first_ram].paddr, 0x80400000u);
    EXPECT_EQ(plan[first_ram].size_bits, 22u);
    EXPECT_EQ(plan[first_ram + 1].paddr, 0x90000000u);
    EXPECT_EQ(plan[first_ram + 1].size_bits, 28u);
    EXPECT_EQ(plan.count(), first_ram + 2);
}

TEST(BootUntypeds, SeveralRamBanksLeaveDeviceGapsBetween) {
    const PhysRange ram[] = {{0x200000000, 0x240000000}, {0x40000000, 0x60000000}};
    UntypedPlan plan;
    kern::boot::plan_untypeds(ram, 2, nullptr, 0, kern::paddr_t{1} << 40, 47, 230, plan);
    kern::paddr_t covered = 0;
    for (unsigned i = 0; i < plan.count(); ++i) {
        const kern::paddr_t end = plan[i].paddr + (kern::word_t{1} << plan[i].size_bits);
        EXPECT_TRUE(end <= 0x40000000 || (plan[i].paddr >= 0x60000000 && end <= 0x200000000) ||
                    plan[i].paddr >= 0x240000000);
        covered += kern::word_t{1} << plan[i].size_bits;
    }
    EXPECT_EQ(covered, (kern::paddr_t{1} << 40) - 0x20000000 - 0x40000000);
}

TEST(BootUntypeds, LimitDropsTheSmallestAndKeepsOrder) {
    UntypedPlan plan;
    plan.add_range(0x1000, 0x1000 + 4 * mib, false, 20);  // 4 x 1 MiB (after a 4 KiB block run)
    plan.add_range(0x10000000, 0x10000010, false, 20);     // 16 bytes
    const unsigned before = plan.count();
    plan.limit(before - 1);
    EXPECT_EQ(plan.count(), before - 1);
    EXPECT_EQ(plan.dropped(), 1u);
    EXPECT_EQ(plan.dropped_bytes(), 16u);
    for (unsigned i = 1; i < plan.count(); ++i) EXPECT_LT(plan[i - 1].paddr, plan[i].paddr);
}

TEST(BootSlots, DynamicRegionsFollowSeL4McsOrder) {
    const auto l = kern::boot::compute_slot_layout(3, 2, 1, 40, 50, 12);
    EXPECT_TRUE(l.fits);
    EXPECT_EQ(l.user_image_paging.start, 16u);
    EXPECT_EQ(l.user_image_paging.end, 19u);
    EXPECT_EQ(l.extra_bi_pages.start, 19u);
    EXPECT_EQ(l.extra_bi_pages.end, 21u);
    EXPECT_EQ(l.sched_control.start, 21u);
    EXPECT_EQ(l.sched_control.end, 22u);
    EXPECT_EQ(l.user_image_frames.start, 22u);
    EXPECT_EQ(l.user_image_frames.end, 62u);
    EXPECT_EQ(l.untyped.start, 62u);
    EXPECT_EQ(l.untyped.end, 112u);
    EXPECT_EQ(l.empty.start, 112u);
    EXPECT_EQ(l.empty.end, 4096u);
    EXPECT_FALSE(kern::boot::compute_slot_layout(3, 2, 1, 4000, 230, 12).fits);
}

}  // namespace
