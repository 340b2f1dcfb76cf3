// SPDX-License-Identifier: BSD-2-Clause
// Malformed input: short or long messages and register sets, null arrays, a
// null name, a null sink, an architecture value outside the enum. The report
// prints what is there, names what is missing in one line, and never reads
// past an array (the arrays here are exactly as long as their counts, so
// ASan catches any stray read).
#include <report_capture.hpp>

#include <memory>

namespace {

using namespace monitor_test;

constexpr std::uint64_t cap_fault = 1, unknown_syscall = 2, user_exception = 3, timeout = 5, vm_fault = 6;

TEST(MonitorOddInput, TooFewRegisters) {
    Fault f = fault_on(Arch::AArch64, 0x1234, {});
    f.registers = {0x10, 0x20, 0x30, 0x40, 0x50};
    EXPECT_EQ(report(f),
              "MON|ERROR: received message 0x00001234  badge: 0x0000000000000001  tcb cap: 0x0000000000000040\n"
              "MON|ERROR: faulting PD: client\n"
              "Registers:\n"
              "pc : 0x0000000000000010\n"
              "sp : 0x0000000000000020\n"
              "spsr : 0x0000000000000030\n"
              "x0 : 0x0000000000000040\n"
              "x1 : 0x0000000000000050\n"
              "MON|ERROR: registers x2..tpidrro_el0 missing (5 of 36 given)\n"
              "MON|ERROR: Unknown fault: label 0x00001234 (not an seL4 fault label)\n");
}

TEST(MonitorOddInput, AllButTheLastRiscVRegister) {
    Fault f = fault_on(Arch::RiscV64, 0x1234, {});
    f.registers.pop_back();
    const std::string text = report(f);
    EXPECT_NE(text.find("t6 : 0x000000000000011e\nMON|ERROR: registers tp..tp missing (31 of 32 given)\n"),
              std::string::npos)
        << text;
}

TEST(MonitorOddInput, TooManyRegisters) {
    Fault f = fault_on(Arch::RiscV64, 0x1234, {});
    f.registers.push_back(0xdead);
    f.registers.push_back(0xbeef);
    const std::string text = report(f);
    EXPECT_NE(text.find("tp : 0x000000000000011f\n"
                        "MON|ERROR: 34 register words given, seL4_UserContext has 32; the last 2 not printed\n"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("dead"), std::string::npos);
}

TEST(MonitorOddInput, NullArraysCountAsEmpty) {
    FaultMessage m{Arch::AArch64, vm_fault, 1, 2, nullptr, 4, nullptr, 36, "client", 0};
    EXPECT_EQ(report(m),
              "MON|ERROR: received message 0x00000006  badge: 0x0000000000000001  tcb cap: 0x0000000000000002\n"
              "MON|ERROR: faulting PD: client\n"
              "Registers:\n"
              "MON|ERROR: registers pc..tpidrro_el0 missing (0 of 36 given)\n"
              "MON|ERROR: VMFault: ip=(missing)  fault_addr=(missing)  fsr=(missing)  "
              "(data or instruction fault: missing)\n"
              "MON|ERROR: VMFault message too short: 0 of 4 message registers given\n");
}

TEST(MonitorOddInput, NullName) {
    Fault f = fault_on(Arch::AArch64, timeout, {1, 2});
    f.pd_name = nullptr;
    const std::string text = report(f);
    EXPECT_NE(text.find("MON|ERROR: faulting PD: (no name)\n"), std::string::npos) << text;
}

TEST(MonitorOddInput, NullSinkWritesNothing) {
    const Fault f = fault_on(Arch::AArch64, vm_fault, {1, 2, 3, 4});
    microkit_monitor::print_fault(f.message(), nullptr, nullptr);
    microkit_monitor::print_unknown_badge(1, nullptr, nullptr);
    SUCCEED();  // reaching here without a crash is the point
}

TEST(MonitorOddInput, ArchitectureOutsideTheEnum) {
    Fault f = fault_on(Arch::AArch64, vm_fault, {1, 2, 3, 4});
    f.arch = static_cast<Arch>(7);
    EXPECT_EQ(report(f),
              "MON|ERROR: received message 0x00000006  badge: 0x0000000000000001  tcb cap: 0x0000000000000040\n"
              "MON|ERROR: faulting PD: client\n"
              "MON|ERROR: unknown architecture 7; registers and fault not decoded\n");
}

TEST(MonitorOddInput, ShortVmFaultKeepsWhatIsThere) {
    Fault f = fault_on(Arch::AArch64, vm_fault, {0x400000, 0x7ff800});
    f.stack_bottom = 0x800000;
    EXPECT_EQ(fault_part(f),
              "MON|ERROR: VMFault: ip=0x0000000000400000  fault_addr=0x00000000007ff800  fsr=(missing)  "
              "(data or instruction fault: missing)\n"
              "MON|ERROR: potential stack overflow: fault address 0x00000000007ff800 is in the page below the stack "
              "(bottom 0x0000000000800000)\n"
              "MON|ERROR: VMFault message too short: 2 of 4 message registers given\n");
}

TEST(MonitorOddInput, LongVmFaultIgnoresTheRest) {
    EXPECT_EQ(fault_part(fault_on(Arch::RiscV64, vm_fault, {0x10, 0x20, 0, 5, 0xdead, 0xbeef})),
              "MON|ERROR: VMFault: ip=0x0000000000000010  fault_addr=0x0000000000000020  fsr=0x0000000000000005  "
              "(data fault)\n"
              "MON|ERROR:    scause: 0x5 (load access fault; seL4 reports load page faults with this code too)\n"
              "MON|ERROR: VMFault message has 6 message registers, 4 expected; the last 2 ignored\n");
}

TEST(MonitorOddInput, CapFaultWithoutLookupType) {
    EXPECT_EQ(fault_part(fault_on(Arch::AArch64, cap_fault, {0x400000, 0x35, 0})),
              "MON|ERROR: CapFault: ip=0x0000000000400000  fault_addr=0x0000000000000035  in_recv_phase=false\n"
              "MON|ERROR:    lookup failure: (missing)\n"
              "MON|ERROR: CapFault message too short: 3 of 4 message registers given\n");
    EXPECT_EQ(fault_part(fault_on(Arch::AArch64, cap_fault, {0x400000})),
              "MON|ERROR: CapFault: ip=0x0000000000400000  fault_addr=(missing)  in_recv_phase=(missing)\n"
              "MON|ERROR:    lookup failure: (missing)\n"
              "MON|ERROR: CapFault message too short: 1 of 4 message registers given\n");
}

TEST(MonitorOddInput, CapFaultDetailsCutShort) {
    EXPECT_EQ(fault_part(fault_on(Arch::RiscV64, cap_fault, {0x10000, 0x99, 1, 4, 20})),
              "MON|ERROR: CapFault: ip=0x0000000000010000  fault_addr=0x0000000000000099  in_recv_phase=true\n"
              "MON|ERROR:    lookup failure: seL4_GuardMismatch  bits_left=20  guard_found=(missing)  "
              "guard_bits_found=(missing)\n"
              "MON|ERROR: CapFault message too short: 5 of 7 message registers given\n");
    EXPECT_EQ(fault_part(fault_on(Arch::RiscV64, cap_fault, {0x10000, 0x99, 1, 2, 20, 0xdead})),
              "MON|ERROR: CapFault: ip=0x0000000000010000  fault_addr=0x0000000000000099  in_recv_phase=true\n"
              "MON|ERROR:    lookup failure: seL4_MissingCapability  bits_left=20\n"
              "MON|ERROR: CapFault message has 6 message registers, 5 expected; the last 1 ignored\n");
}

TEST(MonitorOddInput, ShortUnknownSyscall) {
    // AArch64 keeps FaultIP in MR8: nine words hold it but not SP or the number.
    EXPECT_EQ(fault_part(fault_on(Arch::AArch64, unknown_syscall, {0, 1, 2, 3, 4, 5, 6, 7, 0x400200})),
              "MON|ERROR: UnknownSyscall: ip=0x0000000000400200  sp=(missing)  syscall=(missing)\n"
              "MON|ERROR: UnknownSyscall message too short: 9 of 13 message registers given\n");
    EXPECT_EQ(fault_part(fault_on(Arch::RiscV64, unknown_syscall, {0x10200})),
              "MON|ERROR: UnknownSyscall: ip=0x0000000000010200  sp=(missing)  syscall=(missing)\n"
              "MON|ERROR: UnknownSyscall message too short: 1 of 11 message registers given\n");
}

TEST(MonitorOddInput, ShortUserExceptionSkipsTheDecode) {
    EXPECT_EQ(fault_part(fault_on(Arch::AArch64, user_exception, {0x400300, 0x7ffe00, 0x40})),
              "MON|ERROR: UserException: ip=0x0000000000400300  sp=0x00000000007ffe00  flags=0x0000000000000040  "
              "number=(missing)  code=(missing)\n"
              "MON|ERROR: UserException message too short: 3 of 5 message registers given\n");
    // RISC-V: the number (scause) is there, the code is not.
    EXPECT_EQ(fault_part(fault_on(Arch::RiscV64, user_exception, {0x10300, 0x3ff000, 2})),
              "MON|ERROR: UserException: ip=0x0000000000010300  sp=0x00000000003ff000  number=0x0000000000000002  "
              "code=(missing)\n"
              "MON|ERROR:    scause: 0x2 (illegal instruction)\n"
              "MON|ERROR: UserException message too short: 3 of 4 message registers given\n");
}

TEST(MonitorOddInput, TimeoutLengths) {
    EXPECT_EQ(fault_part(fault_on(Arch::AArch64, timeout, {})),
              "MON|ERROR: Timeout: data=(missing)  consumed=(missing)\n"
              "MON|ERROR: Timeout message too short: 0 of 2 message registers given\n");
    EXPECT_EQ(fault_part(fault_on(Arch::RiscV64, timeout, {0x5c, 10, 11})),
              "MON|ERROR: Timeout: data=0x000000000000005c  consumed=10 us\n"
              "MON|ERROR: Timeout message has 3 message registers, 2 expected; the last 1 ignored\n");
}

TEST(MonitorOddInput, ExactLengthArraysAreNeverOverrun) {
    // Every label against every message length up to 8 words on heap arrays
    // of exactly that length: ASan reports any read beyond them.
    for (Arch arch : {Arch::AArch64, Arch::RiscV64}) {
        for (std::uint64_t label = 0; label <= 10; ++label) {
            for (std::size_t length = 0; length <= 14; ++length) {
                auto mrs = std::make_unique<std::uint64_t[]>(length);
                for (std::size_t i = 0; i < length; ++i) mrs[i] = 0x3 + i;
                const std::size_t register_count = length * 3;
                auto registers = std::make_unique<std::uint64_t[]>(register_count);
                FaultMessage m{arch,      label,     0, 0, length ? mrs.get() : nullptr, length, registers.get(),
                               register_count, "pd", 0x10};
                const std::string text = report(m);
                EXPECT_EQ(text.back(), '\n');
            }
        }
    }
}

}  // namespace
