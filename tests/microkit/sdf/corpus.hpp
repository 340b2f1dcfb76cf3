// SPDX-License-Identifier: BSD-2-Clause
// The SDF test corpus (corpus/valid, corpus/invalid, corpus/data) and the
// targets the files are read for.
#pragma once

#include <string>
#include <vector>

#include "sdf/parse.hpp"

namespace microkit::sdf::test {

// The targets of the corpus. The default is a QEMU-like AArch64 board
// without hypervisor, SMC forwarding or SMP, and a kernel with one domain.
enum class Variant {
    AArch64,       // ipc_buffer_vaddr 0x7ffffffff000
    RiscV64,       // ipc_buffer_vaddr 0x3fffffe000 (Sv39)
    AArch64Hyp,    // hypervisor kernel
    RiscV64Hyp,    // hypervisor kernel (RISC-V VMs take no scheduling attributes)
    AArch64Smp,    // two cores
    AArch64Full,   // hypervisor, SMC forwarding, two domains: valid/full.system
};

Target target_for(Variant variant);

// Finds prefill files under the corpus directory.
FileLookup corpus_lookup();

// Parses corpus/<path>; messages name the file by its base name.
ParseResult parse_corpus_file(const std::string& path, Variant variant);
ParseResult parse_text(const std::string& xml, const std::string& file_name, Variant variant = Variant::AArch64);

// The base names of the files in one corpus directory.
std::vector<std::string> corpus_files(const std::string& directory);

// One invalid file and the one line it must be rejected with.
struct InvalidCase {
    const char* file;
    Variant variant;
    const char* expected;
};
std::vector<InvalidCase> element_cases();  // document, PDs and what they hold
std::vector<InvalidCase> system_cases();   // regions, channels, domains, whole-system limits

}  // namespace microkit::sdf::test
