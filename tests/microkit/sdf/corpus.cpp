// SPDX-License-Identifier: BSD-2-Clause
#include "corpus.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace microkit::sdf::test {

namespace fs = std::filesystem;

Target target_for(Variant variant) {
    Target aarch64{Arch::AArch64, 0x7ffffffff000, 1, false, false, 1};
    Target riscv64{Arch::RiscV64, 0x3fffffe000, 1, false, false, 1};
    switch (variant) {
        case Variant::AArch64: return aarch64;
        case Variant::RiscV64: return riscv64;
        case Variant::AArch64Hyp: aarch64.hypervisor = true; return aarch64;
        case Variant::RiscV64Hyp: riscv64.hypervisor = true; return riscv64;
        case Variant::AArch64Smp: aarch64.num_cpus = 2; return aarch64;
        case Variant::AArch64Full:
            aarch64.hypervisor = true;
            aarch64.smc_forwarding = true;
            aarch64.num_domains = 2;
            return aarch64;
    }
    return aarch64;
}

FileLookup corpus_lookup() {
    return [](const std::string& name) -> std::optional<FoundFile> {
        fs::path path = fs::path(MICROKIT_SDF_CORPUS) / name;
        std::error_code error;
        if (!fs::is_regular_file(path, error)) return std::nullopt;
        std::uintmax_t size = fs::file_size(path, error);
        if (error) return std::nullopt;
        return FoundFile{path.string(), size};
    };
}

ParseResult parse_corpus_file(const std::string& path, Variant variant) {
    fs::path full = fs::path(MICROKIT_SDF_CORPUS) / path;
    std::ifstream in(full, std::ios::binary);
    if (!in) {
        ParseResult missing;
        missing.error = "test corpus file not found: " + full.string();
        return missing;
    }
    std::stringstream text;
    text << in.rdbuf();
    return parse_text(text.str(), full.filename().string(), variant);
}

ParseResult parse_text(const std::string& xml, const std::string& file_name, Variant variant) {
    return parse(xml, file_name, target_for(variant), corpus_lookup());
}

std::vector<std::string> corpus_files(const std::string& directory) {
    std::vector<std::string> names;
    for (const fs::directory_entry& entry : fs::directory_iterator(fs::path(MICROKIT_SDF_CORPUS) / directory)) {
        if (entry.is_regular_file()) names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace microkit::sdf::test
