// SPDX-License-Identifier: BSD-2-Clause
// Program images: reading a real PD ELF, its symbols, patching (in .data
// and in .bss), what is refused, and writing the initial task back with the
// specification as an extra segment.
#include <gtest/gtest.h>

#include <elf/elf.hpp>

#include "fixture.hpp"
#include "support/elf_builder.hpp"

namespace {

using microkit::ElfImage;
using namespace microkit_test;

TEST(MicrokitElfImage, ReadsSegmentsEntryAndSymbols) {
    const ElfImage image = fixture_image();
    ASSERT_GE(image.segments().size(), 2u);
    EXPECT_EQ(image.segments()[0].vaddr, 0x200000u);
    EXPECT_TRUE(image.segments()[0].execute);
    EXPECT_EQ(image.entry(), image.symbol("_start")->value);
    EXPECT_EQ(image.symbol("microkit_name")->size, 64u);
    EXPECT_EQ(image.symbol("microkit_passive")->size, 1u);
    EXPECT_FALSE(image.symbol("no_such_symbol").has_value());
    EXPECT_EQ(word_at(image, "initialised_variable"), 0x1234u);
}

TEST(MicrokitElfImage, PatchesDataAndBssSymbols) {
    ElfImage image = fixture_image();
    EXPECT_EQ(image.patch_word("initialised_variable", 0xabcd), "");
    EXPECT_EQ(image.patch_word("buffer_vaddr", 0x4000000), "");
    EXPECT_EQ(word_at(image, "initialised_variable"), 0xabcdu);
    EXPECT_EQ(word_at(image, "buffer_vaddr"), 0x4000000u);
    const std::uint8_t name[] = {'p', 'd', 0};
    EXPECT_EQ(image.patch("microkit_name", name, true), "");
}

TEST(MicrokitElfImage, RefusesMissingAndWrongSizedSymbols) {
    ElfImage image = fixture_image();
    EXPECT_EQ(image.patch_word("nope", 1), "the symbol 'nope' does not exist");
    EXPECT_EQ(image.patch_word("short_variable", 1), "symbol 'short_variable' is 4 bytes, expected size '8' bytes");
    const std::vector<std::uint8_t> long_name(65, 'x');
    EXPECT_NE(image.patch("microkit_name", long_name, true), "");
}

TEST(MicrokitElfImage, RefusesTheWrongArchitectureAndTruncatedFiles) {
    std::string error;
    const auto& board = aarch64_board();
    EXPECT_FALSE(ElfImage::read(read_bytes(FIXTURE_PD_RISCV64), board.arch, board.user_top, error));
    EXPECT_NE(error.find("machine"), std::string::npos) << error;
    std::vector<std::uint8_t> truncated = read_bytes(FIXTURE_PD_AARCH64);
    truncated.resize(100);
    EXPECT_FALSE(ElfImage::read(truncated, board.arch, board.user_top, error));
    EXPECT_FALSE(ElfImage::read({}, board.arch, board.user_top, error));
}

// Found by tests/fuzz/microkit_elf_fuzz.cpp: a .bss of 0x2d0000000000 bytes
// (inside user space) made the tool try to allocate all of it.
TEST(MicrokitElfImage, RefusesAnImageTooLargeToHoldInsteadOfAllocatingIt) {
    const auto& board = aarch64_board();
    const std::vector<std::uint8_t> huge_bss = test_support::ElfBuilder(183)
                                                   .entry(0x200000)
                                                   .segment(0x200000, 64, elf::PF_R | elf::PF_X)
                                                   .segment(0x201000, 16, elf::PF_R | elf::PF_W, 0x2d0000000000)
                                                   .build();
    std::string error;
    EXPECT_FALSE(ElfImage::read(huge_bss, board.arch, board.user_top, error));
    EXPECT_EQ(error, "its segments occupy 49478023249984 bytes of memory, more than the 268435456 a program "
                     "image may occupy");
    // Exactly the limit is accepted.
    const std::vector<std::uint8_t> at_limit = test_support::ElfBuilder(183)
                                                   .entry(0x200000)
                                                   .segment(0x200000, 64, elf::PF_R | elf::PF_X)
                                                   .segment(0x201000, 16, elf::PF_R | elf::PF_W, (256u << 20) - 64)
                                                   .build();
    EXPECT_TRUE(ElfImage::read(at_limit, board.arch, board.user_top, error)) << error;
}

// Found by tests/fuzz/microkit_elf_fuzz.cpp: a symbol inside a segment whose
// size wraps value + size around 2^64 passed the "inside a segment" check.
TEST(MicrokitElfImage, RefusesToPatchASymbolWhoseSizeWraps) {
    ElfImage image = fixture_image();
    const auto name = image.symbol("microkit_name");
    ASSERT_TRUE(name.has_value());
    // The fixture's symbol table, with microkit_name's st_size replaced.
    std::vector<std::uint8_t> file = read_bytes(FIXTURE_PD_AARCH64);
    bool replaced = false;
    for (std::size_t at = 0; at + 24 <= file.size() && !replaced; at += 8) {
        if (test_support::get_le(file, at + 8, 8) == name->value && test_support::get_le(file, at + 16, 8) == 64) {
            test_support::put_le(file, at + 16, ~std::uint64_t{0} - name->value + 2, 8);
            replaced = true;
        }
    }
    ASSERT_TRUE(replaced);
    const auto& board = aarch64_board();
    std::string error;
    auto hostile = ElfImage::read(file, board.arch, board.user_top, error);
    ASSERT_TRUE(hostile.has_value()) << error;
    const std::uint8_t pd[] = {'p', 'd', 0};
    EXPECT_EQ(hostile->patch("microkit_name", pd, true), "the symbol 'microkit_name' is not inside a loadable segment");
}

// `file` with a symbol table (section headers: null, .symtab, .strtab)
// holding one symbol.
std::vector<std::uint8_t> with_symbol(std::vector<std::uint8_t> file, const std::string& name, std::uint64_t value,
                                      std::uint64_t size) {
    using test_support::put_le;
    const std::uint64_t strtab = file.size();
    file.push_back(0);
    file.insert(file.end(), name.begin(), name.end());
    file.push_back(0);
    const std::uint64_t strtab_size = file.size() - strtab;
    file.resize((file.size() + 7) / 8 * 8, 0);
    const std::uint64_t symtab = file.size();
    file.resize(symtab + 48, 0);  // the null symbol, then ours
    put_le(file, symtab + 24, 1, 4);
    put_le(file, symtab + 32, value, 8);
    put_le(file, symtab + 40, size, 8);
    const std::uint64_t shoff = file.size();
    file.resize(shoff + 3 * 64, 0);
    put_le(file, shoff + 64 + 4, 2, 4);  // SHT_SYMTAB, linked to section 2
    put_le(file, shoff + 64 + 24, symtab, 8);
    put_le(file, shoff + 64 + 32, 48, 8);
    put_le(file, shoff + 64 + 40, 2, 4);
    put_le(file, shoff + 128 + 4, 3, 4);  // SHT_STRTAB
    put_le(file, shoff + 128 + 24, strtab, 8);
    put_le(file, shoff + 128 + 32, strtab_size, 8);
    put_le(file, 40, shoff, 8);
    put_le(file, 60, 3, 2);
    return file;
}

// Found by tests/fuzz/microkit_elf_fuzz.cpp: a symbol on the bytes of the
// ELF header (which a segment may map) was patched into the header itself.
TEST(MicrokitElfImage, RefusesToWriteAPatchOverTheElfHeaders) {
    namespace o = test_support::elf_offsets;
    std::vector<std::uint8_t> file =
        test_support::ElfBuilder(183).entry(0x200100).segment(0x200000, 0x200, elf::PF_R | elf::PF_X).build();
    test_support::put_le(file, o::phdr(0, o::p_offset), 0, 8);  // the segment maps the file from its first byte
    file = with_symbol(file, "microkit_name", 0x200000, 8);
    const auto& board = aarch64_board();
    std::string error;
    auto image = ElfImage::read(file, board.arch, board.user_top, error);
    ASSERT_TRUE(image.has_value()) << error;
    EXPECT_EQ(image->patch_word("microkit_name", 0x1122334455667788), "");
    EXPECT_FALSE(image->write({}, 0, error).has_value());
    EXPECT_EQ(error, "a patched symbol in segment 0 overlaps the ELF header or program header table");
    // Patching the same bytes back leaves the headers as they are: that is written.
    EXPECT_EQ(image->patch_word("microkit_name", test_support::get_le(file, 0, 8)), "");
    EXPECT_TRUE(image->write({}, 0, error).has_value()) << error;
}

TEST(MicrokitElfImage, WritesPatchesAndAnExtraSegmentBack) {
    ElfImage image = fixture_image(INITIALISER_AARCH64);
    const std::uint64_t at = (image.end() + 4095) / 4096 * 4096;
    ASSERT_EQ(image.patch_word("microkit_spec_address", at), "");
    const std::vector<std::uint8_t> blob = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    std::string error;
    const auto written = image.write(blob, at, error);
    ASSERT_TRUE(written) << error;
    const auto& board = aarch64_board();
    const auto again = ElfImage::read(*written, board.arch, board.user_top, error);
    ASSERT_TRUE(again) << error;
    EXPECT_EQ(word_at(*again, "microkit_spec_address"), at);
    const microkit::Segment& last = again->segments().back();
    EXPECT_EQ(last.vaddr, at);
    EXPECT_EQ(std::vector<std::uint8_t>(last.bytes.begin(), last.bytes.end()), blob);
    EXPECT_FALSE(last.write);
    EXPECT_FALSE(last.execute);
}

}  // namespace
