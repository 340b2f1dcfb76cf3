// SPDX-License-Identifier: BSD-2-Clause
#include <gtest/gtest.h>

#include <kern/bitfield.hpp>
#include <kern/message_info.hpp>

namespace {

using kern::Bitfield;

TEST(Bitfield, GetSetMake) {
    using F = Bitfield<11, 4>;
    static_assert(F::width == 8);
    static_assert(F::mask == 0xff0);
    EXPECT_EQ(F::get(0xabcd), 0xbcu);
    EXPECT_EQ(F::set(0xabcd, 0x12), 0xa12du);
    EXPECT_EQ(F::make(0x1ff), 0xff0u);  // excess bits dropped
    EXPECT_TRUE(F::fits(0xff));
    EXPECT_FALSE(F::fits(0x100));
}

TEST(Bitfield, FullWidthAndTopBit) {
    using All = Bitfield<63, 0>;
    using Top = kern::Bit<63>;
    EXPECT_EQ(All::get(~0ull), ~0ull);
    EXPECT_EQ(All::set(0, 0x1234), 0x1234u);
    EXPECT_EQ(Top::make(1), 0x8000000000000000ull);
    EXPECT_EQ(Top::get(0x8000000000000000ull), 1u);
}

TEST(Bitfield, NarrowWord) {
    using F = Bitfield<31, 28, std::uint32_t>;
    EXPECT_EQ(F::get(0xf0000000u), 0xfu);
    EXPECT_EQ(F::set(0, 0xa), 0xa0000000u);
}

TEST(MessageInfo, LayoutIsSeL4s) {
    using kern::MessageInfo;
    // sel4-abi.md §3.1: label<<12 | capsUnwrapped<<9 | extraCaps<<7 | length
    const auto info = MessageInfo::make(0x123456789, 5, 3, 77);
    EXPECT_EQ(info.raw(), (0x123456789ull << 12) | (5u << 9) | (3u << 7) | 77u);
    EXPECT_EQ(info.label(), 0x123456789u);
    EXPECT_EQ(info.extra_caps(), 3u);
    EXPECT_EQ(info.length(), 77u);
    EXPECT_EQ(info.get<MessageInfo::CapsUnwrapped>(), 5u);
}

TEST(MessageInfo, LengthIsClampedNotRejected) {
    EXPECT_EQ(kern::MessageInfo{121}.length(), 120u);
    EXPECT_EQ(kern::MessageInfo{127}.length(), 120u);
    EXPECT_EQ(kern::MessageInfo{120}.length(), 120u);
}

TEST(MessageInfo, LabelUsesAllHighBits) {
    const auto info = kern::MessageInfo::make(~0ull, 0, 0, 0);
    EXPECT_EQ(info.label(), (1ull << 52) - 1);
    EXPECT_EQ(info.raw() & 0xfff, 0u);
}

}  // namespace
