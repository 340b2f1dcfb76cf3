// SPDX-License-Identifier: BSD-2-Clause
// Boot untyped decomposition and the root CNode's dynamic slot layout
// (sel4-abi.md §14.1–14.3, sel4-mcs.md §10).
#include <gtest/gtest.h>

#include "boot_state.hpp"

namespace {

using kern::PhysRange;
using kern::boot::UntypedPlan;

constexpr kern::paddr_t mib = 1u << 20;

kern::boot::UntypedSources sources(const PhysRange* ram, unsigned ram_count, const PhysRange* free_ram,
                                   unsigned free_count, kern::paddr_t device_top, unsigned max_bits) {
    kern::boot::UntypedSources s{};
    s.ram = ram;
    s.ram_count = ram_count;
    s.free_ram = free_ram;
    s.free_count = free_count;
    s.device_top = device_top;
    s.max_bits = max_bits;
    s.max_count = 230;
    return s;
}

kern::paddr_t end_of(const kern::boot::UntypedRegion& u) { return u.paddr + (kern::word_t{1} << u.size_bits); }

bool overlaps(const kern::boot::UntypedRegion& u, PhysRange r) { return u.paddr < r.end && end_of(u) > r.base; }

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
    kern::boot::plan_untypeds(sources(ram, 1, free_ram, 2, (kern::paddr_t{1} << 39) - 1, 38), plan);
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
    kern::boot::plan_untypeds(sources(ram, 2, nullptr, 0, kern::paddr_t{1} << 40, 47), plan);
    kern::paddr_t covered = 0;
    for (unsigned i = 0; i < plan.count(); ++i) {
        const kern::paddr_t end = plan[i].paddr + (kern::word_t{1} << plan[i].size_bits);
        EXPECT_TRUE(end <= 0x40000000 || (plan[i].paddr >= 0x60000000 && end <= 0x200000000) ||
                    plan[i].paddr >= 0x240000000);
        covered += kern::word_t{1} << plan[i].size_bits;
    }
    EXPECT_EQ(covered, (kern::paddr_t{1} << 40) - 0x20000000 - 0x40000000);
}

// QEMU virt RISC-V, -m 512M: sifive_test, PLIC, UART are the kernel's.
TEST(BootUntypeds, KernelDevicesAreInNoDeviceUntyped) {
    const PhysRange ram[] = {{0x80000000, 0xa0000000}};
    const PhysRange free_ram[] = {{0x80400000, 0x9fe00000}};
    const PhysRange kernel_devices[] = {{0x10000000, 0x10001000}, {0x100000, 0x101000}, {0x0c000000, 0x0c600000}};
    auto in = sources(ram, 1, free_ram, 1, (kern::paddr_t{1} << 39) - 1, 38);
    in.kernel_devices = kernel_devices;
    in.kernel_device_count = 3;
    UntypedPlan plan;
    kern::boot::plan_untypeds(in, plan);
    kern::paddr_t device_bytes = 0;
    kern::paddr_t cursor = 0;
    for (unsigned i = 0; i < plan.count(); ++i) {
        if (!plan[i].device) continue;
        for (const PhysRange& d : kernel_devices) EXPECT_FALSE(overlaps(plan[i], d)) << std::hex << plan[i].paddr;
        EXPECT_FALSE(overlaps(plan[i], ram[0]));
        EXPECT_GE(plan[i].paddr, cursor);  // ascending
        cursor = end_of(plan[i]);
        device_bytes += kern::word_t{1} << plan[i].size_bits;
    }
    // All the rest of device space is covered (the last 15 bytes below 2^39 - 1 are too small).
    EXPECT_EQ(device_bytes, (kern::paddr_t{1} << 39) - 16 - 0x20000000 - 0x1000 - 0x1000 - 0x600000);
    // The gap just below the UART and the page just above it are device untypeds.
    bool below = false, above = false;
    for (unsigned i = 0; i < plan.count(); ++i) {
        if (plan[i].device && end_of(plan[i]) == 0x10000000) below = true;
        if (plan[i].device && plan[i].paddr == 0x10001000) above = true;
    }
    EXPECT_TRUE(below);
    EXPECT_TRUE(above);
}

TEST(BootUntypeds, ReclaimedBootRegionComesBetweenDevicesAndFreeRam) {
    const PhysRange ram[] = {{0x40000000, 0x60000000}};
    const PhysRange free_ram[] = {{0x40400000, 0x60000000}, {0x40200000, 0x40300000}};
    auto in = sources(ram, 1, free_ram, 2, kern::paddr_t{1} << 40, 47);
    in.reclaimed = {0x40352000, 0x40380000};
    UntypedPlan plan;
    kern::boot::plan_untypeds(in, plan);
    unsigned i = 0;
    while (i < plan.count() && plan[i].device) ++i;
    ASSERT_LT(i + 3, plan.count());
    // 0x40352000: 8 KiB, 0x40354000: 16 KiB, 0x40358000: 32 KiB, 0x40360000: 128 KiB.
    EXPECT_EQ(plan[i].paddr, 0x40352000u);
    EXPECT_EQ(plan[i].size_bits, 13u);
    EXPECT_EQ(plan[i + 3].paddr, 0x40360000u);
    EXPECT_EQ(plan[i + 3].size_bits, 17u);
    EXPECT_EQ(plan[i + 4].paddr, 0x40200000u);  // then free RAM in ascending address
    EXPECT_EQ(plan[i + 4].size_bits, 20u);
    EXPECT_EQ(plan[i + 5].paddr, 0x40400000u);
    for (; i < plan.count(); ++i) EXPECT_FALSE(plan[i].device);
}

// RAM the kernel window does not reach is neither free RAM nor device memory.
TEST(BootUntypeds, RamBeyondTheKernelWindowIsInNoUntyped) {
    const PhysRange all_ram[] = {{0x80000000, 0x1080000000}};  // 64 GiB window ends at 0x1000000000
    const PhysRange free_ram[] = {{0x80400000, 0x1000000000}};
    UntypedPlan plan;
    kern::boot::plan_untypeds(sources(all_ram, 1, free_ram, 1, (kern::paddr_t{1} << 39) - 1, 38), plan);
    for (unsigned i = 0; i < plan.count(); ++i) {
        if (plan[i].device) {
            EXPECT_FALSE(overlaps(plan[i], all_ram[0])) << std::hex << plan[i].paddr;
        } else {
            EXPECT_LE(end_of(plan[i]), 0x1000000000u);
        }
    }
}

// The largest aligned block at each address walking up, as seL4's
// create_untypeds_for_region: an unaligned start grows, a long aligned run
// is capped at max_bits, the unaligned tail shrinks.
TEST(BootUntypeds, SplitMatchesSeL4WalkForAnUnalignedRange) {
    UntypedPlan plan;
    plan.add_range(0x800a1880, 0x800c0000, false, 38);
    const unsigned expected_bits[] = {7, 8, 9, 10, 13, 14, 15, 16};
    // 0x800a1880 +128 -> 0x800a1900 +256 -> 0x800a1a00 +512 -> 0x800a1c00 +1K -> 0x800a2000 (8K: ctz 13)
    // -> 0x800a4000 (16K) -> 0x800a8000 (32K) -> 0x800b0000 (64K) -> 0x800c0000.
    ASSERT_EQ(plan.count(), 8u);
    for (unsigned i = 0; i < plan.count(); ++i) EXPECT_EQ(plan[i].size_bits, expected_bits[i]) << i;
    EXPECT_EQ(end_of(plan[plan.count() - 1]), 0x800c0000u);
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
