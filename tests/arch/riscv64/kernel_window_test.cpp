// SPDX-License-Identifier: BSD-2-Clause
// The RISC-V kernel's own mappings (arch/kernel_window.hpp): final kernel
// window entries, and the encodings the mapping rules rely on
// [riscv/priv 4.1.1, 4.3.1, 4.4.1].
#include <gtest/gtest.h>

#include <arch/csr.hpp>
#include <arch/kernel_window.hpp>
#include <arch/pte.hpp>

namespace {

using namespace arch::riscv;
using kern::KernelMemory;

TEST(RiscvKernelWindow, TextIsReadOnlyAndExecutable) {
    const Pte text = kernel_window_leaf(0x8020'1000, KernelMemory::Text);
    EXPECT_TRUE(text.valid() && text.is_leaf());
    EXPECT_TRUE(text.test<Pte::R>());
    EXPECT_FALSE(text.test<Pte::W>());
    EXPECT_TRUE(text.test<Pte::X>());
    EXPECT_EQ(text.paddr(), 0x8020'1000u);
}

TEST(RiscvKernelWindow, NothingElseIsExecutableAndOnlyDataIsWritable) {
    const Pte rodata = kernel_window_leaf(0x8021'8000, KernelMemory::ReadOnly);
    EXPECT_TRUE(rodata.test<Pte::R>());
    EXPECT_FALSE(rodata.test<Pte::W>());
    EXPECT_FALSE(rodata.test<Pte::X>());
    const Pte data = kernel_window_leaf(0x8021'e000, KernelMemory::ReadWrite);
    EXPECT_TRUE(data.test<Pte::R>() && data.test<Pte::W>());
    EXPECT_FALSE(data.test<Pte::X>());
    // The window's gigapages and megapages use the same leaf: RW, never X.
    const Pte gigapage = kernel_window_leaf(3 * gigapage_size, KernelMemory::ReadWrite);
    EXPECT_EQ(gigapage.raw(), ((3 * gigapage_size) >> 12 << 10) | 0xe7);
}

TEST(RiscvKernelWindow, KernelEntriesAreGlobalSupervisorOnlyWithAccessedDirty) {
    for (const KernelMemory kind : {KernelMemory::Text, KernelMemory::ReadOnly, KernelMemory::ReadWrite}) {
        const Pte pte = kernel_window_leaf(0, kind);
        EXPECT_FALSE(pte.test<Pte::U>());
        EXPECT_TRUE(pte.test<Pte::G>());
        EXPECT_TRUE(pte.test<Pte::A>() && pte.test<Pte::D>());
    }
    // The boot gigapages entry.S writes are RWX: replaced before anything runs.
    EXPECT_EQ(kernel_gigapage_flags & 0xe, 0xeu);
}

TEST(RiscvKernelWindow, UserLeavesCarryUSoTheKernelCannotFetchFromThem) {
    // S-mode never executes a U page, whatever sstatus.SUM [riscv/priv 4.1.1, 4.3.1].
    const Pte user = Pte::leaf(0x9000'0000, true, false, true, /*user=*/true, /*global=*/false);
    EXPECT_TRUE(user.test<Pte::U>());
    EXPECT_FALSE(user.test<Pte::G>());
}

TEST(RiscvKernelWindow, SumAndMxrStayClear) {
    EXPECT_EQ(Sstatus::SUM::lo, 18u);
    EXPECT_EQ(Sstatus::MXR::lo, 19u);
    EXPECT_FALSE(user_initial_sstatus.test<Sstatus::SUM>());
    EXPECT_FALSE(user_initial_sstatus.test<Sstatus::MXR>());
}

TEST(RiscvKernelWindow, KernelFaultsAreClassifiedByAccess) {
    kern::MemoryAccess access{};
    ASSERT_TRUE(kernel_fault_access(static_cast<std::uint64_t>(Exception::InstructionPageFault), access));
    EXPECT_EQ(access, kern::MemoryAccess::Execute);
    ASSERT_TRUE(kernel_fault_access(static_cast<std::uint64_t>(Exception::LoadPageFault), access));
    EXPECT_EQ(access, kern::MemoryAccess::Read);
    ASSERT_TRUE(kernel_fault_access(static_cast<std::uint64_t>(Exception::StorePageFault), access));
    EXPECT_EQ(access, kern::MemoryAccess::Write);
    ASSERT_TRUE(kernel_fault_access(static_cast<std::uint64_t>(Exception::StoreAccessFault), access));
    EXPECT_EQ(access, kern::MemoryAccess::Write);
    EXPECT_FALSE(kernel_fault_access(static_cast<std::uint64_t>(Exception::IllegalInstruction), access));
    EXPECT_FALSE(kernel_fault_access(static_cast<std::uint64_t>(Exception::EcallFromS), access));
}

}  // namespace
