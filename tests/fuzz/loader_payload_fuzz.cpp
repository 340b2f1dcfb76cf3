// SPDX-License-Identifier: BSD-2-Clause
// The loader payload: validate() and describe() on the input as a payload
// (what the loader does at boot), then build_loader_image() with the input
// as the boot image and the real loader of each architecture
// (FUZZ_LOADER_RISCV64/AARCH64, read at start-up), in every output format.
// A built image's payload must pass the loader's own check.
#include <cstdint>
#include <cstring>
#include <string>

#include <loader/payload.hpp>
#include <loader_image.hpp>

#include "fuzz_support.hpp"

namespace {

namespace payload = microkit_loader;
namespace image = microkit::loader_image;

const std::vector<std::uint8_t>& loader(image::Arch arch) {
    static const std::vector<std::uint8_t> riscv64 = fuzz_support::read_required(FUZZ_LOADER_RISCV64);
    static const std::vector<std::uint8_t> aarch64 = fuzz_support::read_required(FUZZ_LOADER_AARCH64);
    return arch == image::Arch::RiscV64 ? riscv64 : aarch64;
}

void check_payload(const std::uint8_t* data, std::uint64_t size, const payload::Limits& limits) {
    const payload::Check check = payload::validate(data, size, limits);
    char line[256];
    payload::describe(check, line, sizeof line);
    if (std::strlen(line) == 0 || std::strchr(line, '\n') != nullptr) __builtin_trap();
    char tiny[4];
    payload::describe(check, tiny, sizeof tiny);
    if (!check.ok()) return;
    // Accepted: every region's bytes lie inside the payload.
    const payload::PayloadHeader header = payload::read_header(data);
    if (header.total_size > size) __builtin_trap();
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < header.region_count; ++i) {
        const payload::Region r = payload::read_region(data, i);
        for (std::uint64_t at = 0; at < r.file_size; ++at) sum += data[r.offset + at];
    }
    fuzz_support::keep(sum);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)loader(image::Arch::RiscV64);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::uint8_t> input = fuzz_support::copy(data, size);
    const payload::Span reserved[] = {{0x90000000, 0x90100000, "the loader"}, {0x82000000, 0x82200000, "the dtb"}};
    const payload::Span memory[] = {{0x80000000, 0xa0000000, "RAM"}};
    check_payload(input.data(), input.size(), payload::Limits{});
    check_payload(input.data(), input.size(), payload::Limits{reserved, 2, memory, 1});

    for (const image::Arch arch : {image::Arch::RiscV64, image::Arch::AArch64}) {
        for (const image::ImageType type :
             {image::ImageType::Binary, image::ImageType::Elf, image::ImageType::UImage}) {
            const image::BuildResult built = image::build_loader_image(arch, loader(arch), input, type);
            if (!built.ok()) {
                if (built.error.find('\n') != std::string::npos || !built.image.empty()) __builtin_trap();
                continue;
            }
            if (type != image::ImageType::Binary) continue;  // the others wrap the same bytes
            if (built.payload_offset > built.image.size()) __builtin_trap();
            const std::vector<std::uint8_t> appended(
                built.image.begin() + static_cast<std::ptrdiff_t>(built.payload_offset), built.image.end());
            if (!payload::validate(appended.data(), appended.size(), payload::Limits{}).ok()) __builtin_trap();
        }
    }
    return 0;
}
