// SPDX-License-Identifier: BSD-2-Clause
// The microkit tool's program images: ElfImage::read on the input for both
// architectures, then what the tool does with an accepted image: look up and
// patch symbols (a word, and a name that may be shorter than its symbol) and
// write the file back, with and without an extra segment. What is written
// back must read again as a valid image.
#include <cstdint>
#include <string>

#include <elf_image.hpp>

#include "fuzz_support.hpp"

namespace {

constexpr std::uint64_t page = 4096;

void exercise(microkit::ElfImage image, microkit::Arch arch, std::uint64_t user_top) {
    for (const char* name : {"microkit_name", "initialised_variable", "in_bss", "", "missing"}) {
        if (const auto symbol = image.symbol(name)) fuzz_support::keep(symbol->value + symbol->size);
        (void)image.patch_word(name, 0x1122334455667788ull);
    }
    const std::uint8_t name[] = {'p', 'd', 0};
    (void)image.patch("microkit_name", name, true);

    std::string error;
    const auto plain = image.write({}, 0, error);
    if (!plain) {
        if (error.empty() || error.find('\n') != std::string::npos) fuzz_support::fail("no one-line error", error);
        return;
    }
    if (!microkit::ElfImage::read(*plain, arch, user_top, error)) fuzz_support::fail("written back, refused", error);

    const std::vector<std::uint8_t> extra(100, 0xab);
    const std::uint64_t extra_vaddr = (image.end() + page - 1) / page * page;
    const auto with_extra = image.write(extra, extra_vaddr, error);
    if (!with_extra) {
        if (error.empty() || error.find('\n') != std::string::npos) __builtin_trap();
        return;
    }
    if (extra_vaddr >= image.end() && extra_vaddr + extra.size() <= user_top &&
        !microkit::ElfImage::read(*with_extra, arch, user_top, error))
        fuzz_support::fail("written back with a segment, refused", error);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::uint8_t> input = fuzz_support::copy(data, size);
    const std::pair<microkit::Arch, std::uint64_t> targets[] = {{microkit::Arch::AArch64, 0x800000000000ull},
                                                                {microkit::Arch::RiscV64, 0x3ffffff000ull}};
    for (const auto& [arch, user_top] : targets) {
        std::string error;
        auto image = microkit::ElfImage::read(input, arch, user_top, error);
        if (!image) {
            if (error.empty() || error.find('\n') != std::string::npos) __builtin_trap();
            continue;
        }
        exercise(std::move(*image), arch, user_top);
    }
    return 0;
}
