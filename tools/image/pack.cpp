// SPDX-License-Identifier: BSD-2-Clause
// The image layout: see pack() in image.hpp and bootimage/payload.hpp.
#include "image.hpp"

#include <bit>
#include <cstring>

#include <bootimage/payload.hpp>

namespace tessera::image {
namespace {

constexpr std::uint64_t page = 4096;
// PayloadHeader is written with memcpy: the host must be little-endian like both targets.
static_assert(std::endian::native == std::endian::little);

constexpr std::uint64_t align_up(std::uint64_t value, std::uint64_t alignment) {
    return (value + alignment - 1) & ~(alignment - 1);
}

std::string hex(std::uint64_t value) {
    static const char digits[] = "0123456789abcdef";
    std::string text;
    do {
        text.insert(text.begin(), digits[value % 16]);
        value /= 16;
    } while (value != 0);
    return "0x" + text;
}

void put_le(std::vector<std::uint8_t>& bytes, std::size_t at, std::uint64_t value, unsigned width) {
    for (unsigned i = 0; i < width; ++i) bytes[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

void put_phdr(std::vector<std::uint8_t>& bytes, std::size_t at, const elf::Phdr& p) {
    put_le(bytes, at + 0, p.p_type, 4);
    put_le(bytes, at + 4, p.p_flags, 4);
    put_le(bytes, at + 8, p.p_offset, 8);
    put_le(bytes, at + 16, p.p_vaddr, 8);
    put_le(bytes, at + 24, p.p_paddr, 8);
    put_le(bytes, at + 32, p.p_filesz, 8);
    put_le(bytes, at + 40, p.p_memsz, 8);
    put_le(bytes, at + 48, p.p_align, 8);
}

PackResult failure(const std::string& file, std::string reason) {
    PackResult result;
    result.error_file = file;
    result.error = std::move(reason);
    return result;
}

std::string describe(const elf::Diagnosis& d, std::span<const std::uint8_t> file) {
    char buffer[256];
    elf::describe(d, file.data(), buffer, sizeof buffer);
    return buffer;
}

// The input files are read into std::vector storage (operator new: at least
// 16-byte aligned), which check_executable/program_header rely on; copy to
// be safe when a caller hands an odd span.
std::vector<std::uint8_t> aligned_copy(std::span<const std::uint8_t> bytes) {
    return std::vector<std::uint8_t>(bytes.begin(), bytes.end());
}

// True when the kernel's entry lies inside an executable PT_LOAD's physical range.
bool entry_is_physical(const std::vector<std::uint8_t>& kernel) {
    const elf::Ehdr& header = elf::header(kernel.data());
    for (std::size_t i = 0; i < header.e_phnum; ++i) {
        const elf::Phdr& p = elf::program_header(kernel.data(), i);
        if (p.p_type == elf::PT_LOAD && (p.p_flags & elf::PF_X) != 0 && header.e_entry >= p.p_paddr &&
            header.e_entry - p.p_paddr < p.p_memsz)
            return true;
    }
    return false;
}

}  // namespace

std::optional<Arch> parse_arch(std::string_view name) {
    if (name == "riscv64") return Arch::RiscV64;
    if (name == "aarch64") return Arch::AArch64;
    return std::nullopt;
}

elf::Machine machine_of(Arch arch) { return arch == Arch::RiscV64 ? elf::Machine::RiscV64 : elf::Machine::AArch64; }

std::uint64_t user_top_of(Arch arch) {
    return arch == Arch::RiscV64 ? 0x0000003ffffff000ull : 0x0000800000000000ull;
}

PackResult pack(Arch arch, std::span<const std::uint8_t> kernel_bytes, const std::string& kernel_name,
                std::span<const std::uint8_t> root_bytes, const std::string& root_name) {
    const std::vector<std::uint8_t> kernel = aligned_copy(kernel_bytes);
    const std::vector<std::uint8_t> root = aligned_copy(root_bytes);

    // The kernel: a static ELF64 executable for the arch. No user-space
    // bound applies (it may be linked high), only "no wrap". QEMU enters it
    // with the MMU off, so its entry point may be physical: accept an entry
    // inside an executable segment by p_paddr as well as by p_vaddr.
    const elf::Diagnosis kernel_check =
        elf::check_executable(kernel.data(), kernel.size(), machine_of(arch), ~std::uint64_t{0});
    if (!kernel_check.ok() &&
        !(kernel_check.error == elf::Error::EntryOutsideSegments && entry_is_physical(kernel)))
        return failure(kernel_name, "kernel: " + describe(kernel_check, kernel));
    const elf::Diagnosis root_check =
        elf::check_executable(root.data(), root.size(), machine_of(arch), user_top_of(arch));
    if (!root_check.ok()) return failure(root_name, "root task: " + describe(root_check, root));

    const elf::Ehdr& header = elf::header(kernel.data());
    std::vector<elf::Phdr> loads;
    for (std::size_t i = 0; i < header.e_phnum; ++i) {
        const elf::Phdr& p = elf::program_header(kernel.data(), i);
        if (p.p_type == elf::PT_LOAD) loads.push_back(p);
    }

    // QEMU loads by p_paddr: physical ranges must not wrap or overlap.
    const elf::Phdr* last = nullptr;  // the segment ending highest, where __kernel_end lies
    for (std::size_t i = 0; i < loads.size(); ++i) {
        const elf::Phdr& p = loads[i];
        if (p.p_paddr + p.p_memsz < p.p_paddr)
            return failure(kernel_name, "kernel: segment at paddr " + hex(p.p_paddr) + " wraps around");
        for (std::size_t j = 0; j < i; ++j) {
            const elf::Phdr& q = loads[j];
            if (p.p_memsz != 0 && q.p_memsz != 0 && p.p_paddr < q.p_paddr + q.p_memsz &&
                q.p_paddr < p.p_paddr + p.p_memsz)
                return failure(kernel_name, "kernel: segments at paddr " + hex(q.p_paddr) + " and " +
                                                hex(p.p_paddr) + " overlap physically");
        }
        if (last == nullptr || p.p_paddr + p.p_memsz > last->p_paddr + last->p_memsz) last = &p;
    }
    const std::uint64_t physical_end = last->p_paddr + last->p_memsz;

    // The payload sits right after the kernel's last segment and is given
    // that segment's virtual-minus-physical offset, so the kernel finds it at
    // its own linked end. The other segments must share that offset, except
    // identity-mapped ones (boot code that runs before the MMU is on).
    const std::uint64_t delta = last->p_vaddr - last->p_paddr;
    for (const elf::Phdr& p : loads) {
        if (p.p_vaddr - p.p_paddr != delta && p.p_vaddr != p.p_paddr)
            return failure(kernel_name, "kernel: PT_LOAD segments differ in p_vaddr - p_paddr (" + hex(delta) +
                                            " vs " + hex(p.p_vaddr - p.p_paddr) + " at vaddr " + hex(p.p_vaddr) +
                                            ")");
    }

    const std::uint64_t payload_size = sizeof(bootimage::PayloadHeader) + root.size();
    const std::uint64_t payload_paddr = align_up(physical_end, page);
    if (payload_paddr < physical_end || payload_paddr + payload_size < payload_paddr ||
        payload_paddr + delta + payload_size < payload_paddr + delta)
        return failure(kernel_name, "kernel: no room for the boot payload after " + hex(physical_end));

    // Layout: ELF header | program headers | kernel segments | payload.
    const std::size_t phnum = loads.size() + 1;
    std::vector<std::uint8_t> image(sizeof(elf::Ehdr) + phnum * sizeof(elf::Phdr), 0);
    std::memcpy(image.data(), kernel.data(), sizeof(elf::Ehdr));
    put_le(image, 32, sizeof(elf::Ehdr), 8);  // e_phoff
    put_le(image, 40, 0, 8);                  // e_shoff
    put_le(image, 56, phnum, 2);              // e_phnum
    put_le(image, 60, 0, 2);                  // e_shnum
    put_le(image, 62, 0, 2);                  // e_shstrndx

    std::vector<elf::Phdr> out_headers;
    for (const elf::Phdr& p : loads) {
        elf::Phdr moved = p;
        // Keep p_offset ≡ p_vaddr (mod p_align) as the gABI requires.
        const std::uint64_t alignment = p.p_align > 1 ? p.p_align : 1;
        std::uint64_t offset = image.size();
        offset += (p.p_vaddr % alignment + alignment - offset % alignment) % alignment;
        moved.p_offset = offset;
        image.resize(offset, 0);
        image.insert(image.end(), kernel.begin() + static_cast<std::ptrdiff_t>(p.p_offset),
                     kernel.begin() + static_cast<std::ptrdiff_t>(p.p_offset + p.p_filesz));
        out_headers.push_back(moved);
    }

    bootimage::PayloadHeader payload{};
    payload.magic = bootimage::payload_magic;
    payload.version = bootimage::payload_version;
    payload.header_size = sizeof(bootimage::PayloadHeader);
    payload.total_size = payload_size;
    payload.root_task_offset = sizeof(bootimage::PayloadHeader);
    payload.root_task_size = root.size();
    payload.root_task_crc32 = bootimage::crc32(root.data(), root.size());

    elf::Phdr payload_header{};
    payload_header.p_type = elf::PT_LOAD;
    payload_header.p_flags = elf::PF_R;
    payload_header.p_offset = align_up(image.size(), bootimage::payload_alignment);
    payload_header.p_vaddr = payload_paddr + delta;
    payload_header.p_paddr = payload_paddr;
    payload_header.p_filesz = payload_size;
    payload_header.p_memsz = payload_size;
    payload_header.p_align = bootimage::payload_alignment;
    out_headers.push_back(payload_header);

    image.resize(payload_header.p_offset, 0);
    std::uint8_t raw_header[sizeof payload];
    std::memcpy(raw_header, &payload, sizeof payload);
    image.insert(image.end(), raw_header, raw_header + sizeof raw_header);
    image.insert(image.end(), root.begin(), root.end());

    for (std::size_t i = 0; i < out_headers.size(); ++i)
        put_phdr(image, sizeof(elf::Ehdr) + i * sizeof(elf::Phdr), out_headers[i]);

    PackResult result;
    result.image = std::move(image);
    return result;
}

}  // namespace tessera::image
