// SPDX-License-Identifier: BSD-2-Clause
// The AArch64 kernel's own mappings (arch/kernel_window.hpp): final TTBR1
// descriptors, PXN on user pages, PAN detection and the abort decoding the
// kernel-mode exception handler uses [arm/ARM DDI0487 D8.3, D17.2.37].
#include <gtest/gtest.h>

#include <arch/esr.hpp>
#include <arch/kernel_window.hpp>
#include <arch/page_table_entry.hpp>
#include <arch/system_registers.hpp>

namespace {

using arch::Descriptor;
using kern::KernelMemory;

TEST(Aarch64KernelWindow, ImagePagesAreWxorX) {
    const Descriptor text = arch::kernel_image_page(0x4020'1000, KernelMemory::Text);
    EXPECT_TRUE(text.valid());
    EXPECT_TRUE(text.test<Descriptor::TableOrPage>());  // level-3 page
    EXPECT_EQ(text.output_address(), 0x4020'1000u);
    EXPECT_EQ(text.get<Descriptor::AccessPermissions>(), Descriptor::ap_kernel_ro);
    EXPECT_FALSE(text.test<Descriptor::PrivilegedExecuteNever>());

    const Descriptor rodata = arch::kernel_image_page(0x4021'e000, KernelMemory::ReadOnly);
    EXPECT_EQ(rodata.get<Descriptor::AccessPermissions>(), Descriptor::ap_kernel_ro);
    EXPECT_TRUE(rodata.test<Descriptor::PrivilegedExecuteNever>());

    const Descriptor data = arch::kernel_image_page(0x4022'3000, KernelMemory::ReadWrite);
    EXPECT_EQ(data.get<Descriptor::AccessPermissions>(), Descriptor::ap_kernel_rw);
    EXPECT_TRUE(data.test<Descriptor::PrivilegedExecuteNever>());

    for (const KernelMemory kind : {KernelMemory::Text, KernelMemory::ReadOnly, KernelMemory::ReadWrite}) {
        const Descriptor d = arch::kernel_image_page(0, kind);
        EXPECT_TRUE(d.test<Descriptor::UserExecuteNever>());
        EXPECT_FALSE(d.test<Descriptor::NotGlobal>());
        EXPECT_TRUE(d.test<Descriptor::AccessFlag>());
        EXPECT_EQ(d.get<Descriptor::AttrIndex>(), static_cast<std::uint64_t>(MAIR_INDEX_NORMAL));
        EXPECT_EQ(d.get<Descriptor::Shareability>(), Descriptor::inner_shareable);
        // AP[1] = 0: EL0 has no access, so PAN never applies to the kernel's own pages.
        EXPECT_EQ(d.get<Descriptor::AccessPermissions>() & 1, 0u);
    }
}

TEST(Aarch64KernelWindow, WindowBlocksAreWritableAndNeverExecutable) {
    const Descriptor normal = arch::kernel_window_block(2 * arch::level1_block_size, false);
    EXPECT_FALSE(normal.test<Descriptor::TableOrPage>());  // block
    EXPECT_EQ(normal.get<Descriptor::AccessPermissions>(), Descriptor::ap_kernel_rw);
    EXPECT_TRUE(normal.test<Descriptor::PrivilegedExecuteNever>());
    EXPECT_TRUE(normal.test<Descriptor::UserExecuteNever>());
    EXPECT_EQ(normal.raw(), 0x0060'0000'8000'0705ull);
    const Descriptor device = arch::kernel_window_block(0, true);
    EXPECT_EQ(device.raw(), static_cast<std::uint64_t>(BLOCK_DEVICE_KERNEL));
    // The boot map's normal blocks are executable at EL1: replaced before anything runs.
    EXPECT_FALSE(Descriptor{BLOCK_NORMAL_KERNEL}.test<Descriptor::PrivilegedExecuteNever>());
    EXPECT_FALSE(arch::window_gigabyte_is_normal(0));
    EXPECT_TRUE(arch::window_gigabyte_is_normal(arch::level1_block_size));
    EXPECT_TRUE(arch::window_gigabyte_is_normal((std::uint64_t{256} << 30) - arch::level1_block_size));
    EXPECT_FALSE(arch::window_gigabyte_is_normal(std::uint64_t{256} << 30));
}

TEST(Aarch64KernelWindow, EveryUserPageIsPrivilegedExecuteNever) {
    for (const bool read : {false, true})
        for (const bool write : {false, true})
            for (const bool execute : {false, true}) {
                const Descriptor d = Descriptor::user_page(0x7000, {.read = read, .write = write, .execute = execute});
                EXPECT_TRUE(d.test<Descriptor::PrivilegedExecuteNever>()) << read << write << execute;
            }
}

TEST(Aarch64KernelWindow, PanDetectionAndSpan) {
    EXPECT_FALSE(arch::implements_pan(0));  // Cortex-A53 (ARMv8.0)
    EXPECT_FALSE(arch::implements_pan(0x000f'1122ull));  // other fields only
    EXPECT_TRUE(arch::implements_pan(1ull << 20));
    EXPECT_TRUE(arch::implements_pan(3ull << 20));  // FEAT_PAN3
    // SPAN is bit 23: RES1 in ARMv8.0 (the boot value keeps it), cleared with PAN.
    EXPECT_EQ(arch::sctlr_span, 1ull << 23);
    EXPECT_NE(arch::sctlr_mmu_on.raw() & arch::sctlr_span, 0u);
}

TEST(Aarch64KernelWindow, KernelAbortsAreClassifiedByAccess) {
    kern::MemoryAccess access{};
    const auto esr = [](std::uint64_t ec, std::uint64_t iss) { return arch::Esr{(ec << 26) | (1ull << 25) | iss}; };
    ASSERT_TRUE(arch::kernel_fault_access(esr(arch::ec::instruction_abort_same, 0xf), access));
    EXPECT_EQ(access, kern::MemoryAccess::Execute);
    ASSERT_TRUE(arch::kernel_fault_access(esr(arch::ec::data_abort_same, 0x4f), access));  // WnR, permission L3
    EXPECT_EQ(access, kern::MemoryAccess::Write);
    ASSERT_TRUE(arch::kernel_fault_access(esr(arch::ec::data_abort_same, 0x0f), access));
    EXPECT_EQ(access, kern::MemoryAccess::Read);
    // Aborts from EL0 are user faults, not the kernel's.
    EXPECT_FALSE(arch::kernel_fault_access(esr(arch::ec::data_abort_lower, 0x4f), access));
    EXPECT_FALSE(arch::kernel_fault_access(esr(arch::ec::unknown, 0), access));
}

}  // namespace
