// SPDX-License-Identifier: BSD-2-Clause
// Drives print_fault into a string and builds fault messages from vectors.
#pragma once

#include <monitor/fault_report.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace monitor_test {

using microkit_monitor::Arch;
using microkit_monitor::FaultMessage;

inline void append_char(char c, void* context) {
    static_cast<std::string*>(context)->push_back(c);
}

// The message and the arrays it points into, kept alive together.
struct Fault {
    Arch arch = Arch::AArch64;
    std::uint64_t label = 0;
    std::uint64_t badge = 0;
    std::uint64_t tcb_cap = 0;
    std::vector<std::uint64_t> mrs;
    std::vector<std::uint64_t> registers;
    const char* pd_name = "client";
    std::uint64_t stack_bottom = 0;

    FaultMessage message() const {
        return FaultMessage{arch, label, badge, tcb_cap, mrs.data(), mrs.size(), registers.data(),
                            registers.size(), pd_name, stack_bottom};
    }
};

inline std::string report(const FaultMessage& message) {
    std::string out;
    microkit_monitor::print_fault(message, append_char, &out);
    return out;
}

inline std::string report(const Fault& fault) {
    return report(fault.message());
}

// A full register set whose word i is 0x100 + i.
inline std::vector<std::uint64_t> numbered_registers(Arch arch) {
    std::vector<std::uint64_t> words(arch == Arch::AArch64 ? 36 : 32);
    for (std::size_t i = 0; i < words.size(); ++i) words[i] = 0x100 + i;
    return words;
}

// The report from the fault decode on: everything after the header lines,
// "Registers:" and a full register set.
inline std::string fault_part(const Fault& fault) {
    const std::string text = report(fault);
    const std::size_t skip = 3 + fault.registers.size();
    std::size_t at = 0;
    for (std::size_t line = 0; line < skip; ++line) {
        at = text.find('\n', at);
        if (at == std::string::npos) return "(report has fewer lines than the header and registers)";
        ++at;
    }
    return text.substr(at);
}

inline Fault fault_on(Arch arch, std::uint64_t label, std::vector<std::uint64_t> mrs) {
    Fault f;
    f.arch = arch;
    f.label = label;
    f.badge = 1;
    f.tcb_cap = 0x40;
    f.mrs = std::move(mrs);
    f.registers = numbered_registers(arch);
    return f;
}

}  // namespace monitor_test
