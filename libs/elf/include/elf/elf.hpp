// SPDX-License-Identifier: BSD-2-Clause
// ELF64 definitions and the checker for static executables (the root task,
// the kernel image). Header-only and freestanding; the checker reads the file
// byte by byte, so an unaligned or hostile file never faults.
// References: System V gABI "ELF-64 Object File Format" 1.5 (header, program
// headers), RISC-V ELF psABI (EM_RISCV 243), ARM IHI 0056 AAELF64 (EM_AARCH64 183).
#pragma once

#include <cstddef>
#include <cstdint>

namespace elf {

struct Ehdr {
    unsigned char e_ident[16];
    std::uint16_t e_type;
    std::uint16_t e_machine;
    std::uint32_t e_version;
    std::uint64_t e_entry;
    std::uint64_t e_phoff;
    std::uint64_t e_shoff;
    std::uint32_t e_flags;
    std::uint16_t e_ehsize;
    std::uint16_t e_phentsize;
    std::uint16_t e_phnum;
    std::uint16_t e_shentsize;
    std::uint16_t e_shnum;
    std::uint16_t e_shstrndx;
};
static_assert(sizeof(Ehdr) == 64);

struct Phdr {
    std::uint32_t p_type;
    std::uint32_t p_flags;
    std::uint64_t p_offset;
    std::uint64_t p_vaddr;
    std::uint64_t p_paddr;
    std::uint64_t p_filesz;
    std::uint64_t p_memsz;
    std::uint64_t p_align;
};
static_assert(sizeof(Phdr) == 56);

inline constexpr std::uint32_t PT_LOAD = 1, PT_NOTE = 4, PT_TLS = 7, PT_GNU_STACK = 0x6474e551,
                               PT_RISCV_ATTRIBUTES = 0x70000003;
inline constexpr std::uint32_t PF_X = 1, PF_W = 2, PF_R = 4;
inline constexpr std::uint16_t ET_REL = 1, ET_EXEC = 2, ET_DYN = 3;
inline constexpr unsigned char ELFCLASS64 = 2, ELFDATA2LSB = 1, EV_CURRENT = 1;
inline constexpr std::uint64_t page_size = 4096;  // both targets; page 0 stays unmapped
enum class Machine : std::uint16_t { RiscV64 = 243, AArch64 = 183 };

enum class Error : std::uint8_t {
    None,
    Truncated,
    BadMagic,
    NotElf64,
    NotLittleEndian,
    BadVersion,
    NotExecutable,
    WrongMachine,
    BadProgramHeaderTable,
    NoLoadableSegment,
    SegmentOutsideFile,
    FileSizeExceedsMemorySize,
    SegmentWraps,
    SegmentOutsideUserSpace,
    BadAlignment,
    SegmentOverlap,
    EntryOutsideSegments,
};

struct Diagnosis {
    Error error = Error::None;
    int segment = -1;          // program-header index concerned, if any
    int other_segment = -1;    // for SegmentOverlap
    std::uint64_t value = 0;   // e.g. the machine found, the entry address, the file size
    std::uint64_t expected = 0;  // the machine wanted (WrongMachine), user_top (SegmentOutsideUserSpace)
    bool ok() const { return error == Error::None; }
};

namespace detail {

inline constexpr std::uint64_t ehdr_size = 64;
inline constexpr std::uint64_t phdr_size = 56;

constexpr std::uint64_t load_le(const std::uint8_t* p, unsigned bytes) {
    std::uint64_t value = 0;
    for (unsigned i = bytes; i-- > 0;) value = (value << 8) | p[i];
    return value;
}

// Header and program-header fields decoded byte-wise from the file.
inline Ehdr read_ehdr(const std::uint8_t* file) {
    Ehdr h{};
    for (unsigned i = 0; i < 16; ++i) h.e_ident[i] = file[i];
    h.e_type = static_cast<std::uint16_t>(load_le(file + 16, 2));
    h.e_machine = static_cast<std::uint16_t>(load_le(file + 18, 2));
    h.e_version = static_cast<std::uint32_t>(load_le(file + 20, 4));
    h.e_entry = load_le(file + 24, 8);
    h.e_phoff = load_le(file + 32, 8);
    h.e_shoff = load_le(file + 40, 8);
    h.e_flags = static_cast<std::uint32_t>(load_le(file + 48, 4));
    h.e_ehsize = static_cast<std::uint16_t>(load_le(file + 52, 2));
    h.e_phentsize = static_cast<std::uint16_t>(load_le(file + 54, 2));
    h.e_phnum = static_cast<std::uint16_t>(load_le(file + 56, 2));
    h.e_shentsize = static_cast<std::uint16_t>(load_le(file + 58, 2));
    h.e_shnum = static_cast<std::uint16_t>(load_le(file + 60, 2));
    h.e_shstrndx = static_cast<std::uint16_t>(load_le(file + 62, 2));
    return h;
}
inline Phdr read_phdr(const std::uint8_t* file, std::uint64_t phoff, std::size_t index) {
    const std::uint8_t* p = file + phoff + index * phdr_size;
    Phdr h{};
    h.p_type = static_cast<std::uint32_t>(load_le(p, 4));
    h.p_flags = static_cast<std::uint32_t>(load_le(p + 4, 4));
    h.p_offset = load_le(p + 8, 8);
    h.p_vaddr = load_le(p + 16, 8);
    h.p_paddr = load_le(p + 24, 8);
    h.p_filesz = load_le(p + 32, 8);
    h.p_memsz = load_le(p + 40, 8);
    h.p_align = load_le(p + 48, 8);
    return h;
}

inline Diagnosis fail(Error error, int segment = -1, std::uint64_t value = 0) {
    Diagnosis d;
    d.error = error;
    d.segment = segment;
    d.value = value;
    return d;
}

// A tiny bounded writer for describe(): always NUL-terminates.
struct Writer {
    char* buffer;
    std::size_t size;
    std::size_t length = 0;
    void put(char c) {
        if (size != 0 && length + 1 < size) buffer[length++] = c;
    }
    void text(const char* s) {
        while (*s != '\0') put(*s++);
    }
    void unsigned_number(std::uint64_t value, unsigned base) {
        char digits[24];
        unsigned n = 0;
        do {
            digits[n++] = "0123456789abcdef"[value % base];
            value /= base;
        } while (value != 0);
        if (base == 16) text("0x");
        while (n > 0) put(digits[--n]);
    }
    void dec(std::uint64_t value) { unsigned_number(value, 10); }
    void hex(std::uint64_t value) { unsigned_number(value, 16); }
    void range(std::uint64_t begin, std::uint64_t size_bytes) {  // "[0x1000, 0x2000)"
        put('[');
        hex(begin);
        text(", ");
        hex(begin + size_bytes);  // wraps only for SegmentWraps, which says so itself
        put(')');
    }
    std::size_t finish() {
        if (size != 0) buffer[length] = '\0';
        return length;
    }
};

inline const char* machine_name(std::uint64_t machine) {
    switch (machine) {
        case 243: return "RISC-V";
        case 183: return "AArch64";
        case 62: return "x86-64";
        case 40: return "ARM";
        default: return "unknown";
    }
}

}  // namespace detail

// Checks that `file` is a little-endian ELF64 ET_EXEC for `machine` whose
// PT_LOAD segments lie inside the file, have p_filesz <= p_memsz, do not
// wrap, lie entirely in [page_size, user_top), have power-of-two p_align with
// p_vaddr ≡ p_offset (mod p_align) when p_align > 1 [gABI "Program Header"],
// do not overlap each other in virtual memory (two segments MAY share a page
// without overlapping bytes), and the entry point lies inside an executable
// PT_LOAD segment. Other segment types are accepted and ignored. The program
// header table must be 8-byte aligned within the file so that
// program_header() may cast.
[[nodiscard]] inline Diagnosis check_executable(const std::uint8_t* file, std::uint64_t size, Machine machine,
                                                std::uint64_t user_top) {
    using detail::fail;
    if (file == nullptr || size < 4) return fail(Error::Truncated, -1, size);
    if (file[0] != 0x7f || file[1] != 'E' || file[2] != 'L' || file[3] != 'F') return fail(Error::BadMagic);
    if (size < detail::ehdr_size) return fail(Error::Truncated, -1, size);
    const Ehdr h = detail::read_ehdr(file);
    if (h.e_ident[4] != ELFCLASS64) return fail(Error::NotElf64, -1, h.e_ident[4]);
    if (h.e_ident[5] != ELFDATA2LSB) return fail(Error::NotLittleEndian, -1, h.e_ident[5]);
    if (h.e_ident[6] != EV_CURRENT) return fail(Error::BadVersion, -1, h.e_ident[6]);
    if (h.e_version != EV_CURRENT) return fail(Error::BadVersion, -1, h.e_version);
    if (h.e_type != ET_EXEC) return fail(Error::NotExecutable, -1, h.e_type);
    if (h.e_machine != static_cast<std::uint16_t>(machine)) {
        Diagnosis d = fail(Error::WrongMachine, -1, h.e_machine);
        d.expected = static_cast<std::uint16_t>(machine);
        return d;
    }
    if (h.e_phnum == 0) return fail(Error::NoLoadableSegment);
    // PN_XNUM (0xffff) would move the count into section 0; no static
    // executable needs that many segments.
    if (h.e_phentsize != detail::phdr_size || h.e_phnum == 0xffff || h.e_phoff % 8 != 0 ||
        h.e_phoff < detail::ehdr_size || h.e_phoff > size || (size - h.e_phoff) / detail::phdr_size < h.e_phnum)
        return fail(Error::BadProgramHeaderTable);

    unsigned loads = 0;
    for (std::size_t i = 0; i < h.e_phnum; ++i) {
        const Phdr p = detail::read_phdr(file, h.e_phoff, i);
        if (p.p_type != PT_LOAD) continue;
        ++loads;
        const int index = static_cast<int>(i);
        if (p.p_offset > size || p.p_filesz > size - p.p_offset) return fail(Error::SegmentOutsideFile, index, size);
        if (p.p_filesz > p.p_memsz) return fail(Error::FileSizeExceedsMemorySize, index);
        if (p.p_memsz != 0 && p.p_vaddr + (p.p_memsz - 1) < p.p_vaddr) return fail(Error::SegmentWraps, index);
        if (p.p_vaddr < page_size || p.p_vaddr > user_top || p.p_memsz > user_top - p.p_vaddr) {
            Diagnosis d = fail(Error::SegmentOutsideUserSpace, index);
            d.expected = user_top;
            return d;
        }
        if (p.p_align > 1 &&
            ((p.p_align & (p.p_align - 1)) != 0 || p.p_vaddr % p.p_align != p.p_offset % p.p_align))
            return fail(Error::BadAlignment, index, p.p_align);
        for (std::size_t j = 0; j < i; ++j) {
            const Phdr q = detail::read_phdr(file, h.e_phoff, j);
            if (q.p_type != PT_LOAD || q.p_memsz == 0 || p.p_memsz == 0) continue;
            if (p.p_vaddr < q.p_vaddr + q.p_memsz && q.p_vaddr < p.p_vaddr + p.p_memsz) {
                Diagnosis d = fail(Error::SegmentOverlap, index);
                d.other_segment = static_cast<int>(j);
                return d;
            }
        }
    }
    if (loads == 0) return fail(Error::NoLoadableSegment);

    for (std::size_t i = 0; i < h.e_phnum; ++i) {
        const Phdr p = detail::read_phdr(file, h.e_phoff, i);
        if (p.p_type == PT_LOAD && (p.p_flags & PF_X) != 0 && h.e_entry >= p.p_vaddr &&
            h.e_entry - p.p_vaddr < p.p_memsz)
            return Diagnosis{};
    }
    return fail(Error::EntryOutsideSegments, -1, h.e_entry);
}

// One line, no trailing newline, e.g.
// "segment 2 [0x412000, 0x413000) overlaps segment 1 [0x410000, 0x412800)" or
// "wrong machine: EM 62 (expected 243, RISC-V)". `file` is the file that was
// checked (segment errors quote its program headers). Returns the characters
// written, excluding the NUL; output is cut to fit and always NUL-terminated.
inline std::size_t describe(const Diagnosis& d, const std::uint8_t* file, char* buffer, std::size_t size) {
    detail::Writer out{buffer, size};
    Phdr p{};
    Phdr q{};
    if (d.segment >= 0 && file != nullptr) {
        const std::uint64_t phoff = detail::load_le(file + 32, 8);
        p = detail::read_phdr(file, phoff, static_cast<std::size_t>(d.segment));
        if (d.other_segment >= 0) q = detail::read_phdr(file, phoff, static_cast<std::size_t>(d.other_segment));
    }
    const auto segment = [&](int index, const Phdr& ph) {
        out.text("segment ");
        out.dec(static_cast<std::uint64_t>(index));
        out.put(' ');
        out.range(ph.p_vaddr, ph.p_memsz);
    };
    switch (d.error) {
        case Error::None: out.text("ok"); break;
        case Error::Truncated:
            out.text("truncated: ");
            out.dec(d.value);
            out.text(" bytes is too short for an ELF header");
            break;
        case Error::BadMagic: out.text("not an ELF file (bad magic)"); break;
        case Error::NotElf64:
            out.text("not a 64-bit ELF file (class ");
            out.dec(d.value);
            out.text(", expected 2)");
            break;
        case Error::NotLittleEndian:
            out.text("not a little-endian ELF file (data encoding ");
            out.dec(d.value);
            out.text(", expected 1)");
            break;
        case Error::BadVersion:
            out.text("unsupported ELF version ");
            out.dec(d.value);
            break;
        case Error::NotExecutable:
            out.text("not a static executable: type ");
            out.dec(d.value);
            out.text(d.value == ET_DYN   ? " (ET_DYN: PIE or shared object)"
                     : d.value == ET_REL ? " (ET_REL: object file)"
                                         : "");
            out.text(", expected 2 (ET_EXEC)");
            break;
        case Error::WrongMachine:
            out.text("wrong machine: EM ");
            out.dec(d.value);
            out.text(" (expected ");
            out.dec(d.expected);
            out.text(", ");
            out.text(detail::machine_name(d.expected));
            out.put(')');
            break;
        case Error::BadProgramHeaderTable:
            out.text("bad program header table (must be 56-byte entries, 8-byte aligned, inside the file)");
            break;
        case Error::NoLoadableSegment: out.text("no loadable (PT_LOAD) segment"); break;
        case Error::SegmentOutsideFile:
            out.text("segment ");
            out.dec(static_cast<std::uint64_t>(d.segment));
            out.text(" file bytes [");
            out.hex(p.p_offset);
            out.text(", +");
            out.hex(p.p_filesz);
            out.text(") lie outside the file (");
            out.dec(d.value);
            out.text(" bytes)");
            break;
        case Error::FileSizeExceedsMemorySize:
            out.text("segment ");
            out.dec(static_cast<std::uint64_t>(d.segment));
            out.text(": file size ");
            out.hex(p.p_filesz);
            out.text(" exceeds memory size ");
            out.hex(p.p_memsz);
            break;
        case Error::SegmentWraps:
            out.text("segment ");
            out.dec(static_cast<std::uint64_t>(d.segment));
            out.text(" at ");
            out.hex(p.p_vaddr);
            out.text(" with size ");
            out.hex(p.p_memsz);
            out.text(" wraps around the address space");
            break;
        case Error::SegmentOutsideUserSpace:
            segment(d.segment, p);
            out.text(" lies outside user space [");
            out.hex(page_size);
            out.text(", ");
            out.hex(d.expected);
            out.put(')');
            break;
        case Error::BadAlignment:
            out.text("segment ");
            out.dec(static_cast<std::uint64_t>(d.segment));
            out.text(": alignment ");
            out.hex(p.p_align);
            out.text((p.p_align & (p.p_align - 1)) != 0 ? " is not a power of two"
                                                         : " does not match vaddr and offset");
            out.text(" (vaddr ");
            out.hex(p.p_vaddr);
            out.text(", offset ");
            out.hex(p.p_offset);
            out.put(')');
            break;
        case Error::SegmentOverlap:
            segment(d.segment, p);
            out.text(" overlaps ");
            segment(d.other_segment, q);
            break;
        case Error::EntryOutsideSegments:
            out.text("entry point ");
            out.hex(d.value);
            out.text(" is not inside an executable (PF_X) PT_LOAD segment");
            break;
    }
    return out.finish();
}

// Accessors for a file that passed check_executable and sits 8-byte aligned.
inline const Ehdr& header(const std::uint8_t* file) { return *reinterpret_cast<const Ehdr*>(file); }
inline const Phdr& program_header(const std::uint8_t* file, std::size_t index) {
    return reinterpret_cast<const Phdr*>(file + header(file).e_phoff)[index];
}

}  // namespace elf
