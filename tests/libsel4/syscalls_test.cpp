// SPDX-License-Identifier: BSD-2-Clause
// Every MCS system-call stub against sel4-mcs.md §1.3: the syscall number,
// which registers it loads (cap, info, MR0-3, reply, NBSendRecv destination)
// and with what, and what it does with the kernel's answer. Built once per
// arch, with the debug configuration (all debug calls declared).
#include <cstring>
#include <string>

#include "stub_fixture.hpp"

namespace libsel4_test {
namespace {

constexpr seL4_Word unset = SEL4_FAKE_UNSET;

class SyscallStubs : public StubTest {
protected:
    // MR0-3 in the buffer, which the plain send stubs load into the registers.
    void set_buffer_mrs(seL4_Word base) {
        for (int i = 0; i < 4; ++i) seL4_SetMR(i, base + i);
    }
    // The next receive-shaped trap returns badge, info and MR0-3 = base..base+3.
    void answer(seL4_Word badge, seL4_MessageInfo_t info, seL4_Word base) {
        kernel().respond = [=](seL4_FakeRegisters& regs, seL4_IPCBuffer&) {
            regs.cap = badge;
            regs.info = info.words[0];
            for (int i = 0; i < 4; ++i) regs.mr[i] = base + i;
        };
    }
    void expect_buffer_mrs(seL4_Word base) {
        for (int i = 0; i < 4; ++i) EXPECT_EQ(seL4_GetMR(i), base + i) << "MR" << i;
    }
    static void expect_mrs(const KernelView& t, seL4_Word m0, seL4_Word m1, seL4_Word m2, seL4_Word m3) {
        EXPECT_EQ(t.regs.mr[0], m0);
        EXPECT_EQ(t.regs.mr[1], m1);
        EXPECT_EQ(t.regs.mr[2], m2);
        EXPECT_EQ(t.regs.mr[3], m3);
    }
};

const seL4_MessageInfo_t info4 = seL4_MessageInfo_new(0x123, 0, 2, 4);

TEST_F(SyscallStubs, SendAndNBSendLoadCapInfoAndMr0To3FromTheBuffer) {
    set_buffer_mrs(100);
    seL4_Send(7, info4);
    seL4_NBSend(8, info4);
    ASSERT_EQ(kernel().traps.size(), 2u);
    const auto& send = kernel().traps[0].regs;
    const auto& nbsend = kernel().traps[1].regs;
    EXPECT_EQ(send.shape, SEL4_FAKE_SEND);
    EXPECT_EQ(static_cast<long>(send.sys), -5);
    EXPECT_EQ(send.cap, 7u);
    EXPECT_EQ(send.info, info4.words[0]);
    expect_mrs(kernel().traps[0], 100, 101, 102, 103);
    EXPECT_EQ(send.reply, unset);
    EXPECT_EQ(send.nb_dest, unset);
    EXPECT_EQ(nbsend.shape, SEL4_FAKE_SEND);
    EXPECT_EQ(static_cast<long>(nbsend.sys), -6);
    EXPECT_EQ(nbsend.cap, 8u);
}

TEST_F(SyscallStubs, SignalIsASendOfAnEmptyMessageThatLeavesTheMrRegistersAlone) {
    seL4_Signal(9);
    const auto& t = only_trap().regs;
    EXPECT_EQ(t.shape, SEL4_FAKE_SEND_SHORT);
    EXPECT_EQ(static_cast<long>(t.sys), -5);
    EXPECT_EQ(t.cap, 9u);
    EXPECT_EQ(t.info, 0u);
    EXPECT_EQ(t.mr[0], unset);
}

TEST_F(SyscallStubs, CallPassesNoReplyObjectAndStoresTheReplyMrsInTheBuffer) {
    set_buffer_mrs(200);
    answer(0, seL4_MessageInfo_new(0, 0, 0, 3), 900);
    const seL4_MessageInfo_t reply = seL4_Call(3, info4);
    const auto& t = only_trap().regs;
    EXPECT_EQ(t.shape, SEL4_FAKE_SEND_RECV);
    EXPECT_EQ(static_cast<long>(t.sys), -1);
    EXPECT_EQ(t.cap, 3u);
    EXPECT_EQ(t.info, info4.words[0]);
    expect_mrs(only_trap(), 200, 201, 202, 203);
    EXPECT_EQ(t.reply, 0u);
    EXPECT_EQ(seL4_MessageInfo_get_length(reply), 3u);
    expect_buffer_mrs(900);
}

TEST_F(SyscallStubs, RecvFamilyNumbersAndReplyRegister) {
    struct Case {
        const char* name;
        long number;
        seL4_Word reply;  // expected in the reply register
        seL4_MessageInfo_t (*call)(seL4_Word* badge);
    };
    const Case cases[] = {
        {"Recv", -7, 44, [](seL4_Word* b) { return seL4_Recv(5, b, 44); }},
        {"NBRecv", -8, 45, [](seL4_Word* b) { return seL4_NBRecv(5, b, 45); }},
        {"Wait", -9, 0, [](seL4_Word* b) { return seL4_Wait(5, b); }},
        {"NBWait", -10, 0, [](seL4_Word* b) { return seL4_NBWait(5, b); }},
        {"Poll", -10, 0, [](seL4_Word* b) { return seL4_Poll(5, b); }},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        kernel().traps.clear();
        answer(0xbad9e, seL4_MessageInfo_new(77, 0, 0, 2), 300);
        seL4_Word badge = 0;
        const seL4_MessageInfo_t info = c.call(&badge);
        const auto& t = only_trap().regs;
        EXPECT_EQ(t.shape, SEL4_FAKE_RECV);
        EXPECT_EQ(static_cast<long>(t.sys), c.number);
        EXPECT_EQ(t.cap, 5u);
        EXPECT_EQ(t.reply, c.reply);
        EXPECT_EQ(t.nb_dest, unset);
        EXPECT_EQ(badge, 0xbad9eu);
        EXPECT_EQ(seL4_MessageInfo_get_label(info), 77u);
        expect_buffer_mrs(300);
    }
    // A null badge pointer is allowed.
    answer(1, seL4_MessageInfo_new(0, 0, 0, 0), 0);
    (void)seL4_Recv(5, nullptr, 1);
}

TEST_F(SyscallStubs, ReplyRecvSendsThroughTheReplyRegisterAndReceivesOnSrc) {
    set_buffer_mrs(400);
    answer(12, seL4_MessageInfo_new(1, 0, 0, 4), 500);
    seL4_Word badge = 0;
    const seL4_MessageInfo_t info = seL4_ReplyRecv(6, info4, &badge, 66);
    const auto& t = only_trap().regs;
    EXPECT_EQ(t.shape, SEL4_FAKE_SEND_RECV);
    EXPECT_EQ(static_cast<long>(t.sys), -2);
    EXPECT_EQ(t.cap, 6u);
    EXPECT_EQ(t.reply, 66u);
    EXPECT_EQ(t.info, info4.words[0]);
    expect_mrs(only_trap(), 400, 401, 402, 403);
    EXPECT_EQ(badge, 12u);
    EXPECT_EQ(seL4_MessageInfo_get_label(info), 1u);
    expect_buffer_mrs(500);
}

TEST_F(SyscallStubs, NBSendRecvPutsDestInTheNBSendRecvRegister) {
    set_buffer_mrs(10);
    answer(3, seL4_MessageInfo_new(0, 0, 0, 1), 20);
    seL4_Word badge = 0;
    (void)seL4_NBSendRecv(11, info4, 12, &badge, 13);
    const auto& t = only_trap().regs;
    EXPECT_EQ(t.shape, SEL4_FAKE_NB_SEND_RECV);
    EXPECT_EQ(static_cast<long>(t.sys), -3);
    EXPECT_EQ(t.nb_dest, 11u);
    EXPECT_EQ(t.cap, 12u);
    EXPECT_EQ(t.reply, 13u);
    expect_mrs(only_trap(), 10, 11, 12, 13);
    EXPECT_EQ(badge, 3u);
    expect_buffer_mrs(20);
}

TEST_F(SyscallStubs, NBSendWaitPutsDestInTheReplyRegisterAndZeroInTheNBSendRecvRegister) {
    set_buffer_mrs(30);
    seL4_Word badge = 0;
    (void)seL4_NBSendWait(21, info4, 22, &badge);
    const auto& t = only_trap().regs;
    EXPECT_EQ(t.shape, SEL4_FAKE_NB_SEND_RECV);
    EXPECT_EQ(static_cast<long>(t.sys), -4);
    EXPECT_EQ(t.reply, 21u);
    EXPECT_EQ(t.cap, 22u);
    EXPECT_EQ(t.nb_dest, 0u);
    expect_mrs(only_trap(), 30, 31, 32, 33);
}

TEST_F(SyscallStubs, YieldUsesOnlyTheNumberRegister) {
    seL4_Yield();
    const auto& t = only_trap().regs;
    EXPECT_EQ(t.shape, SEL4_FAKE_NULL);
    EXPECT_EQ(static_cast<long>(t.sys), -11);
    EXPECT_EQ(t.cap, unset);
}

// --- ...WithMRs --------------------------------------------------------------------------------

TEST_F(SyscallStubs, SendWithMRsLoadsEveryGivenMrWhenTheLengthIsNotZero) {
    seL4_Word m[4] = {1, 2, 3, 4};
    set_buffer_mrs(700);  // ignored by the WithMRs variants
    seL4_SendWithMRs(1, seL4_MessageInfo_new(0, 0, 0, 1), &m[0], &m[1], &m[2], &m[3]);
    expect_mrs(kernel().traps.back(), 1, 2, 3, 4);  // libsel4 quirk: all four use length > 0
    EXPECT_EQ(static_cast<long>(kernel().traps.back().regs.sys), -5);
    seL4_NBSendWithMRs(1, seL4_MessageInfo_new(0, 0, 0, 2), &m[0], nullptr, &m[2], nullptr);
    expect_mrs(kernel().traps.back(), 1, 0, 3, 0);
    EXPECT_EQ(static_cast<long>(kernel().traps.back().regs.sys), -6);
    seL4_SendWithMRs(1, seL4_MessageInfo_new(0, 0, 0, 0), &m[0], &m[1], &m[2], &m[3]);
    expect_mrs(kernel().traps.back(), 0, 0, 0, 0);
    EXPECT_EQ(kernel().traps.back().regs.shape, SEL4_FAKE_SEND);
}

TEST_F(SyscallStubs, CallWithMRsLoadsMrNOnlyBelowTheLengthAndWritesTheReplyBack) {
    seL4_Word m[4] = {1, 2, 3, 4};
    set_buffer_mrs(800);
    answer(0, seL4_MessageInfo_new(0, 0, 0, 4), 50);
    (void)seL4_CallWithMRs(2, seL4_MessageInfo_new(5, 0, 0, 2), &m[0], &m[1], &m[2], &m[3]);
    const auto& t = only_trap();
    EXPECT_EQ(static_cast<long>(t.regs.sys), -1);
    EXPECT_EQ(t.regs.reply, 0u);
    expect_mrs(t, 1, 2, 0, 0);
    EXPECT_EQ(m[0], 50u);
    EXPECT_EQ(m[3], 53u);
    expect_buffer_mrs(800);  // the buffer's MR0-3 are not touched
}

TEST_F(SyscallStubs, ReceiveWithMRsWritesOnlyThroughGivenPointers) {
    seL4_Word m0 = 0, m2 = 0, badge = 0;
    answer(9, seL4_MessageInfo_new(0, 0, 0, 4), 60);
    (void)seL4_RecvWithMRs(4, &badge, 14, &m0, nullptr, &m2, nullptr);
    EXPECT_EQ(kernel().traps.back().regs.reply, 14u);
    EXPECT_EQ(static_cast<long>(kernel().traps.back().regs.sys), -7);
    EXPECT_EQ(m0, 60u);
    EXPECT_EQ(m2, 62u);
    EXPECT_EQ(badge, 9u);
    answer(8, seL4_MessageInfo_new(0, 0, 0, 4), 70);
    (void)seL4_WaitWithMRs(4, &badge, nullptr, nullptr, &m2, nullptr);
    EXPECT_EQ(kernel().traps.back().regs.reply, 0u);
    EXPECT_EQ(static_cast<long>(kernel().traps.back().regs.sys), -9);
    EXPECT_EQ(m2, 72u);
    EXPECT_EQ(badge, 8u);
}

TEST_F(SyscallStubs, ReplyRecvAndNBSendRecvWithMRs) {
    seL4_Word m[4] = {1, 2, 3, 4}, badge = 0;
    answer(5, seL4_MessageInfo_new(0, 0, 0, 4), 80);
    (void)seL4_ReplyRecvWithMRs(3, seL4_MessageInfo_new(0, 0, 0, 3), &badge, &m[0], &m[1], &m[2], &m[3], 33);
    auto t = kernel().traps.back();
    EXPECT_EQ(static_cast<long>(t.regs.sys), -2);
    EXPECT_EQ(t.regs.reply, 33u);
    expect_mrs(t, 1, 2, 3, 0);
    EXPECT_EQ(m[3], 83u);
    EXPECT_EQ(badge, 5u);

    seL4_Word n[4] = {5, 6, 7, 8};
    (void)seL4_NBSendRecvWithMRs(41, seL4_MessageInfo_new(0, 0, 0, 4), 42, &badge, &n[0], &n[1], &n[2], &n[3], 43);
    t = kernel().traps.back();
    EXPECT_EQ(static_cast<long>(t.regs.sys), -3);
    EXPECT_EQ(t.regs.nb_dest, 41u);
    EXPECT_EQ(t.regs.cap, 42u);
    EXPECT_EQ(t.regs.reply, 43u);
    expect_mrs(t, 5, 6, 7, 8);
}

// libsel4 16.0.0 traps with the NBSendRecv number here (sel4-mcs.md §1.3); reproduced on purpose.
TEST_F(SyscallStubs, NBSendWaitWithMRsKeepsLibsel4sNBSendRecvNumber) {
    seL4_Word m0 = 1, badge = 0;
    (void)seL4_NBSendWaitWithMRs(51, seL4_MessageInfo_new(0, 0, 0, 1), 52, &badge, &m0, nullptr, nullptr, nullptr);
    const auto& t = only_trap().regs;
    EXPECT_EQ(t.shape, SEL4_FAKE_NB_SEND_RECV);
    EXPECT_EQ(static_cast<long>(t.sys), -3);
    EXPECT_EQ(t.reply, 51u);
    EXPECT_EQ(t.nb_dest, 0u);
    EXPECT_EQ(t.cap, 52u);
    EXPECT_EQ(t.mr[0], 1u);
}

// --- debug calls ---------------------------------------------------------------------------

TEST_F(SyscallStubs, DebugCallsNumbersAndRegisters) {
    seL4_DebugPutChar('!');
    auto t = kernel().traps.back().regs;
    EXPECT_EQ(static_cast<long>(t.sys), -12);
    EXPECT_EQ(t.shape, SEL4_FAKE_SEND_RECV);
    EXPECT_EQ(t.cap, static_cast<seL4_Word>('!'));
    EXPECT_EQ(t.info, 0u);
    EXPECT_EQ(t.reply, 0u);

    seL4_DebugPutChar(static_cast<char>(0xe9));  // a char above 127 is passed as its byte
    EXPECT_EQ(kernel().traps.back().regs.cap, 0xe9u);

    seL4_DebugDumpScheduler();
    t = kernel().traps.back().regs;
    EXPECT_EQ(static_cast<long>(t.sys), -13);
    EXPECT_EQ(t.shape, SEL4_FAKE_SEND_RECV);
    EXPECT_EQ(t.reply, 0u);

    seL4_DebugHalt();
    EXPECT_EQ(static_cast<long>(kernel().traps.back().regs.sys), -14);
    EXPECT_EQ(kernel().traps.back().regs.shape, SEL4_FAKE_NULL);
    seL4_DebugSnapshot();
    EXPECT_EQ(static_cast<long>(kernel().traps.back().regs.sys), -16);
    EXPECT_EQ(kernel().traps.back().regs.shape, SEL4_FAKE_NULL);

    kernel().respond = [](seL4_FakeRegisters& regs, seL4_IPCBuffer&) { regs.cap = 12; };
    EXPECT_EQ(seL4_DebugCapIdentify(seL4_CapInitThreadTCB), 12u);
    t = kernel().traps.back().regs;
    EXPECT_EQ(static_cast<long>(t.sys), -15);
    EXPECT_EQ(t.cap, static_cast<seL4_Word>(seL4_CapInitThreadTCB));
}

TEST_F(SyscallStubs, DebugPutStringPutsEachCharacter) {
    seL4_DebugPutString("ok\n");
    ASSERT_EQ(kernel().traps.size(), 3u);
    EXPECT_EQ(kernel().traps[1].regs.cap, static_cast<seL4_Word>('k'));
}

TEST_F(SyscallStubs, DebugNameThreadCopiesTheNameIntoTheBufferFromMsg0) {
    seL4_DebugNameThread(seL4_CapInitThreadTCB, "rootserver");
    const auto& t = only_trap();
    EXPECT_EQ(static_cast<long>(t.regs.sys), -17);
    EXPECT_EQ(t.regs.cap, static_cast<seL4_Word>(seL4_CapInitThreadTCB));
    EXPECT_EQ(t.regs.reply, 0u);
    EXPECT_STREQ(reinterpret_cast<const char*>(&t.buffer.msg[0]), "rootserver");

    // A name longer than the 120 message words is cut off with a NUL in the last byte.
    kernel().traps.clear();
    std::string long_name(2000, 'x');
    seL4_DebugNameThread(1, long_name.c_str());
    const char* copied = reinterpret_cast<const char*>(&kernel().traps.back().buffer.msg[0]);
    EXPECT_EQ(std::strlen(copied), seL4_MsgMaxLength * sizeof(seL4_Word) - 1);
    EXPECT_EQ(kernel().traps.back().buffer.userData, ipc().userData);  // nothing written past msg[]
}

// --- IPC-buffer helpers ----------------------------------------------------------------------

TEST_F(SyscallStubs, IpcBufferHelpersAddressTheAbiFields) {
    EXPECT_EQ(seL4_GetIPCBuffer(), &ipc());
    seL4_SetMR(119, 5);
    EXPECT_EQ(ipc().msg[119], 5u);
    seL4_SetUserData(6);
    EXPECT_EQ(ipc().userData, 6u);
    EXPECT_EQ(seL4_GetUserData(), 6u);
    seL4_SetCap(2, 7);
    EXPECT_EQ(ipc().caps_or_badges[2], 7u);
    EXPECT_EQ(seL4_GetCap(2), 7u);
    EXPECT_EQ(seL4_GetBadge(2), 7u);
    seL4_SetCapReceivePath(1, 2, 3);
    EXPECT_EQ(ipc().receiveCNode, 1u);
    EXPECT_EQ(ipc().receiveIndex, 2u);
    EXPECT_EQ(ipc().receiveDepth, 3u);
    seL4_CPtr cnode = 0, index = 0;
    seL4_Word depth = 0;
    seL4_GetCapReceivePath(&cnode, &index, &depth);
    EXPECT_EQ(cnode + index + depth, 6u);
    seL4_GetCapReceivePath(nullptr, nullptr, &depth);
    seL4_IPCBuffer other{};
    seL4_SetIPCBuffer(&other);
    EXPECT_EQ(seL4_GetIPCBuffer(), &other);
    seL4_SetIPCBuffer(&ipc());
}

}  // namespace
}  // namespace libsel4_test
