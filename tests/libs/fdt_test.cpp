// SPDX-License-Identifier: BSD-2-Clause
// libs/fdt: queries on valid trees (paths, reg decoding, compatible, phandles,
// aliases, stdout-path, memory and reserved ranges, bootargs).
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

// ---------------------------------------------------------------- positive

TEST(Fdt, ParsesValidTree) {
    const auto blob = sample();
    const auto tree = parse(blob);
    ASSERT_TRUE(tree.valid()) << fdt::describe(tree.error());
    EXPECT_EQ(tree.error(), fdt::Error::None);
    EXPECT_EQ(tree.total_size(), blob.size());
    EXPECT_STREQ(tree.root().name(), "");
    EXPECT_EQ(tree.root().address_cells(), 2u);
    EXPECT_EQ(tree.root().size_cells(), 2u);
    EXPECT_FALSE(tree.root().parent().has_value());
}

TEST(Fdt, ParsesUnalignedBlob) {
    const auto blob = sample();
    std::vector<std::uint8_t> shifted(blob.size() + 3);
    std::memcpy(shifted.data() + 3, blob.data(), blob.size());
    const auto tree = fdt::Tree::parse(shifted.data() + 3, blob.size());
    ASSERT_TRUE(tree.valid());
    const auto serial = fdt::stdout_node(tree);
    ASSERT_TRUE(serial.has_value());
    EXPECT_EQ(serial->reg(0)->address, 0x10000000u);
}

TEST(Fdt, FindByPath) {
    const auto tree = parse(sample());
    EXPECT_EQ(tree.find("/"), tree.root());
    ASSERT_TRUE(tree.find("/chosen"));
    EXPECT_STREQ(tree.find("/chosen")->name(), "chosen");
    EXPECT_STREQ(tree.find("/soc/serial@10000000")->name(), "serial@10000000");
    EXPECT_STREQ(tree.find("/soc/serial")->name(), "serial@10000000");     // unit address omitted
    EXPECT_STREQ(tree.find("/cpus/cpu")->name(), "cpu@0");                 // first match wins
    EXPECT_STREQ(tree.find("/cpus/cpu@1")->name(), "cpu@1");
    EXPECT_STREQ(tree.find("//soc//bus32/")->name(), "bus32");
    EXPECT_STREQ(tree.find("/soc/bus32/sub/leaf")->name(), "leaf");
    EXPECT_FALSE(tree.find("/soc/serial@2"));
    EXPECT_FALSE(tree.find("/soc/ser"));
    EXPECT_FALSE(tree.find("/nonexistent"));
    EXPECT_FALSE(tree.find("/chosen/bootargs"));  // a property, not a node
    EXPECT_FALSE(tree.find(""));
    EXPECT_FALSE(tree.find(nullptr));
    EXPECT_STREQ(tree.find("/soc/serial@10000000", 4)->name(), "soc");  // length-limited form
}

TEST(Fdt, FindThroughAliases) {
    const auto tree = parse(sample());
    EXPECT_STREQ(tree.find("serial0")->name(), "serial@10000000");
    EXPECT_STREQ(tree.find("bus/dev@1000")->name(), "dev@1000");
    EXPECT_FALSE(tree.find("serial1"));
    EXPECT_FALSE(tree.find("bus/none"));
}

TEST(Fdt, RegWithTwoCells) {
    const auto tree = parse(sample());
    const auto memory = tree.find("/memory@80000000");
    ASSERT_TRUE(memory);
    ASSERT_EQ(memory->reg_count(), 1u);
    EXPECT_EQ(memory->reg(0)->address, 0x80000000u);
    EXPECT_EQ(memory->reg(0)->size, 0x20000000u);
    EXPECT_FALSE(memory->reg(1));
    const auto high = tree.find("/memory@100000000");
    ASSERT_EQ(high->reg_count(), 2u);
    EXPECT_EQ(high->reg(1)->address, 0x200000000u);
    EXPECT_EQ(high->reg(1)->size, 0x1000u);
}

TEST(Fdt, RegWithOneCellAndZeroSizeCells) {
    const auto tree = parse(sample());
    const auto dev = tree.find("/soc/bus32/dev");
    ASSERT_TRUE(dev);
    ASSERT_EQ(dev->reg_count(), 2u);
    EXPECT_EQ(dev->reg(0)->address, 0x1000u);
    EXPECT_EQ(dev->reg(0)->size, 0x10u);
    EXPECT_EQ(dev->reg(1)->address, 0x2000u);
    EXPECT_EQ(dev->reg(1)->size, 0x20u);
    const auto cpu1 = tree.find("/cpus/cpu@1");
    ASSERT_EQ(cpu1->reg_count(), 1u);
    EXPECT_EQ(cpu1->reg(0)->address, 1u);
    EXPECT_EQ(cpu1->reg(0)->size, 0u);
}

TEST(Fdt, CellsComeFromTheParentAndAreNotInherited) {
    const auto tree = parse(sample());
    const auto sub = tree.find("/soc/bus32/sub");  // decoded with bus32's 1+1 cells
    ASSERT_EQ(sub->reg_count(), 1u);
    EXPECT_EQ(sub->reg(0)->address, 0x3000u);
    EXPECT_EQ(sub->address_cells(), 2u);  // absent: the defaults [dtspec 2.3.5]
    EXPECT_EQ(sub->size_cells(), 1u);
    const auto leaf = tree.find("/soc/bus32/sub/leaf");  // defaults 2+1, not bus32's 1+1
    ASSERT_EQ(leaf->reg_count(), 1u);
    EXPECT_EQ(leaf->reg(0)->address, 0x500006000u);
    EXPECT_EQ(leaf->reg(0)->size, 0x70u);
    EXPECT_EQ(tree.find("/soc/bus32")->address_cells(), 1u);
}

TEST(Fdt, ThreeCellAddressesAreCountedButNotDecoded) {
    const auto tree = parse(sample());
    const auto fn = tree.find("/soc/pci/fn@0");
    ASSERT_TRUE(fn);
    EXPECT_EQ(fn->reg_count(), 1u);
    EXPECT_FALSE(fn->reg(0));
    EXPECT_EQ(tree.root().reg_count(), 0u);
}

TEST(Fdt, CompatibleLists) {
    const auto tree = parse(sample());
    const auto plic = tree.find("/soc/plic");
    ASSERT_TRUE(plic);
    EXPECT_TRUE(plic->is_compatible("sifive,plic-1.0.0"));
    EXPECT_TRUE(plic->is_compatible("riscv,plic0"));
    EXPECT_FALSE(plic->is_compatible("riscv,plic"));
    EXPECT_FALSE(plic->is_compatible("riscv,plic00"));
    EXPECT_FALSE(plic->is_compatible(""));
    EXPECT_FALSE(tree.find("/chosen")->is_compatible("ns16550a"));
    EXPECT_EQ(tree.find_compatible("riscv,plic0"), plic);
    EXPECT_EQ(tree.find_compatible("ns16550a"), tree.find("/soc/serial"));
    EXPECT_EQ(tree.find_compatible("riscv-virtio"), tree.root());
    EXPECT_FALSE(tree.find_compatible("arm,pl011"));
}

TEST(Fdt, Phandles) {
    const auto tree = parse(sample());
    EXPECT_EQ(tree.find_phandle(3), tree.find("/soc/plic@c000000"));
    EXPECT_EQ(tree.find_phandle(1), tree.find("/cpus/cpu@0/interrupt-controller"));
    EXPECT_EQ(tree.find_phandle(2), tree.find("/cpus/cpu@1/interrupt-controller"));  // linux,phandle
    EXPECT_FALSE(tree.find_phandle(4));
    EXPECT_EQ(*tree.find("/soc/plic")->phandle(), 3u);
    EXPECT_FALSE(tree.find("/soc")->phandle());
}

TEST(Fdt, ParentsAndChildren) {
    const auto tree = parse(sample());
    EXPECT_EQ(tree.find("/soc/serial")->parent(), tree.find("/soc"));
    EXPECT_EQ(tree.find("/cpus/cpu@1")->parent(), tree.find("/cpus"));
    EXPECT_EQ(tree.find("/cpus/cpu@1/interrupt-controller")->parent(), tree.find("/cpus/cpu@1"));
    EXPECT_EQ(tree.find("/soc")->parent(), tree.root());
    std::string names;
    tree.root().for_each_child([&](const fdt::Node& n) { names += std::string(n.name()) + ","; });
    EXPECT_EQ(names, "chosen,aliases,memory@80000000,memory@100000000,memory@0,reserved-memory,cpus,soc,");
    int leaves = 0;
    tree.find("/chosen")->for_each_child([&](const fdt::Node&) { ++leaves; });
    EXPECT_EQ(leaves, 0);
    EXPECT_STREQ(tree.find("/cpus")->child("cpu@1")->name(), "cpu@1");
    EXPECT_FALSE(tree.find("/cpus")->child("cpu@2"));
}

TEST(Fdt, DepthFirstOrder) {
    const auto tree = parse(sample());
    std::string order;
    tree.for_each_node([&](const fdt::Node& n) {
        if (n.depth() <= 1 || std::string(n.name()).rfind("cpu", 0) == 0)
            order += std::string(n.name()) + "/" + std::to_string(n.depth()) + " ";
    });
    EXPECT_EQ(order,
              "/0 chosen/1 aliases/1 memory@80000000/1 memory@100000000/1 memory@0/1 reserved-memory/1 cpus/1 "
              "cpu@0/2 cpu@1/2 soc/1 ");
}

TEST(Fdt, PropertyAccessors) {
    const auto tree = parse(sample());
    const auto mem = tree.find("/memory@80000000");
    const auto reg = mem->property("reg");
    ASSERT_TRUE(reg);
    EXPECT_STREQ(reg->name(), "reg");
    EXPECT_EQ(reg->size(), 16u);
    EXPECT_EQ(*reg->u32(1), 0x80000000u);
    EXPECT_FALSE(reg->u32(4));
    EXPECT_EQ(*reg->cells(0, 2), 0x80000000u);
    EXPECT_EQ(*reg->cells(2, 2), 0x20000000u);
    EXPECT_FALSE(reg->cells(3, 2));
    EXPECT_FALSE(reg->cells(0, 3));
    EXPECT_FALSE(reg->cells(0, 0));
    EXPECT_FALSE(reg->cells(~std::size_t{0}, 1));
    EXPECT_STREQ(mem->property("device_type")->string(), "memory");
    const auto ranges = tree.find("/soc")->property("ranges");
    ASSERT_TRUE(ranges);
    EXPECT_EQ(ranges->size(), 0u);
    EXPECT_EQ(ranges->string(), nullptr);
    EXPECT_FALSE(ranges->u32());
    EXPECT_FALSE(mem->property("nonexistent"));
    EXPECT_FALSE(mem->property("reg2"));
    // A string list without its final NUL still matches whole entries only.
    const std::uint8_t raw[] = {'a', 'b', 0, 'c', 'd'};
    const fdt::Property list("compatible", raw, sizeof raw);
    EXPECT_TRUE(list.has_string("ab"));
    EXPECT_TRUE(list.has_string("cd"));
    EXPECT_FALSE(list.has_string("c"));
    EXPECT_FALSE(list.has_string("cde"));
    const fdt::Property unterminated("x", raw + 3, 2);
    EXPECT_EQ(unterminated.string(), nullptr);  // no NUL inside the value
    EXPECT_STREQ(list.string(), "ab");
}

TEST(Fdt, MemoryRanges) {
    const auto tree = parse(sample());
    fdt::Reg regs[8];
    ASSERT_EQ(fdt::memory_ranges(tree, regs, 8), 3u);  // memory@0 is disabled
    EXPECT_EQ(regs[0].address, 0x80000000u);
    EXPECT_EQ(regs[0].size, 0x20000000u);
    EXPECT_EQ(regs[1].address, 0x100000000u);
    EXPECT_EQ(regs[2].address, 0x200000000u);
    EXPECT_EQ(fdt::memory_ranges(tree, regs, 2), 2u);
    EXPECT_EQ(fdt::memory_ranges(tree, regs, 0), 0u);
}

TEST(Fdt, ReservedRanges) {
    const auto tree = parse(sample());
    std::vector<fdt::Reg> seen;
    tree.for_each_reservation([&](fdt::Reg r) { seen.push_back(r); });
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].address, 0x1000u);
    fdt::Reg regs[8];
    ASSERT_EQ(fdt::reserved_ranges(tree, regs, 8), 2u);
    EXPECT_EQ(regs[0].address, 0x1000u);
    EXPECT_EQ(regs[0].size, 0x2000u);
    EXPECT_EQ(regs[1].address, 0x80000000u);
    EXPECT_EQ(regs[1].size, 0x40000u);
    EXPECT_EQ(fdt::reserved_ranges(tree, regs, 1), 1u);
}

TEST(Fdt, Bootargs) {
    EXPECT_STREQ(fdt::bootargs(parse(sample())), "console=ttyS0 quiet");
    auto b = minimal();
    b.begin_node("chosen").end_node().end_node().end();
    EXPECT_EQ(fdt::bootargs(parse(b.build())), nullptr);
    EXPECT_EQ(fdt::bootargs(parse(minimal().end_node().end().build())), nullptr);
}

// A tree whose /chosen stdout-path is `path` (and with the sample's other nodes).
std::optional<std::string> stdout_name(const std::string& path, const char* property = "stdout-path") {
    FdtBuilder b;
    b.begin_node("")
        .begin_node("chosen")
        .prop_string(property, path)
        .end_node()
        .begin_node("aliases")
        .prop_string("serial0", "/soc/uart@1000")
        .prop_string("broken", "soc/uart@1000")
        .end_node()
        .begin_node("soc")
        .begin_node("uart@1000")
        .end_node()
        .begin_node("uart@2000")
        .end_node()
        .end_node()
        .end_node()
        .end();
    const auto blob = b.build();
    const auto tree = parse(blob);
    const auto node = fdt::stdout_node(tree);
    if (!node) return std::nullopt;
    return std::string(node->name());
}

TEST(Fdt, StdoutPath) {
    EXPECT_EQ(stdout_name("/soc/uart@2000"), "uart@2000");
    EXPECT_EQ(stdout_name("/soc/uart@2000:115200n8"), "uart@2000");
    EXPECT_EQ(stdout_name("/soc/uart:115200"), "uart@1000");
    EXPECT_EQ(stdout_name("serial0"), "uart@1000");
    EXPECT_EQ(stdout_name("serial0:115200n8"), "uart@1000");
    EXPECT_EQ(stdout_name("/soc/uart@2000", "linux,stdout-path"), "uart@2000");
    EXPECT_EQ(stdout_name("serial1:115200"), std::nullopt);
    EXPECT_EQ(stdout_name("broken"), std::nullopt);  // alias values must be absolute paths
    EXPECT_EQ(stdout_name(":115200"), std::nullopt);
    EXPECT_EQ(stdout_name("/soc/uart@3000"), std::nullopt);
    EXPECT_EQ(stdout_name(""), std::nullopt);
    EXPECT_FALSE(fdt::stdout_node(parse(minimal().end_node().end().build())));
}

TEST(Fdt, NopsAnywhereAreIgnored) {
    FdtBuilder b;
    b.nop().begin_node("").nop().prop_cells("a", {1}).nop().prop_cells("b", {2}).nop();
    b.begin_node("x").nop().end_node().nop().end_node().nop().nop().end();
    const auto blob = b.build();
    const auto tree = parse(blob);
    ASSERT_TRUE(tree.valid()) << fdt::describe(tree.error());
    EXPECT_EQ(*tree.root().property("b")->u32(), 2u);
    EXPECT_TRUE(tree.find("/x"));
}

TEST(Fdt, BytesAfterEndAndTotalSizeSlackAreAllowed) {
    auto blob = minimal().end_node().end().build();
    blob.resize(blob.size() + 64, 0xee);  // totalsize stays; the caller has more bytes
    EXPECT_TRUE(parse(blob).valid());
}

TEST(Fdt, DescribeEveryError) {
    for (int e = 0; e <= static_cast<int>(fdt::Error::BadReservationBlock); ++e) {
        const std::string text = fdt::describe(static_cast<fdt::Error>(e));
        EXPECT_EQ(text.rfind("device tree: ", 0), 0u) << text;
        EXPECT_EQ(text.find('\n'), std::string::npos);
    }
    EXPECT_STREQ(fdt::describe(fdt::Error::BadMagic), "device tree: bad magic (expected 0xd00dfeed)");
}

}  // namespace
