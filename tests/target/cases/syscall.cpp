// SPDX-License-Identifier: BSD-2-Clause
// sel4test-driver syscall.c (sel4test.md §3.4: SYSCALL0000-0018, MCS set):
// every libsel4 system-call stub must leave alone each register it does not
// declare as an output (sel4-mcs.md §1.3).
//
// Each test runs two checks ten times:
//  * as upstream, sixteen register variables with magic values that the
//    compiler keeps live across the stub (here forced into registers before
//    the stub, so the compiler cannot simply reload the constants after it);
//  * because the compiler chooses those registers, an assembly imitation of
//    the stub's trap (arch/<arch>/syscall.S) that puts a distinct value in
//    every integer register (and on AArch64 TPIDR_EL0 and NZCV), loads the
//    stub's inputs, traps and compares all registers the stub does not
//    declare as outputs; where the kernel's answer in an output register is
//    defined (a Call's error reply, a received badge), that is checked too.
//
// Send/NBSend/Call/Signal and the ...WithMRs variants invoke the root task's
// CNode cap with an empty message (the error path, not IPC); the receive
// calls use a notification signalled just before, so they do not block.
#include <cstdint>

#include "../framework/alloc.hpp"
#include "../framework/test.hpp"

extern "C" void tessera_trap_with_registers(const std::uint64_t in[33], std::uint64_t out[33]);

namespace {

using namespace tessera_test;

constexpr unsigned rounds = 10;
constexpr seL4_Word magic = 0xdeadbeefdead0000ul;

// ---- upstream's check: sixteen compiler-allocated registers -------------

void check_magic(const seL4_Word* values, int line) {
    for (unsigned n = 0; n < 16; ++n)
        if (values[n] != magic + n)
            record_failure(__FILE__, line, "register variable %u: 0x%llx, expected 0x%llx", n,
                           static_cast<unsigned long long>(values[n]), static_cast<unsigned long long>(magic + n));
}

#define MAGIC_REGISTERS_ASM_OPERANDS                                                                           \
    "+r"(r00), "+r"(r01), "+r"(r02), "+r"(r03), "+r"(r04), "+r"(r05), "+r"(r06), "+r"(r07), "+r"(r08),         \
        "+r"(r09), "+r"(r10), "+r"(r11), "+r"(r12), "+r"(r13), "+r"(r14), "+r"(r15)

// Sixteen values live in registers across `code`, then compared (the empty
// asm statements with "+r" operands stand in for C's `register`).
#define TEST_REGISTERS(code)                                                                                   \
    do {                                                                                                       \
        seL4_Word r00 = magic + 0, r01 = magic + 1, r02 = magic + 2, r03 = magic + 3;                 \
        seL4_Word r04 = magic + 4, r05 = magic + 5, r06 = magic + 6, r07 = magic + 7;                 \
        seL4_Word r08 = magic + 8, r09 = magic + 9, r10 = magic + 10, r11 = magic + 11;               \
        seL4_Word r12 = magic + 12, r13 = magic + 13, r14 = magic + 14, r15 = magic + 15;             \
        __asm__ __volatile__("" : MAGIC_REGISTERS_ASM_OPERANDS);                                               \
        code;                                                                                                  \
        __asm__ __volatile__("" : MAGIC_REGISTERS_ASM_OPERANDS);                                               \
        const seL4_Word values[16] = {r00, r01, r02, r03, r04, r05, r06, r07,                                  \
                                      r08, r09, r10, r11, r12, r13, r14, r15};                                 \
        check_magic(values, __LINE__);                                                                         \
    } while (0)

// ---- the assembly check: every register ----------------------------------

#if defined(__aarch64__)
constexpr unsigned reg_cap = 0, reg_info = 1, reg_mr0 = 2, reg_reply = 6, reg_sysno = 7, reg_nb_dest = 8;
constexpr unsigned register_count = 33;  // x0..x30, TPIDR_EL0, NZCV
constexpr unsigned reg_nzcv = 32;
#elif defined(__riscv)
constexpr unsigned reg_cap = 10, reg_info = 11, reg_mr0 = 12, reg_reply = 16, reg_sysno = 17, reg_nb_dest = 5;
constexpr unsigned register_count = 32;  // x0..x31
#else
#error "unsupported architecture"
#endif

// Which registers the stub declares as outputs (sel4-mcs.md §1.3).
enum class Outputs {
    None,           // Yield
    CapAndInfo,     // Signal
    CapInfoAndMRs,  // Send, NBSend, Call, the receives, debug calls
};

// What the kernel must have left in the output registers, where defined.
struct Expected {
    bool cap_defined = false;
    seL4_Word cap = 0;
    bool info_defined = false;
    seL4_Word info = 0;
};

struct StubShape {
    long sysno;  // seL4_Syscall_ID (negative)
    Outputs outputs;
    seL4_Word cap;      // x0/a0
    seL4_Word info;     // x1/a1 (MR0-3, where the stub loads them, keep the pattern)
    bool uses_reply;    // x6/a6 loaded by the stub
    seL4_Word reply;
    bool uses_nb_dest;  // x8/t0 loaded by the stub
    seL4_Word nb_dest;
    Expected expected;
};

bool is_output(const StubShape& s, unsigned n) {
    switch (s.outputs) {
    case Outputs::None:
        return false;
    case Outputs::CapAndInfo:
        return n == reg_cap || n == reg_info;
    case Outputs::CapInfoAndMRs:
        return n == reg_cap || n == reg_info || (n >= reg_mr0 && n < reg_mr0 + 4);
    }
    return true;
}

void trap_and_compare(const StubShape& s, int line) {
    std::uint64_t in[33] = {}, out[33] = {};
    for (unsigned n = 0; n < 33; ++n) in[n] = 0x5eed5eed00000000ull + (std::uint64_t{n} << 8) + n;
#if defined(__aarch64__)
    in[reg_nzcv] = 0xa0000000ull;  // N and C set
#endif
    in[reg_sysno] = static_cast<std::uint64_t>(s.sysno);
    in[reg_cap] = s.cap;
    in[reg_info] = s.info;
    if (s.uses_reply) in[reg_reply] = s.reply;
    if (s.uses_nb_dest) in[reg_nb_dest] = s.nb_dest;
    tessera_trap_with_registers(in, out);
    for (unsigned n = 0; n < register_count; ++n) {
#if defined(__riscv)
        if (n == 0 || n == 2) continue;  // zero, sp
#endif
        if (is_output(s, n)) continue;
        if (out[n] != in[n])
            record_failure(__FILE__, line, "system call %ld: register %u is 0x%llx, was 0x%llx",
                           s.sysno, n, static_cast<unsigned long long>(out[n]),
                           static_cast<unsigned long long>(in[n]));
    }
    if (s.expected.cap_defined && out[reg_cap] != s.expected.cap)
        record_failure(__FILE__, line, "system call %ld: badge register 0x%llx, expected 0x%llx",
                       s.sysno, static_cast<unsigned long long>(out[reg_cap]),
                       static_cast<unsigned long long>(s.expected.cap));
    if (s.expected.info_defined && out[reg_info] != s.expected.info)
        record_failure(__FILE__, line, "system call %ld: info register 0x%llx, expected 0x%llx",
                       s.sysno, static_cast<unsigned long long>(out[reg_info]),
                       static_cast<unsigned long long>(s.expected.info));
}

constexpr seL4_CPtr cnode = seL4_CapInitThreadCNode;
const seL4_MessageInfo_t empty_info = seL4_MessageInfo_new(0, 0, 0, 0);

// The kernel's answer to a Call of the CNode cap with label 0: an error
// reply IllegalOperation with no MRs, badge 0 (sel4-abi.md §15.3).
Expected illegal_operation_reply() {
    Expected e;
    e.cap_defined = true;
    e.cap = 0;
    e.info_defined = true;
    e.info = seL4_MessageInfo_new(seL4_IllegalOperation, 0, 0, 0).words[0];
    return e;
}

// A receive on a notification signalled through an unbadged cap: badge 0.
Expected unbadged_signal() {
    Expected e;
    e.cap_defined = true;
    e.cap = 0;
    return e;
}

StubShape send_shape(long sysno) {
    return StubShape{sysno, Outputs::CapInfoAndMRs, cnode, 0, false, 0, false, 0, {}};
}

// ---- the tests -------------------------------------------------------------

Result test_yield(Env&) {
    for (unsigned i = 0; i < rounds; ++i) {
        TEST_REGISTERS(seL4_Yield());
        trap_and_compare(StubShape{seL4_SysYield, Outputs::None, 0x1111, 0x2222, false, 0, false, 0, {}},
                         __LINE__);
    }
    return test_result();
}

Result test_send(Env&) {
    for (unsigned i = 0; i < rounds; ++i) {
        TEST_REGISTERS(seL4_Send(cnode, empty_info));
        trap_and_compare(send_shape(seL4_SysSend), __LINE__);
    }
    return test_result();
}

Result test_nb_send(Env&) {
    for (unsigned i = 0; i < rounds; ++i) {
        TEST_REGISTERS(seL4_NBSend(cnode, empty_info));
        trap_and_compare(send_shape(seL4_SysNBSend), __LINE__);
    }
    return test_result();
}

Result test_signal(Env&) {
    for (unsigned i = 0; i < rounds; ++i) {
        TEST_REGISTERS(seL4_Signal(cnode));
        // Signal loads only cap and info: MR0-3 must survive as well.
        trap_and_compare(StubShape{seL4_SysSend, Outputs::CapAndInfo, cnode, 0, false, 0, false, 0, {}},
                         __LINE__);
    }
    return test_result();
}

StubShape call_shape() {
    return StubShape{seL4_SysCall, Outputs::CapInfoAndMRs, cnode, 0, true, 0, false, 0, illegal_operation_reply()};
}

Result test_call(Env&) {
    for (unsigned i = 0; i < rounds; ++i) {
        seL4_MessageInfo_t reply = empty_info;
        TEST_REGISTERS(reply = seL4_Call(cnode, empty_info));
        test_eq(seL4_MessageInfo_get_label(reply), static_cast<seL4_Word>(seL4_IllegalOperation));
        trap_and_compare(call_shape(), __LINE__);
    }
    return test_result();
}

Result test_debug_put_char(Env&) {
    for (unsigned i = 0; i < rounds; ++i) {
        TEST_REGISTERS(seL4_DebugPutChar(' '));
        trap_and_compare(
            StubShape{seL4_SysDebugPutChar, Outputs::CapInfoAndMRs, ' ', 0, true, 0, false, 0, {}}, __LINE__);
    }
    return test_result();
}

// The receive tests: a notification signalled before every receive. The
// assembly check traps with `sysno` (the reply register 0, as the stubs
// load it when given seL4_CapNull).
template <typename Receive>
Result receive_test(Receive receive, long sysno, bool uses_nb_dest) {
    const seL4_CPtr notification = allocator().alloc_object(seL4_NotificationObject, 0);
    test_assert_fatal(notification != 0);
    for (unsigned i = 0; i < rounds; ++i) {
        seL4_Signal(notification);
        TEST_REGISTERS(receive(notification));
        seL4_Signal(notification);
        trap_and_compare(
            StubShape{sysno, Outputs::CapInfoAndMRs, notification, 0, true, 0, uses_nb_dest, cnode, unbadged_signal()},
            __LINE__);
    }
    // Every signal was taken: the notification is idle again.
    seL4_Word badge = 1;
    seL4_Poll(notification, &badge);
    test_eq(badge, seL4_Word{0});
    allocator().free_object(notification);
    return test_result();
}

// Upstream's "Recv" test calls seL4_Wait; the assembly check covers the
// Recv stub's own shape (reply register loaded, ignored on a notification).
Result test_recv(Env&) {
    return receive_test([](seL4_CPtr n) { seL4_Wait(n, nullptr); }, seL4_SysRecv, false);
}

Result test_reply_recv(Env&) {
    return receive_test([](seL4_CPtr n) { seL4_ReplyRecv(n, empty_info, nullptr, seL4_CapNull); },
                        seL4_SysReplyRecv, false);
}

Result test_nb_recv(Env&) {
    return receive_test([](seL4_CPtr n) { seL4_NBRecv(n, nullptr, seL4_CapNull); }, seL4_SysNBRecv, false);
}

Result test_wait(Env&) {
    return receive_test([](seL4_CPtr n) { seL4_Wait(n, nullptr); }, seL4_SysWait, false);
}

Result test_nbsend_recv(Env&) {
    return receive_test([](seL4_CPtr n) { seL4_NBSendRecv(cnode, empty_info, n, nullptr, seL4_CapNull); },
                        seL4_SysNBSendRecv, true);
}

Result test_send_with_mrs(Env&) {
    for (unsigned i = 0; i < rounds; ++i) {
        seL4_Word mr0 = 0, mr1 = 0, mr2 = 0, mr3 = 0;
        TEST_REGISTERS(seL4_SendWithMRs(cnode, empty_info, &mr0, &mr1, &mr2, &mr3));
        trap_and_compare(send_shape(seL4_SysSend), __LINE__);
    }
    return test_result();
}

Result test_nb_send_with_mrs(Env&) {
    for (unsigned i = 0; i < rounds; ++i) {
        seL4_Word mr0 = 0, mr1 = 0, mr2 = 0, mr3 = 0;
        TEST_REGISTERS(seL4_NBSendWithMRs(cnode, empty_info, &mr0, &mr1, &mr2, &mr3));
        trap_and_compare(send_shape(seL4_SysNBSend), __LINE__);
    }
    return test_result();
}

Result test_call_with_mrs(Env&) {
    for (unsigned i = 0; i < rounds; ++i) {
        seL4_Word mr0 = 0, mr1 = 0, mr2 = 0, mr3 = 0;
        seL4_MessageInfo_t reply = empty_info;
        TEST_REGISTERS(reply = seL4_CallWithMRs(cnode, empty_info, &mr0, &mr1, &mr2, &mr3));
        test_eq(seL4_MessageInfo_get_label(reply), static_cast<seL4_Word>(seL4_IllegalOperation));
        trap_and_compare(call_shape(), __LINE__);
    }
    return test_result();
}

}  // namespace

DEFINE_TEST(SYSCALL0000, "Basic seL4_Yield() testing", test_yield, true);
DEFINE_TEST(SYSCALL0001, "Basic seL4_Send() testing", test_send, true);
DEFINE_TEST(SYSCALL0002, "Basic seL4_NBSend() testing", test_nb_send, true);
DEFINE_TEST(SYSCALL0004, "Basic seL4_Signal() testing", test_signal, true);
DEFINE_TEST(SYSCALL0005, "Basic seL4_Call() testing", test_call, true);
DEFINE_TEST(SYSCALL0006, "Basic seL4_DebugPutChar() testing", test_debug_put_char, true);
DEFINE_TEST(SYSCALL0010, "Basic seL4_Recv() testing", test_recv, true);
DEFINE_TEST(SYSCALL0011, "Basic seL4_ReplyRecv() testing", test_reply_recv, true);
DEFINE_TEST(SYSCALL0012, "Basic seL4_NBRecv() testing", test_nb_recv, true);
DEFINE_TEST(SYSCALL0013, "Basic seL4_Wait() testing", test_wait, true);
DEFINE_TEST(SYSCALL0014, "Basic seL4_SendWithMRs() testing", test_send_with_mrs, true);
DEFINE_TEST(SYSCALL0015, "Basic seL4_NBSendWithMRs() testing", test_nb_send_with_mrs, true);
DEFINE_TEST(SYSCALL0017, "Basic seL4_CallWithMRs() testing", test_call_with_mrs, true);
DEFINE_TEST(SYSCALL0018, "Basic seL4_NBSendRecv testing", test_nbsend_recv, true);
