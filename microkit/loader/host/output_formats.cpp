// SPDX-License-Identifier: BSD-2-Clause
// The three forms of loader.img (loader_image.hpp wrap_output): raw binary,
// single-segment ELF, and U-Boot legacy uImage.
#include <cstdio>
#include <cstring>

#include <bootimage/payload.hpp>
#include <elf/elf.hpp>

#include "loader_image.hpp"

namespace microkit::loader_image {
namespace {

// The ELF form: header and one program header, the binary at the next page.
constexpr std::uint64_t elf_segment_offset = 0x1000;

// U-Boot legacy image header (U-Boot include/image.h, "legacy format"):
// 64 bytes, every field big endian. QEMU's load_uimage (hw/core/loader.c)
// accepts magic 0x27051956 with type kernel and compression none or gzip,
// loads ih_size bytes at ih_load and starts at ih_ep; it checks neither CRC
// nor the architecture, U-Boot does.
constexpr std::uint32_t uimage_magic = 0x27051956;
constexpr std::size_t uimage_header_size = 64;
constexpr std::uint8_t uimage_os_linux = 5;
constexpr std::uint8_t uimage_arch_riscv = 26;
constexpr std::uint8_t uimage_type_kernel = 2;
constexpr std::uint8_t uimage_compression_none = 0;
constexpr char uimage_name[] = "Tessera Microkit loader";

std::string hex(std::uint64_t value) {
    char text[24];
    std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
    return text;
}

void put_le(std::vector<std::uint8_t>& bytes, std::size_t at, std::uint64_t value, unsigned width) {
    for (unsigned i = 0; i < width; ++i) bytes[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
}
void put_be32(std::vector<std::uint8_t>& bytes, std::size_t at, std::uint32_t value) {
    for (unsigned i = 0; i < 4; ++i) bytes[at + i] = static_cast<std::uint8_t>(value >> (24 - 8 * i));
}

void write_elf(Arch arch, std::uint64_t link_address, std::uint32_t elf_flags, std::span<const std::uint8_t> binary,
               std::vector<std::uint8_t>& out) {
    out.assign(elf_segment_offset, 0);
    const unsigned char ident[16] = {0x7f, 'E', 'L', 'F', elf::ELFCLASS64, elf::ELFDATA2LSB, elf::EV_CURRENT};
    std::memcpy(out.data(), ident, sizeof ident);
    put_le(out, 16, elf::ET_EXEC, 2);
    put_le(out, 18, static_cast<std::uint16_t>(arch == Arch::AArch64 ? elf::Machine::AArch64 : elf::Machine::RiscV64),
           2);
    put_le(out, 20, elf::EV_CURRENT, 4);
    put_le(out, 24, link_address, 8);           // e_entry: the first byte
    put_le(out, 32, sizeof(elf::Ehdr), 8);      // e_phoff
    put_le(out, 40, 0, 8);                      // e_shoff: no sections
    put_le(out, 48, elf_flags, 4);
    put_le(out, 52, sizeof(elf::Ehdr), 2);      // e_ehsize
    put_le(out, 54, sizeof(elf::Phdr), 2);      // e_phentsize
    put_le(out, 56, 1, 2);                      // e_phnum
    put_le(out, 58, 0, 2);                      // e_shentsize
    put_le(out, 60, 0, 2);                      // e_shnum
    put_le(out, 62, 0, 2);                      // e_shstrndx
    const std::size_t ph = sizeof(elf::Ehdr);
    put_le(out, ph + 0, elf::PT_LOAD, 4);
    put_le(out, ph + 4, elf::PF_R | elf::PF_W | elf::PF_X, 4);
    put_le(out, ph + 8, elf_segment_offset, 8);
    put_le(out, ph + 16, link_address, 8);      // p_vaddr
    put_le(out, ph + 24, link_address, 8);      // p_paddr
    put_le(out, ph + 32, binary.size(), 8);     // p_filesz
    put_le(out, ph + 40, binary.size(), 8);     // p_memsz
    put_le(out, ph + 48, elf_segment_offset, 8);
    out.insert(out.end(), binary.begin(), binary.end());
}

void write_uimage(std::uint64_t link_address, std::span<const std::uint8_t> binary, std::vector<std::uint8_t>& out) {
    out.assign(uimage_header_size, 0);
    put_be32(out, 0, uimage_magic);
    // 4: header CRC, computed last over the header with this field zero.
    put_be32(out, 8, 0);  // timestamp: none, so that the same inputs give the same file
    put_be32(out, 12, static_cast<std::uint32_t>(binary.size()));
    put_be32(out, 16, static_cast<std::uint32_t>(link_address));  // load address
    put_be32(out, 20, static_cast<std::uint32_t>(link_address));  // entry point
    put_be32(out, 24, bootimage::crc32(binary.data(), binary.size()));
    out[28] = uimage_os_linux;
    out[29] = uimage_arch_riscv;
    out[30] = uimage_type_kernel;
    out[31] = uimage_compression_none;
    std::memcpy(out.data() + 32, uimage_name, sizeof uimage_name);
    put_be32(out, 4, bootimage::crc32(out.data(), uimage_header_size));
    out.insert(out.end(), binary.begin(), binary.end());
}

}  // namespace

std::string wrap_output(Arch arch, ImageType type, std::uint64_t link_address, std::uint32_t elf_flags,
                        std::span<const std::uint8_t> binary, std::vector<std::uint8_t>& out) {
    out.clear();
    switch (type) {
        case ImageType::Binary: out.assign(binary.begin(), binary.end()); return {};
        case ImageType::Elf: write_elf(arch, link_address, elf_flags, binary, out); return {};
        case ImageType::UImage:
            if (arch != Arch::RiscV64)
                return "building the output image as 'uimage' is unsupported for target architecture '" +
                       std::string(arch_name(arch)) + "'";
            // The header holds 32-bit addresses and size.
            if (link_address > 0xffffffffull || binary.size() > 0xffffffffull ||
                binary.size() > 0xffffffffull - link_address)
                return "a uImage holds 32-bit addresses and sizes: the loader and payload (" +
                       std::to_string(binary.size()) + " bytes at " + hex(link_address) + ") do not fit";
            write_uimage(link_address, binary, out);
            return {};
    }
    return "unknown output image type";
}

}  // namespace microkit::loader_image
