// SPDX-License-Identifier: BSD-2-Clause
// Reading a system description file: XML in, a checked SystemDescription
// out, or one line saying what is wrong and where (`file:line:column`).
// Every check of the SDF that needs no ELF file is made here (Microkit 2.3.0
// manual, reference/microkit.md §1.1-§1.13); checks against program images
// (symbols, segments) belong to the tool's later stages.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arch.hpp"
#include "model.hpp"

namespace microkit::sdf {

using Arch = microkit::Arch;

// What the board and kernel configuration allow.
struct Target {
    Arch arch = Arch::AArch64;
    // The PD's IPC buffer page; below it an unmapped guard page, below that
    // the stack (stack_size bytes). Maps must end at or below the stack's bottom.
    std::uint64_t ipc_buffer_vaddr = 0;
    std::uint64_t num_cpus = 1;
    bool hypervisor = false;        // virtual machines need it
    bool smc_forwarding = false;    // smc="true" needs it (ARM only)
    std::uint64_t num_domains = 1;  // <domains> needs more than one
};

// A file named by the description (prefill_path): where it was found and its
// length in bytes, or nullopt if it cannot be read.
struct FoundFile {
    std::string path;
    std::uint64_t size = 0;
};
using FileLookup = std::function<std::optional<FoundFile>(const std::string& name)>;

struct ParseResult {
    std::optional<SystemDescription> system;  // set on success
    std::string error;                        // one line, on failure
    std::vector<std::string> warnings;        // e.g. "WARNING: unused memory region 'x'"
    bool ok() const { return system.has_value(); }
};

// `file_name` only labels positions in messages.
ParseResult parse(std::string_view xml, const std::string& file_name, const Target& target, const FileLookup& lookup);

}  // namespace microkit::sdf
