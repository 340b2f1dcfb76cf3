// SPDX-License-Identifier: BSD-2-Clause
// Program images (elf_image.hpp). The checks are libs/elf's, as the kernel
// makes them for a root task; the symbol table is read from the section
// headers (gABI "Sections", "Symbol Table").
#include "elf_image.hpp"

#include <algorithm>
#include <cstring>

#include <elf/elf.hpp>

namespace microkit {
namespace {

constexpr std::uint32_t SHT_SYMTAB = 2;
constexpr std::size_t shdr_size = 64;
constexpr std::size_t sym_size = 24;
// The tool holds every segment at its full memory size (.bss included), and
// a program image must fit in the boards' RAM (2 GiB on both QEMU virt
// boards) beside the kernel and the other images: refuse one needing more
// than an eighth of it before allocating.
constexpr std::uint64_t max_image_memory = std::uint64_t{256} << 20;

std::uint64_t le(std::span<const std::uint8_t> bytes, std::uint64_t at, unsigned width) {
    std::uint64_t value = 0;
    for (unsigned i = 0; i < width; ++i) value |= std::uint64_t{bytes[at + i]} << (8 * i);
    return value;
}

void put_le(std::vector<std::uint8_t>& bytes, std::uint64_t at, std::uint64_t value, unsigned width) {
    for (unsigned i = 0; i < width; ++i) bytes[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

bool inside(std::uint64_t offset, std::uint64_t size, std::uint64_t total) {
    return offset <= total && size <= total - offset;
}

// Whether writing the first `size` of `bytes` at `offset` of `file` would
// change a byte of [begin, end). The written range lies inside the file.
bool overwrites(const std::vector<std::uint8_t>& file, std::uint64_t offset, const std::vector<std::uint8_t>& bytes,
                std::uint64_t size, std::uint64_t begin, std::uint64_t end) {
    for (std::uint64_t at = std::max(offset, begin); at < std::min(offset + size, end); ++at)
        if (file[at] != bytes[at - offset]) return true;
    return false;
}

// The symbols of every SHT_SYMTAB section; a malformed table is skipped
// (the image is still usable, its symbols just cannot be patched).
std::map<std::string, Symbol> read_symbols(std::span<const std::uint8_t> file) {
    std::map<std::string, Symbol> symbols;
    const std::uint64_t shoff = le(file, 40, 8);
    const std::uint64_t shentsize = le(file, 58, 2);
    const std::uint64_t shnum = le(file, 60, 2);
    if (shoff == 0 || shentsize != shdr_size || !inside(shoff, shnum * shdr_size, file.size())) return symbols;
    for (std::uint64_t s = 0; s < shnum; ++s) {
        const std::uint64_t sh = shoff + s * shdr_size;
        if (le(file, sh + 4, 4) != SHT_SYMTAB) continue;
        const std::uint64_t offset = le(file, sh + 24, 8), size = le(file, sh + 32, 8);
        const std::uint64_t link = le(file, sh + 40, 4);
        if (!inside(offset, size, file.size()) || link >= shnum) continue;
        const std::uint64_t strsh = shoff + link * shdr_size;
        const std::uint64_t str_offset = le(file, strsh + 24, 8), str_size = le(file, strsh + 32, 8);
        if (!inside(str_offset, str_size, file.size())) continue;
        for (std::uint64_t at = offset; at + sym_size <= offset + size; at += sym_size) {
            const std::uint64_t name = le(file, at, 4);
            if (name >= str_size) continue;
            const char* begin = reinterpret_cast<const char*>(file.data() + str_offset + name);
            const std::size_t length = strnlen(begin, str_size - name);
            if (length == 0 || length == str_size - name) continue;
            symbols[std::string(begin, length)] = Symbol{le(file, at + 8, 8), le(file, at + 16, 8)};
        }
    }
    return symbols;
}

}  // namespace

std::optional<ElfImage> ElfImage::read(std::span<const std::uint8_t> file, Arch arch, std::uint64_t user_top,
                                       std::string& error) {
    // libs/elf casts program headers: it needs 8-byte-aligned storage, which
    // a std::vector's buffer is.
    ElfImage image;
    image.file_.assign(file.begin(), file.end());
    const std::uint8_t* data = image.file_.data();
    const elf::Machine machine = arch == Arch::AArch64 ? elf::Machine::AArch64 : elf::Machine::RiscV64;
    const elf::Diagnosis check = elf::check_executable(data, image.file_.size(), machine, user_top);
    if (!check.ok()) {
        char buffer[256];
        elf::describe(check, data, buffer, sizeof buffer);
        error = buffer;
        return std::nullopt;
    }
    const elf::Ehdr& header = elf::header(data);
    // Each memory size is below user_top (checked), so the sum of at most 2^16 cannot wrap.
    std::uint64_t memory = 0;
    for (std::size_t i = 0; i < header.e_phnum; ++i) {
        const elf::Phdr& p = elf::program_header(data, i);
        if (p.p_type == elf::PT_LOAD) memory += p.p_memsz;
    }
    if (memory > max_image_memory) {
        error = "its segments occupy " + std::to_string(memory) + " bytes of memory, more than the " +
                std::to_string(max_image_memory) + " a program image may occupy";
        return std::nullopt;
    }
    image.entry_ = header.e_entry;
    for (std::size_t i = 0; i < header.e_phnum; ++i) {
        const elf::Phdr& p = elf::program_header(data, i);
        if (p.p_type != elf::PT_LOAD || p.p_memsz == 0) continue;
        Segment segment;
        segment.vaddr = p.p_vaddr;
        segment.file_size = p.p_filesz;
        segment.bytes.assign(p.p_memsz, 0);
        std::copy_n(data + p.p_offset, p.p_filesz, segment.bytes.begin());
        segment.read = (p.p_flags & elf::PF_R) != 0;
        segment.write = (p.p_flags & elf::PF_W) != 0;
        segment.execute = (p.p_flags & elf::PF_X) != 0;
        segment.program_header = i;
        image.segments_.push_back(std::move(segment));
    }
    image.symbols_ = read_symbols(image.file_);
    return image;
}

std::optional<Symbol> ElfImage::symbol(const std::string& name) const {
    const auto found = symbols_.find(name);
    if (found == symbols_.end()) return std::nullopt;
    return found->second;
}

std::uint64_t ElfImage::end() const {
    std::uint64_t end = 0;
    for (const Segment& s : segments_) end = std::max(end, s.vaddr + s.bytes.size());
    return end;
}

std::string ElfImage::patch(const std::string& name, std::span<const std::uint8_t> bytes, bool allow_shorter) {
    const std::optional<Symbol> found = symbol(name);
    if (!found) return "the symbol '" + name + "' does not exist";
    if (found->size != bytes.size() && !(allow_shorter && bytes.size() < found->size))
        return "symbol '" + name + "' is " + std::to_string(found->size) + " bytes, expected size '" +
               std::to_string(bytes.size()) + "' bytes";
    for (Segment& s : segments_) {
        // Compared without forming value + size, which a hostile symbol table can wrap.
        if (found->value < s.vaddr || found->size > s.bytes.size() ||
            found->value - s.vaddr > s.bytes.size() - found->size)
            continue;
        const std::uint64_t at = found->value - s.vaddr;
        std::fill_n(s.bytes.begin() + static_cast<std::ptrdiff_t>(at), found->size, 0);
        std::copy(bytes.begin(), bytes.end(), s.bytes.begin() + static_cast<std::ptrdiff_t>(at));
        s.file_size = std::max(s.file_size, at + found->size);
        return "";
    }
    return "the symbol '" + name + "' is not inside a loadable segment";
}

std::string ElfImage::patch_word(const std::string& name, std::uint64_t value) {
    std::uint8_t bytes[8];
    for (unsigned i = 0; i < 8; ++i) bytes[i] = static_cast<std::uint8_t>(value >> (8 * i));
    return patch(name, bytes);
}

std::optional<std::vector<std::uint8_t>> ElfImage::write(std::span<const std::uint8_t> extra, std::uint64_t extra_vaddr,
                                                         std::string& error) const {
    std::vector<std::uint8_t> out = file_;
    const std::uint64_t phoff = le(out, 32, 8);
    // Patched bytes go back where they came from; a patch beyond a
    // segment's file bytes (a symbol in .bss) is written by appending the
    // whole segment and pointing its header at the copy.
    for (const Segment& s : segments_) {
        const std::uint64_t ph = phoff + s.program_header * sizeof(elf::Phdr);
        const std::uint64_t offset = le(out, ph + 8, 8), filesz = le(out, ph + 32, 8);
        if (s.file_size <= filesz) {
            // A segment may hold the file's own headers (linkers often map them);
            // a symbol placed on them must not rewrite them.
            const std::uint64_t table_end = phoff + le(out, 56, 2) * sizeof(elf::Phdr);
            if (overwrites(out, offset, s.bytes, filesz, 0, sizeof(elf::Ehdr)) ||
                overwrites(out, offset, s.bytes, filesz, phoff, table_end)) {
                error = "a patched symbol in segment " + std::to_string(s.program_header) +
                        " overlaps the ELF header or program header table";
                return std::nullopt;
            }
            std::copy_n(s.bytes.begin(), filesz, out.begin() + static_cast<std::ptrdiff_t>(offset));
            continue;
        }
        const std::uint64_t at = (out.size() + elf::page_size - 1) / elf::page_size * elf::page_size +
                                 s.vaddr % elf::page_size;
        out.resize(at, 0);
        out.insert(out.end(), s.bytes.begin(), s.bytes.begin() + static_cast<std::ptrdiff_t>(s.file_size));
        put_le(out, ph + 8, at, 8);
        put_le(out, ph + 32, s.file_size, 8);
    }
    if (extra.empty()) return out;
    const std::uint64_t phnum = le(out, 56, 2);
    std::uint64_t spare = phnum;
    for (std::uint64_t i = 0; i < phnum; ++i)
        if (le(out, phoff + i * sizeof(elf::Phdr), 4) == elf::PT_GNU_STACK) spare = i;
    if (spare == phnum) {
        error = "it has no PT_GNU_STACK program header to describe the system specification with";
        return std::nullopt;
    }
    const std::uint64_t at = (out.size() + elf::page_size - 1) / elf::page_size * elf::page_size;
    out.resize(at, 0);
    out.insert(out.end(), extra.begin(), extra.end());
    const std::uint64_t ph = phoff + spare * sizeof(elf::Phdr);
    put_le(out, ph + 0, elf::PT_LOAD, 4);
    put_le(out, ph + 4, elf::PF_R, 4);
    put_le(out, ph + 8, at, 8);
    put_le(out, ph + 16, extra_vaddr, 8);
    put_le(out, ph + 24, extra_vaddr, 8);
    put_le(out, ph + 32, extra.size(), 8);
    put_le(out, ph + 40, extra.size(), 8);
    put_le(out, ph + 48, elf::page_size, 8);
    return out;
}

}  // namespace microkit
