// SPDX-License-Identifier: BSD-2-Clause
// The whole report, line by line, for one fault per architecture: the
// header (Microkit 2.3.0's monitor, microkit.md §3.6), every register of
// seL4_UserContext in seL4's order (sel4-abi.md §7.3) and the decode.
#include <report_capture.hpp>

namespace {

using namespace monitor_test;
using microkit_monitor::fault_label_name;
using microkit_monitor::print_unknown_badge;

TEST(MonitorReportFrame, AArch64DataAbortWholeReport) {
    Fault f = fault_on(Arch::AArch64, 6, {0x400abc, 0x1234567, 0, 0x92000046});
    f.badge = 3;
    f.tcb_cap = 0x143;
    f.pd_name = "serial_driver";
    EXPECT_EQ(report(f),
              "MON|ERROR: received message 0x00000006  badge: 0x0000000000000003  tcb cap: 0x0000000000000143\n"
              "MON|ERROR: faulting PD: serial_driver\n"
              "Registers:\n"
              "pc : 0x0000000000000100\n"
              "sp : 0x0000000000000101\n"
              "spsr : 0x0000000000000102\n"
              "x0 : 0x0000000000000103\n"
              "x1 : 0x0000000000000104\n"
              "x2 : 0x0000000000000105\n"
              "x3 : 0x0000000000000106\n"
              "x4 : 0x0000000000000107\n"
              "x5 : 0x0000000000000108\n"
              "x6 : 0x0000000000000109\n"
              "x7 : 0x000000000000010a\n"
              "x8 : 0x000000000000010b\n"
              "x16 : 0x000000000000010c\n"
              "x17 : 0x000000000000010d\n"
              "x18 : 0x000000000000010e\n"
              "x29 : 0x000000000000010f\n"
              "x30 : 0x0000000000000110\n"
              "x9 : 0x0000000000000111\n"
              "x10 : 0x0000000000000112\n"
              "x11 : 0x0000000000000113\n"
              "x12 : 0x0000000000000114\n"
              "x13 : 0x0000000000000115\n"
              "x14 : 0x0000000000000116\n"
              "x15 : 0x0000000000000117\n"
              "x19 : 0x0000000000000118\n"
              "x20 : 0x0000000000000119\n"
              "x21 : 0x000000000000011a\n"
              "x22 : 0x000000000000011b\n"
              "x23 : 0x000000000000011c\n"
              "x24 : 0x000000000000011d\n"
              "x25 : 0x000000000000011e\n"
              "x26 : 0x000000000000011f\n"
              "x27 : 0x0000000000000120\n"
              "x28 : 0x0000000000000121\n"
              "tpidr_el0 : 0x0000000000000122\n"
              "tpidrro_el0 : 0x0000000000000123\n"
              "MON|ERROR: VMFault: ip=0x0000000000400abc  fault_addr=0x0000000001234567  fsr=0x0000000092000046  "
              "(data fault)\n"
              "MON|ERROR:    ec: 0x24 (data abort from a lower EL)  il: 1  iss: 0x0000046\n"
              "MON|ERROR:    dfsc: 0x06 (translation fault, level 2) -- write\n");
}

TEST(MonitorReportFrame, RiscV64StoreFaultWholeReport) {
    Fault f = fault_on(Arch::RiscV64, 6, {0x200010, 0x5000, 0, 7});
    f.badge = 0;
    f.tcb_cap = 0x140;
    f.pd_name = "blk";
    EXPECT_EQ(report(f),
              "MON|ERROR: received message 0x00000006  badge: 0x0000000000000000  tcb cap: 0x0000000000000140\n"
              "MON|ERROR: faulting PD: blk\n"
              "Registers:\n"
              "pc : 0x0000000000000100\n"
              "ra : 0x0000000000000101\n"
              "sp : 0x0000000000000102\n"
              "gp : 0x0000000000000103\n"
              "s0 : 0x0000000000000104\n"
              "s1 : 0x0000000000000105\n"
              "s2 : 0x0000000000000106\n"
              "s3 : 0x0000000000000107\n"
              "s4 : 0x0000000000000108\n"
              "s5 : 0x0000000000000109\n"
              "s6 : 0x000000000000010a\n"
              "s7 : 0x000000000000010b\n"
              "s8 : 0x000000000000010c\n"
              "s9 : 0x000000000000010d\n"
              "s10 : 0x000000000000010e\n"
              "s11 : 0x000000000000010f\n"
              "a0 : 0x0000000000000110\n"
              "a1 : 0x0000000000000111\n"
              "a2 : 0x0000000000000112\n"
              "a3 : 0x0000000000000113\n"
              "a4 : 0x0000000000000114\n"
              "a5 : 0x0000000000000115\n"
              "a6 : 0x0000000000000116\n"
              "a7 : 0x0000000000000117\n"
              "t0 : 0x0000000000000118\n"
              "t1 : 0x0000000000000119\n"
              "t2 : 0x000000000000011a\n"
              "t3 : 0x000000000000011b\n"
              "t4 : 0x000000000000011c\n"
              "t5 : 0x000000000000011d\n"
              "t6 : 0x000000000000011e\n"
              "tp : 0x000000000000011f\n"
              "MON|ERROR: VMFault: ip=0x0000000000200010  fault_addr=0x0000000000005000  fsr=0x0000000000000007  "
              "(data fault)\n"
              "MON|ERROR:    scause: 0x7 (store/AMO access fault; seL4 reports store/AMO page faults with this code "
              "too)\n");
}

TEST(MonitorReportFrame, WideValuesKeepEveryDigit) {
    // A label wider than 32 bits is printed whole, not cut to 8 digits.
    Fault f = fault_on(Arch::AArch64, 0x123456789, {});
    f.badge = ~std::uint64_t{0};
    f.tcb_cap = 0x8000000000000000;
    const std::string text = report(f);
    EXPECT_EQ(text.substr(0, text.find('\n') + 1),
              "MON|ERROR: received message 0x123456789  badge: 0xffffffffffffffff  tcb cap: 0x8000000000000000\n");
}

TEST(MonitorReportFrame, UnknownBadgeLine) {
    std::string out;
    print_unknown_badge(0x2a, append_char, &out);
    EXPECT_EQ(out, "MON|ERROR: unknown/invalid badge 0x000000000000002a\n");
}

TEST(MonitorReportFrame, FaultLabelNamesFollowMcsNumbering) {
    EXPECT_STREQ(fault_label_name(0), "seL4_Fault_NullFault");
    EXPECT_STREQ(fault_label_name(1), "seL4_Fault_CapFault");
    EXPECT_STREQ(fault_label_name(2), "seL4_Fault_UnknownSyscall");
    EXPECT_STREQ(fault_label_name(3), "seL4_Fault_UserException");
    EXPECT_STREQ(fault_label_name(4), "seL4_Fault_DebugException");
    EXPECT_STREQ(fault_label_name(5), "seL4_Fault_Timeout");
    EXPECT_STREQ(fault_label_name(6), "seL4_Fault_VMFault");
    EXPECT_STREQ(fault_label_name(7), "seL4_Fault_VGICMaintenance");
    EXPECT_STREQ(fault_label_name(8), "seL4_Fault_VCPUFault");
    EXPECT_STREQ(fault_label_name(9), "seL4_Fault_VPPIEvent");
    EXPECT_EQ(fault_label_name(10), nullptr);
    EXPECT_EQ(fault_label_name(~std::uint64_t{0}), nullptr);
}

}  // namespace
