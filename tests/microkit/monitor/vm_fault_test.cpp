// SPDX-License-Identifier: BSD-2-Clause
// VM faults: the Microkit VMFault line, the AArch64 ESR decode
// [arm/ARM DDI0487 D17.2.37], the RISC-V scause decode [riscv/priv 4.1.9]
// with seL4's folding of page faults into access faults (sel4-abi.md §10.3),
// and the "potential stack overflow" hint's boundaries.
#include <report_capture.hpp>

namespace {

using namespace monitor_test;

constexpr std::uint64_t vm_fault = 6;

// The decode lines of a VM fault with this FSR (the line before them is the
// VMFault line itself).
std::string decode_of(Arch arch, std::uint64_t fsr, std::uint64_t prefetch = 0) {
    const std::string text = fault_part(fault_on(arch, vm_fault, {0x1000, 0x2000, prefetch, fsr}));
    return text.substr(text.find('\n') + 1);
}

TEST(MonitorVmFault, AArch64DataAbortStatusCodes) {
    // EC 0x24, IL 1, WnR clear (read).
    EXPECT_EQ(decode_of(Arch::AArch64, 0x92000004),
              "MON|ERROR:    ec: 0x24 (data abort from a lower EL)  il: 1  iss: 0x0000004\n"
              "MON|ERROR:    dfsc: 0x04 (translation fault, level 0) -- read\n");
    EXPECT_EQ(decode_of(Arch::AArch64, 0x92000007),
              "MON|ERROR:    ec: 0x24 (data abort from a lower EL)  il: 1  iss: 0x0000007\n"
              "MON|ERROR:    dfsc: 0x07 (translation fault, level 3) -- read\n");
    EXPECT_EQ(decode_of(Arch::AArch64, 0x9200004f),
              "MON|ERROR:    ec: 0x24 (data abort from a lower EL)  il: 1  iss: 0x000004f\n"
              "MON|ERROR:    dfsc: 0x0f (permission fault, level 3) -- write\n");
    EXPECT_EQ(decode_of(Arch::AArch64, 0x9200000b),
              "MON|ERROR:    ec: 0x24 (data abort from a lower EL)  il: 1  iss: 0x000000b\n"
              "MON|ERROR:    dfsc: 0x0b (access flag fault, level 3) -- read\n");
    EXPECT_EQ(decode_of(Arch::AArch64, 0x92000001),
              "MON|ERROR:    ec: 0x24 (data abort from a lower EL)  il: 1  iss: 0x0000001\n"
              "MON|ERROR:    dfsc: 0x01 (address size fault, level 1) -- read\n");
    EXPECT_EQ(decode_of(Arch::AArch64, 0x92000061),
              "MON|ERROR:    ec: 0x24 (data abort from a lower EL)  il: 1  iss: 0x0000061\n"
              "MON|ERROR:    dfsc: 0x21 (alignment fault) -- write\n");
    EXPECT_EQ(decode_of(Arch::AArch64, 0x92000010),
              "MON|ERROR:    ec: 0x24 (data abort from a lower EL)  il: 1  iss: 0x0000010\n"
              "MON|ERROR:    dfsc: 0x10 (synchronous external abort) -- read\n");
    EXPECT_EQ(decode_of(Arch::AArch64, 0x92000016),
              "MON|ERROR:    ec: 0x24 (data abort from a lower EL)  il: 1  iss: 0x0000016\n"
              "MON|ERROR:    dfsc: 0x16 (synchronous external abort on translation table walk, level 2) -- read\n");
    EXPECT_EQ(decode_of(Arch::AArch64, 0x92000030),
              "MON|ERROR:    ec: 0x24 (data abort from a lower EL)  il: 1  iss: 0x0000030\n"
              "MON|ERROR:    dfsc: 0x30 (TLB conflict abort) -- read\n");
    EXPECT_EQ(decode_of(Arch::AArch64, 0x9200003f),
              "MON|ERROR:    ec: 0x24 (data abort from a lower EL)  il: 1  iss: 0x000003f\n"
              "MON|ERROR:    dfsc: 0x3f (reserved or unrecognised fault status code) -- read\n");
}

TEST(MonitorVmFault, AArch64DataAbortSameLevel) {
    EXPECT_EQ(decode_of(Arch::AArch64, 0x96000046),
              "MON|ERROR:    ec: 0x25 (data abort from the same EL)  il: 1  iss: 0x0000046\n"
              "MON|ERROR:    dfsc: 0x06 (translation fault, level 2) -- write\n");
}

TEST(MonitorVmFault, AArch64InstructionAbortHasNoReadOrWrite) {
    // EC 0x20, IFSC permission fault level 3; bit 6 is not WnR here.
    const std::string text = fault_part(fault_on(Arch::AArch64, vm_fault, {0x400000, 0x400000, 1, 0x8200004f}));
    EXPECT_EQ(text,
              "MON|ERROR: VMFault: ip=0x0000000000400000  fault_addr=0x0000000000400000  fsr=0x000000008200004f  "
              "(instruction fault)\n"
              "MON|ERROR:    ec: 0x20 (instruction abort from a lower EL)  il: 1  iss: 0x000004f\n"
              "MON|ERROR:    ifsc: 0x0f (permission fault, level 3)\n");
}

TEST(MonitorVmFault, AArch64OtherClassGetsNoStatusLine) {
    // A VM fault whose syndrome is not an abort: only the EC line.
    EXPECT_EQ(decode_of(Arch::AArch64, 0x56000000), "MON|ERROR:    ec: 0x15 (SVC in AArch64)  il: 1  iss: 0x0000000\n");
}

TEST(MonitorVmFault, RiscV64FoldedCodesNameBothFaults) {
    EXPECT_EQ(decode_of(Arch::RiscV64, 1, 1),
              "MON|ERROR:    scause: 0x1 (instruction access fault; seL4 reports instruction page faults with this "
              "code too)\n");
    EXPECT_EQ(decode_of(Arch::RiscV64, 5),
              "MON|ERROR:    scause: 0x5 (load access fault; seL4 reports load page faults with this code too)\n");
}

TEST(MonitorVmFault, RiscV64UnfoldedCodes) {
    // What a kernel that reports the raw scause would send.
    EXPECT_EQ(decode_of(Arch::RiscV64, 12, 1), "MON|ERROR:    scause: 0xc (instruction page fault)\n");
    EXPECT_EQ(decode_of(Arch::RiscV64, 13), "MON|ERROR:    scause: 0xd (load page fault)\n");
    EXPECT_EQ(decode_of(Arch::RiscV64, 15), "MON|ERROR:    scause: 0xf (store/AMO page fault)\n");
    EXPECT_EQ(decode_of(Arch::RiscV64, 6), "MON|ERROR:    scause: 0x6 (store/AMO address misaligned)\n");
    EXPECT_EQ(decode_of(Arch::RiscV64, 0, 1), "MON|ERROR:    scause: 0x0 (instruction address misaligned)\n");
    EXPECT_EQ(decode_of(Arch::RiscV64, 14), "MON|ERROR:    scause: 0xe (reserved or custom exception code)\n");
}

TEST(MonitorVmFault, RiscV64InstructionFaultLine) {
    EXPECT_EQ(fault_part(fault_on(Arch::RiscV64, vm_fault, {0x20000, 0x20000, 1, 1})),
              "MON|ERROR: VMFault: ip=0x0000000000020000  fault_addr=0x0000000000020000  fsr=0x0000000000000001  "
              "(instruction fault)\n"
              "MON|ERROR:    scause: 0x1 (instruction access fault; seL4 reports instruction page faults with this "
              "code too)\n");
}

constexpr const char* overflow_marker = "potential stack overflow";

bool hints_overflow(Arch arch, std::uint64_t stack_bottom, std::uint64_t fault_address) {
    Fault f = fault_on(arch, vm_fault, {0x400000, fault_address, 0, arch == Arch::AArch64 ? 0x92000047u : 7u});
    f.stack_bottom = stack_bottom;
    return report(f).find(overflow_marker) != std::string::npos;
}

TEST(MonitorStackOverflow, ExactLine) {
    Fault f = fault_on(Arch::AArch64, vm_fault, {0x400000, 0x7ffff8, 0, 0x92000047});
    f.stack_bottom = 0x800000;
    EXPECT_EQ(fault_part(f),
              "MON|ERROR: VMFault: ip=0x0000000000400000  fault_addr=0x00000000007ffff8  fsr=0x0000000092000047  "
              "(data fault)\n"
              "MON|ERROR:    ec: 0x24 (data abort from a lower EL)  il: 1  iss: 0x0000047\n"
              "MON|ERROR:    dfsc: 0x07 (translation fault, level 3) -- write\n"
              "MON|ERROR: potential stack overflow: fault address 0x00000000007ffff8 is in the page below the stack "
              "(bottom 0x0000000000800000)\n");
}

TEST(MonitorStackOverflow, OnePageBelowTheStackBottomOnly) {
    for (Arch arch : {Arch::AArch64, Arch::RiscV64}) {
        const std::uint64_t bottom = 0x800000;
        EXPECT_TRUE(hints_overflow(arch, bottom, bottom - 1));
        EXPECT_TRUE(hints_overflow(arch, bottom, bottom - 4096));
        EXPECT_FALSE(hints_overflow(arch, bottom, bottom - 4097));
        EXPECT_FALSE(hints_overflow(arch, bottom, bottom));  // inside the stack
        EXPECT_FALSE(hints_overflow(arch, bottom, bottom + 8));
    }
}

TEST(MonitorStackOverflow, StackNearAddressZero) {
    // The page below a stack that starts under 4 KiB stops at address 0.
    EXPECT_TRUE(hints_overflow(Arch::AArch64, 0x800, 0));
    EXPECT_TRUE(hints_overflow(Arch::AArch64, 0x800, 0x7ff));
    EXPECT_FALSE(hints_overflow(Arch::AArch64, 0x800, 0x800));
    EXPECT_FALSE(hints_overflow(Arch::AArch64, 0x800, ~std::uint64_t{0}));
    // No stack bottom, no range.
    EXPECT_FALSE(hints_overflow(Arch::RiscV64, 0, 0));
}

TEST(MonitorStackOverflow, OnlyVmFaultsGetTheHint) {
    // A cap fault's "address" is a CPtr, not memory.
    Fault f = fault_on(Arch::AArch64, 1, {0x400000, 0x7ff800, 0, 2, 0});
    f.stack_bottom = 0x800000;
    EXPECT_EQ(report(f).find(overflow_marker), std::string::npos);
}

}  // namespace
