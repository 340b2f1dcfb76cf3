// SPDX-License-Identifier: BSD-2-Clause
// RISC-V CSR and Sv39 PTE encodings [riscv/priv 4.1, 4.4].
#include <gtest/gtest.h>

#include <cstddef>

#include <sel4/arch/types.h>

#include <arch/csr.hpp>
#include <arch/pte.hpp>
#include <arch/user_context.hpp>

namespace {

using namespace arch::riscv;

TEST(RiscvCsr, UserInitialSstatusReturnsToUserWithInterruptsAndNoFpuYet) {
    EXPECT_EQ(user_initial_sstatus.raw(), 1ull << 5);  // SPIE; FS Off until the first FP instruction
    EXPECT_EQ(user_initial_sstatus.get<Sstatus::FS>(), Sstatus::fs_off);
    EXPECT_FALSE(user_initial_sstatus.test<Sstatus::SPP>());
    EXPECT_FALSE(user_initial_sstatus.test<Sstatus::SIE>());
}

TEST(RiscvCsr, SatpSv39) {
    EXPECT_EQ(Satp::sv39(0x80212000).raw(), (8ull << 60) | 0x80212);
    EXPECT_EQ(Satp::sv39(0x80212000, 3).get<Satp::ASID>(), 3u);
}

TEST(RiscvCsr, ScauseDecodingAndNames) {
    const Scause timer{(1ull << 63) | 5};
    EXPECT_TRUE(timer.is_interrupt());
    EXPECT_EQ(timer.code(), 5u);
    EXPECT_STREQ(cause_name(timer), "supervisor timer interrupt");
    EXPECT_STREQ(cause_name(Scause{8}), "environment call from U-mode");
    EXPECT_STREQ(cause_name(Scause{15}), "store/AMO page fault");
    EXPECT_STREQ(cause_name(Scause{14}), "reserved exception");
}

TEST(RiscvCsr, VmFaultFsrFoldsPageFaultsIntoAccessFaults) {
    EXPECT_EQ(vm_fault_fsr(12), 1u);
    EXPECT_EQ(vm_fault_fsr(1), 1u);
    EXPECT_EQ(vm_fault_fsr(13), 5u);
    EXPECT_EQ(vm_fault_fsr(5), 5u);
    EXPECT_EQ(vm_fault_fsr(15), 7u);
    EXPECT_EQ(vm_fault_fsr(7), 7u);
    EXPECT_EQ(vm_fault_fsr(2), 0u);   // illegal instruction: a UserException
    EXPECT_EQ(vm_fault_fsr(8), 0u);
}

TEST(RiscvPte, LeafAndTableEntries) {
    const Pte leaf = Pte::leaf(0x80400000, true, true, false, true, false);
    EXPECT_TRUE(leaf.valid());
    EXPECT_TRUE(leaf.is_leaf());
    EXPECT_EQ(leaf.paddr(), 0x80400000u);
    EXPECT_EQ(leaf.raw(), (0x80400ull << 10) | 0x1|0x2|0x4|0x10|0x40|0x80);
    const Pte table = Pte::table(0x80500000);
    EXPECT_TRUE(table.valid());
    EXPECT_FALSE(table.is_leaf());
    EXPECT_EQ(table.paddr(), 0x80500000u);
    EXPECT_EQ(kernel_gigapage_flags, 0xefu);  // entry.S GIGAPAGE_FLAGS
}

TEST(RiscvPte, Sv39Indices) {
    EXPECT_EQ(pt_index(0xffffffc080200000ull, 2), 258u);
    EXPECT_EQ(pt_index(0x80200000ull, 2), 2u);
    EXPECT_EQ(pt_index(0x80200000ull, 1), 1u);
    EXPECT_EQ(pt_index(0x10000ull, 0), 16u);
}

// seL4_UserContext word order against libsel4's struct: word i of the
// struct is save-area register user_register_order[i].
TEST(RiscvUserContext, OrderMatchesLibsel4) {
    using C = arch::UserContext;
    static_assert(sizeof(seL4_UserContext) / sizeof(seL4_Word) == C::frame_register_count + C::gp_register_count);
#define WORD(field) (offsetof(seL4_UserContext, field) / sizeof(seL4_Word))
    EXPECT_EQ(C::user_register_order[WORD(pc)], C::fault_ip_index);
    EXPECT_EQ(C::user_register_order[WORD(ra)], C::ra);
    EXPECT_EQ(C::user_register_order[WORD(sp)], C::sp);
    EXPECT_EQ(C::user_register_order[WORD(gp)], C::gp);
    EXPECT_EQ(C::user_register_order[WORD(s0)], C::s0);
    EXPECT_EQ(C::user_register_order[WORD(s1)], C::s1);
    EXPECT_EQ(C::user_register_order[WORD(s2)], C::s2);
    EXPECT_EQ(C::user_register_order[WORD(s11)], C::s11);
    EXPECT_EQ(C::user_register_order[WORD(a0)], C::a0);
    EXPECT_EQ(C::user_register_order[WORD(a7)], C::a7);
    EXPECT_EQ(C::user_register_order[WORD(t0)], C::t0);
    EXPECT_EQ(C::user_register_order[WORD(t2)], C::t2);
    EXPECT_EQ(C::user_register_order[WORD(t3)], C::t3);
    EXPECT_EQ(C::user_register_order[WORD(t6)], C::t6);
    EXPECT_EQ(C::user_register_order[WORD(tp)], C::tp);
#undef WORD
    EXPECT_EQ(C::frame_register_count, 16u);
    EXPECT_EQ(C::gp_register_count, 16u);
    EXPECT_EQ(C::timeout_reply_registers, 32u);
}

TEST(RiscvUserContext, FaultMessages) {
    arch::UserContext ctx;
    for (unsigned i = 0; i < arch::UserContext::count; ++i) ctx.regs[i] = 100 + i;
    kern::word_t mr[13] = {};
    ASSERT_EQ(ctx.unknown_syscall_message(mr), 11u);
    const unsigned syscall_order[11] = {33, 1, 0, 9, 10, 11, 12, 13, 14, 15, 16};  // FaultIP SP RA a0..a7
    for (unsigned i = 0; i < 11; ++i) EXPECT_EQ(mr[i], 100u + syscall_order[i]) << i;
    ASSERT_EQ(ctx.user_exception_message(mr, 2, 0), 4u);
    EXPECT_EQ(mr[0], 133u);
    EXPECT_EQ(mr[1], 101u);
    EXPECT_EQ(mr[2], 2u);
    EXPECT_EQ(mr[3], 0u);
}

}  // namespace
