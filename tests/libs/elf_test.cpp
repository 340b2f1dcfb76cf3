// SPDX-License-Identifier: BSD-2-Clause
// libs/elf: check_executable on good files and on every rejection class,
// truncation at every length, byte mutations, and describe() texts.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <elf/elf.hpp>

#include "support/elf_builder.hpp"

namespace {

using test_support::ElfBuilder;
using test_support::get_le;
using test_support::put_le;
using test_support::SegmentSpec;
namespace off = test_support::elf_offsets;

constexpr std::uint64_t riscv_user_top = 0x0000003ffffff000;
constexpr std::uint16_t em_riscv = 243, em_aarch64 = 183;

// Text and data share the page 0x11000 without overlapping; a GNU_STACK
// header with vaddr 0 must be ignored.
ElfBuilder good_builder(std::uint16_t machine = em_riscv) {
    ElfBuilder b(machine);
    b.entry(0x10010).segment(0x10000, 0x1234, elf::PF_R | elf::PF_X).segment(0x11234, 0x100, elf::PF_R | elf::PF_W, 0x2000);
    SegmentSpec stack;
    stack.type = elf::PT_GNU_STACK;
    stack.flags = elf::PF_R | elf::PF_W;
    stack.align = 16;
    b.segment(stack);
    return b;
}
std::vector<std::uint8_t> good() { return good_builder().build(); }

elf::Diagnosis check(const std::vector<std::uint8_t>& file, elf::Machine machine = elf::Machine::RiscV64,
                     std::uint64_t user_top = riscv_user_top) {
    return elf::check_executable(file.data(), file.size(), machine, user_top);
}
std::string text(const std::vector<std::uint8_t>& file, elf::Machine machine = elf::Machine::RiscV64) {
    const auto d = check(file, machine);
    char buffer[200];
    const std::size_t n = elf::describe(d, file.data(), buffer, sizeof buffer);
    EXPECT_EQ(n, std::string(buffer).size());
    return buffer;
}

TEST(Elf, AcceptsGoodExecutable) {
    const auto file = good();
    const auto d = check(file);
    EXPECT_TRUE(d.ok());
    EXPECT_EQ(d.error, elf::Error::None);
    EXPECT_EQ(text(file), "ok");
    const elf::Ehdr& h = elf::header(file.data());
    EXPECT_EQ(h.e_entry, 0x10010u);
    EXPECT_EQ(h.e_phnum, 3u);
    EXPECT_EQ(elf::program_header(file.data(), 1).p_vaddr, 0x11234u);
    EXPECT_EQ(elf::program_header(file.data(), 1).p_memsz, 0x2000u);
    EXPECT_EQ(elf::program_header(file.data(), 2).p_type, elf::PT_GNU_STACK);
}

TEST(Elf, AcceptsAArch64AndOtherSegmentTypes) {
    ElfBuilder b(em_aarch64);
    b.entry(0x400000).segment(0x400000, 0x100, elf::PF_R | elf::PF_X);
    for (std::uint32_t type : {elf::PT_NOTE, elf::PT_TLS, elf::PT_RISCV_ATTRIBUTES}) {
        SegmentSpec other;
        other.type = type;
        other.vaddr = 0;  // would be outside user space if it were checked
        other.data = {1, 2, 3};
        other.memsz = 0x100000;
        other.align = 1;
        b.segment(other);
    }
    EXPECT_TRUE(check(b.build(), elf::Machine::AArch64, 0x0000800000000000).ok());
}

TEST(Elf, SegmentsSharingAPageWithoutOverlapAreAccepted) {
    ElfBuilder b;
    b.entry(0x10000)
        .segment(0x10000, 0x800, elf::PF_R | elf::PF_X)
        .segment(0x10800, 0x400, elf::PF_R)
        .segment(0x10c00, 0x10, elf::PF_R | elf::PF_W, 0x400);
    EXPECT_TRUE(check(b.build()).ok());
}

TEST(Elf, EdgesOfUserSpaceAreAccepted) {
    ElfBuilder b;
    b.entry(0x1000).segment(0x1000, 0x10, elf::PF_R | elf::PF_X).segment(riscv_user_top - 0x1000, 0x10, elf::PF_R, 0x1000);
    EXPECT_TRUE(check(b.build()).ok());
}

TEST(Elf, AlignmentZeroOrOneMeansNone) {
    for (std::uint64_t align : {0u, 1u}) {
        auto file = good();
        put_le(file, off::phdr(1, off::p_align), align, 8);
        EXPECT_TRUE(check(file).ok()) << align;
    }
}

TEST(Elf, TruncatedAtEveryLength) {
    const auto file = good();
    for (std::size_t n = 0; n < file.size(); ++n) {
        std::vector<std::uint8_t> cut(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(n));
        const auto d = elf::check_executable(n == 0 ? nullptr : cut.data(), n, elf::Machine::RiscV64, riscv_user_top);
        EXPECT_FALSE(d.ok()) << "length " << n;
        char buffer[160];
        elf::describe(d, n == 0 ? nullptr : cut.data(), buffer, sizeof buffer);
    }
    EXPECT_EQ(elf::check_executable(nullptr, 0, elf::Machine::RiscV64, riscv_user_top).error, elf::Error::Truncated);
    std::vector<std::uint8_t> header_only(file.begin(), file.begin() + 63);
    EXPECT_EQ(check(header_only).error, elf::Error::Truncated);
    EXPECT_EQ(text(header_only), "truncated: 63 bytes is too short for an ELF header");
}

TEST(Elf, ByteMutationsNeverCrash) {
    const auto file = good();
    const std::uint8_t values[] = {0x00, 0x01, 0x07, 0x38, 0x80, 0xff};
    const std::size_t headers = off::phdr_base + 3 * off::phdr_size;
    for (std::size_t at = 0; at < headers; ++at) {
        for (std::uint8_t v : values) {
            auto mutated = file;
            mutated[at] = v;
            const auto d = check(mutated);
            char buffer[160];
            elf::describe(d, mutated.data(), buffer, sizeof buffer);
        }
    }
}

TEST(Elf, BadIdent) {
    auto file = good();
    file[1] = 'e';
    EXPECT_EQ(check(file).error, elf::Error::BadMagic);
    EXPECT_EQ(text(file), "not an ELF file (bad magic)");
    file = good();
    file[off::ident_class] = 1;  // ELFCLASS32
    EXPECT_EQ(check(file).error, elf::Error::NotElf64);
    EXPECT_EQ(text(file), "not a 64-bit ELF file (class 1, expected 2)");
    file = good();
    file[off::ident_data] = 2;  // ELFDATA2MSB
    EXPECT_EQ(check(file).error, elf::Error::NotLittleEndian);
    EXPECT_EQ(text(file), "not a little-endian ELF file (data encoding 2, expected 1)");
    file = good();
    file[off::ident_version] = 0;
    EXPECT_EQ(check(file).error, elf::Error::BadVersion);
    file = good();
    put_le(file, off::version, 2, 4);
    EXPECT_EQ(check(file).error, elf::Error::BadVersion);
    EXPECT_EQ(text(file), "unsupported ELF version 2");
}

TEST(Elf, WrongMachine) {
    const auto x86 = good_builder(62).build();
    const auto d = check(x86);
    EXPECT_EQ(d.error, elf::Error::WrongMachine);
    EXPECT_EQ(d.value, 62u);
    EXPECT_EQ(text(x86), "wrong machine: EM 62 (expected 243, RISC-V)");
    EXPECT_EQ(text(good(), elf::Machine::AArch64), "wrong machine: EM 243 (expected 183, AArch64)");
}

TEST(Elf, NotExecutable) {
    auto file = good();
    put_le(file, off::type, elf::ET_DYN, 2);
    EXPECT_EQ(check(file).error, elf::Error::NotExecutable);
    EXPECT_EQ(text(file), "not a static executable: type 3 (ET_DYN: PIE or shared object), expected 2 (ET_EXEC)");
    put_le(file, off::type, elf::ET_REL, 2);
    EXPECT_EQ(check(file).error, elf::Error::NotExecutable);
    EXPECT_EQ(text(file), "not a static executable: type 1 (ET_REL: object file), expected 2 (ET_EXEC)");
    put_le(file, off::type, 4, 2);
    EXPECT_EQ(check(file).value, 4u);
}

TEST(Elf, BadProgramHeaderTable) {
    auto file = good();
    put_le(file, off::phentsize, 32, 2);
    EXPECT_EQ(check(file).error, elf::Error::BadProgramHeaderTable);
    EXPECT_EQ(text(file), "bad program header table (must be 56-byte entries, 8-byte aligned, inside the file)");
    const std::vector<std::uint64_t> bad_offsets = {file.size(), file.size() - 8, 0xfffffffffffffff8, 0, 8, 68};
    for (std::uint64_t phoff : bad_offsets) {
        file = good();
        put_le(file, off::phoff, phoff, 8);
        EXPECT_EQ(check(file).error, elf::Error::BadProgramHeaderTable) << phoff;
    }
    file = good();
    put_le(file, off::phnum, 0xffff, 2);
    EXPECT_EQ(check(file).error, elf::Error::BadProgramHeaderTable);
    file = good();
    put_le(file, off::phnum, 0x1000, 2);  // table runs past the end
    EXPECT_EQ(check(file).error, elf::Error::BadProgramHeaderTable);
}

TEST(Elf, NoLoadableSegment) {
    auto file = good();
    put_le(file, off::phnum, 0, 2);
    EXPECT_EQ(check(file).error, elf::Error::NoLoadableSegment);
    file = good();
    put_le(file, off::phdr(0, off::p_type), elf::PT_NOTE, 4);
    put_le(file, off::phdr(1, off::p_type), elf::PT_NOTE, 4);
    EXPECT_EQ(check(file).error, elf::Error::NoLoadableSegment);
    EXPECT_EQ(text(file), "no loadable (PT_LOAD) segment");
}

TEST(Elf, SegmentOutsideFile) {
    auto file = good();
    put_le(file, off::phdr(1, off::p_filesz), 0x10000, 8);
    put_le(file, off::phdr(1, off::p_memsz), 0x10000, 8);
    const auto d = check(file);
    EXPECT_EQ(d.error, elf::Error::SegmentOutsideFile);
    EXPECT_EQ(d.segment, 1);
    EXPECT_EQ(text(file), "segment 1 file bytes [0x2234, +0x10000) lie outside the file (" +
                              std::to_string(file.size()) + " bytes)");
    file = good();
    put_le(file, off::phdr(0, off::p_offset), 0xfffffffffffff000, 8);  // offset + filesz wraps
    put_le(file, off::phdr(0, off::p_vaddr), 0x7ffff000, 8);
    EXPECT_EQ(check(file).error, elf::Error::SegmentOutsideFile);
    file = good();
    put_le(file, off::phdr(0, off::p_offset), file.size() + 1, 8);
    EXPECT_EQ(check(file).error, elf::Error::SegmentOutsideFile);
}

TEST(Elf, FileSizeExceedsMemorySize) {
    auto file = good();
    put_le(file, off::phdr(1, off::p_memsz), 0x80, 8);
    EXPECT_EQ(check(file).error, elf::Error::FileSizeExceedsMemorySize);
    EXPECT_EQ(text(file), "segment 1: file size 0x100 exceeds memory size 0x80");
}

TEST(Elf, WrappingSegment) {
    auto file = good();
    put_le(file, off::phdr(1, off::p_vaddr), 0xfffffffffffff234, 8);
    EXPECT_EQ(check(file).error, elf::Error::SegmentWraps);
    EXPECT_EQ(text(file), "segment 1 at 0xfffffffffffff234 with size 0x2000 wraps around the address space");
}

TEST(Elf, SegmentOutsideUserSpace) {
    ElfBuilder page0;
    page0.entry(0x10000).segment(0x10000, 0x10, elf::PF_R | elf::PF_X).segment(0x800, 0x10, elf::PF_R);
    auto file = page0.build();
    EXPECT_EQ(check(file).error, elf::Error::SegmentOutsideUserSpace);
    EXPECT_EQ(text(file), "segment 1 [0x800, 0x810) lies outside user space [0x1000, 0x3ffffff000)");
    ElfBuilder high;
    high.entry(0x10000).segment(0x10000, 0x10, elf::PF_R | elf::PF_X).segment(riscv_user_top - 0x1000, 0x10, elf::PF_R, 0x1001);
    file = high.build();
    EXPECT_EQ(check(file).error, elf::Error::SegmentOutsideUserSpace);
    EXPECT_EQ(check(file).segment, 1);
    // A kernel-half address, fine for AArch64's top but not RISC-V's.
    ElfBuilder kernel_half;
    kernel_half.entry(0x4000000000).segment(0x4000000000, 0x10, elf::PF_R | elf::PF_X);
    EXPECT_EQ(check(kernel_half.build()).error, elf::Error::SegmentOutsideUserSpace);
}

TEST(Elf, BadAlignment) {
    auto file = good();
    put_le(file, off::phdr(0, off::p_align), 3, 8);
    EXPECT_EQ(check(file).error, elf::Error::BadAlignment);
    EXPECT_EQ(text(file), "segment 0: alignment 0x3 is not a power of two (vaddr 0x10000, offset 0x1000)");
    file = good();
    put_le(file, off::phdr(1, off::p_vaddr), 0x11244, 8);  // vaddr no longer ≡ offset (mod 4096)
    EXPECT_EQ(check(file).error, elf::Error::BadAlignment);
    EXPECT_EQ(text(file), "segment 1: alignment 0x1000 does not match vaddr and offset (vaddr 0x11244, offset 0x2234)");
}

TEST(Elf, OverlappingSegments) {
    ElfBuilder b;
    b.entry(0x400000)
        .segment(0x400000, 0x100, elf::PF_R | elf::PF_X)
        .segment(0x410000, 0x2800, elf::PF_R)
        .segment(0x412000, 0x1000, elf::PF_R | elf::PF_W);
    const auto file = b.build();
    const auto d = check(file);
    EXPECT_EQ(d.error, elf::Error::SegmentOverlap);
    EXPECT_EQ(d.segment, 2);
    EXPECT_EQ(d.other_segment, 1);
    EXPECT_EQ(text(file), "segment 2 [0x412000, 0x413000) overlaps segment 1 [0x410000, 0x412800)");
    // Overlap through .bss (memsz) only, and a segment inside another.
    ElfBuilder bss;
    bss.entry(0x10000).segment(0x10000, 0x100, elf::PF_R | elf::PF_X, 0x2000).segment(0x11000, 0x10, elf::PF_R);
    EXPECT_EQ(check(bss.build()).error, elf::Error::SegmentOverlap);
    ElfBuilder inside;
    inside.entry(0x10000).segment(0x10000, 0x3000, elf::PF_R | elf::PF_X).segment(0x11000, 0x10, elf::PF_R);
    EXPECT_EQ(check(inside.build()).error, elf::Error::SegmentOverlap);
}

TEST(Elf, EntryOutsideExecutableSegments) {
    auto file = good();
    put_le(file, off::entry, 0x11300, 8);  // inside the data segment, which is not PF_X
    const auto d = check(file);
    EXPECT_EQ(d.error, elf::Error::EntryOutsideSegments);
    EXPECT_EQ(d.value, 0x11300u);
    EXPECT_EQ(text(file), "entry point 0x11300 is not inside an executable (PF_X) PT_LOAD segment");
    put_le(file, off::entry, 0x11234, 8);  // one past the end of text
    EXPECT_EQ(check(file).error, elf::Error::EntryOutsideSegments);
    put_le(file, off::entry, 0, 8);
    EXPECT_EQ(check(file).error, elf::Error::EntryOutsideSegments);
    put_le(file, off::entry, 0x11233, 8);  // last byte of text
    EXPECT_TRUE(check(file).ok());
}

TEST(Elf, DescribeTruncatesAndTerminates) {
    auto file = good();
    put_le(file, off::entry, 0x11300, 8);
    const auto d = check(file);
    char buffer[10];
    EXPECT_EQ(elf::describe(d, file.data(), buffer, sizeof buffer), 9u);
    EXPECT_STREQ(buffer, "entry poi");
    char one[1] = {'x'};
    EXPECT_EQ(elf::describe(d, file.data(), one, 1), 0u);
    EXPECT_EQ(one[0], '\0');
    EXPECT_EQ(elf::describe(d, file.data(), nullptr, 0), 0u);
}

TEST(Elf, DescribeEveryErrorIsOneLine) {
    for (int e = 0; e <= static_cast<int>(elf::Error::EntryOutsideSegments); ++e) {
        elf::Diagnosis d;
        d.error = static_cast<elf::Error>(e);
        char buffer[200];
        const auto file = good();
        elf::describe(d, file.data(), buffer, sizeof buffer);
        const std::string line = buffer;
        EXPECT_FALSE(line.empty());
        EXPECT_EQ(line.find('\n'), std::string::npos);
    }
}

}  // namespace
