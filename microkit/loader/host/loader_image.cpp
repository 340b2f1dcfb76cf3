// SPDX-License-Identifier: BSD-2-Clause
// The loader binary, the payload and the whole image: see loader_image.hpp.
#include "loader_image.hpp"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>

#include <elf/elf.hpp>
#include <loader/payload.hpp>

namespace microkit::loader_image {
namespace {

namespace payload = microkit_loader;

// PayloadHeader and Region are written with memcpy: the host must be
// little-endian like both targets.
static_assert(std::endian::native == std::endian::little);

// A loader is a few pages; a span this large means segments far apart,
// which would only make a huge, mostly empty file.
constexpr std::uint64_t max_loader_span = std::uint64_t{64} << 20;

constexpr std::uint64_t align_up(std::uint64_t value, std::uint64_t alignment) {
    return (value + alignment - 1) & ~(alignment - 1);
}

std::string hex(std::uint64_t value) {
    char text[24];
    std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
    return text;
}

elf::Machine machine_of(Arch arch) { return arch == Arch::AArch64 ? elf::Machine::AArch64 : elf::Machine::RiscV64; }

std::string describe(const elf::Diagnosis& d, const std::vector<std::uint8_t>& file) {
    char text[256];
    elf::describe(d, file.data(), text, sizeof text);
    return text;
}

// The PT_LOAD headers of a file that passed elf::check_executable (which
// also made the program header table 8-byte aligned inside the file; the
// vector's storage is at least 16-byte aligned).
std::vector<elf::Phdr> load_segments(const std::vector<std::uint8_t>& file) {
    std::vector<elf::Phdr> loads;
    const elf::Ehdr& header = elf::header(file.data());
    for (std::size_t i = 0; i < header.e_phnum; ++i) {
        const elf::Phdr& p = elf::program_header(file.data(), i);
        if (p.p_type == elf::PT_LOAD) loads.push_back(p);
    }
    return loads;
}

// True when `entry` lies inside an executable PT_LOAD's physical range: a
// kernel entered with the MMU off may give a physical entry point.
bool entry_is_physical(const std::vector<elf::Phdr>& loads, std::uint64_t entry) {
    return std::any_of(loads.begin(), loads.end(), [&](const elf::Phdr& p) {
        return (p.p_flags & elf::PF_X) != 0 && entry >= p.p_paddr && entry - p.p_paddr < p.p_memsz;
    });
}

// The entry QEMU's direct kernel boot uses (see make_payload in the header).
std::uint64_t direct_boot_entry(Arch arch, const elf::Ehdr& header, const std::vector<elf::Phdr>& loads) {
    if (arch == Arch::RiscV64) {
        std::uint64_t lowest = ~std::uint64_t{0};
        for (const elf::Phdr& p : loads)
            if (p.p_memsz != 0) lowest = std::min(lowest, p.p_paddr);
        return lowest;
    }
    std::uint64_t entry = header.e_entry;
    for (const elf::Phdr& p : loads) {
        if ((p.p_flags & elf::PF_X) != 0 && p.p_vaddr != p.p_paddr && header.e_entry >= p.p_vaddr &&
            header.e_entry - p.p_vaddr < p.p_filesz)
            entry = header.e_entry - p.p_vaddr + p.p_paddr;
    }
    return entry;
}

template <class T>
void put(std::vector<std::uint8_t>& bytes, std::size_t at, const T& value) {
    std::memcpy(bytes.data() + at, &value, sizeof value);
}

}  // namespace

std::optional<Arch> parse_arch(std::string_view name) {
    if (name == "aarch64") return Arch::AArch64;
    if (name == "riscv64") return Arch::RiscV64;
    return std::nullopt;
}

std::string_view arch_name(Arch arch) { return arch == Arch::AArch64 ? "aarch64" : "riscv64"; }

std::optional<ImageType> parse_image_type(std::string_view name) {
    if (name == "binary") return ImageType::Binary;
    if (name == "elf") return ImageType::Elf;
    if (name == "uimage") return ImageType::UImage;
    return std::nullopt;
}

std::string_view image_type_name(ImageType type) {
    switch (type) {
        case ImageType::Binary: return "binary";
        case ImageType::Elf: return "elf";
        case ImageType::UImage: return "uimage";
    }
    return "unknown";
}

ImageType default_image_type(Arch arch) { return arch == Arch::AArch64 ? ImageType::Binary : ImageType::UImage; }

std::uint64_t loader_link_address(Arch arch) { return arch == Arch::AArch64 ? 0x70000000ull : 0x90000000ull; }

LoaderBinary flatten_loader(Arch arch, std::span<const std::uint8_t> loader_elf) {
    LoaderBinary result;
    const std::vector<std::uint8_t> file(loader_elf.begin(), loader_elf.end());
    const elf::Diagnosis check = elf::check_executable(file.data(), file.size(), machine_of(arch), ~std::uint64_t{0});
    if (!check.ok()) {
        result.error = "loader ELF: " + describe(check, file);
        return result;
    }
    const elf::Ehdr& header = elf::header(file.data());
    const std::vector<elf::Phdr> loads = load_segments(file);
    std::uint64_t start = ~std::uint64_t{0};
    std::uint64_t end = 0;
    for (const elf::Phdr& p : loads) {
        if (p.p_memsz == 0) continue;
        if (p.p_vaddr != p.p_paddr) {
            result.error = "loader ELF: segment at vaddr " + hex(p.p_vaddr) + " has paddr " + hex(p.p_paddr) +
                           "; the loader runs with the MMU off, so every PT_LOAD must have p_vaddr == p_paddr";
            return result;
        }
        start = std::min(start, p.p_paddr);
        end = std::max(end, p.p_paddr + p.p_memsz);
    }
    const std::uint64_t link = loader_link_address(arch);
    if (start != link) {
        result.error = "loader ELF: linked at " + hex(start) + ", expected " + hex(link) + " (Microkit's " +
                       std::string(arch_name(arch)) + " loader address)";
        return result;
    }
    if (header.e_entry != start) {
        result.error = "loader ELF: entry point " + hex(header.e_entry) + " is not its first byte " + hex(start) +
                       " (QEMU starts the loader at its load address)";
        return result;
    }
    const std::uint64_t aligned_end = align_up(end, payload::page_size);
    if (aligned_end - start > max_loader_span) {
        result.error = "loader ELF: segments span [" + hex(start) + ", " + hex(aligned_end) + "), more than " +
                       std::to_string(max_loader_span >> 20) + " MiB";
        return result;
    }
    result.bytes.assign(aligned_end - start, 0);
    for (const elf::Phdr& p : loads) {
        if (p.p_filesz == 0) continue;
        std::memcpy(result.bytes.data() + (p.p_paddr - start), file.data() + p.p_offset, p.p_filesz);
    }
    result.link_address = start;
    result.elf_flags = header.e_flags;
    return result;
}

Payload make_payload(Arch arch, std::span<const std::uint8_t> boot_image, const LoaderBinary& loader) {
    Payload result;
    const std::vector<std::uint8_t> file(boot_image.begin(), boot_image.end());
    // As tessera-image accepts a kernel: its entry may be physical.
    const elf::Diagnosis check = elf::check_executable(file.data(), file.size(), machine_of(arch), ~std::uint64_t{0});
    if (!check.ok() && !(check.error == elf::Error::EntryOutsideSegments &&
                         entry_is_physical(load_segments(file), elf::header(file.data()).e_entry))) {
        result.error = "boot image: " + describe(check, file);
        return result;
    }
    std::vector<elf::Phdr> regions = load_segments(file);
    std::erase_if(regions, [](const elf::Phdr& p) { return p.p_memsz == 0; });
    if (regions.empty()) {
        result.error = "boot image: no PT_LOAD segment occupies memory";
        return result;
    }

    // Header, region table, then each region's bytes 8-byte aligned.
    const std::uint64_t table_end = sizeof(payload::PayloadHeader) + regions.size() * sizeof(payload::Region);
    std::vector<payload::Region> table;
    std::uint64_t at = table_end;
    for (const elf::Phdr& p : regions) {
        at = align_up(at, payload::region_alignment);
        table.push_back(payload::Region{p.p_paddr, p.p_filesz, p.p_memsz, at});
        at += p.p_filesz;
    }
    result.bytes.assign(at, 0);
    payload::PayloadHeader header{};
    header.magic = payload::payload_magic;
    header.version = payload::payload_version;
    header.header_size = sizeof(payload::PayloadHeader);
    header.total_size = at;
    header.kernel_entry = direct_boot_entry(arch, elf::header(file.data()), load_segments(file));
    header.region_count = regions.size();
    put(result.bytes, 0, header);
    for (std::size_t i = 0; i < regions.size(); ++i) {
        put(result.bytes, sizeof(payload::PayloadHeader) + i * sizeof(payload::Region), table[i]);
        std::memcpy(result.bytes.data() + table[i].offset, file.data() + regions[i].p_offset, regions[i].p_filesz);
    }

    // The loader checks the same rules at boot; refuse here what it would refuse there.
    const std::uint64_t payload_start = loader.end_address();
    const payload::Span reserved[] = {
        {loader.link_address, payload_start, "the loader"},
        {payload_start, payload_start + result.bytes.size(), "the payload"},
    };
    const payload::Check verdict =
        payload::validate(result.bytes.data(), result.bytes.size(), payload::Limits{reserved, 2, nullptr, 0});
    if (!verdict.ok()) {
        char text[256];
        result.error = std::string("boot image: ") + payload::describe(verdict, text, sizeof text);
        result.bytes.clear();
        return result;
    }
    result.kernel_entry = header.kernel_entry;
    return result;
}

BuildResult build_loader_image(Arch arch, std::span<const std::uint8_t> loader_elf,
                               std::span<const std::uint8_t> boot_image, ImageType type) {
    BuildResult result;
    // The type first: it depends on nothing but the arguments.
    if (type == ImageType::UImage && arch != Arch::RiscV64) {
        result.error = "building the output image as '" + std::string(image_type_name(type)) +
                       "' is unsupported for target architecture '" + std::string(arch_name(arch)) + "'";
        return result;
    }
    LoaderBinary loader = flatten_loader(arch, loader_elf);
    if (!loader.ok()) {
        result.error = loader.error;
        return result;
    }
    const Payload payload = make_payload(arch, boot_image, loader);
    if (!payload.ok()) {
        result.error = payload.error;
        return result;
    }
    const std::uint64_t payload_offset = loader.bytes.size();
    loader.bytes.insert(loader.bytes.end(), payload.bytes.begin(), payload.bytes.end());
    std::string error = wrap_output(arch, type, loader.link_address, loader.elf_flags, loader.bytes, result.image);
    if (!error.empty()) {
        result.image.clear();
        result.error = std::move(error);
        return result;
    }
    result.payload_offset = result.image.size() - loader.bytes.size() + payload_offset;
    return result;
}

}  // namespace microkit::loader_image
