// SPDX-License-Identifier: BSD-2-Clause
// The host fake arch: its UserContext is the RISC-V one (seL4 register
// orders, fault message layouts) plus test helpers; the fake clock and FPU
// owner.
#include <gtest/gtest.h>

#include <arch/machine.hpp>
#include <arch/user_context.hpp>
#include <kern/arch_contract.hpp>
#include <kern/object/tcb.hpp>

namespace {

using arch::UserContext;
using kern::word_t;

// Every save-area register holds 1000 + its index.
UserContext numbered() {
    UserContext ctx;
    for (unsigned i = 0; i < UserContext::count; ++i) ctx.regs[i] = 1000 + i;
    return ctx;
}

TEST(HostUserContext, HelpersUseTheRiscvSyscallRegisters) {
    UserContext ctx;
    ctx.set_syscall(-12, 'x');
    EXPECT_EQ(ctx.syscall_number(), -12);
    EXPECT_EQ(ctx.regs[UserContext::a7], static_cast<word_t>(-12));
    EXPECT_EQ(ctx.cap_register(), 'x');
    EXPECT_EQ(ctx.regs[UserContext::a0], 'x');
    for (unsigned i = 0; i < 9; ++i) ctx.set_reg(i, 100 + i);
    EXPECT_EQ(ctx.info_register(), 101u);
    for (unsigned i = 0; i < 4; ++i) EXPECT_EQ(ctx.message_register(i), 102u + i);
    EXPECT_EQ(ctx.reply_register(), 106u);
    EXPECT_EQ(ctx.regs[UserContext::a7], 107u);
    EXPECT_EQ(ctx.nbsendrecv_dest_register(), 108u);
    EXPECT_EQ(ctx.regs[UserContext::t0], 108u);
    ctx.set_pc(0x1000);
    EXPECT_EQ(ctx.fault_ip(), 0x1000u);
    EXPECT_EQ(ctx.next_ip(), 0x1004u);
}

TEST(HostUserContext, UserContextOrderIsSeL4s) {
    static_assert(UserContext::frame_register_count == 16 && UserContext::gp_register_count == 16);
    const UserContext ctx = numbered();
    // pc ra sp gp s0 s1 s2..s11 | a0..a7 t0..t6 tp (sel4-abi.md §7.3)
    const unsigned expected[32] = {
        UserContext::fault_ip_index, UserContext::ra, UserContext::sp, UserContext::gp, UserContext::s0,
        UserContext::s1, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
        9, 10, 11, 12, 13, 14, 15, 16, UserContext::t0, UserContext::t1, UserContext::t2, 27, 28, 29, 30,
        UserContext::tp,
    };
    for (unsigned i = 0; i < 32; ++i) EXPECT_EQ(ctx.user_register(i), 1000 + expected[i]) << i;
    EXPECT_EQ(ctx.user_register(32), 0u);
}

TEST(HostUserContext, WritingPcSetsFaultIpAndNextIp) {
    UserContext ctx = numbered();
    ctx.set_user_register(0, 0x4000);
    EXPECT_EQ(ctx.fault_ip(), 0x4000u);
    EXPECT_EQ(ctx.next_ip(), 0x4000u);
    ctx.set_user_register(31, 0x77);  // tp
    EXPECT_EQ(ctx.regs[UserContext::tp], 0x77u);
    ctx.set_user_register(32, 0x99);  // out of range: ignored
    EXPECT_EQ(ctx.regs[UserContext::sstatus], 1000u + UserContext::sstatus);
    ctx.set_tls_base(0x1234);
    EXPECT_EQ(ctx.user_register(31), 0x1234u);
}

TEST(HostUserContext, UnknownSyscallMessageAndReply) {
    UserContext ctx = numbered();
    word_t mr[kern::max_register_fault_message] = {};
    ASSERT_EQ(ctx.unknown_syscall_message(mr), 11u);
    // FaultIP, SP, RA, a0..a6, the number (a7)
    EXPECT_EQ(mr[0], 1000u + UserContext::fault_ip_index);
    EXPECT_EQ(mr[1], 1000u + UserContext::sp);
    EXPECT_EQ(mr[2], 1000u + UserContext::ra);
    for (unsigned i = 0; i < 7; ++i) EXPECT_EQ(mr[3 + i], 1000u + UserContext::a0 + i) << i;
    EXPECT_EQ(mr[10], 1000u + UserContext::a7);

    const word_t reply[11] = {0x2000, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    ctx.set_unknown_syscall_reply(reply, 11);  // only the first 10 are registers
    EXPECT_EQ(ctx.fault_ip(), 0x2000u);
    EXPECT_EQ(ctx.next_ip(), 0x2000u);
    EXPECT_EQ(ctx.regs[UserContext::sp], 2u);
    EXPECT_EQ(ctx.regs[UserContext::ra], 3u);
    for (unsigned i = 0; i < 7; ++i) EXPECT_EQ(ctx.regs[UserContext::a0 + i], 4u + i);
    EXPECT_EQ(ctx.regs[UserContext::a7], 1000u + UserContext::a7);

    UserContext short_reply = numbered();
    short_reply.set_unknown_syscall_reply(reply + 1, 2);  // FaultIP and SP only
    EXPECT_EQ(short_reply.fault_ip(), 2u);
    EXPECT_EQ(short_reply.regs[UserContext::sp], 3u);
    EXPECT_EQ(short_reply.regs[UserContext::ra], 1000u + UserContext::ra);
}

TEST(HostUserContext, UserExceptionMessageAndReply) {
    UserContext ctx = numbered();
    word_t mr[kern::max_register_fault_message] = {};
    ASSERT_EQ(ctx.user_exception_message(mr, 2, 0), 4u);
    EXPECT_EQ(mr[0], 1000u + UserContext::fault_ip_index);
    EXPECT_EQ(mr[1], 1000u + UserContext::sp);
    EXPECT_EQ(mr[2], 2u);
    EXPECT_EQ(mr[3], 0u);
    const word_t reply[4] = {0x3000, 0x5000, 7, 7};
    ctx.set_user_exception_reply(reply, 4);
    EXPECT_EQ(ctx.fault_ip(), 0x3000u);
    EXPECT_EQ(ctx.next_ip(), 0x3000u);
    EXPECT_EQ(ctx.regs[UserContext::sp], 0x5000u);
    EXPECT_EQ(ctx.regs[UserContext::ra], 1000u + UserContext::ra);
    EXPECT_EQ(ctx.regs[UserContext::scause], 1000u + UserContext::scause);
}

TEST(HostUserContext, TimeoutReplyCoversTheWholeContext) {
    EXPECT_EQ(UserContext::timeout_reply_registers, 32u);
}

TEST(HostUserContext, InitUserClearsEverything) {
    UserContext ctx = numbered();
    ctx.init_user(0x10000, 0x42);
    EXPECT_EQ(ctx.fault_ip(), 0x10000u);
    EXPECT_EQ(ctx.next_ip(), 0x10000u);
    EXPECT_EQ(ctx.cap_register(), 0x42u);
    for (unsigned i = 1; i < 32; ++i) EXPECT_EQ(ctx.user_register(i), i == 16 ? 0x42u : 0u) << i;
}

TEST(HostMachine, FakeClockAndDeadline) {
    arch::reset_host_timer();
    EXPECT_EQ(arch::timer_now(), 0u);
    EXPECT_EQ(arch::host_deadline(), arch::host_no_deadline);
    arch::set_host_time(12345);
    EXPECT_EQ(arch::timer_now(), 12345u);
    arch::timer_set_deadline(20000);
    EXPECT_EQ(arch::host_deadline(), 20000u);
    arch::reset_host_timer();
    EXPECT_EQ(arch::host_deadline(), arch::host_no_deadline);
}

TEST(HostMachine, FpuReleaseForgetsOnlyTheOwner) {
    alignas(kern::Tcb) unsigned char a[sizeof(kern::Tcb)];
    alignas(kern::Tcb) unsigned char b[sizeof(kern::Tcb)];
    auto* owner = reinterpret_cast<kern::Tcb*>(a);
    auto* other = reinterpret_cast<kern::Tcb*>(b);
    arch::set_host_fpu_owner(owner);
    arch::fpu_release(*other);
    EXPECT_EQ(arch::host_fpu_owner(), owner);
    arch::fpu_release(*owner);
    EXPECT_EQ(arch::host_fpu_owner(), nullptr);
}

}  // namespace
