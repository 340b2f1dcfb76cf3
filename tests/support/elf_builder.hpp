// SPDX-License-Identifier: BSD-2-Clause
// Builds small ELF64 little-endian executables in memory for host tests.
// Layout: ELF header | program headers | each segment's bytes at an offset
// congruent to its vaddr modulo its alignment (as a linker places them).
// Tests break files afterwards with put_le() at the offsets below.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace test_support {

namespace elf_offsets {  // gABI ELF-64 header and program header fields
inline constexpr std::size_t ident_class = 4, ident_data = 5, ident_version = 6, type = 16, machine = 18,
                             version = 20, entry = 24, phoff = 32, shoff = 40, phentsize = 54, phnum = 56,
                             shnum = 60, shstrndx = 62;
inline constexpr std::size_t phdr_base = 64, phdr_size = 56;
inline constexpr std::size_t p_type = 0, p_flags = 4, p_offset = 8, p_vaddr = 16, p_paddr = 24, p_filesz = 32,
                             p_memsz = 40, p_align = 48;
// Offset of field `field` of program header `index` (table at 64).
constexpr std::size_t phdr(std::size_t index, std::size_t field) { return phdr_base + index * phdr_size + field; }
}  // namespace elf_offsets

inline void put_le(std::vector<std::uint8_t>& bytes, std::size_t at, std::uint64_t value, unsigned width) {
    for (unsigned i = 0; i < width; ++i) bytes[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
}
inline std::uint64_t get_le(const std::vector<std::uint8_t>& bytes, std::size_t at, unsigned width) {
    std::uint64_t value = 0;
    for (unsigned i = width; i-- > 0;) value = (value << 8) | bytes[at + i];
    return value;
}

struct SegmentSpec {
    std::uint32_t type = 1;    // PT_LOAD
    std::uint32_t flags = 4;   // PF_R
    std::uint64_t vaddr = 0;
    std::uint64_t memsz = 0;   // 0: same as data.size()
    std::vector<std::uint8_t> data;
    std::uint64_t align = 4096;
    std::int64_t paddr_delta = 0;  // p_paddr = p_vaddr + paddr_delta
};

class ElfBuilder {
  public:
    explicit ElfBuilder(std::uint16_t machine = 243) : machine_(machine) {}
    ElfBuilder& entry(std::uint64_t address) {
        entry_ = address;
        return *this;
    }
    ElfBuilder& type(std::uint16_t value) {
        type_ = value;
        return *this;
    }
    ElfBuilder& segment(SegmentSpec spec) {
        segments_.push_back(std::move(spec));
        return *this;
    }
    // Shorthand: a segment of `size` bytes of a pattern.
    ElfBuilder& segment(std::uint64_t vaddr, std::uint64_t size, std::uint32_t flags, std::uint64_t memsz = 0) {
        SegmentSpec spec;
        spec.vaddr = vaddr;
        spec.flags = flags;
        spec.data.resize(size);
        for (std::size_t i = 0; i < size; ++i) spec.data[i] = static_cast<std::uint8_t>(i * 7 + vaddr);
        spec.memsz = memsz;
        return segment(std::move(spec));
    }

    std::vector<std::uint8_t> build() const {
        namespace o = elf_offsets;
        std::vector<std::uint8_t> file(o::phdr_base + segments_.size() * o::phdr_size, 0);
        const std::uint8_t ident[] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
        for (std::size_t i = 0; i < sizeof ident; ++i) file[i] = ident[i];
        put_le(file, o::type, type_, 2);
        put_le(file, o::machine, machine_, 2);
        put_le(file, o::version, 1, 4);
        put_le(file, o::entry, entry_, 8);
        put_le(file, o::phoff, o::phdr_base, 8);
        put_le(file, 52, 64, 2);  // e_ehsize
        put_le(file, o::phentsize, o::phdr_size, 2);
        put_le(file, o::phnum, segments_.size(), 2);
        put_le(file, 58, 64, 2);  // e_shentsize
        for (std::size_t i = 0; i < segments_.size(); ++i) {
            const SegmentSpec& s = segments_[i];
            const std::uint64_t align = s.align > 1 ? s.align : 1;
            // An empty segment takes no file space (offset: the smallest congruent value).
            std::uint64_t offset = s.data.empty() ? s.vaddr % align : file.size();
            while (offset % align != s.vaddr % align) ++offset;
            if (!s.data.empty()) file.resize(offset, 0);
            file.insert(file.end(), s.data.begin(), s.data.end());
            put_le(file, o::phdr(i, o::p_type), s.type, 4);
            put_le(file, o::phdr(i, o::p_flags), s.flags, 4);
            put_le(file, o::phdr(i, o::p_offset), offset, 8);
            put_le(file, o::phdr(i, o::p_vaddr), s.vaddr, 8);
            put_le(file, o::phdr(i, o::p_paddr), s.vaddr + static_cast<std::uint64_t>(s.paddr_delta), 8);
            put_le(file, o::phdr(i, o::p_filesz), s.data.size(), 8);
            put_le(file, o::phdr(i, o::p_memsz), s.memsz != 0 ? s.memsz : s.data.size(), 8);
            put_le(file, o::phdr(i, o::p_align), s.align, 8);
        }
        return file;
    }

  private:
    std::uint16_t machine_;
    std::uint16_t type_ = 2;  // ET_EXEC
    std::uint64_t entry_ = 0;
    std::vector<SegmentSpec> segments_;
};

}  // namespace test_support
