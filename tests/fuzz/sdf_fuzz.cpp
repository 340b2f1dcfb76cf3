// SPDX-License-Identifier: BSD-2-Clause
// The microkit tool's SDF reader: microkit::sdf::parse on the input as XML,
// for a permissive AArch64 target (hypervisor, SMC forwarding, several CPUs
// and domains) and a plain RISC-V one, with a file lookup that finds nothing.
// Every refusal must be one line.
#include <cstdint>
#include <string>
#include <string_view>

#include <sdf/parse.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using microkit::sdf::Arch;
    using microkit::sdf::Target;
    const std::vector<std::uint8_t> input = fuzz_support::copy(data, size);
    const std::string_view xml(reinterpret_cast<const char*>(input.data()), input.size());
    const microkit::sdf::FileLookup nothing = [](const std::string&) {
        return std::optional<microkit::sdf::FoundFile>{};
    };
    const Target targets[] = {
        Target{Arch::AArch64, 0x7ffffffff000, 4, true, true, 16},
        Target{Arch::RiscV64, 0x3fffffe000, 1, false, false, 1},
    };
    for (const Target& target : targets) {
        const microkit::sdf::ParseResult result = microkit::sdf::parse(xml, "fuzz.system", target, nothing);
        if (result.ok() != result.error.empty()) __builtin_trap();
        if (result.error.find('\n') != std::string::npos) __builtin_trap();
    }
    return 0;
}
