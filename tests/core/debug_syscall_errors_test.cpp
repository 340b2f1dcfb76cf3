// SPDX-License-Identifier: BSD-2-Clause
// The debug system calls with bad input, as seL4's debug kernel handles them
// (sel4-abi.md §1.4, sel4-mcs.md §1.2): DebugNameThread halts the machine
// for anything it cannot use; DebugCapIdentify answers every CPtr, with 0
// for an empty slot or a failed lookup, in the cap register only; and the
// debug calls run before the budget check, so they are never restarted.
#include <algorithm>
#include <cstring>
#include <string>

#include <support/fault_watch.hpp>

namespace {

using namespace kern;
using namespace test_support;

constexpr auto debug_name_thread = static_cast<Syscall>(-17);
constexpr auto debug_cap_identify = static_cast<Syscall>(-15);
constexpr auto debug_put_char = static_cast<Syscall>(-12);

class DebugSyscallErrorsTest : public ::testing::Test {
protected:
    void SetUp() override { arch::host_console().clear(); }
    void write_name(Tcb& t, const std::string& name) {
        std::memcpy(sys.buffer_of(t) + 1, name.c_str(), name.size() + 1);
    }
    TrapOutcome name_thread(word_t cptr) { return sys.syscall(sys.root(), debug_name_thread, {{0, cptr}}); }
    void expect_halted(TrapOutcome outcome, const char* why) {
        EXPECT_EQ(outcome, TrapOutcome::halt(exit_status_user_fault));
        EXPECT_NE(arch::host_console().find(why), std::string::npos) << arch::host_console();
    }
    System sys;
};

TEST_F(DebugSyscallErrorsTest, NameThreadHaltsForAnythingButATcb) {
    System::Thread t = sys.make_thread();
    write_name(sys.root(), "worker");
    expect_halted(name_thread(unresolvable_cptr), "not a TCB");
    expect_halted(name_thread(sys.new_cptr()), "not a TCB");
    expect_halted(name_thread(sys.make_endpoint()), "not a TCB");
    expect_halted(name_thread(System::sched_control_cptr), "not a TCB");
    EXPECT_STREQ(t->name(), "");
    EXPECT_EQ(name_thread(t.cptr), TrapOutcome::resume());
    EXPECT_STREQ(t->name(), "worker");
}

TEST_F(DebugSyscallErrorsTest, NameThreadHaltsWithoutAWritableIpcBuffer) {
    const word_t read_only = sys.new_cptr();
    cdt::insert_root(sys.slot(read_only), FrameCap::make(sys.allocate(page_bits), FrameSize::Small,
                                                          VmRights::ReadOnly, false));
    ASSERT_EQ(cdt::delete_slot(sys.root().slot(TcbSlot::Buffer)), Completion::Done);
    expect_halted(name_thread(System::root_tcb_cptr), "IPC buffer");
    // A read-only buffer is no buffer to seL4's lookup (lookupIPCBuffer(true)).
    cdt::insert_child(sys.slot(read_only), sys.root().slot(TcbSlot::Buffer), sys.slot(read_only).cap);
    write_name(sys.root(), "root");
    arch::host_console().clear();
    expect_halted(name_thread(System::root_tcb_cptr), "IPC buffer");
    EXPECT_STREQ(sys.root().name(), "");
}

TEST_F(DebugSyscallErrorsTest, NameThreadHaltsForANameWithoutItsNulInTheMessage) {
    // seL4_MsgMaxLength words from msg[0]: 960 bytes, the NUL must be among them.
    constexpr std::size_t limit = MessageInfo::max_length * sizeof(word_t);
    std::memset(sys.buffer_of(sys.root()) + 1, 'x', limit);
    expect_halted(name_thread(System::root_tcb_cptr), "NUL-terminated");
    EXPECT_STREQ(sys.root().name(), "");
    // 959 characters and the NUL fit; the TCB keeps what its name field holds.
    write_name(sys.root(), std::string(limit - 1, 'y'));
    EXPECT_EQ(name_thread(System::root_tcb_cptr), TrapOutcome::resume());
    EXPECT_EQ(std::string(sys.root().name()), std::string(std::min<std::size_t>(limit - 1, tcb_name_length - 1), 'y'));
}

// The tag of the cap's type (sel4-abi.md §1.4), 0 for an empty slot or a
// failed lookup; nothing but the cap register is written, and no fault.
TEST_F(DebugSyscallErrorsTest, CapIdentifyAnswersEveryCPtrInTheCapRegisterOnly) {
    FaultWatch watch{sys};
    Tcb& subject = *watch.subject;
    const word_t frame = sys.new_cptr();
    cdt::insert_root(sys.slot(frame), FrameCap::make(sys.allocate(page_bits), FrameSize::Small,
                                                      VmRights::ReadWrite, false));
    const std::pair<word_t, word_t> expected_tags[] = {
        {unresolvable_cptr, 0},        {sys.new_cptr(), 0},          {frame, 1},
        {sys.make_untyped(12), 2},     {sys.make_endpoint(), 4},     {sys.make_notification(), 6},
        {sys.make_reply(), 8},         {sys.make_root_cnode_cap(), 10}, {System::root_tcb_cptr, 12},
        {System::root_sc_cptr, 22},    {System::sched_control_cptr, 24},
    };
    for (const auto& [cptr, tag] : expected_tags) {
        SCOPED_TRACE(cptr);
        for (unsigned i = 1; i <= 8; ++i) subject.context.set_reg(i, 0x100 + i);
        sys.syscall(subject, debug_cap_identify, {{0, cptr}});
        EXPECT_EQ(subject.context.reg(0), tag);
        for (unsigned i = 1; i <= 8; ++i)
            if (i != 7) EXPECT_EQ(subject.context.reg(i), 0x100u + i) << "register " << i;
        EXPECT_EQ(subject.state, ThreadState::Running);
        watch.expect_no_fault();
    }
}

// seL4 handles the debug calls before it updates the clock and checks the
// budget: a thread past its budget still gets them done, and is neither
// charged nor restarted; its next API call is.
TEST_F(DebugSyscallErrorsTest, DebugCallsRunWithoutABudgetCheck) {
    ASSERT_EQ(sys.invoke(sys.root(), System::root_tcb_cptr, Label::TCBSetPriority, {10}, {System::root_tcb_cptr}),
              0u);
    System::Thread t = sys.spawn(100, true, 1000, 10000);
    ASSERT_EQ(&sys.current(), t.tcb);
    sys.advance_us(1500);
    sys.syscall(*t, debug_cap_identify, {{0, System::root_tcb_cptr}});
    EXPECT_EQ(t->context.reg(0), 12u);
    sys.syscall(*t, debug_put_char, {{0, 'z'}});
    EXPECT_EQ(arch::host_console(), "z");
    EXPECT_EQ(t->state, ThreadState::Running);
    EXPECT_EQ(&sys.current(), t.tcb);
    EXPECT_FALSE(t->in_release_queue);

    sys.syscall(*t, Syscall::NBWait, {{0, sys.make_notification()}});
    EXPECT_EQ(t->state, ThreadState::Restart);
    EXPECT_TRUE(t->in_release_queue);
}

}  // namespace
