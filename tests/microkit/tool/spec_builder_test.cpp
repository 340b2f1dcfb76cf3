// SPDX-License-Identifier: BSD-2-Clause
// The specification blob: allocation order, index remapping, fills.
#include <gtest/gtest.h>

#include <cstring>

#include "spec_builder.hpp"

namespace {

using namespace microkit_spec;
using microkit::SpecBuilder;

template <typename T>
const T* table(const std::vector<std::uint8_t>& blob, const Table& t) {
    return reinterpret_cast<const T*>(blob.data() + t.offset);
}

TEST(MicrokitSpecBuilder, OrdersFixedFirstThenLargestFirstSameKindsTogether) {
    SpecBuilder spec;
    const auto ep = spec.add_object(ObjectKind::Endpoint, 0, "ep");
    const auto tcb = spec.add_object(ObjectKind::Tcb, 0, "tcb");
    const auto high = spec.add_object(ObjectKind::Frame, 12, "high", 0x50002000);
    const auto frame = spec.add_object(ObjectKind::Frame, 12, "frame");
    const auto vspace = spec.add_object(ObjectKind::VSpace, 0, "vspace");
    const auto low = spec.add_object(ObjectKind::Frame, 21, "low", 0x40000000);
    const auto cnode = spec.add_object(ObjectKind::CNode, 9, "cnode");  // 2^14 bytes
    const std::vector<std::uint64_t> order = spec.allocation_order();
    const std::vector<std::uint64_t> expected = {low, high, cnode, vspace, frame, tcb, ep};
    EXPECT_EQ(order, expected);
}

TEST(MicrokitSpecBuilder, RemapsEveryIndexAndTrimsZeroFills) {
    SpecBuilder spec;
    const auto ep = spec.add_object(ObjectKind::Endpoint, 0, "ep");
    const auto cnode = spec.add_object(ObjectKind::CNode, 6, "cnode");
    const auto frame = spec.add_object(ObjectKind::Frame, 12, "frame");
    const std::uint8_t bytes[] = {0, 0, 7, 8, 0};
    spec.add_fill(frame, bytes, 16);
    const std::uint8_t zeros[8] = {};
    spec.add_fill(frame, zeros, 0);  // nothing to write: frames start zero
    spec.add_cap(Cap{cnode, 3, CapKind::Object, ep, rights_all, 42});
    const std::vector<std::uint8_t> blob = spec.write(arch_aarch64, {0x40000000, 0xC0000000}, ep);
    Header header;
    std::memcpy(&header, blob.data(), sizeof header);
    EXPECT_EQ(header.magic, magic);
    EXPECT_EQ(header.total_size, blob.size());
    EXPECT_EQ(header.objects.count, 3u);
    const Object* objects = table<Object>(blob, header.objects);
    const char* strings = reinterpret_cast<const char*>(blob.data() + header.strings.offset);
    EXPECT_STREQ(strings + objects[header.monitor_endpoint].name, "ep");
    const Cap* caps = table<Cap>(blob, header.caps);
    EXPECT_STREQ(strings + objects[caps[0].cnode].name, "cnode");
    EXPECT_STREQ(strings + objects[caps[0].object].name, "ep");
    EXPECT_EQ(caps[0].badge, 42u);
    // The frame has one fill: the two non-zero bytes at offset 18.
    const Object* frame_object = nullptr;
    for (std::uint64_t i = 0; i < header.objects.count; ++i)
        if (objects[i].kind == ObjectKind::Frame) frame_object = &objects[i];
    ASSERT_NE(frame_object, nullptr);
    ASSERT_EQ(frame_object->fill_count, 1u);
    const Fill fill = table<Fill>(blob, header.fills)[frame_object->fill_first];
    EXPECT_EQ(fill.frame_offset, 18u);
    EXPECT_EQ(fill.size, 2u);
    EXPECT_EQ(blob[header.data.offset + fill.data_offset], 7);
}

}  // namespace
