// SPDX-License-Identifier: BSD-2-Clause
// AArch64 arch encodings (kernel/arch/aarch64/include/arch/*.hpp): ESR
// decoding, translation descriptors, system-register values.
#include <gtest/gtest.h>

#include <cstddef>

#include <sel4/arch/types.h>

#include <arch/esr.hpp>
#include <arch/page_table_entry.hpp>
#include <arch/system_registers.hpp>
#include <arch/user_context.hpp>

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
    // Trapped FP/SIMD access (CPACR_EL1.FPEN), as QEMU reports it: EC 0x07, IL 1, COND 0xe.
    EXPECT_EQ(arch::classify_user_trap(arch::Esr{0x1fe00000}), arch::UserTrapKind::FpuAccess);
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

TEST(Aarch64Registers, UserCountersAndFpuAccess) {
    EXPECT_EQ(arch::cntkctl_default.raw(), 0u);  // seL4's default: nothing exported
    EXPECT_EQ(arch::cntkctl_benchmark.raw(), 0x2u);  // EL0VCTEN
    EXPECT_EQ(arch::pmuserenr_default.raw(), 0u);
    EXPECT_EQ(arch::pmuserenr_benchmark.raw(), 0x1u);  // EN
    // The suite's kernel: physical counter and timer (EL0PCTEN | EL0PTEN).
    EXPECT_EQ(arch::cntkctl_exporting(true, false, true, false).raw(), 0x201u);
    EXPECT_EQ(arch::cntkctl_exporting(false, false, false, true).raw(), 0x100u);  // EL0VTEN
    EXPECT_EQ(arch::pmuserenr_exporting(true).raw(), 0x1u);
    EXPECT_EQ(arch::cpacr_user_fpu_off.raw(), 1ull << 20);  // FPEN 0b01: EL0 traps, EL1 does not
    EXPECT_EQ(arch::cpacr_user_fpu_on.raw(), 3ull << 20);   // FPEN 0b11: nothing traps
}

TEST(Aarch64UserContext, SpsrFromUserKeepsOnlyNzcv) {
    EXPECT_EQ(arch::spsr_user_debug.raw(), 0x40u);
    EXPECT_EQ(arch::spsr_user_non_debug.raw(), 0x140u);
    EXPECT_EQ(arch::sanitise_user_spsr(0), arch::spsr_user_initial.raw());
    EXPECT_EQ(arch::sanitise_user_spsr(0xf00003c5), 0xf0000000u | arch::spsr_user_initial.raw());
    EXPECT_EQ(arch::sanitise_user_spsr(0x60000000), 0x60000000u | arch::spsr_user_initial.raw());

    arch::UserContext ctx{};
    ctx.set_user_register(2, 0xa00003c5);  // spsr: EL1h, everything masked, N and C
    EXPECT_EQ(ctx.regs[arch::UserContext::spsr], 0xa0000000u | arch::spsr_user_initial.raw());
    const kern::word_t syscall_reply[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0x1000, 0x2000, 0x1004, 0x5};
    ctx.set_unknown_syscall_reply(syscall_reply, 12);
    EXPECT_EQ(ctx.regs[arch::UserContext::spsr], arch::spsr_user_initial.raw());
    const kern::word_t exception_reply[3] = {0x1000, 0x2000, ~kern::word_t{0}};
    ctx.set_user_exception_reply(exception_reply, 3);
    EXPECT_EQ(ctx.regs[arch::UserContext::spsr], 0xf0000000u | arch::spsr_user_initial.raw());
    ctx.set_user_exception_reply(exception_reply, 2);  // SPSR untouched
    EXPECT_EQ(ctx.regs[arch::UserContext::spsr], 0xf0000000u | arch::spsr_user_initial.raw());
}

TEST(Aarch64UserContext, OrderMatchesLibsel4) {
    using C = arch::UserContext;
    static_assert(sizeof(seL4_UserContext) / sizeof(seL4_Word) == C::frame_register_count + C::gp_register_count);
#define WORD(field) (offsetof(seL4_UserContext, field) / sizeof(seL4_Word))
    EXPECT_EQ(C::user_register_order[WORD(pc)], C::fault_ip_index);
    EXPECT_EQ(C::user_register_order[WORD(sp)], C::sp_el0);
    EXPECT_EQ(C::user_register_order[WORD(spsr)], C::spsr);
    EXPECT_EQ(C::user_register_order[WORD(x0)], C::x0);
    EXPECT_EQ(C::user_register_order[WORD(x8)], C::x8);
    EXPECT_EQ(C::user_register_order[WORD(x16)], C::x16);
    EXPECT_EQ(C::user_register_order[WORD(x18)], C::x18);
    EXPECT_EQ(C::user_register_order[WORD(x29)], C::x29);
    EXPECT_EQ(C::user_register_order[WORD(x30)], C::x30);
    EXPECT_EQ(C::user_register_order[WORD(x9)], C::x9);
    EXPECT_EQ(C::user_register_order[WORD(x15)], C::x15);
    EXPECT_EQ(C::user_register_order[WORD(x19)], C::x19);
    EXPECT_EQ(C::user_register_order[WORD(x28)], C::x28);
    EXPECT_EQ(C::user_register_order[WORD(tpidr_el0)], C::tpidr_el0);
    EXPECT_EQ(C::user_register_order[WORD(tpidrro_el0)], C::tpidrro_el0);
#undef WORD
    EXPECT_EQ(C::frame_register_count, 17u);
    EXPECT_EQ(C::gp_register_count, 19u);
    EXPECT_EQ(C::timeout_reply_registers, 34u);  // everything but the two TLS registers
}

TEST(Aarch64UserContext, PcWritesSetFaultIpAndNextIp) {
    arch::UserContext ctx{};
    ctx.set_user_register(0, 0x400000);
    EXPECT_EQ(ctx.fault_ip(), 0x400000u);
    EXPECT_EQ(ctx.next_ip(), 0x400000u);
    // UnknownSyscall reply: FaultIP (8) then ELR (10), so ELR wins for NextIP.
    const kern::word_t reply[12] = {1, 2, 3, 4, 5, 6, 7, 8, 0x1000, 0x8000, 0x1004, 0};
    ctx.set_unknown_syscall_reply(reply, 12);
    EXPECT_EQ(ctx.fault_ip(), 0x1000u);
    EXPECT_EQ(ctx.next_ip(), 0x1004u);
    EXPECT_EQ(ctx.regs[arch::UserContext::sp_el0], 0x8000u);
    for (unsigned i = 0; i < 8; ++i) EXPECT_EQ(ctx.regs[i], i + 1);
    ctx.set_tls_base(0x77);
    EXPECT_EQ(ctx.regs[arch::UserContext::tpidr_el0], 0x77u);
}

TEST(Aarch64UserContext, FaultMessages) {
    arch::UserContext ctx{};
    for (unsigned i = 0; i < arch::UserContext::count; ++i) ctx.regs[i] = 100 + i;
    kern::word_t mr[13] = {};
    ASSERT_EQ(ctx.unknown_syscall_message(mr), 13u);
    for (unsigned i = 0; i < 8; ++i) EXPECT_EQ(mr[i], 100u + i);
    EXPECT_EQ(mr[8], 100u + arch::UserContext::fault_ip_index);
    EXPECT_EQ(mr[9], 100u + arch::UserContext::sp_el0);
    EXPECT_EQ(mr[10], 100u + arch::UserContext::elr);
    EXPECT_EQ(mr[11], 100u + arch::UserContext::spsr);
    EXPECT_EQ(mr[12], 107u);  // the number, from x7
    ASSERT_EQ(ctx.user_exception_message(mr, 0x1fe00000, 0), 5u);
    EXPECT_EQ(mr[0], 100u + arch::UserContext::fault_ip_index);
    EXPECT_EQ(mr[1], 100u + arch::UserContext::sp_el0);
    EXPECT_EQ(mr[2], 100u + arch::UserContext::spsr);
    EXPECT_EQ(mr[3], 0x1fe00000u);
    EXPECT_EQ(mr[4], 0u);
}

}  // namespace
