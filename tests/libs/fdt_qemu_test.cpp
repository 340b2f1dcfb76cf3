// SPDX-License-Identifier: BSD-2-Clause
// libs/fdt against the real thing: QEMU virt's own device tree, dumped at
// test time with -machine virt,dumpdtb=FILE (skipped when QEMU is absent).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <fdt/fdt.hpp>
#include <fdt/platform.hpp>

namespace {

constexpr std::uint64_t memory_mib = 256;

// Dumps the DTB of `qemu` (extra machine options in `cpu`) or returns empty.
std::vector<std::uint8_t> dump_dtb(const std::string& qemu, const std::string& cpu) {
    if (std::system(("command -v " + qemu + " >/dev/null 2>&1").c_str()) != 0) return {};
    const std::string file = (std::filesystem::temp_directory_path() /
                              ("tessera-fdt-" + qemu + "-" + std::to_string(::getpid()) + ".dtb"))
                                 .string();
    const std::string command = "timeout 30 " + qemu + " -machine virt,dumpdtb=" + file + " " + cpu + " -m " +
                                std::to_string(memory_mib) + "M -display none -nic none </dev/null >/dev/null 2>&1";
    (void)std::system(command.c_str());
    std::ifstream in(file, std::ios::binary);
    std::vector<std::uint8_t> blob((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::filesystem::remove(file);
    return blob;
}

void check_memory(const fdt::Tree& tree, std::uint64_t base) {
    fdt::Reg memory[4];
    ASSERT_EQ(fdt::memory_ranges(tree, memory, 4), 1u);
    EXPECT_EQ(memory[0].address, base);
    EXPECT_EQ(memory[0].size, memory_mib << 20);
}

TEST(FdtQemu, RiscV64Virt) {
    const auto blob = dump_dtb("qemu-system-riscv64", "");
    if (blob.empty()) GTEST_SKIP() << "qemu-system-riscv64 not available";
    const auto tree = fdt::Tree::parse(blob.data(), blob.size());
    ASSERT_TRUE(tree.valid()) << fdt::describe(tree.error());
    check_memory(tree, 0x80000000);
    const auto uart = fdt::stdout_node(tree);
    ASSERT_TRUE(uart);
    EXPECT_STREQ(uart->name(), "serial@10000000");
    EXPECT_TRUE(uart->is_compatible("ns16550a"));
    EXPECT_EQ(uart->reg(0)->address, 0x10000000u);
    EXPECT_EQ(uart->reg(0)->size, 0x100u);
    const auto plic = tree.find_compatible("riscv,plic0");
    ASSERT_TRUE(plic);
    EXPECT_EQ(plic->reg(0)->address, 0xc000000u);
    ASSERT_TRUE(plic->phandle());
    EXPECT_EQ(tree.find_phandle(*plic->phandle()), plic);
    EXPECT_EQ(uart->parent(), tree.find("/soc"));
    EXPECT_TRUE(tree.find("/cpus/cpu@0"));
    EXPECT_EQ(tree.find("/cpus/cpu")->reg(0)->address, 0u);  // hart id, #size-cells = 0
    EXPECT_TRUE(tree.find("/soc/test"));                       // sifive_test: the exit device
}

TEST(FdtQemu, AArch64Virt) {
    const auto blob = dump_dtb("qemu-system-aarch64", "-cpu cortex-a53");
    if (blob.empty()) GTEST_SKIP() << "qemu-system-aarch64 not available";
    const auto tree = fdt::Tree::parse(blob.data(), blob.size());
    ASSERT_TRUE(tree.valid()) << fdt::describe(tree.error());
    check_memory(tree, 0x40000000);
    const auto uart = fdt::stdout_node(tree);
    ASSERT_TRUE(uart);
    EXPECT_TRUE(uart->is_compatible("arm,pl011"));
    EXPECT_EQ(uart->reg(0)->address, 0x9000000u);
    EXPECT_EQ(uart->reg(0)->size, 0x1000u);
    const auto gic = tree.find_compatible("arm,cortex-a15-gic");
    ASSERT_TRUE(gic);
    ASSERT_GE(gic->reg_count(), 2u);  // distributor, CPU interface
    EXPECT_EQ(gic->reg(0)->address, 0x8000000u);
    EXPECT_EQ(gic->reg(1)->address, 0x8010000u);
    EXPECT_TRUE(tree.find_compatible("arm,armv8-timer"));
    EXPECT_TRUE(tree.find_compatible("arm,psci-1.0") || tree.find_compatible("arm,psci-0.2"));
}

}  // namespace
