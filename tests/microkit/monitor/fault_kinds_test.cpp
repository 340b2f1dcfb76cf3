// SPDX-License-Identifier: BSD-2-Clause
// The decode of each fault kind but VM faults, from the message layouts of
// sel4-abi.md §10.3 / §4.3 and sel4-mcs.md §8.2 (MCS labels).
#include <report_capture.hpp>

namespace {

using namespace monitor_test;

constexpr std::uint64_t cap_fault = 1, unknown_syscall = 2, user_exception = 3, timeout = 5;

TEST(MonitorCapFault, MissingCapability) {
    for (Arch arch : {Arch::AArch64, Arch::RiscV64}) {
        EXPECT_EQ(fault_part(fault_on(arch, cap_fault, {0x400100, 0x35, 0, 2, 0})),
                  "MON|ERROR: CapFault: ip=0x0000000000400100  fault_addr=0x0000000000000035  in_recv_phase=false\n"
                  "MON|ERROR:    lookup failure: seL4_MissingCapability  bits_left=0\n");
    }
}

TEST(MonitorCapFault, InvalidRootHasNoDetails) {
    EXPECT_EQ(fault_part(fault_on(Arch::AArch64, cap_fault, {0x400100, 0x7, 1, 1})),
              "MON|ERROR: CapFault: ip=0x0000000000400100  fault_addr=0x0000000000000007  in_recv_phase=true\n"
              "MON|ERROR:    lookup failure: seL4_InvalidRoot\n");
}

TEST(MonitorCapFault, DepthMismatch) {
    EXPECT_EQ(fault_part(fault_on(Arch::RiscV64, cap_fault, {0x10100, 0x1f00, 0, 3, 12, 8})),
              "MON|ERROR: CapFault: ip=0x0000000000010100  fault_addr=0x0000000000001f00  in_recv_phase=false\n"
              "MON|ERROR:    lookup failure: seL4_DepthMismatch  bits_left=12  depth_bits_found=8\n");
}

TEST(MonitorCapFault, GuardMismatch) {
    EXPECT_EQ(fault_part(fault_on(Arch::AArch64, cap_fault, {0x400100, 0xdead, 1, 4, 20, 0x3, 2})),
              "MON|ERROR: CapFault: ip=0x0000000000400100  fault_addr=0x000000000000dead  in_recv_phase=true\n"
              "MON|ERROR:    lookup failure: seL4_GuardMismatch  bits_left=20  guard_found=0x0000000000000003  "
              "guard_bits_found=2\n");
}

TEST(MonitorCapFault, NoFailureAndUnknownTypes) {
    EXPECT_EQ(fault_part(fault_on(Arch::AArch64, cap_fault, {1, 2, 0, 0})),
              "MON|ERROR: CapFault: ip=0x0000000000000001  fault_addr=0x0000000000000002  in_recv_phase=false\n"
              "MON|ERROR:    lookup failure: seL4_NoFailure\n");
    EXPECT_EQ(fault_part(fault_on(Arch::AArch64, cap_fault, {1, 2, 0, 9})),
              "MON|ERROR: CapFault: ip=0x0000000000000001  fault_addr=0x0000000000000002  in_recv_phase=false\n"
              "MON|ERROR:    lookup failure: unknown type 0x0000000000000009\n");
}

TEST(MonitorUnknownSyscall, AArch64TakesIpSpAndNumberFromTheirSlots) {
    // x0-x7, FaultIP, SP, ELR, SPSR, syscall number.
    const std::uint64_t minus_100 = ~std::uint64_t{99};
    EXPECT_EQ(fault_part(fault_on(Arch::AArch64, unknown_syscall,
                                  {0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0x400200, 0x7fff00, 0x400204,
                                   0x40, minus_100})),
              "MON|ERROR: UnknownSyscall: ip=0x0000000000400200  sp=0x00000000007fff00  syscall=-100\n");
}

TEST(MonitorUnknownSyscall, RiscV64TakesIpSpAndNumberFromTheirSlots) {
    // FaultIP, SP, RA, a0-a6, syscall number.
    EXPECT_EQ(fault_part(fault_on(Arch::RiscV64, unknown_syscall,
                                  {0x10200, 0x3ff000, 0x10004, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 99})),
              "MON|ERROR: UnknownSyscall: ip=0x0000000000010200  sp=0x00000000003ff000  syscall=99\n");
}

TEST(MonitorUnknownSyscall, MostNegativeNumber) {
    std::vector<std::uint64_t> mrs(11, 0);
    mrs[10] = std::uint64_t{1} << 63;
    EXPECT_EQ(fault_part(fault_on(Arch::RiscV64, unknown_syscall, mrs)),
              "MON|ERROR: UnknownSyscall: ip=0x0000000000000000  sp=0x0000000000000000  "
              "syscall=-9223372036854775808\n");
}

TEST(MonitorUserException, AArch64UndefinedInstruction) {
    EXPECT_EQ(fault_part(fault_on(Arch::AArch64, user_exception, {0x400300, 0x7ffe00, 0x60000000, 0x02000000, 0})),
              "MON|ERROR: UserException: ip=0x0000000000400300  sp=0x00000000007ffe00  flags=0x0000000060000000  "
              "number=0x0000000002000000  code=0x0000000000000000\n"
              "MON|ERROR:    ec: 0x00 (unknown reason, e.g. an undefined instruction)  il: 1  iss: 0x0000000\n");
}

TEST(MonitorUserException, AArch64BrkShowsItsCommentAndUbsanCheck) {
    EXPECT_EQ(fault_part(fault_on(Arch::AArch64, user_exception, {0x400310, 0x7ffe00, 0, 0xf2005516, 0})),
              "MON|ERROR: UserException: ip=0x0000000000400310  sp=0x00000000007ffe00  flags=0x0000000000000000  "
              "number=0x00000000f2005516  code=0x0000000000000000\n"
              "MON|ERROR:    ec: 0x3c (BRK in AArch64)  il: 1  iss: 0x0005516\n"
              "MON|ERROR:    brk #0x5516 (clang UBSan trap, check 0x16)\n");
    EXPECT_EQ(fault_part(fault_on(Arch::AArch64, user_exception, {0x400310, 0x7ffe00, 0, 0xf2000000, 0})),
              "MON|ERROR: UserException: ip=0x0000000000400310  sp=0x00000000007ffe00  flags=0x0000000000000000  "
              "number=0x00000000f2000000  code=0x0000000000000000\n"
              "MON|ERROR:    ec: 0x3c (BRK in AArch64)  il: 1  iss: 0x0000000\n"
              "MON|ERROR:    brk #0x0\n");
}

TEST(MonitorUserException, AArch64AlignmentAndReservedClasses) {
    // PC alignment (EC 0x22) and SP alignment (0x26) are user exceptions.
    EXPECT_EQ(fault_part(fault_on(Arch::AArch64, user_exception, {0x400302, 0x7ffe00, 0, 0x8a000000, 0})),
              "MON|ERROR: UserException: ip=0x0000000000400302  sp=0x00000000007ffe00  flags=0x0000000000000000  "
              "number=0x000000008a000000  code=0x0000000000000000\n"
              "MON|ERROR:    ec: 0x22 (PC alignment fault)  il: 1  iss: 0x0000000\n");
    // EC 0x3f is unallocated.
    EXPECT_EQ(fault_part(fault_on(Arch::AArch64, user_exception, {0, 0, 0, 0xfc000001, 0})),
              "MON|ERROR: UserException: ip=0x0000000000000000  sp=0x0000000000000000  flags=0x0000000000000000  "
              "number=0x00000000fc000001  code=0x0000000000000000\n"
              "MON|ERROR:    ec: 0x3f (reserved or not taken to EL1)  il: 0  iss: 0x0000001\n");
}

TEST(MonitorUserException, RiscV64HasNoFlagsAndDecodesScause) {
    EXPECT_EQ(fault_part(fault_on(Arch::RiscV64, user_exception, {0x10300, 0x3ff000, 2, 0})),
              "MON|ERROR: UserException: ip=0x0000000000010300  sp=0x00000000003ff000  number=0x0000000000000002  "
              "code=0x0000000000000000\n"
              "MON|ERROR:    scause: 0x2 (illegal instruction)\n");
    EXPECT_EQ(fault_part(fault_on(Arch::RiscV64, user_exception, {0x10302, 0x3ff000, 4, 0})),
              "MON|ERROR: UserException: ip=0x0000000000010302  sp=0x00000000003ff000  number=0x0000000000000004  "
              "code=0x0000000000000000\n"
              "MON|ERROR:    scause: 0x4 (load address misaligned)\n");
}

TEST(MonitorUserException, RiscV64AccessFaultCodeHasNoPageFaultNoteOutsideVmFaults) {
    // Only a VMFault's FSR folds page faults into access faults.
    EXPECT_EQ(fault_part(fault_on(Arch::RiscV64, user_exception, {0, 0, 5, 0})),
              "MON|ERROR: UserException: ip=0x0000000000000000  sp=0x0000000000000000  number=0x0000000000000005  "
              "code=0x0000000000000000\n"
              "MON|ERROR:    scause: 0x5 (load access fault)\n");
}

TEST(MonitorUserException, RiscV64ReservedCodeAndInterruptBit) {
    EXPECT_EQ(fault_part(fault_on(Arch::RiscV64, user_exception, {0, 0, 10, 0})),
              "MON|ERROR: UserException: ip=0x0000000000000000  sp=0x0000000000000000  number=0x000000000000000a  "
              "code=0x0000000000000000\n"
              "MON|ERROR:    scause: 0xa (reserved or custom exception code)\n");
    EXPECT_EQ(fault_part(fault_on(Arch::RiscV64, user_exception, {0, 0, 0x8000000000000005, 0})),
              "MON|ERROR: UserException: ip=0x0000000000000000  sp=0x0000000000000000  number=0x8000000000000005  "
              "code=0x0000000000000000\n"
              "MON|ERROR:    scause: 0x8000000000000005 (interrupt 5, not an exception)\n");
}

TEST(MonitorTimeout, DataAndConsumedTime) {
    for (Arch arch : {Arch::AArch64, Arch::RiscV64}) {
        EXPECT_EQ(fault_part(fault_on(arch, timeout, {0x5c, 1500})),
                  "MON|ERROR: Timeout: data=0x000000000000005c  consumed=1500 us\n");
    }
}

TEST(MonitorTimeout, OneWordMeansNoSchedulingContext) {
    EXPECT_EQ(fault_part(fault_on(Arch::AArch64, timeout, {0x5c})),
              "MON|ERROR: Timeout: data=0x000000000000005c  consumed: not reported (the thread has no scheduling "
              "context)\n");
}

TEST(MonitorUnknownFault, LabelsThatNeverArriveAreNamed) {
    EXPECT_EQ(fault_part(fault_on(Arch::AArch64, 0, {})),
              "MON|ERROR: Unknown fault: label 0x00000000 (seL4_Fault_NullFault: an ordinary message, not a fault)\n");
    EXPECT_EQ(fault_part(fault_on(Arch::RiscV64, 4, {1, 2, 3, 4})),
              "MON|ERROR: Unknown fault: label 0x00000004 (seL4_Fault_DebugException: this kernel has no hardware "
              "debug API)\n");
    EXPECT_EQ(fault_part(fault_on(Arch::AArch64, 7, {0})),
              "MON|ERROR: Unknown fault: label 0x00000007 (seL4_Fault_VGICMaintenance: this kernel is not a "
              "hypervisor)\n");
    EXPECT_EQ(fault_part(fault_on(Arch::AArch64, 8, {0x92000046})),
              "MON|ERROR: Unknown fault: label 0x00000008 (seL4_Fault_VCPUFault: this kernel is not a hypervisor)\n");
    EXPECT_EQ(fault_part(fault_on(Arch::AArch64, 9, {27})),
              "MON|ERROR: Unknown fault: label 0x00000009 (seL4_Fault_VPPIEvent: this kernel is not a hypervisor)\n");
}

TEST(MonitorUnknownFault, LabelOutsideSeL4) {
    EXPECT_EQ(fault_part(fault_on(Arch::RiscV64, 0x1234, {})),
              "MON|ERROR: Unknown fault: label 0x00001234 (not an seL4 fault label)\n");
}

}  // namespace
