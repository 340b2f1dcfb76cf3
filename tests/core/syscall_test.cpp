// SPDX-License-Identifier: BSD-2-Clause
// System-call dispatch (sel4-mcs.md §1): numbers, the debug calls of debug
// kernels, and every other number becoming an UnknownSyscall fault.
#include <gtest/gtest.h>

#include <arch/machine.hpp>
#include <kern/console.hpp>
#include <kern/syscall.hpp>
#include <kern/trap.hpp>
#include <support/system_fixture.hpp>

namespace {

using kern::Syscall;
using kern::TrapOutcome;

class SyscallTest : public ::testing::Test {
protected:
    void SetUp() override { arch::host_console().clear(); }
    TrapOutcome call(kern::sword_t number, kern::word_t cap = 0) {
        ctx.set_syscall(number, cap);
        return sys.enter([&]() -> TrapOutcome { return kern::handle_syscall(ctx); });
    }
    test_support::System sys;
    arch::UserContext& ctx = sys.root().context;
};

TEST_F(SyscallTest, NumbersAreSeL4MCS) {
    // sel4-abi.md §17.1
    EXPECT_EQ(static_cast<int>(Syscall::Call), -1);
    EXPECT_EQ(static_cast<int>(Syscall::ReplyRecv), -2);
    EXPECT_EQ(static_cast<int>(Syscall::NBSendRecv), -3);
    EXPECT_EQ(static_cast<int>(Syscall::NBSendWait), -4);
    EXPECT_EQ(static_cast<int>(Syscall::Send), -5);
    EXPECT_EQ(static_cast<int>(Syscall::NBSend), -6);
    EXPECT_EQ(static_cast<int>(Syscall::Recv), -7);
    EXPECT_EQ(static_cast<int>(Syscall::NBRecv), -8);
    EXPECT_EQ(static_cast<int>(Syscall::Wait), -9);
    EXPECT_EQ(static_cast<int>(Syscall::NBWait), -10);
    EXPECT_EQ(static_cast<int>(Syscall::Yield), -11);
    EXPECT_EQ(static_cast<int>(Syscall::DebugPutChar), -12);
    EXPECT_EQ(static_cast<int>(Syscall::DebugHalt), -14);
    EXPECT_EQ(static_cast<int>(Syscall::DebugCapIdentify), -15);
    EXPECT_EQ(static_cast<int>(Syscall::DebugNameThread), -17);
    EXPECT_EQ(static_cast<int>(Syscall::DebugGetThreadAffinity), -19);
    EXPECT_EQ(static_cast<int>(Syscall::BenchmarkFlushCaches), -21);
    EXPECT_EQ(static_cast<int>(Syscall::BenchmarkResetAllThreadsUtilisation), -29);
    EXPECT_EQ(static_cast<int>(Syscall::SetTLSBase), -33);
    EXPECT_EQ(kern::syscall_min, -11);
    EXPECT_EQ(kern::syscall_max, -1);
}

TEST_F(SyscallTest, DebugPutCharPrintsTheCapRegisterAndResumes) {
    EXPECT_EQ(call(-12, 'A'), TrapOutcome::resume());
    EXPECT_EQ(call(-12, '\n'), TrapOutcome::resume());
    EXPECT_EQ(arch::host_console(), "A\n");
}

TEST_F(SyscallTest, DebugPutCharUsesOnlyTheLowByte) {
    EXPECT_EQ(call(-12, 0x4142), TrapOutcome::resume());
    EXPECT_EQ(arch::host_console(), "B");
}

TEST_F(SyscallTest, DebugPutCharLeavesRegistersAlone) {
    for (unsigned i = 0; i < 9; ++i) ctx.set_reg(i, 100 + i);
    ctx.set_syscall(-12, 'x');
    ASSERT_EQ(kern::handle_syscall(ctx), TrapOutcome::resume());
    EXPECT_EQ(ctx.reg(0), 'x');
    EXPECT_EQ(ctx.syscall_number(), -12);  // register 7 carries the number
    for (unsigned i = 1; i < 9; ++i)
        if (i != 7) EXPECT_EQ(ctx.reg(i), 100 + i) << "register " << i;
}

TEST_F(SyscallTest, DebugHaltHaltsWithSuccess) {
    EXPECT_EQ(call(-14), TrapOutcome::halt(0));
    EXPECT_NE(arch::host_console().find("seL4_DebugHalt"), std::string::npos);
}

// Numbers that are neither API calls nor debug calls this kernel has are
// UnknownSyscall faults (sel4-abi.md §1.2); without a fault handler the
// thread stops with seL4's print and the machine goes on.
void expect_unknown_syscall_fault(kern::sword_t n) {
    arch::host_console().clear();
    test_support::System sys;
    sys.spawn(1);  // something can still run after the root thread stops
    sys.root().context.set_syscall(n, 0);
    EXPECT_EQ(kern::handle_syscall(sys.root().context), TrapOutcome::resume()) << n;
    EXPECT_EQ(sys.root().state, kern::ThreadState::Inactive) << n;
    EXPECT_NE(arch::host_console().find("Found thread has no fault handler while trying to handle:\nunknown syscall"),
              std::string::npos)
        << arch::host_console();
}

TEST_F(SyscallTest, DebugAndBenchmarkNumbersThisKernelLacksAreUnknownSyscallFaults) {
    for (kern::sword_t n = -33; n <= -16; ++n) {
        if (n == -17) continue;  // DebugNameThread exists
        ASSERT_NE(kern::syscall_name(n), nullptr) << n;
        expect_unknown_syscall_fault(n);
    }
}

TEST_F(SyscallTest, UnknownNumbersAreUnknownSyscallFaults) {
    for (kern::sword_t n : {kern::sword_t{0}, kern::sword_t{1}, kern::sword_t{-34}, kern::sword_t{-1000},
                            kern::sword_t{INT64_MIN}}) {
        EXPECT_EQ(kern::syscall_name(n), nullptr);
        expect_unknown_syscall_fault(n);
    }
}

TEST_F(SyscallTest, DebugDumpSchedulerPrintsTheQueues) {
    EXPECT_EQ(call(-13), TrapOutcome::resume());
    EXPECT_NE(arch::host_console().find("current"), std::string::npos) << arch::host_console();
}

TEST_F(SyscallTest, DebugNameThreadNamesTheTcb) {
    const char name[] = "rootserver";
    __builtin_memcpy(sys.buffer_of(sys.root()) + 1, name, sizeof name);
    EXPECT_EQ(call(-17, test_support::System::root_tcb_cptr), TrapOutcome::resume());
    EXPECT_STREQ(sys.root().name(), "rootserver");
}

TEST_F(SyscallTest, KernelPanicsNameTheCurrentThread) {
    const char name[] = "the-root";
    __builtin_memcpy(sys.buffer_of(sys.root()) + 1, name, sizeof name);
    ASSERT_EQ(call(-17, test_support::System::root_tcb_cptr), TrapOutcome::resume());
    arch::host_console().clear();
    EXPECT_THROW(kern::panic("test"), arch::MachineExit);
    EXPECT_NE(arch::host_console().find("current thread"), std::string::npos);
    EXPECT_NE(arch::host_console().find("\"the-root\""), std::string::npos) << arch::host_console();
}

TEST_F(SyscallTest, DebugNameThreadOnANonTcbHalts) {
    EXPECT_EQ(call(-17, test_support::System::root_sc_cptr), TrapOutcome::halt(kern::exit_status_user_fault));
    EXPECT_NE(arch::host_console().find("not a TCB"), std::string::npos);
}

TEST_F(SyscallTest, SyscallNamesMatchLibsel4) {
    EXPECT_STREQ(kern::syscall_name(-1), "seL4_SysCall");
    EXPECT_STREQ(kern::syscall_name(-11), "seL4_SysYield");
    EXPECT_STREQ(kern::syscall_name(-12), "seL4_SysDebugPutChar");
    EXPECT_STREQ(kern::syscall_name(-33), "seL4_SysSetTLSBase");
}

TEST_F(SyscallTest, UserFaultsWithoutAHandlerStopTheThread) {
    sys.spawn(1);
    kern::UserFault fault{kern::UserFault::Kind::VMFault, 0x1000, 0xdead000, 5, "load page fault"};
    EXPECT_EQ(kern::handle_user_fault(ctx, fault), TrapOutcome::resume());
    EXPECT_EQ(sys.root().state, kern::ThreadState::Inactive);
    EXPECT_NE(arch::host_console().find("vm fault on data at address 0xdead000"), std::string::npos)
        << arch::host_console();
}

}  // namespace
