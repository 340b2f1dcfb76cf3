// SPDX-License-Identifier: BSD-2-Clause
// libmicrokit on the host: its start-up and event loop (microkit/libmicrokit/src/main.c,
// microkit.md §2.6-2.7) and the calls of <microkit.h> (§2.2), compiled against the test double
// of <sel4/syscall_primitives.h> (tests/libsel4/fake). A scripted kernel records every system
// call the PD makes (number, cap, message, reply and NBSendRecv registers) and feeds the
// receives badges and messages; when it has nothing left to deliver it ends the loop.
#include <cstring>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "entry_points.h"

namespace {

seL4_Word sys(seL4_Syscall_ID id) { return static_cast<seL4_Word>(static_cast<long>(id)); }

struct Delivery {
    seL4_Word badge;
    seL4_Word label;
    std::vector<seL4_Word> mrs;
};

struct StopLoop {};

struct FakeKernel {
    std::vector<seL4_FakeRegisters> traps;  // every system call but debug output, in order
    std::deque<Delivery> deliveries;        // for the next receives; none left ends the loop
    std::string console;                    // seL4_DebugPutChar output
    seL4_Word invocation_error = seL4_NoError;
};

FakeKernel kernel;
seL4_IPCBuffer ipc_buffer;
std::vector<std::string> events;
std::function<void(microkit_channel)> on_notified;
std::function<microkit_msginfo(microkit_channel, microkit_msginfo)> on_protected;
std::function<seL4_Bool(microkit_child, microkit_msginfo, microkit_msginfo*)> on_fault;
std::function<void()> on_init;

// What main.c's __sel4_ipc_buffer held before any test touched it.
seL4_IPCBuffer* const initial_ipc_buffer = __sel4_ipc_buffer;

bool is_receive(const seL4_FakeRegisters& regs) {
    return regs.sys == sys(seL4_SysRecv) || regs.sys == sys(seL4_SysReplyRecv) ||
           regs.sys == sys(seL4_SysNBSendRecv);
}

seL4_Word label(const seL4_FakeRegisters& regs) { return seL4_MessageInfo_get_label(seL4_MessageInfo_t{{regs.info}}); }
seL4_Word length(const seL4_FakeRegisters& regs) { return seL4_MessageInfo_get_length(seL4_MessageInfo_t{{regs.info}}); }

void expect_receive(const seL4_FakeRegisters& trap) {
    EXPECT_EQ(trap.sys, sys(seL4_SysRecv));
    EXPECT_EQ(trap.cap, seL4_Word{INPUT_CAP});
    EXPECT_EQ(trap.reply, seL4_Word{REPLY_CAP});
}

void expect_invocation(const seL4_FakeRegisters& trap, seL4_Word cap, seL4_Word invocation) {
    EXPECT_EQ(trap.sys, sys(seL4_SysCall));
    EXPECT_EQ(trap.cap, cap);
    EXPECT_EQ(label(trap), invocation);
}

class Libmicrokit : public ::testing::Test {
protected:
    void SetUp() override {
        kernel = FakeKernel{};
        events.clear();
        std::memset(&ipc_buffer, 0, sizeof ipc_buffer);
        __sel4_ipc_buffer = &ipc_buffer;
        std::strcpy(microkit_name, "testpd");
        microkit_passive = seL4_False;
        microkit_irqs = microkit_notifications = microkit_pps = microkit_ioports = 0;
        microkit_have_signal = seL4_False;
        microkit_signal_cap = 0;
        microkit_signal_msg = seL4_MessageInfo_new(0, 0, 0, 0);
        on_init = [] { events.push_back("init"); };
        on_notified = [](microkit_channel ch) { events.push_back("notified " + std::to_string(ch)); };
        on_protected = [](microkit_channel ch, microkit_msginfo) {
            events.push_back("protected " + std::to_string(ch));
            return microkit_msginfo_new(0, 0);
        };
        on_fault = [](microkit_child child, microkit_msginfo, microkit_msginfo*) {
            events.push_back("fault " + std::to_string(child));
            return seL4_Bool{seL4_False};
        };
        test_hooks.constructor = [](int which) { events.push_back("constructor " + std::to_string(which)); };
        test_hooks.init = [] { on_init(); };
        test_hooks.notified = [](microkit_channel ch) { on_notified(ch); };
        test_hooks.protected_ = [](microkit_channel ch, microkit_msginfo info) { return on_protected(ch, info); };
        test_hooks.fault = [](microkit_child child, microkit_msginfo info, microkit_msginfo* reply) {
            return on_fault(child, info, reply);
        };
    }

    void deliver(seL4_Word badge, seL4_Word message_label = 0, std::vector<seL4_Word> mrs = {}) {
        kernel.deliveries.push_back(Delivery{badge, message_label, std::move(mrs)});
    }

    // Runs main() until the kernel has delivered everything and the PD waits again.
    void run() {
        try {
            (void)libmicrokit_main();
            ADD_FAILURE() << "main() returned";
        } catch (const StopLoop&) {
        }
    }

    // The system calls after the start-up acks (if any), i.e. from the first receive on.
    std::vector<seL4_FakeRegisters> loop_traps() const {
        std::vector<seL4_FakeRegisters> result;
        bool in_loop = false;
        for (const auto& trap : kernel.traps) {
            in_loop = in_loop || is_receive(trap) || trap.sys == sys(seL4_SysSend);
            if (in_loop) result.push_back(trap);
        }
        return result;
    }
};

}  // namespace

extern "C" void seL4_fake_trap(seL4_FakeRegisters* regs) {
    if (regs->sys == sys(seL4_SysDebugPutChar)) {
        kernel.console += static_cast<char>(regs->cap);
        return;
    }
    kernel.traps.push_back(*regs);
    if (regs->sys == sys(seL4_SysCall)) {
        regs->cap = 0;
        regs->info = seL4_MessageInfo_new(kernel.invocation_error, 0, 0, 0).words[0];
        return;
    }
    if (!is_receive(*regs)) return;
    if (kernel.deliveries.empty()) throw StopLoop{};
    Delivery delivery = kernel.deliveries.front();
    kernel.deliveries.pop_front();
    regs->cap = delivery.badge;
    regs->info = seL4_MessageInfo_new(delivery.label, 0, 0, delivery.mrs.size()).words[0];
    for (unsigned i = 0; i < delivery.mrs.size(); ++i) {
        if (i < seL4_FastMessageRegisters) regs->mr[i] = delivery.mrs[i];
        else ipc_buffer.msg[i] = delivery.mrs[i];
    }
}

TEST_F(Libmicrokit, IpcBufferIsTheLastUserPage) {
#if defined(TESSERA_TEST_ARCH_AARCH64)
    EXPECT_EQ(reinterpret_cast<seL4_Word>(initial_ipc_buffer), 0x7ffffffff000ul);
#else
    EXPECT_EQ(reinterpret_cast<seL4_Word>(initial_ipc_buffer), 0x3fffffe000ul);
#endif
}

TEST_F(Libmicrokit, StartUpRunsConstructorsThenInitThenAcksEachIrqOnceThenWaits) {
    microkit_irqs = (1ul << 0) | (1ul << 7) | (1ul << 61);
    run();
    EXPECT_EQ(events, (std::vector<std::string>{"constructor 1", "constructor 2", "init"}));
    ASSERT_EQ(kernel.traps.size(), 4u);
    expect_invocation(kernel.traps[0], BASE_IRQ_CAP + 0, IRQAckIRQ);
    expect_invocation(kernel.traps[1], BASE_IRQ_CAP + 7, IRQAckIRQ);
    expect_invocation(kernel.traps[2], BASE_IRQ_CAP + 61, IRQAckIRQ);
    expect_receive(kernel.traps[3]);
}

TEST_F(Libmicrokit, NotificationBadgeCallsNotifiedPerBitLowestFirst) {
    deliver((1ul << 61) | (1ul << 3) | (1ul << 0));
    run();
    EXPECT_EQ(events, (std::vector<std::string>{"constructor 1", "constructor 2", "init", "notified 0",
                                                "notified 3", "notified 61"}));
    ASSERT_EQ(kernel.traps.size(), 2u);
    expect_receive(kernel.traps[0]);
    expect_receive(kernel.traps[1]);
}

TEST_F(Libmicrokit, PpcCallsProtectedWithItsMessageAndRepliesWithTheAnswer) {
    deliver((1ul << 63) | 5, 7, {11, 22, 33, 44, 55});
    on_protected = [](microkit_channel ch, microkit_msginfo info) {
        EXPECT_EQ(ch, 5u);
        EXPECT_EQ(microkit_msginfo_get_label(info), 7u);
        EXPECT_EQ(microkit_msginfo_get_count(info), 5u);
        EXPECT_EQ(microkit_mr_get(0), 11u);
        EXPECT_EQ(microkit_mr_get(4), 55u);
        microkit_mr_set(0, 99);
        return microkit_msginfo_new(3, 1);
    };
    run();
    ASSERT_EQ(kernel.traps.size(), 2u);
    expect_receive(kernel.traps[0]);
    const auto& reply = kernel.traps[1];
    EXPECT_EQ(reply.sys, sys(seL4_SysReplyRecv));
    EXPECT_EQ(reply.cap, seL4_Word{INPUT_CAP});
    EXPECT_EQ(reply.reply, seL4_Word{REPLY_CAP});
    EXPECT_EQ(label(reply), 3u);
    EXPECT_EQ(length(reply), 1u);
    EXPECT_EQ(reply.mr[0], 99u);
}

TEST_F(Libmicrokit, PpcChannelIsTheLowSixBits) {
    deliver((1ul << 63) | 0x7f);  // bit 6 is not part of the channel id
    run();
    EXPECT_EQ(events.back(), "protected 63");
}

TEST_F(Libmicrokit, FaultCallsFaultWithTheChildAndRepliesOnlyWhenAsked) {
    deliver((1ul << 62) | 9, seL4_Fault_VMFault, {0x200010, 0x0, 0, 0x92});
    deliver((1ul << 62) | 0x1ff, seL4_Fault_VMFault, {0x200010, 0x0, 0, 0x92});
    on_fault = [](microkit_child child, microkit_msginfo info, microkit_msginfo* reply) {
        events.push_back("fault " + std::to_string(child));
        EXPECT_EQ(microkit_msginfo_get_label(info), static_cast<seL4_Word>(seL4_Fault_VMFault));
        if (child != 9) return seL4_Bool{seL4_False};
        *reply = microkit_msginfo_new(0, 0);
        return seL4_Bool{seL4_True};
    };
    run();
    EXPECT_EQ(events, (std::vector<std::string>{"constructor 1", "constructor 2", "init", "fault 9", "fault 255"}));
    ASSERT_EQ(kernel.traps.size(), 3u);
    expect_receive(kernel.traps[0]);
    EXPECT_EQ(kernel.traps[1].sys, sys(seL4_SysReplyRecv));  // child 9 is answered
    expect_receive(kernel.traps[2]);                         // child 255 is not
}

TEST_F(Libmicrokit, PassivePdSendsTheHandshakeWithItsFirstReceive) {
    microkit_passive = seL4_True;
    run();
    ASSERT_EQ(kernel.traps.size(), 1u);
    const auto& handshake = kernel.traps[0];
    EXPECT_EQ(handshake.sys, sys(seL4_SysNBSendRecv));
    EXPECT_EQ(handshake.nb_dest, seL4_Word{MONITOR_EP});
    EXPECT_EQ(handshake.cap, seL4_Word{INPUT_CAP});
    EXPECT_EQ(handshake.reply, seL4_Word{REPLY_CAP});
    EXPECT_EQ(label(handshake), 0u);
    EXPECT_EQ(length(handshake), 0u);
}

TEST_F(Libmicrokit, PassivePdSendsWhatInitDeferredBeforeTheHandshake) {
    microkit_passive = seL4_True;
    microkit_notifications = 1ul << 2;
    on_init = [] { microkit_deferred_notify(2); };
    run();
    ASSERT_EQ(kernel.traps.size(), 2u);
    EXPECT_EQ(kernel.traps[0].sys, sys(seL4_SysSend));
    EXPECT_EQ(kernel.traps[0].cap, seL4_Word{BASE_OUTPUT_NOTIFICATION_CAP + 2});
    EXPECT_EQ(kernel.traps[1].sys, sys(seL4_SysNBSendRecv));
    EXPECT_EQ(kernel.traps[1].nb_dest, seL4_Word{MONITOR_EP});
}

TEST_F(Libmicrokit, DeferredNotifyGoesOutWithTheNextReceive) {
    microkit_notifications = 1ul << 4;
    deliver(1ul << 0);
    on_notified = [](microkit_channel) { microkit_deferred_notify(4); };
    run();
    ASSERT_EQ(kernel.traps.size(), 2u);
    const auto& send_receive = kernel.traps[1];
    EXPECT_EQ(send_receive.sys, sys(seL4_SysNBSendRecv));
    EXPECT_EQ(send_receive.nb_dest, seL4_Word{BASE_OUTPUT_NOTIFICATION_CAP + 4});
    EXPECT_EQ(send_receive.cap, seL4_Word{INPUT_CAP});
    EXPECT_EQ(label(send_receive), 0u);
    EXPECT_FALSE(microkit_have_signal);
}

TEST_F(Libmicrokit, DeferredIrqAckIsAnAckInvocationSentWithTheNextReceive) {
    microkit_irqs = 1ul << 6;
    deliver(1ul << 6);
    on_notified = [](microkit_channel ch) { microkit_deferred_irq_ack(ch); };
    run();
    const auto traps = loop_traps();
    ASSERT_EQ(traps.size(), 2u);
    EXPECT_EQ(traps[1].sys, sys(seL4_SysNBSendRecv));
    EXPECT_EQ(traps[1].nb_dest, seL4_Word{BASE_IRQ_CAP + 6});
    EXPECT_EQ(label(traps[1]), seL4_Word{IRQAckIRQ});
    EXPECT_EQ(length(traps[1]), 0u);
}

TEST_F(Libmicrokit, DeferredSignalIsSentBeforeAReplyRecv) {
    microkit_irqs = 1ul << 1;
    deliver((1ul << 63) | 2);
    on_protected = [](microkit_channel, microkit_msginfo) {
        microkit_deferred_irq_ack(1);
        return microkit_msginfo_new(0, 0);
    };
    run();
    const auto traps = loop_traps();
    ASSERT_EQ(traps.size(), 3u);
    EXPECT_EQ(traps[1].sys, sys(seL4_SysSend));
    EXPECT_EQ(traps[1].cap, seL4_Word{BASE_IRQ_CAP + 1});
    EXPECT_EQ(label(traps[1]), seL4_Word{IRQAckIRQ});
    EXPECT_EQ(traps[2].sys, sys(seL4_SysReplyRecv));
}

TEST_F(Libmicrokit, LaterDeferredCallReplacesTheEarlierOne) {
    microkit_notifications = (1ul << 1) | (1ul << 2);
    deliver(1ul << 0);
    on_notified = [](microkit_channel) {
        microkit_deferred_notify(1);
        microkit_deferred_notify(2);
    };
    run();
    ASSERT_EQ(kernel.traps.size(), 2u);
    EXPECT_EQ(kernel.traps[1].nb_dest, seL4_Word{BASE_OUTPUT_NOTIFICATION_CAP + 2});
}

TEST_F(Libmicrokit, ChannelCallsUseTheirCapSlots) {
    microkit_notifications = 1ul << 3;
    microkit_irqs = 1ul << 2;
    microkit_pps = 1ul << 4;
    microkit_notify(3);
    microkit_irq_ack(2);
    microkit_mr_set(0, 123);
    (void)microkit_ppcall(4, microkit_msginfo_new(9, 1));
    ASSERT_EQ(kernel.traps.size(), 3u);
    EXPECT_EQ(kernel.traps[0].sys, sys(seL4_SysSend));
    EXPECT_EQ(kernel.traps[0].cap, seL4_Word{BASE_OUTPUT_NOTIFICATION_CAP + 3});
    expect_invocation(kernel.traps[1], BASE_IRQ_CAP + 2, IRQAckIRQ);
    EXPECT_EQ(kernel.traps[2].sys, sys(seL4_SysCall));
    EXPECT_EQ(kernel.traps[2].cap, seL4_Word{BASE_ENDPOINT_CAP + 4});
    EXPECT_EQ(label(kernel.traps[2]), 9u);
    EXPECT_EQ(kernel.traps[2].mr[0], 123u);
    EXPECT_EQ(kernel.console, "");
}

#ifdef CONFIG_DEBUG_BUILD
TEST_F(Libmicrokit, DebugBuildRefusesChannelsTheToolDidNotGive) {
    microkit_notifications = 1ul << 3;
    microkit_notify(5);
    microkit_irq_ack(3);
    microkit_msginfo reply = microkit_ppcall(62, microkit_msginfo_new(9, 1));
    microkit_deferred_notify(0);
    microkit_deferred_irq_ack(1000);
    EXPECT_TRUE(kernel.traps.empty());
    EXPECT_EQ(microkit_msginfo_get_label(reply), 0u);
    EXPECT_EQ(microkit_msginfo_get_count(reply), 0u);
    EXPECT_FALSE(microkit_have_signal);
    EXPECT_EQ(kernel.console,
              "testpd microkit_notify: invalid channel given '5'\n"
              "testpd microkit_irq_ack: invalid channel given '3'\n"
              "testpd microkit_ppcall: invalid channel given '62'\n"
              "testpd microkit_deferred_notify: invalid channel given '0'\n"
              "testpd microkit_deferred_irq_ack: invalid channel given '1000'\n");
}
#else
TEST_F(Libmicrokit, ReleaseBuildDoesNotCheckChannels) {
    microkit_notify(5);
    ASSERT_EQ(kernel.traps.size(), 1u);
    EXPECT_EQ(kernel.traps[0].cap, seL4_Word{BASE_OUTPUT_NOTIFICATION_CAP + 5});
    EXPECT_EQ(kernel.console, "");
}
#endif

TEST_F(Libmicrokit, ChildControlInvokesTheChildsTcb) {
    microkit_pd_restart(3, 0x200000);
    microkit_pd_stop(3);
    microkit_pd_resume(3);
    ASSERT_EQ(kernel.traps.size(), 3u);
    expect_invocation(kernel.traps[0], BASE_TCB_CAP + 3, TCBWriteRegisters);
    // Resume, one register, the PC (seL4_UserContext starts with pc on both arches).
    EXPECT_EQ(length(kernel.traps[0]), 3u);
    EXPECT_EQ(kernel.traps[0].mr[0], 1u);
    EXPECT_EQ(kernel.traps[0].mr[1], 1u);
    EXPECT_EQ(kernel.traps[0].mr[2], 0x200000u);
    expect_invocation(kernel.traps[1], BASE_TCB_CAP + 3, TCBSuspend);
    expect_invocation(kernel.traps[2], BASE_TCB_CAP + 3, TCBResume);
    EXPECT_EQ(kernel.console, "");
}

TEST_F(Libmicrokit, VcpuThreadRestartInvokesTheVmTcb) {
    microkit_vcpu_restart(1, 0x80000000);
    microkit_vcpu_stop(1);
    ASSERT_EQ(kernel.traps.size(), 2u);
    expect_invocation(kernel.traps[0], BASE_VM_TCB_CAP + 1, TCBWriteRegisters);
    EXPECT_EQ(kernel.traps[0].mr[2], 0x80000000u);
    expect_invocation(kernel.traps[1], BASE_VM_TCB_CAP + 1, TCBSuspend);
}

TEST_F(Libmicrokit, RootCnodeSlotsBecomeTopBitCptrs) {
    EXPECT_EQ(microkit_cspace_root_slot_to_cptr(0), seL4_Word{seL4_CapNull});
    EXPECT_EQ(microkit_cspace_root_slot_to_cptr(1), 1ul << 58);
    EXPECT_EQ(microkit_cspace_root_slot_to_cptr(63), 63ul << 58);
    EXPECT_EQ(microkit_cspace_root_slot_to_cptr(64), seL4_Word{seL4_CapNull});
}

TEST_F(Libmicrokit, DebugOutputPrintsDecimals) {
    microkit_dbg_puts("a");
    microkit_dbg_putc('b');
    microkit_dbg_put8(0);
    microkit_dbg_put8(255);
    microkit_dbg_puts(" ");
    microkit_dbg_put32(4294967295u);
    EXPECT_EQ(kernel.console, "ab0255 4294967295");
}

TEST_F(Libmicrokit, PublicConstantsAreMicrokits) {
    EXPECT_EQ(MICROKIT_MAX_CHANNELS, 62);
    EXPECT_EQ(MICROKIT_MAX_CHANNEL_ID, 61);
    EXPECT_EQ(MICROKIT_PD_NAME_LENGTH, 64);
    EXPECT_EQ(MICROKIT_MAX_USER_CAPS, 128);
    EXPECT_EQ(PD_ROOT_CAP_BITS, 6);
    EXPECT_EQ(sizeof microkit_name, 64u);
    EXPECT_EQ(sizeof microkit_passive, 1u);
    const std::vector<int> slots{INPUT_CAP, REPLY_CAP, MONITOR_EP, TCB_CAP, ARM_SMC_CAP,
                                 BASE_OUTPUT_NOTIFICATION_CAP, BASE_ENDPOINT_CAP, BASE_IRQ_CAP, BASE_TCB_CAP,
                                 BASE_VM_TCB_CAP, BASE_VCPU_CAP, BASE_IOPORT_CAP, BASE_USER_CAPS};
    EXPECT_EQ(slots, (std::vector<int>{1, 4, 5, 6, 7, 10, 74, 138, 202, 266, 330, 394, 458}));
}
