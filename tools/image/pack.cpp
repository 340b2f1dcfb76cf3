// SPDX-License-Identifier: BSD-2-Clause
// The image layout: see pack() in image.hpp and bootimage/payload.hpp.
#include "image.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>

#include <bootimage/payload.hpp>
#include <sel4/bootinfo_types.h>
#include <sel4/constants.h>

namespace tessera::image {
namespace {

constexpr std::uint64_t page = 4096;

// What the kernel's boot gives the root task (kernel/core/boot). The root
// CNode has seL4's default 2^12 slots (root_task.hpp root_cnode_size_bits);
// its objects are allocated from boot memory, largest first, each aligned to
// its size (boot_kernel.cpp): CNode, ASID pool, TCB, scheduling context.
constexpr unsigned root_cnode_size_bits = 12;
constexpr std::uint64_t root_cnode_slots = std::uint64_t{1} << root_cnode_size_bits;
constexpr unsigned slot_bits = 5;
constexpr std::uint64_t root_object_bytes = (std::uint64_t{1} << (root_cnode_size_bits + slot_bits)) +
                                            (std::uint64_t{1} << 12) + (std::uint64_t{1} << 11) +
                                            (std::uint64_t{1} << seL4_MinSchedContextBits);
// Caps in the root CNode besides the image frames and page tables
// (sel4-abi.md §14.1): the initial caps, one SchedControl cap per node, and
// at most CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS untypeds.
constexpr std::uint64_t sched_control_caps = 1;
constexpr std::uint64_t max_untyped_caps = CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS;
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

// The pages of the PT_LOAD segments as sorted, disjoint, page-aligned runs.
struct Run {
    std::uint64_t start, end;
};
std::vector<Run> image_runs(const std::vector<std::uint8_t>& file) {
    std::vector<Run> runs;
    const elf::Ehdr& header = elf::header(file.data());
    for (std::size_t i = 0; i < header.e_phnum; ++i) {
        const elf::Phdr& p = elf::program_header(file.data(), i);
        if (p.p_type == elf::PT_LOAD && p.p_memsz != 0)
            runs.push_back({p.p_vaddr & ~(page - 1), align_up(p.p_vaddr + p.p_memsz, page)});
    }
    std::sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) { return a.start < b.start; });
    std::vector<Run> merged;
    for (const Run& r : runs) {
        if (!merged.empty() && r.start <= merged.back().end)
            merged.back().end = std::max(merged.back().end, r.end);
        else
            merged.push_back(r);
    }
    return merged;
}

std::string bytes_text(std::uint64_t bytes) { return std::to_string(bytes) + " bytes"; }

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

std::uint64_t ram_base_of(Arch arch) { return arch == Arch::RiscV64 ? 0x80000000ull : 0x40000000ull; }

unsigned page_table_levels_of(Arch arch) { return arch == Arch::RiscV64 ? 3 : 4; }

std::optional<std::uint64_t> parse_byte_count(std::string_view text) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

std::optional<std::uint64_t> parse_ram_size(std::string_view text) {
    unsigned shift = 20;  // QEMU's -m: a bare number is MiB
    if (!text.empty()) {
        switch (text.back()) {
        case 'k': case 'K': shift = 10; break;
        case 'm': case 'M': shift = 20; break;
        case 'g': case 'G': shift = 30; break;
        case 't': case 'T': shift = 40; break;
        default: shift = 0; break;
        }
        if (shift != 0) text.remove_suffix(1);
        else shift = 20;
    }
    const auto value = parse_byte_count(text);
    if (!value || *value == 0 || *value > (~std::uint64_t{0} >> shift)) return std::nullopt;
    return *value << shift;
}

RootTaskNeeds root_task_needs(Arch arch, std::span<const std::uint8_t> checked_root_task, const Platform& platform) {
    const std::vector<std::uint8_t> file = aligned_copy(checked_root_task);
    const std::vector<Run> runs = image_runs(file);
    RootTaskNeeds needs;
    for (const Run& r : runs) needs.image_pages += (r.end - r.start) / page;
    // Boot maps the IPC buffer, the BootInfo frame and the extra boot info
    // (a chunk header and the device tree) right above the image.
    needs.extra_boot_info_pages = align_up(sizeof(seL4_BootInfoHeader) + platform.device_tree_size, page) / page;
    const std::uint64_t image_end = runs.empty() ? 0 : runs.back().end;
    needs.mapped_end = image_end + (2 + needs.extra_boot_info_pages) * page;
    std::vector<Run> mapped = runs;
    mapped.push_back({image_end, needs.mapped_end});
    // Page tables below the root: one per region of each level that holds a mapped page.
    const unsigned levels = page_table_levels_of(arch);
    for (unsigned depth = 1; depth < levels; ++depth) {
        const unsigned region_bits = 12 + 9 * (levels - depth);
        bool any = false;
        std::uint64_t last = 0;
        for (const Run& r : mapped) {
            if (r.end <= r.start) continue;
            std::uint64_t first = r.start >> region_bits;
            if (any && first <= last) first = last + 1;
            const std::uint64_t final_region = (r.end - 1) >> region_bits;
            if (first <= final_region) {
                needs.page_tables += final_region - first + 1;
                last = final_region;
                any = true;
            }
        }
    }
    // The root table, the IPC buffer and BootInfo frames, the extra boot
    // info, the page tables and the root task's kernel objects.
    needs.boot_data_bytes = (1 + 2 + needs.extra_boot_info_pages + needs.page_tables) * page + root_object_bytes;
    return needs;
}

PackResult pack(Arch arch, std::span<const std::uint8_t> kernel_bytes, const std::string& kernel_name,
                std::span<const std::uint8_t> root_bytes, const std::string& root_name, const Platform& platform) {
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

    // The payload's p_vaddr (payload_paddr + delta) must stay congruent to its
    // page-aligned p_offset modulo its p_align [gABI "Program Header"].
    if (delta % bootimage::payload_alignment != 0)
        return failure(kernel_name, "kernel: p_vaddr - p_paddr (" + hex(delta) + ") of its highest segment is not a "
                                        "multiple of " + std::to_string(bootimage::payload_alignment) +
                                        ", so the boot payload cannot follow it");

    const std::uint64_t payload_size = sizeof(bootimage::PayloadHeader) + root.size();
    const std::uint64_t payload_paddr = align_up(physical_end, page);
    if (payload_paddr < physical_end || payload_paddr + payload_size < payload_paddr ||
        payload_paddr + delta + payload_size < payload_paddr + delta)
        return failure(kernel_name, "kernel: no room for the boot payload after " + hex(physical_end));

    // Would the kernel's boot refuse this root task? Everything it maps must
    // be user space, its memory must fit in the RAM above the payload (the
    // device tree may lie there too), and its caps in the root CNode.
    const RootTaskNeeds needs = root_task_needs(arch, root, platform);
    if (needs.mapped_end > user_top_of(arch))
        return failure(root_name, "root task: its image ends too close to the top of user space (" +
                                      hex(user_top_of(arch)) + ") for the IPC buffer, BootInfo and " +
                                      std::to_string(needs.extra_boot_info_pages) +
                                      " extra boot info pages that boot maps above it");
    const std::uint64_t ram_end = ram_base_of(arch) + platform.ram_size;
    const std::uint64_t payload_end = align_up(payload_paddr + payload_size, page);
    const std::uint64_t reserved_end = payload_end + platform.device_tree_size;
    if (payload_paddr < ram_base_of(arch) || reserved_end > ram_end)
        return failure(kernel_name, "kernel: the kernel and the boot payload end at " + hex(payload_end) + "; with " +
                                        bytes_text(platform.device_tree_size) +
                                        " for the device tree that is beyond the " + bytes_text(platform.ram_size) +
                                        " of RAM at " + hex(ram_base_of(arch)) + " (--ram)");
    const std::uint64_t available = ram_end - reserved_end;
    if (needs.memory_bytes() > available)
        return failure(root_name, "root task needs " + std::to_string(needs.memory_bytes()) + " bytes of memory (" +
                                      std::to_string(needs.image_pages * page) + " for its segments, " +
                                      std::to_string(needs.boot_data_bytes) +
                                      " for page tables, boot info and its kernel objects), the platform has " +
                                      std::to_string(available) + " bytes for it (" + bytes_text(platform.ram_size) +
                                      " of RAM (--ram) less the kernel, the boot payload and " +
                                      bytes_text(platform.device_tree_size) + " for the device tree)");
    const std::uint64_t other_caps = seL4_NumInitialCaps + needs.page_tables + needs.extra_boot_info_pages +
                                     sched_control_caps + max_untyped_caps;
    const std::uint64_t frame_room = root_cnode_slots > other_caps ? root_cnode_slots - other_caps : 0;
    if (needs.image_pages > frame_room)
        return failure(root_name, "root task needs " + std::to_string(needs.image_pages) +
                                      " frame caps for its segments, the root CNode (" +
                                      std::to_string(root_cnode_slots) + " slots) has room for " +
                                      std::to_string(frame_room) + " (" + std::to_string(root_cnode_slots) + " less " +
                                      std::to_string(seL4_NumInitialCaps) +
                                      " initial caps, " + std::to_string(needs.page_tables) + " page tables, " +
                                      std::to_string(needs.extra_boot_info_pages) + " extra boot info pages, " +
                                      std::to_string(sched_control_caps) + " SchedControl cap and up to " +
                                      std::to_string(max_untyped_caps) + " untypeds)");

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
