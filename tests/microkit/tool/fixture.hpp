// SPDX-License-Identifier: BSD-2-Clause
// Reading the fixture program images the tool's tests use.
#pragma once

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "board.hpp"
#include "elf_image.hpp"

namespace microkit_test {

inline std::vector<std::uint8_t> read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline const microkit::Board& aarch64_board() { return *microkit::find_board("qemu_virt_aarch64"); }

inline microkit::ElfImage fixture_image(const char* path = FIXTURE_PD_AARCH64) {
    std::string error;
    const auto& board = aarch64_board();
    auto image = microkit::ElfImage::read(read_bytes(path), board.arch, board.user_top, error);
    if (!image) throw std::runtime_error("fixture unreadable: " + error);
    return *image;
}

inline std::uint64_t word_at(const microkit::ElfImage& image, const std::string& symbol) {
    const auto found = image.symbol(symbol);
    if (!found) throw std::runtime_error("no symbol " + symbol);
    for (const microkit::Segment& s : image.segments()) {
        if (found->value < s.vaddr || found->value + 8 > s.vaddr + s.bytes.size()) continue;
        std::uint64_t value = 0;
        for (unsigned i = 0; i < 8; ++i) value |= std::uint64_t{s.bytes[found->value - s.vaddr + i]} << (8 * i);
        return value;
    }
    throw std::runtime_error("symbol outside segments: " + symbol);
}

}  // namespace microkit_test
