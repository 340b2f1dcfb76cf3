// SPDX-License-Identifier: BSD-2-Clause
// AArch64 arch encodings (kernel/arch/aarch64/include/arch/*.hpp): ESR
// decoding, translation descriptors, system-register values.
#include <gtest/gtest.h>

#include <arch/esr.hpp>
#include <arch/page_table_entry.hpp>
#include <arch/system_registers.hpp>

namespace {

TEST(Aarch64Esr, DecodesExceptionClassAndSyndrome) {
    // svc #0 from AArch64 EL0: EC 0x15, IL 1, ISS = immediate 0.
    const arch::Esr svc{0x56000000};
    EXPECT_EQ(svc.exception_class(), arch::ec::svc64);
    EXPECT_EQ(svc.get<arch::Esr::InstructionLength32>(), 1u);
    EXPECT_EQ(arch::classify_user_trap(svc), arch::UserTrapKind::Syscall);

    // Data abort from EL0, write, level-3 translation fault (DFSC 0b000111).
    const arch::Esr abort{0x92000047};
    EXPECT_EQ(abort.exception_class(), arch::ec::data_abort_lower);
    EXPECT_EQ(abort.get<arch::Esr::FaultStatus>(), 0x07u);
    EXPECT_TRUE(abort.test<arch::Esr::WriteNotRead>());
    EXPECT_EQ(arch::classify_user_trap(abort), arch::UserTrapKind::DataAbort);

    EXPECT_EQ(arch::classify_user_trap(arch::Esr{0x82000006}), arch::UserTrapKind::InstructionAbort);
    EXPECT_EQ(arch::classify_user_trap(arch::Esr{0x02000000}), arch::UserTrapKind::Other);  // undefined
    // A kernel (same-EL) abort is never classified as a user VM fault.
    EXPECT_EQ(arch::classify_user_trap(arch::Esr{0x96000045}), arch::UserTrapKind::Other);
}

TEST(Aarch64Esr, DeliversOnlyTheLow32Bits) {
    const arch::Esr esr{0x0000'0012'5600'0000ull};  // ISS2 bits set (FEAT_LS64 etc.)
    EXPECT_EQ(esr.low32(), 0x56000000u);
}

TEST(Aarch64Esr, NamesEveryClassTheTrapPathReports) {
    EXPECT_STREQ(arch::exception_class_name(0x15), "SVC");
    EXPECT_STREQ(arch::exception_class_name(0x25), "data abort from the same EL");
    EXPECT_STREQ(arch::exception_class_name(0x00), "unknown reason (undefined instruction)");
    EXPECT_STREQ(arch::exception_class_name(0x3c), "BRK instruction");
    EXPECT_STREQ(arch::exception_class_name(0x3f), "reserved exception class");
}

TEST(Aarch64Descriptor, UserPagePermissions) {
    using D = arch::Descriptor;
    const D rx = D::user_page(0x4123'4000, {.read = true, .write = false, .execute = true});
    EXPECT_TRUE(rx.valid());
    EXPECT_TRUE(rx.test<D::TableOrPage>());  // level-3 page
    EXPECT_EQ(rx.output_address(), 0x4123'4000u);
    EXPECT_EQ(rx.get<D::AccessPermissions>(), D::ap_user_ro);
    EXPECT_FALSE(rx.test<D::UserExecuteNever>());
    EXPECT_TRUE(rx.test<D::PrivilegedExecuteNever>());
    EXPECT_TRUE(rx.test<D::NotGlobal>());
    EXPECT_TRUE(rx.test<D::AccessFlag>());
    EXPECT_EQ(rx.get<D::AttrIndex>(), static_cast<std::uint64_t>(MAIR_INDEX_NORMAL));

    const D rw = D::user_page(0x5000, {.read = true, .write = true, .execute = false});
    EXPECT_EQ(rw.get<D::AccessPermissions>(), D::ap_user_rw);
    EXPECT_TRUE(rw.test<D::UserExecuteNever>());
    // Known value: 0x5000 | UXN PXN nG AF SH=11 AP=01 attr1 page.
    EXPECT_EQ(rw.raw(), 0x0060'0000'0000'5f47ull);
}

TEST(Aarch64Descriptor, TablesAndIndices) {
    const arch::Descriptor table = arch::Descriptor::table(0x4020'0000);
    EXPECT_TRUE(table.is_table());
    EXPECT_EQ(table.output_address(), 0x4020'0000u);
    EXPECT_FALSE(arch::Descriptor{0}.valid());

    const std::uint64_t va = 0x0000'7fff'ffff'f000ull;  // last user page
    EXPECT_EQ(arch::table_index(va, 0), 255u);
    EXPECT_EQ(arch::table_index(va, 1), 511u);
    EXPECT_EQ(arch::table_index(va, 2), 511u);
    EXPECT_EQ(arch::table_index(va, 3), 511u);
    EXPECT_EQ(arch::table_index(0x40'0000, 2), 2u);
    EXPECT_EQ(arch::table_index(0x40'1000, 3), 1u);
}

TEST(Aarch64Registers, ValuesUsedByTheBootCode) {
    EXPECT_EQ(arch::tcr_boot_value.get<arch::Tcr::T0sz>(), 16u);
    EXPECT_EQ(arch::tcr_boot_value.get<arch::Tcr::T1sz>(), 16u);
    EXPECT_EQ(arch::tcr_boot_value.get<arch::Tcr::Tg1>(), arch::Tcr::tg1_4k);
    EXPECT_TRUE(arch::sctlr_mmu_on.test<arch::Sctlr::Mmu>());
    EXPECT_FALSE(arch::sctlr_mmu_on.test<arch::Sctlr::AlignmentCheck>());
    EXPECT_FALSE(arch::sctlr_mmu_on.test<arch::Sctlr::BigEndian>());
    EXPECT_EQ(arch::spsr_user_initial.raw(), 0x40u);
    EXPECT_EQ(arch::Ttbr::make(0x4100'0000, 1).raw(), 0x0001'0000'4100'0000ull);
    EXPECT_EQ((arch::mair::value >> (8 * MAIR_INDEX_NORMAL)) & 0xff, arch::mair::normal_write_back);
}

}  // namespace
