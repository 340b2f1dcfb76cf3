// SPDX-License-Identifier: BSD-2-Clause
// Building loader.img, the file Microkit's QEMU command lines boot
// (microkit.md §3.4, §3.7): the loader (microkit-loader-<arch>-<config>.elf)
// flattened from its link address, then the payload (loader/payload.hpp)
// holding the PT_LOAD segments of a boot image as tessera-image writes it
// (the kernel's segments and the boot payload, at their physical addresses).
// The result is wrapped as a raw binary, an ELF or a U-Boot legacy uImage.
// Every function takes bytes and returns bytes or one line saying what is wrong.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace microkit::loader_image {

enum class Arch { AArch64, RiscV64 };
enum class ImageType { Binary, Elf, UImage };

std::optional<Arch> parse_arch(std::string_view name);  // "aarch64", "riscv64"
std::string_view arch_name(Arch arch);
std::optional<ImageType> parse_image_type(std::string_view name);  // "binary", "elf", "uimage"
std::string_view image_type_name(ImageType type);
// What Microkit's tool produces by default: a raw binary for the AArch64
// generic loader device, a uImage for QEMU's RISC-V -kernel.
ImageType default_image_type(Arch arch);
// The loader's link address on QEMU virt (microkit.md §3.7).
std::uint64_t loader_link_address(Arch arch);

// The loader's PT_LOADs laid out from its link address, zero-filled up to
// the page-aligned end of the last one: the payload goes right after it.
struct LoaderBinary {
    std::vector<std::uint8_t> bytes;
    std::uint64_t link_address = 0;
    std::uint32_t elf_flags = 0;  // e_flags, kept for the ELF output (RISC-V ABI flags)
    std::string error;
    bool ok() const { return error.empty(); }
    std::uint64_t end_address() const { return link_address + bytes.size(); }
};
// Checks the loader: an ELF64 executable for `arch`, linked at
// loader_link_address(arch), every PT_LOAD identity-mapped (it runs with the
// MMU off), its entry at its first byte.
LoaderBinary flatten_loader(Arch arch, std::span<const std::uint8_t> loader_elf);

// The payload for a boot image placed at `loader.end_address()`.
struct Payload {
    std::vector<std::uint8_t> bytes;
    std::uint64_t kernel_entry = 0;  // physical
    std::string error;
    bool ok() const { return error.empty(); }
};
// Regions are the boot image's PT_LOADs with memory (by p_paddr), in
// program-header order. The kernel entry is the one QEMU's direct boot
// would use: on AArch64 e_entry, moved to its physical address when it lies
// in an executable segment linked elsewhere (QEMU's ELF loader); on RISC-V
// the lowest physical load address (hw/riscv/boot.c riscv_load_kernel hands
// that, not e_entry, to OpenSBI). The payload is checked as the loader will
// check it (loader/payload.hpp validate()), against the loader and itself.
Payload make_payload(Arch arch, std::span<const std::uint8_t> boot_image, const LoaderBinary& loader);

// `binary` (the loader binary with the payload already appended) in the
// output format: the bytes as they are (Binary); an ELF with one RWX PT_LOAD
// holding them at the link address (Elf); or a 64-byte legacy U-Boot header
// (load and entry at the link address, OS Linux, arch RISC-V, type kernel,
// no compression, header and data CRC-32) then the bytes (UImage, RISC-V
// only, as QEMU's load_uimage accepts it). Returns an empty string or the error.
std::string wrap_output(Arch arch, ImageType type, std::uint64_t link_address, std::uint32_t elf_flags,
                        std::span<const std::uint8_t> binary, std::vector<std::uint8_t>& out);

struct BuildResult {
    std::vector<std::uint8_t> image;
    std::uint64_t payload_offset = 0;  // where the payload starts in `image`
    std::string error;                 // one line, e.g. "loader ELF: wrong machine: ..."
    bool ok() const { return error.empty(); }
};
// All of the above: the loader.img to boot.
BuildResult build_loader_image(Arch arch, std::span<const std::uint8_t> loader_elf,
                               std::span<const std::uint8_t> boot_image, ImageType type);

}  // namespace microkit::loader_image
