// SPDX-License-Identifier: BSD-2-Clause
// What the fuzz targets share: reading a real build product at start-up and
// copying the input to storage of its exact size (so ASan reports any read
// past its end) with the alignment the readers expect of a file buffer.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace fuzz_support {

// The whole file, or the process ends: a fuzz run without its fixed input tests nothing.
inline std::vector<std::uint8_t> read_required(const char* path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.is_open() || in.bad() || bytes.empty()) {
        std::fprintf(stderr, "fuzz target: cannot read %s\n", path);
        std::exit(1);
    }
    return bytes;
}

// Where the command-line targets write their files: memory (/dev/shm) when
// there is one, as every run writes and reads a few files.
inline std::filesystem::path scratch_directory() {
    std::error_code ec;
    if (std::filesystem::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0) return "/dev/shm";
    return std::filesystem::temp_directory_path();
}

inline std::vector<std::uint8_t> copy(const std::uint8_t* data, std::size_t size) {
    return std::vector<std::uint8_t>(data, data + size);
}

// A property of the reader failed: say which, then crash so libFuzzer keeps the input.
[[noreturn]] inline void fail(const char* what, const std::string& detail = "") {
    std::fprintf(stderr, "fuzz target: %s%s%s\n", what, detail.empty() ? "" : ": ", detail.c_str());
    __builtin_trap();
}

// Keeps values computed from the reads, so the reads are not optimised away.
inline void keep(std::uint64_t value) {
    static volatile std::uint64_t sink;
    sink = sink + value;
}

}  // namespace fuzz_support
