// SPDX-License-Identifier: BSD-2-Clause
// TCB, SchedControl and SchedContext invocation stubs against the MCS wire
// formats (sel4-mcs.md §4.3-4.4, §7.2, §11; sel4-abi.md §15.1a): each is a
// Call on the service cap with the label from the shared table, extra caps
// in caps_or_badges[] in declaration order and the data words in MR0...;
// the reply label is the error, reply words are unpacked on success, and on
// an error the kernel's MR0-3 are left in the IPC buffer. Built per arch.
#include <vector>

#include "stub_fixture.hpp"

namespace libsel4_test {
namespace {

constexpr seL4_Word context_words = sizeof(seL4_UserContext) / sizeof(seL4_Word);

class InvocationStubs : public StubTest {
protected:
    // The one Call the stub made: service cap, label, length, caps and words as the kernel reads them.
    void expect_call(seL4_Word service, seL4_Word label, std::vector<seL4_Word> caps,
                     std::vector<seL4_Word> words) {
        ASSERT_EQ(kernel().traps.size(), 1u);
        const KernelView& t = kernel().traps.back();
        EXPECT_EQ(t.regs.shape, SEL4_FAKE_SEND_RECV);
        EXPECT_EQ(static_cast<long>(t.regs.sys), -1) << "object invocations are Calls";
        EXPECT_EQ(t.regs.reply, 0u);
        EXPECT_EQ(t.regs.cap, service);
        EXPECT_EQ(t.label(), label);
        EXPECT_EQ(t.extra_caps(), caps.size());
        EXPECT_EQ(seL4_MessageInfo_get_capsUnwrapped(t.info()), 0u);
        EXPECT_EQ(t.length(), words.size());
        for (unsigned i = 0; i < caps.size(); ++i) EXPECT_EQ(t.cap(i), caps[i]) << "cap " << i;
        for (unsigned i = 0; i < words.size(); ++i) EXPECT_EQ(t.mr(i), words[i]) << "MR" << i;
        kernel().traps.clear();
    }
};

// Labels: sel4-mcs.md §11 (the same on both arches), checked against the shared table too.
enum : seL4_Word {
    kReadRegisters = 2, kWriteRegisters, kCopyRegisters, kConfigure, kSetPriority, kSetMCPriority,
    kSetSchedParams, kSetTimeoutEndpoint, kSetIPCBuffer, kSetSpace, kSuspend, kResume, kBindNotification,
    kUnbindNotification, kSetTLSBase, kSetFlags,
    kConfigureFlags = 33, kBind, kUnbind, kUnbindObject, kConsumed, kYieldTo,
};
static_assert(kReadRegisters == seL4_Word{TCBReadRegisters} && kSetFlags == seL4_Word{TCBSetFlags});
static_assert(kConfigureFlags == seL4_Word{SchedControlConfigureFlags} && kYieldTo == seL4_Word{SchedContextYieldTo});

TEST_F(InvocationStubs, TcbConfigurationStubs) {
    EXPECT_EQ(seL4_TCB_Configure(10, 11, 0x12, 13, 0x14, 0x15000, 16), seL4_NoError);
    expect_call(10, kConfigure, {11, 13, 16}, {0x12, 0x14, 0x15000});

    EXPECT_EQ(seL4_TCB_SetPriority(10, 20, 254), seL4_NoError);
    expect_call(10, kSetPriority, {20}, {254});
    EXPECT_EQ(seL4_TCB_SetMCPriority(10, 20, 100), seL4_NoError);
    expect_call(10, kSetMCPriority, {20}, {100});

    EXPECT_EQ(seL4_TCB_SetSchedParams(10, 20, 200, 150, 21, 22), seL4_NoError);
    expect_call(10, kSetSchedParams, {20, 21, 22}, {200, 150});

    EXPECT_EQ(seL4_TCB_SetTimeoutEndpoint(10, 23), seL4_NoError);
    expect_call(10, kSetTimeoutEndpoint, {23}, {});

    EXPECT_EQ(seL4_TCB_SetIPCBuffer(10, 0x7000, 24), seL4_NoError);
    expect_call(10, kSetIPCBuffer, {24}, {0x7000});

    EXPECT_EQ(seL4_TCB_SetSpace(10, 25, 26, 0x27, 28, 0x29), seL4_NoError);
    expect_call(10, kSetSpace, {25, 26, 28}, {0x27, 0x29});

    EXPECT_EQ(seL4_TCB_Suspend(10), seL4_NoError);
    expect_call(10, kSuspend, {}, {});
    EXPECT_EQ(seL4_TCB_Resume(10), seL4_NoError);
    expect_call(10, kResume, {}, {});
    EXPECT_EQ(seL4_TCB_BindNotification(10, 30), seL4_NoError);
    expect_call(10, kBindNotification, {30}, {});
    EXPECT_EQ(seL4_TCB_UnbindNotification(10), seL4_NoError);
    expect_call(10, kUnbindNotification, {}, {});
    EXPECT_EQ(seL4_TCB_SetTLSBase(10, 0xdeadbeef), seL4_NoError);
    expect_call(10, kSetTLSBase, {}, {0xdeadbeef});
}

TEST_F(InvocationStubs, SetFlagsReturnsTheNewFlags) {
    reply_with(0, {1});
    const seL4_TCB_SetFlags_t result = seL4_TCB_SetFlags(10, 2, 1);
    expect_call(10, kSetFlags, {}, {2, 1});
    EXPECT_EQ(result.error, seL4_NoError);
    EXPECT_EQ(result.flags, 1u);
}

TEST_F(InvocationStubs, ReadRegistersPacksFlagsAndFillsCountFields) {
    seL4_UserContext regs;
    auto* fields = reinterpret_cast<seL4_Word*>(&regs);
    for (seL4_Word i = 0; i < context_words; ++i) fields[i] = 0xee;
    std::vector<seL4_Word> reply;
    for (seL4_Word i = 0; i < 6; ++i) reply.push_back(1000 + i);  // six registers, two in the buffer
    reply_with(0, reply);
    EXPECT_EQ(seL4_TCB_ReadRegisters(10, 1, 0x5a, 6, &regs), seL4_NoError);
    expect_call(10, kReadRegisters, {}, {1 | (0x5aul << 8), 6});
    for (seL4_Word i = 0; i < 6; ++i) EXPECT_EQ(fields[i], 1000 + i) << "field " << i;
    for (seL4_Word i = 6; i < context_words; ++i) EXPECT_EQ(fields[i], 0xeeu) << "field " << i;
    // seL4_UserContext order: the PC first.
    EXPECT_EQ(regs.pc, 1000u);
}

TEST_F(InvocationStubs, ReadRegistersOfTheWholeContext) {
    seL4_UserContext regs{};
    std::vector<seL4_Word> reply;
    for (seL4_Word i = 0; i < context_words; ++i) reply.push_back(i * 3);
    reply_with(0, reply);
    EXPECT_EQ(seL4_TCB_ReadRegisters(10, 0, 0, context_words, &regs), seL4_NoError);
    const auto* fields = reinterpret_cast<const seL4_Word*>(&regs);
    for (seL4_Word i = 0; i < context_words; ++i) EXPECT_EQ(fields[i], i * 3);
}

TEST_F(InvocationStubs, WriteRegistersSendsFlagsCountAndTheWholeContext) {
    seL4_UserContext regs;
    auto* fields = reinterpret_cast<seL4_Word*>(&regs);
    for (seL4_Word i = 0; i < context_words; ++i) fields[i] = 0x100 + i;
    EXPECT_EQ(seL4_TCB_WriteRegisters(10, 1, 0, 3, &regs), seL4_NoError);
    std::vector<seL4_Word> words = {1, 3};
    for (seL4_Word i = 0; i < context_words; ++i) words.push_back(0x100 + i);
    expect_call(10, kWriteRegisters, {}, words);
}

TEST_F(InvocationStubs, CopyRegistersPacksItsFlagsIntoOneWord) {
    EXPECT_EQ(seL4_TCB_CopyRegisters(10, 31, 1, 0, 1, 1, 0x7), seL4_NoError);
    expect_call(10, kCopyRegisters, {31}, {0b1101 | (0x7ul << 8)});
    EXPECT_EQ(seL4_TCB_CopyRegisters(10, 31, 0, 1, 0, 0, 0), seL4_NoError);
    expect_call(10, kCopyRegisters, {31}, {0b0010});
}

TEST_F(InvocationStubs, SchedControlConfigureFlagsAndConfigure) {
    EXPECT_EQ(seL4_SchedControl_ConfigureFlags(40, 41, 5000, 10000, 2, 0xb, seL4_SchedContext_Sporadic),
              seL4_NoError);
    expect_call(40, kConfigureFlags, {41}, {5000, 10000, 2, 0xb, 1});  // MR4 travels in the buffer
    EXPECT_EQ(seL4_SchedControl_Configure(40, 41, 1000, 1000, 0, 7), seL4_NoError);
    expect_call(40, kConfigureFlags, {41}, {1000, 1000, 0, 7, 0});
}

TEST_F(InvocationStubs, SchedContextStubs) {
    EXPECT_EQ(seL4_SchedContext_Bind(50, 51), seL4_NoError);
    expect_call(50, kBind, {51}, {});
    EXPECT_EQ(seL4_SchedContext_Unbind(50), seL4_NoError);
    expect_call(50, kUnbind, {}, {});
    EXPECT_EQ(seL4_SchedContext_UnbindObject(50, 52), seL4_NoError);
    expect_call(50, kUnbindObject, {52}, {});

    reply_with(0, {1234});
    const seL4_SchedContext_Consumed_t consumed = seL4_SchedContext_Consumed(50);
    expect_call(50, kConsumed, {}, {});
    EXPECT_EQ(consumed.error, seL4_NoError);
    EXPECT_EQ(consumed.consumed, 1234u);

    reply_with(0, {99});
    const seL4_SchedContext_YieldTo_t yielded = seL4_SchedContext_YieldTo(50);
    expect_call(50, kYieldTo, {}, {});
    EXPECT_EQ(yielded.error, seL4_NoError);
    EXPECT_EQ(yielded.consumed, 99u);
}

TEST_F(InvocationStubs, AnErrorReplyIsReturnedAndItsMrsStayInTheBuffer) {
    // RangeError(0, 254) as the kernel reports it (sel4-abi.md §15.3).
    reply_with(seL4_RangeError, {0, 254});
    EXPECT_EQ(seL4_TCB_SetPriority(10, 20, 255), seL4_RangeError);
    EXPECT_EQ(seL4_GetMR(0), 0u);
    EXPECT_EQ(seL4_GetMR(1), 254u);

    reply_with(seL4_IllegalOperation, {});
    seL4_UserContext regs{};
    regs.pc = 0x77;
    EXPECT_EQ(seL4_TCB_ReadRegisters(10, 0, 0, 1, &regs), seL4_IllegalOperation);
    EXPECT_EQ(regs.pc, 0x77u) << "nothing is unpacked from an error reply";

    reply_with(seL4_IllegalOperation, {});
    EXPECT_EQ(seL4_SchedContext_YieldTo(50).error, seL4_IllegalOperation);
    reply_with(seL4_InvalidCapability, {1});
    EXPECT_EQ(seL4_TCB_SetFlags(10, 0, 0).error, seL4_InvalidCapability);
    EXPECT_EQ(seL4_GetMR(0), 1u);
}

TEST_F(InvocationStubs, ReturnTypesHaveLibsel4sFields) {
    static_assert(sizeof(seL4_SchedContext_Consumed_t::consumed) == sizeof(seL4_Time));
    static_assert(sizeof(seL4_SchedContext_YieldTo_t::consumed) == sizeof(seL4_Time));
    static_assert(sizeof(seL4_TCB_SetFlags_t::flags) == sizeof(seL4_Word));
    static_assert(sizeof(seL4_TCB_SetFlags_t::error) == sizeof(int));
    SUCCEED();
}

}  // namespace
}  // namespace libsel4_test
