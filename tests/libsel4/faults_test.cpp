// SPDX-License-Identifier: BSD-2-Clause
// Fault messages as libsel4 decodes them (sel4-abi.md §10.3, sel4-mcs.md
// §8), seL4_UserContext and the Timeout reply (§7.3, §8.5), per arch.
#include <cstddef>

#include "stub_fixture.hpp"

namespace libsel4_test {
namespace {

class Faults : public StubTest {
protected:
    // A received fault message: label and MR0..n-1 = base + i in the IPC buffer (as the receive stubs leave them).
    seL4_MessageInfo_t message(seL4_Word label, seL4_Word length, seL4_Word base) {
        for (seL4_Word i = 0; i < length; ++i) seL4_SetMR(static_cast<int>(i), base + i);
        return seL4_MessageInfo_new(label, 0, 0, length);
    }
};

TEST_F(Faults, McsLabels) {
    EXPECT_EQ(seL4_Fault_NullFault, 0);
    EXPECT_EQ(seL4_Fault_CapFault, 1);
    EXPECT_EQ(seL4_Fault_UnknownSyscall, 2);
    EXPECT_EQ(seL4_Fault_UserException, 3);
    EXPECT_EQ(seL4_Fault_Timeout, 5);
    EXPECT_EQ(seL4_Fault_VMFault, 6);
    const seL4_Fault_tag_t tag = seL4_Fault_VMFault;
    EXPECT_TRUE(seL4_isVMFault_tag(seL4_MessageInfo_new(tag, 0, 0, 4)));
    EXPECT_TRUE(seL4_isTimeoutFault_tag(seL4_MessageInfo_new(5, 0, 0, 2)));
    EXPECT_TRUE(seL4_isCapFault_tag(seL4_MessageInfo_new(1, 0, 0, 4)));
    EXPECT_TRUE(seL4_isUnknownSyscall_tag(seL4_MessageInfo_new(2, 0, 0, 4)));
    EXPECT_TRUE(seL4_isUserException_tag(seL4_MessageInfo_new(3, 0, 0, 4)));
    EXPECT_TRUE(seL4_isNullFault_tag(seL4_MessageInfo_new(0, 0, 0, 4)));
    EXPECT_FALSE(seL4_isVMFault_tag(seL4_MessageInfo_new(5, 0, 0, 4)));
}

TEST_F(Faults, CapFault) {
    EXPECT_EQ(seL4_CapFault_IP, 0);
    EXPECT_EQ(seL4_CapFault_BitsLeft, 4);
    EXPECT_EQ(seL4_CapFault_GuardMismatch_BitsFound, 6);
    const seL4_Fault_t f = seL4_getFault(message(seL4_Fault_CapFault, 7, 10));
    EXPECT_EQ(seL4_Fault_get_seL4_FaultType(f), static_cast<seL4_Uint64>(seL4_Fault_CapFault));
    EXPECT_EQ(seL4_Fault_CapFault_get_IP(f), 10u);
    EXPECT_EQ(seL4_Fault_CapFault_get_Addr(f), 11u);
    EXPECT_EQ(seL4_Fault_CapFault_get_InRecvPhase(f), 12u);
    EXPECT_EQ(seL4_Fault_CapFault_get_LookupFailureType(f), 13u);
    EXPECT_EQ(seL4_Fault_CapFault_get_MR4(f), 14u);
    EXPECT_EQ(seL4_Fault_CapFault_get_MR5(f), 15u);
    EXPECT_EQ(seL4_Fault_CapFault_get_MR6(f), 16u);
}

TEST_F(Faults, VMFault) {
    EXPECT_EQ(seL4_VMFault_IP, 0);
    EXPECT_EQ(seL4_VMFault_Addr, 1);
    EXPECT_EQ(seL4_VMFault_PrefetchFault, 2);
    EXPECT_EQ(seL4_VMFault_FSR, 3);
    EXPECT_EQ(seL4_VMFault_Length, 4);
    seL4_SetMR(0, 0x400100);
    seL4_SetMR(1, 0x7edcba987650);
    seL4_SetMR(2, 1);
    seL4_SetMR(3, 7);
    const seL4_Fault_t f = seL4_getFault(seL4_MessageInfo_new(seL4_Fault_VMFault, 0, 0, 4));
    EXPECT_EQ(seL4_Fault_get_seL4_FaultType(f), 6u);
    EXPECT_EQ(seL4_Fault_VMFault_get_IP(f), 0x400100u);
    EXPECT_EQ(seL4_Fault_VMFault_get_Addr(f), 0x7edcba987650u);
    EXPECT_EQ(seL4_Fault_VMFault_get_PrefetchFault(f), 1u);
    EXPECT_EQ(seL4_Fault_VMFault_get_FSR(f), 7u);
}

TEST_F(Faults, TimeoutFault) {
    EXPECT_EQ(seL4_Timeout_Data, 0);
    EXPECT_EQ(seL4_Timeout_Consumed, 1);
    EXPECT_EQ(seL4_Timeout_Length, 2);
    const seL4_Fault_t f = seL4_getFault(message(seL4_Fault_Timeout, 2, 40));
    EXPECT_EQ(seL4_Fault_get_seL4_FaultType(f), 5u);
    EXPECT_EQ(seL4_Fault_Timeout_get_data(f), 40u);
    EXPECT_EQ(seL4_Fault_Timeout_get_consumed(f), 41u);
}

TEST_F(Faults, NormalIpcAndUnknownLabelsGiveTheNullFault) {
    seL4_Fault_t f = seL4_getFault(message(0, 3, 1));
    EXPECT_EQ(seL4_Fault_get_seL4_FaultType(f), 0u);
    f = seL4_getFault(message(0x1234, 3, 1));
    EXPECT_EQ(seL4_Fault_ptr_get_seL4_FaultType(&f), 0u);
}

TEST_F(Faults, AccessorsSetAndGetEveryField) {
    seL4_Fault_t f = seL4_Fault_Timeout_new(1, 2);
    f = seL4_Fault_Timeout_set_consumed(f, ~0ull);
    EXPECT_EQ(seL4_Fault_Timeout_get_consumed(f), ~0ull);
    EXPECT_EQ(seL4_Fault_Timeout_get_data(f), 1u);
    seL4_Fault_Timeout_ptr_set_data(&f, 9);
    EXPECT_EQ(seL4_Fault_Timeout_ptr_get_data(&f), 9u);
    EXPECT_EQ(seL4_Fault_get_seL4_FaultType(f), 5u) << "setting a field keeps the tag";
    seL4_Fault_CapFault_ptr_new(&f, 1, 2, 3, 4, 5, 6, 7);
    EXPECT_EQ(seL4_Fault_CapFault_get_MR6(f), 7u);
    EXPECT_EQ(seL4_Fault_get_seL4_FaultType(f), 1u);
    seL4_Fault_NullFault_ptr_new(&f);
    EXPECT_EQ(seL4_Fault_get_seL4_FaultType(f), 0u);
    for (seL4_Uint64 word : f.words) EXPECT_EQ(word, 0u);
}

TEST_F(Faults, TimeoutReplyCarriesTheContextInMrsAndResumeAsLabelZero) {
    seL4_UserContext regs;
    auto* fields = reinterpret_cast<seL4_Word*>(&regs);
    for (seL4_Word i = 0; i < sizeof(regs) / sizeof(seL4_Word); ++i) fields[i] = 500 + i;
    seL4_MessageInfo_t info = seL4_TimeoutReply_new(seL4_True, regs, seL4_TimeoutReply_Length);
    EXPECT_EQ(seL4_MessageInfo_get_label(info), 0u);
    EXPECT_EQ(seL4_MessageInfo_get_length(info), static_cast<seL4_Word>(seL4_TimeoutReply_Length));
    for (int i = 0; i < seL4_TimeoutReply_Length; ++i) EXPECT_EQ(seL4_GetMR(i), 500u + i);
    info = seL4_TimeoutReply_new(seL4_False, regs, 1);
    EXPECT_EQ(seL4_MessageInfo_get_label(info), 1u);
    EXPECT_EQ(seL4_MessageInfo_get_length(info), 1u);
}

#if defined(TESSERA_TEST_ARCH_AARCH64)

TEST_F(Faults, Aarch64Layouts) {
    EXPECT_EQ(sizeof(seL4_Fault_t), 14 * sizeof(seL4_Word));
    EXPECT_EQ(seL4_UnknownSyscall_X0, 0);
    EXPECT_EQ(seL4_UnknownSyscall_FaultIP, 8);
    EXPECT_EQ(seL4_UnknownSyscall_SP, 9);
    EXPECT_EQ(seL4_UnknownSyscall_LR, 10);
    EXPECT_EQ(seL4_UnknownSyscall_SPSR, 11);
    EXPECT_EQ(seL4_UnknownSyscall_Syscall, 12);
    EXPECT_EQ(seL4_UnknownSyscall_Length, 13);
    EXPECT_EQ(seL4_UserException_FaultIP, 0);
    EXPECT_EQ(seL4_UserException_SP, 1);
    EXPECT_EQ(seL4_UserException_SPSR, 2);
    EXPECT_EQ(seL4_UserException_Number, 3);
    EXPECT_EQ(seL4_UserException_Code, 4);
    EXPECT_EQ(seL4_UserException_Length, 5);
    EXPECT_EQ(seL4_TimeoutReply_SPSR_EL1, 2);
    EXPECT_EQ(seL4_TimeoutReply_X16, 12);
    EXPECT_EQ(seL4_TimeoutReply_X9, 17);
    EXPECT_EQ(seL4_TimeoutReply_X28, 33);
    EXPECT_EQ(seL4_TimeoutReply_Length, 34);
    EXPECT_EQ(seL4_DataFault, 0);
    EXPECT_EQ(seL4_InstructionFault, 1);
}

TEST_F(Faults, Aarch64UnknownSyscallAndUserException) {
    seL4_Fault_t f = seL4_getFault(message(seL4_Fault_UnknownSyscall, 13, 100));
    EXPECT_EQ(seL4_Fault_UnknownSyscall_get_X0(f), 100u);
    EXPECT_EQ(seL4_Fault_UnknownSyscall_get_X7(f), 107u);
    EXPECT_EQ(seL4_Fault_UnknownSyscall_get_FaultIP(f), 108u);
    EXPECT_EQ(seL4_Fault_UnknownSyscall_get_SP(f), 109u);
    EXPECT_EQ(seL4_Fault_UnknownSyscall_get_LR(f), 110u);
    EXPECT_EQ(seL4_Fault_UnknownSyscall_get_SPSR(f), 111u);
    EXPECT_EQ(seL4_Fault_UnknownSyscall_get_Syscall(f), 112u);
    // libsel4's field layout: the first field in the top word, the tag in word 0.
    EXPECT_EQ(f.words[13], 100u);
    EXPECT_EQ(f.words[1], 112u);
    EXPECT_EQ(f.words[0], 2u);

    f = seL4_getFault(message(seL4_Fault_UserException, 5, 200));
    EXPECT_EQ(seL4_Fault_UserException_get_FaultIP(f), 200u);
    EXPECT_EQ(seL4_Fault_UserException_get_Stack(f), 201u);
    EXPECT_EQ(seL4_Fault_UserException_get_SPSR(f), 202u);
    EXPECT_EQ(seL4_Fault_UserException_get_Number(f), 203u);
    EXPECT_EQ(seL4_Fault_UserException_get_Code(f), 204u);
}

TEST_F(Faults, Aarch64UserContextOrder) {
    EXPECT_EQ(sizeof(seL4_UserContext), 36 * sizeof(seL4_Word));
    EXPECT_EQ(offsetof(seL4_UserContext, pc), 0 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, sp), 1 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, spsr), 2 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, x0), 3 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, x8), 11 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, x16), 12 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, x30), 16 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, x9), 17 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, x15), 23 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, x19), 24 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, x28), 33 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, tpidr_el0), 34 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, tpidrro_el0), 35 * 8u);
}

#elif defined(TESSERA_TEST_ARCH_RISCV64)

TEST_F(Faults, Riscv64Layouts) {
    EXPECT_EQ(sizeof(seL4_Fault_t), 12 * sizeof(seL4_Word));
    EXPECT_EQ(seL4_UnknownSyscall_FaultIP, 0);
    EXPECT_EQ(seL4_UnknownSyscall_SP, 1);
    EXPECT_EQ(seL4_UnknownSyscall_RA, 2);
    EXPECT_EQ(seL4_UnknownSyscall_A0, 3);
    EXPECT_EQ(seL4_UnknownSyscall_A6, 9);
    EXPECT_EQ(seL4_UnknownSyscall_Syscall, 10);
    EXPECT_EQ(seL4_UnknownSyscall_Length, 11);
    EXPECT_EQ(seL4_UserException_FaultIP, 0);
    EXPECT_EQ(seL4_UserException_SP, 1);
    EXPECT_EQ(seL4_UserException_Number, 2);
    EXPECT_EQ(seL4_UserException_Code, 3);
    EXPECT_EQ(seL4_UserException_Length, 4);
    EXPECT_EQ(seL4_TimeoutReply_LR, 1);
    EXPECT_EQ(seL4_TimeoutReply_s0, 4);
    EXPECT_EQ(seL4_TimeoutReply_a0, 16);
    EXPECT_EQ(seL4_TimeoutReply_t0, 24);
    EXPECT_EQ(seL4_TimeoutReply_TP, 31);
    EXPECT_EQ(seL4_TimeoutReply_Length, 32);
}

TEST_F(Faults, Riscv64UnknownSyscallAndUserException) {
    seL4_Fault_t f = seL4_getFault(message(seL4_Fault_UnknownSyscall, 11, 100));
    EXPECT_EQ(seL4_Fault_UnknownSyscall_get_FaultIP(f), 100u);
    EXPECT_EQ(seL4_Fault_UnknownSyscall_get_SP(f), 101u);
    EXPECT_EQ(seL4_Fault_UnknownSyscall_get_RA(f), 102u);
    EXPECT_EQ(seL4_Fault_UnknownSyscall_get_A0(f), 103u);
    EXPECT_EQ(seL4_Fault_UnknownSyscall_get_A6(f), 109u);
    EXPECT_EQ(seL4_Fault_UnknownSyscall_get_Syscall(f), 110u);
    EXPECT_EQ(f.words[11], 100u);
    EXPECT_EQ(f.words[0], 2u);

    f = seL4_getFault(message(seL4_Fault_UserException, 4, 200));
    EXPECT_EQ(seL4_Fault_UserException_get_FaultIP(f), 200u);
    EXPECT_EQ(seL4_Fault_UserException_get_SP(f), 201u);
    EXPECT_EQ(seL4_Fault_UserException_get_Number(f), 202u);
    EXPECT_EQ(seL4_Fault_UserException_get_Code(f), 203u);
}

// libsel4 keeps 5 bits of the RISC-V FSR, in bits 27-31 of word 0 next to the tag.
TEST_F(Faults, Riscv64VMFaultFsrIsFiveBits) {
    seL4_Fault_t f = seL4_Fault_VMFault_new(1, 2, 0, 5);
    EXPECT_EQ(seL4_Fault_VMFault_get_FSR(f), 5u);
    EXPECT_EQ(f.words[0], (5ull << 27) | 6u);
    f = seL4_Fault_VMFault_set_FSR(f, 0x27);
    EXPECT_EQ(seL4_Fault_VMFault_get_FSR(f), 7u);
    EXPECT_EQ(seL4_Fault_get_seL4_FaultType(f), 6u);
}

TEST_F(Faults, Riscv64UserContextOrder) {
    EXPECT_EQ(sizeof(seL4_UserContext), 32 * sizeof(seL4_Word));
    EXPECT_EQ(offsetof(seL4_UserContext, pc), 0u);
    EXPECT_EQ(offsetof(seL4_UserContext, ra), 1 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, sp), 2 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, gp), 3 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, s0), 4 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, s11), 15 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, a0), 16 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, a7), 23 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, t0), 24 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, t6), 30 * 8u);
    EXPECT_EQ(offsetof(seL4_UserContext, tp), 31 * 8u);
}

#else
#error "build with TESSERA_TEST_ARCH_AARCH64 or TESSERA_TEST_ARCH_RISCV64"
#endif

}  // namespace
}  // namespace libsel4_test
