// SPDX-License-Identifier: BSD-2-Clause
// libs/fdt: every malformation class, truncation at every length, and byte
// mutations (under ASan: never a read outside the blob).
#include <gtest/gtest.h>

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <fdt/fdt.hpp>
#include <fdt/platform.hpp>

#include "support/fdt_samples.hpp"

namespace {

using test_support::error_of;
using test_support::exercise;
using test_support::FdtBuilder;
using test_support::minimal;
using test_support::parse;
using test_support::put_be32;
using test_support::sample;
namespace hdr = test_support::fdt_header;

// ---------------------------------------------------------------- malformed

TEST(FdtMalformed, TruncatedAtEveryLength) {
    const auto blob = sample();
    for (std::size_t n = 0; n < blob.size(); ++n) {
        // An exact-size heap copy: ASan reports any read past `n`.
        std::vector<std::uint8_t> cut(blob.begin(), blob.begin() + static_cast<std::ptrdiff_t>(n));
        const auto tree = fdt::Tree::parse(n == 0 ? nullptr : cut.data(), n);
        EXPECT_FALSE(tree.valid()) << "length " << n;
        EXPECT_EQ(exercise(tree), 0u);
    }
}

TEST(FdtMalformed, TruncatedStructureBlockAtEveryLength) {
    // Shrink size_dt_struct instead of the blob: the walk must stop at the block end.
    const auto blob = sample();
    const std::uint32_t full = test_support::get_be32(blob, hdr::size_struct);
    for (std::uint32_t n = 0; n < full; ++n) {
        auto cut = blob;
        put_be32(cut, hdr::size_struct, n);
        EXPECT_FALSE(parse(cut).valid()) << "struct size " << n;
    }
}

TEST(FdtMalformed, ByteMutationsNeverCrash) {
    const auto blob = sample();
    const std::uint8_t values[] = {0x00, 0x01, 0x03, 0x09, 0xff};
    for (std::size_t at = 0; at < blob.size(); ++at) {
        for (std::uint8_t v : values) {
            auto mutated = blob;
            mutated[at] = v;
            (void)exercise(parse(mutated));
        }
    }
}

TEST(FdtMalformed, NullOrTinyInput) {
    EXPECT_EQ(fdt::Tree::parse(nullptr, 0).error(), fdt::Error::TooSmall);
    EXPECT_EQ(fdt::Tree::parse(nullptr, 100).error(), fdt::Error::TooSmall);
    const std::vector<std::uint8_t> magic_only = {0xd0, 0x0d, 0xfe, 0xed};
    EXPECT_EQ(error_of(magic_only), fdt::Error::TooSmall);
    EXPECT_EQ(fdt::Tree().error(), fdt::Error::TooSmall);
    EXPECT_FALSE(fdt::Tree().valid());
}

TEST(FdtMalformed, BadMagic) {
    auto blob = sample();
    blob[0] = 0xd1;
    EXPECT_EQ(error_of(blob), fdt::Error::BadMagic);
    const std::vector<std::uint8_t> three = {1, 2, 3};
    EXPECT_EQ(error_of(three), fdt::Error::TooSmall);
}

TEST(FdtMalformed, BadVersion) {
    auto blob = sample();
    put_be32(blob, hdr::version, 16);  // no size_dt_struct field
    EXPECT_EQ(error_of(blob), fdt::Error::BadVersion);
    blob = sample();
    put_be32(blob, hdr::last_compatible, 18);
    EXPECT_EQ(error_of(blob), fdt::Error::BadVersion);
    blob = sample();
    put_be32(blob, hdr::version, 18);  // newer but backwards compatible with 17: fine
    EXPECT_TRUE(parse(blob).valid());
}

TEST(FdtMalformed, TotalSize) {
    auto blob = sample();
    EXPECT_EQ(fdt::Tree::parse(blob.data(), blob.size() - 1).error(), fdt::Error::BadTotalSize);
    put_be32(blob, hdr::total_size, 39);
    EXPECT_EQ(error_of(blob), fdt::Error::BadTotalSize);
    put_be32(blob, hdr::total_size, 0xffffffff);
    EXPECT_EQ(error_of(blob), fdt::Error::BadTotalSize);
}

TEST(FdtMalformed, BlockOffsetsOutOfRange) {
    const auto good = sample();
    const std::uint32_t total = static_cast<std::uint32_t>(good.size());
    struct Case {
        std::size_t field;
        std::uint32_t value;
    };
    const Case cases[] = {
        {hdr::off_struct, total},       {hdr::off_struct, 0xfffffff0},  {hdr::off_struct, 0},
        {hdr::off_struct, 0x2a},        // misaligned
        {hdr::size_struct, total},      {hdr::size_struct, 0xfffffffc},
        {hdr::off_strings, total},      {hdr::off_strings, 0xffffffff}, {hdr::off_strings, 8},
        {hdr::size_strings, total},     {hdr::size_strings, 0xffffffff},
        {hdr::off_reservations, total}, {hdr::off_reservations, total - 8},
        {hdr::off_reservations, 4},     {hdr::off_reservations, 44},  // misaligned
        {hdr::off_reservations, 0xfffffff8},
    };
    for (const Case& c : cases) {
        auto blob = good;
        put_be32(blob, c.field, c.value);
        EXPECT_EQ(error_of(blob), fdt::Error::BadBlockLayout) << "field " << c.field << " = " << c.value;
    }
}

TEST(FdtMalformed, ReservationBlock) {
    auto wraps = minimal().end_node().end().reserve(0xfffffffffffff000, 0x2000).build();
    EXPECT_EQ(error_of(wraps), fdt::Error::BadReservationBlock);
    // Point the reservation block at 32 non-zero bytes at the very end: no terminator.
    auto blob = minimal().end_node().end().build();
    while (blob.size() % 8 != 0) blob.push_back(0);
    const auto at = static_cast<std::uint32_t>(blob.size());
    blob.resize(blob.size() + 32, 0x01);
    put_be32(blob, hdr::total_size, static_cast<std::uint32_t>(blob.size()));
    put_be32(blob, hdr::off_reservations, at);
    EXPECT_EQ(error_of(blob), fdt::Error::BadReservationBlock);
}

TEST(FdtMalformed, BadTokens) {
    EXPECT_EQ(error_of(minimal().token(5).end_node().end().build()), fdt::Error::BadToken);
    EXPECT_EQ(error_of(minimal().token(0).end_node().end().build()), fdt::Error::BadToken);
    EXPECT_EQ(error_of(minimal().end_node().token(0x09000000).build()), fdt::Error::BadToken);
    FdtBuilder before_root;
    before_root.token(8).begin_node("").end_node().end();
    EXPECT_EQ(error_of(before_root.build()), fdt::Error::BadToken);
}

TEST(FdtMalformed, UnbalancedNesting) {
    EXPECT_EQ(error_of(minimal().end().build()), fdt::Error::BadNesting);                      // root never closed
    EXPECT_EQ(error_of(minimal().end_node().end_node().end().build()), fdt::Error::BadNesting);  // extra close
    EXPECT_EQ(error_of(minimal().begin_node("a").end_node().end().build()), fdt::Error::BadNesting);
    EXPECT_EQ(error_of(minimal().end_node().begin_node("").end_node().end().build()),
              fdt::Error::BadNesting);  // second root
    FdtBuilder empty;
    empty.end();
    EXPECT_EQ(error_of(empty.build()), fdt::Error::BadNesting);  // no root at all
    FdtBuilder top_prop;
    top_prop.prop_cells("x", {1}).begin_node("").end_node().end();
    EXPECT_EQ(error_of(top_prop.build()), fdt::Error::BadNesting);  // property outside any node
    FdtBuilder end_first;
    end_first.end_node().end();
    EXPECT_EQ(error_of(end_first.build()), fdt::Error::BadNesting);
    auto after_child = minimal();
    after_child.begin_node("c").end_node().prop_cells("late", {1}).end_node().end();
    EXPECT_EQ(error_of(after_child.build()), fdt::Error::BadNesting);  // property after a child
}

TEST(FdtMalformed, UnterminatedNames) {
    auto b = minimal();
    b.token(1).raw_bytes({'a', 'b', 'c', 'd'});  // name runs into the block end
    EXPECT_EQ(error_of(b.build()), fdt::Error::UnterminatedName);
    FdtBuilder at_end;
    at_end.token(1);  // BEGIN_NODE as the last word: empty name area
    EXPECT_EQ(error_of(at_end.build()), fdt::Error::UnterminatedName);
}

TEST(FdtMalformed, PropertyPastTheBlock) {
    auto b = minimal();
    b.raw_prop(b.string_offset("reg"), 1000, {1, 2, 3, 4}).end_node().end();
    EXPECT_EQ(error_of(b.build()), fdt::Error::PropertyOutOfBounds);
    auto huge = minimal();
    huge.raw_prop(huge.string_offset("reg"), 0xfffffffc, {}).end_node().end();
    EXPECT_EQ(error_of(huge.build()), fdt::Error::PropertyOutOfBounds);
    auto header_cut = minimal();
    header_cut.token(3).token(0);  // length but no name offset
    EXPECT_EQ(error_of(header_cut.build()), fdt::Error::PropertyOutOfBounds);
    auto exact = minimal();  // value ending exactly at the block end (no FDT_END after it)
    exact.raw_prop(exact.string_offset("x"), 4, {1, 2, 3, 4});
    EXPECT_EQ(error_of(exact.build()), fdt::Error::MissingEnd);
}

TEST(FdtMalformed, StringOffsets) {
    auto b = minimal();
    b.raw_prop(9999, 0, {}).end_node().end();
    EXPECT_EQ(error_of(b.build()), fdt::Error::BadStringOffset);
    auto far = minimal();
    far.raw_prop(0xffffffff, 0, {}).end_node().end();
    EXPECT_EQ(error_of(far.build()), fdt::Error::BadStringOffset);
    // The strings block cut so the last name loses its NUL.
    auto cut = minimal().prop_cells("last", {1}).end_node().end().build();
    put_be32(cut, hdr::size_strings, test_support::get_be32(cut, hdr::size_strings) - 1);
    EXPECT_EQ(error_of(cut), fdt::Error::BadStringOffset);
    // An offset into the middle of a name is legal (a suffix), as dtc may share tails.
    auto suffix = minimal();
    suffix.raw_prop(suffix.string_offset("#address-cells") + 1, 4, {0, 0, 0, 7}).end_node().end();
    const auto blob = suffix.build();
    const auto tree = parse(blob);
    ASSERT_TRUE(tree.valid());
    EXPECT_EQ(*tree.root().property("address-cells")->u32(), 7u);
}

TEST(FdtMalformed, MissingEnd) {
    EXPECT_EQ(error_of(minimal().end_node().build()), fdt::Error::MissingEnd);
    EXPECT_EQ(error_of(minimal().end_node().nop().build()), fdt::Error::MissingEnd);
    EXPECT_EQ(error_of(minimal().build()), fdt::Error::MissingEnd);
}

TEST(FdtMalformed, InvalidTreeAnswersNothing) {
    auto blob = sample();
    blob[0] = 0;
    const auto tree = parse(blob);
    ASSERT_FALSE(tree.valid());
    EXPECT_STREQ(tree.root().name(), "");
    EXPECT_FALSE(tree.root().property("compatible"));
    EXPECT_FALSE(tree.find("/"));
    EXPECT_FALSE(tree.find_compatible("ns16550a"));
    EXPECT_FALSE(tree.find_phandle(3));
    EXPECT_EQ(tree.total_size(), 0u);
    int calls = 0;
    tree.for_each_node([&](const fdt::Node&) { ++calls; });
    tree.for_each_reservation([&](fdt::Reg) { ++calls; });
    tree.root().for_each_child([&](const fdt::Node&) { ++calls; });
    EXPECT_EQ(calls, 0);
    EXPECT_EQ(exercise(tree), 0u);
}

}  // namespace
