// SPDX-License-Identifier: BSD-2-Clause
// The kernel's mapping rules (kern/kernel_mappings.hpp): which pages of the
// image get which permissions, which rule a kernel-mode fault shows broken,
// and the debug kernel's probe option (kern/mapping_probe.hpp).
#include <gtest/gtest.h>

#include <cstring>

#include <kern/kernel_mappings.hpp>
#include <kern/mapping_probe.hpp>

namespace {

using kern::KernelMemory;
using kern::MemoryAccess;

// A RISC-V-like image: text at the window address of 0x80200000.
constexpr kern::vaddr_t window = 0xffff'ffc0'0000'0000;
constexpr kern::KernelImageLayout image{
    .image_start = window + 0x8020'0000,
    .text_start = window + 0x8020'0000,
    .text_end = window + 0x8021'8000,
    .rodata_start = window + 0x8021'8000,
    .rodata_end = window + 0x8021'e000,
    .image_end = window + 0x8029'8000,
};
constexpr kern::KernelAddressMap map{.user_top = 0x3f'ffff'f000, .window_start = window, .image = image};

TEST(KernelMappings, EachSectionGetsItsKind) {
    EXPECT_EQ(kern::kernel_memory_at(image, image.text_start), KernelMemory::Text);
    EXPECT_EQ(kern::kernel_memory_at(image, image.text_end - 1), KernelMemory::Text);
    EXPECT_EQ(kern::kernel_memory_at(image, image.rodata_start), KernelMemory::ReadOnly);
    EXPECT_EQ(kern::kernel_memory_at(image, image.rodata_end - 1), KernelMemory::ReadOnly);
    EXPECT_EQ(kern::kernel_memory_at(image, image.rodata_end), KernelMemory::ReadWrite);  // .data
    EXPECT_EQ(kern::kernel_memory_at(image, image.image_end - 1), KernelMemory::ReadWrite);  // .bss, stacks
    // The rest of the window: frames, page tables, the boot payload.
    EXPECT_EQ(kern::kernel_memory_at(image, image.image_end), KernelMemory::ReadWrite);
    EXPECT_EQ(kern::kernel_memory_at(image, image.image_start - 1), KernelMemory::ReadWrite);
    EXPECT_EQ(kern::kernel_memory_at(image, window), KernelMemory::ReadWrite);
}

TEST(KernelMappings, BootCodeBeforeTextIsReadOnly) {
    // AArch64: .text.boot (run from the identity map only) precedes .text.
    kern::KernelImageLayout aarch64 = image;
    aarch64.text_start += 0x1000;
    EXPECT_TRUE(kern::well_formed(aarch64));
    EXPECT_EQ(kern::kernel_memory_at(aarch64, aarch64.image_start), KernelMemory::ReadOnly);
    EXPECT_EQ(kern::kernel_memory_at(aarch64, aarch64.text_start), KernelMemory::Text);
}

TEST(KernelMappings, LayoutMustBePageAlignedAndOrdered) {
    EXPECT_TRUE(kern::well_formed(image));
    kern::KernelImageLayout unaligned = image;
    unaligned.text_end += 8;
    EXPECT_FALSE(kern::well_formed(unaligned));
    kern::KernelImageLayout swapped = image;
    swapped.rodata_start = image.rodata_end;
    swapped.rodata_end = image.rodata_start;
    EXPECT_FALSE(kern::well_formed(swapped));
    kern::KernelImageLayout no_text = image;
    no_text.text_end = no_text.text_start;
    EXPECT_FALSE(kern::well_formed(no_text));
}

TEST(KernelMappings, FaultsNameTheRuleTheyBreak) {
    const auto rule = [](kern::vaddr_t address, MemoryAccess access) {
        const char* r = kern::broken_mapping_rule(map, address, access);
        return std::string(r == nullptr ? "" : r);
    };
    EXPECT_EQ(rule(image.text_start + 0x40, MemoryAccess::Write), "W^X: kernel text is read-only");
    EXPECT_EQ(rule(image.rodata_start, MemoryAccess::Write), "kernel rodata is read-only");
    EXPECT_EQ(rule(image.rodata_start, MemoryAccess::Execute), "W^X: only kernel text is executable");
    EXPECT_EQ(rule(image.image_end - 8, MemoryAccess::Execute), "W^X: only kernel text is executable");
    EXPECT_EQ(rule(window + 0x9000'0000, MemoryAccess::Execute), "W^X: only kernel text is executable");
    EXPECT_EQ(rule(0x40'0238, MemoryAccess::Execute), "the kernel never executes user memory");
    EXPECT_EQ(rule(0x40'0238, MemoryAccess::Read), "the kernel never accesses user memory through a user address");
    EXPECT_EQ(rule(0x1000, MemoryAccess::Write), "the kernel never accesses user memory through a user address");
    // A null pointer keeps the generic report.
    EXPECT_EQ(rule(0, MemoryAccess::Write), "");
    EXPECT_EQ(rule(0xff8, MemoryAccess::Read), "");
    // Allowed accesses and addresses outside both halves break no mapping rule.
    EXPECT_EQ(rule(image.text_start, MemoryAccess::Execute), "");
    EXPECT_EQ(rule(image.text_start, MemoryAccess::Read), "");
    EXPECT_EQ(rule(image.rodata_start, MemoryAccess::Read), "");
    EXPECT_EQ(rule(image.image_end - 8, MemoryAccess::Write), "");
    EXPECT_EQ(rule(0x40'0000'0000, MemoryAccess::Read), "");
    EXPECT_STREQ(kern::memory_access_name(MemoryAccess::Execute), "instruction fetch");
}

TEST(MappingProbe, ParsesTheOptionAmongOtherWords) {
    using kern::mapping_probe::Probe;
    using kern::mapping_probe::parse_bootargs;
    EXPECT_EQ(parse_bootargs(nullptr).probe, Probe::None);
    EXPECT_EQ(parse_bootargs("").probe, Probe::None);
    EXPECT_EQ(parse_bootargs("sel4test.filter=^X$ tessera.selftest=1").probe, Probe::None);
    EXPECT_FALSE(parse_bootargs("sel4test.filter=^X$").unknown);
    EXPECT_EQ(parse_bootargs("tessera.mapping_probe=write-text").probe, Probe::WriteText);
    EXPECT_EQ(parse_bootargs("a=b  tessera.mapping_probe=exec-user c").probe, Probe::ExecUser);
    // Every documented name parses to its probe, and back.
    for (const auto& p : kern::mapping_probe::probe_names) {
        const std::string text = std::string("tessera.mapping_probe=") + p.name;
        EXPECT_EQ(parse_bootargs(text.c_str()).probe, p.probe) << p.name;
        EXPECT_STREQ(kern::mapping_probe::probe_name(p.probe), p.name);
    }
    // A prefix or an extension of a name is not that name.
    EXPECT_TRUE(parse_bootargs("tessera.mapping_probe=write").unknown);
    EXPECT_TRUE(parse_bootargs("tessera.mapping_probe=write-textx").unknown);
    EXPECT_TRUE(parse_bootargs("tessera.mapping_probe=").unknown);
    EXPECT_EQ(parse_bootargs("tessera.mapping_probe=write").probe, Probe::None);
    // The key must be the whole word's start.
    EXPECT_EQ(parse_bootargs("xtessera.mapping_probe=write-text").probe, Probe::None);
    // The last occurrence wins.
    EXPECT_EQ(parse_bootargs("tessera.mapping_probe=read-user tessera.mapping_probe=exec-data").probe,
              Probe::ExecData);
}

static_assert(kern::mapping_probe::parse_bootargs("tessera.mapping_probe=exec-stack").probe ==
              kern::mapping_probe::Probe::ExecStack);

}  // namespace
