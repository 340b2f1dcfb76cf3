// SPDX-License-Identifier: BSD-2-Clause
// The loader payload: what the host tool appends to the Microkit-style loader
// (microkit/loader) so that it can boot a kernel the way QEMU's direct kernel
// boot does. Freestanding and header-only: the loader checks it at run time,
// the host library writes it, and the host tests drive both.
//
// Layout, starting at the loader's page-aligned end (the symbol
// __loader_end; Microkit manual §3.4 puts its own header there too):
//
//   PayloadHeader                      (header_size bytes)
//   Region[region_count]               (the region table)
//   the regions' bytes                 (each at its `offset`, 8-byte aligned)
//
// Every field is little endian (both targets are). The loader copies each
// region's file_size bytes to its physical destination, zeroes the rest up
// to memory_size, and enters the kernel at kernel_entry (a physical address).
#pragma once

#include <cstddef>
#include <cstdint>

#include <format/format.hpp>

namespace microkit_loader {

inline constexpr std::uint64_t payload_magic = 0x44414f4c53534554ull;  // "TESSLOAD", little endian
inline constexpr std::uint32_t payload_version = 1;
inline constexpr std::uint64_t page_size = 4096;
// Region bytes start 8-byte aligned so the loader copies whole words.
inline constexpr std::uint64_t region_alignment = 8;

struct PayloadHeader {
    std::uint64_t magic;         // payload_magic
    std::uint32_t version;       // payload_version
    std::uint32_t header_size;   // sizeof(PayloadHeader)
    std::uint64_t total_size;    // header, region table and region bytes
    std::uint64_t kernel_entry;  // physical address the loader jumps to
    std::uint64_t region_count;  // entries of the table that follows the header
};
static_assert(sizeof(PayloadHeader) == 40);

struct Region {
    std::uint64_t destination;  // physical address of the first byte
    std::uint64_t file_size;    // bytes copied from the payload
    std::uint64_t memory_size;  // bytes at the destination; those past file_size are zeroed
    std::uint64_t offset;       // of the region's bytes, from the start of the PayloadHeader
};
static_assert(sizeof(Region) == 32);

// A physical range [start, end) with a name for messages ("the loader").
struct Span {
    std::uint64_t start = 0;
    std::uint64_t end = 0;
    const char* name = "";
};

// What a payload must respect where it is checked. `reserved` ranges must not
// be overwritten by any region (the loader itself, the payload, the device
// tree). When `memory_count` is not zero, every region must lie inside one of
// the `memory` ranges (the RAM the device tree describes).
struct Limits {
    const Span* reserved = nullptr;
    std::size_t reserved_count = 0;
    const Span* memory = nullptr;
    std::size_t memory_count = 0;
};

enum class Error : std::uint8_t {
    None,
    Truncated,
    BadMagic,
    BadVersion,
    BadHeaderSize,
    BadTotalSize,
    NoRegions,
    RegionTableOutside,
    FileSizeExceedsMemorySize,
    RegionBytesOutside,
    RegionBytesMisaligned,
    RegionWraps,
    RegionOverlapsReserved,
    RegionOutsideMemory,
    RegionsOverlap,
    EntryOutsideRegions,
};

// The outcome of validate(): which rule failed and the numbers to quote.
struct Check {
    Error error = Error::None;
    std::uint64_t index = 0;   // the region concerned
    std::uint64_t other = 0;   // the other region (RegionsOverlap)
    std::uint64_t value = 0;   // what was found
    std::uint64_t limit = 0;   // what it had to fit in / equal
    Region region{};           // the region concerned, as read
    Span against{};            // the reserved range (RegionOverlapsReserved) or other region
    bool ok() const { return error == Error::None; }
};

namespace detail {

constexpr std::uint64_t load_le(const std::uint8_t* p, unsigned bytes) {
    std::uint64_t value = 0;
    for (unsigned i = bytes; i-- > 0;) value = (value << 8) | p[i];
    return value;
}

// Ranges [a, a + a_size) and [b, b + b_size) share a byte (empty ranges share none).
constexpr bool overlap(std::uint64_t a, std::uint64_t a_size, std::uint64_t b, std::uint64_t b_size) {
    return a_size != 0 && b_size != 0 && a < b + b_size && b < a + a_size;
}

constexpr Check fail(Error error, std::uint64_t value = 0, std::uint64_t limit = 0) {
    Check check;
    check.error = error;
    check.value = value;
    check.limit = limit;
    return check;
}

constexpr Check fail_region(Error error, std::uint64_t index, const Region& region) {
    Check check;
    check.error = error;
    check.index = index;
    check.region = region;
    return check;
}

}  // namespace detail

// Field reads that never depend on the payload's alignment (the AArch64
// loader runs with the MMU off, where every access is Device memory and an
// unaligned one faults) and never read past what the caller checked.
constexpr PayloadHeader read_header(const std::uint8_t* payload) {
    PayloadHeader header{};
    header.magic = detail::load_le(payload, 8);
    header.version = static_cast<std::uint32_t>(detail::load_le(payload + 8, 4));
    header.header_size = static_cast<std::uint32_t>(detail::load_le(payload + 12, 4));
    header.total_size = detail::load_le(payload + 16, 8);
    header.kernel_entry = detail::load_le(payload + 24, 8);
    header.region_count = detail::load_le(payload + 32, 8);
    return header;
}

constexpr Region read_region(const std::uint8_t* payload, std::uint64_t index) {
    const std::uint8_t* p = payload + sizeof(PayloadHeader) + index * sizeof(Region);
    return Region{detail::load_le(p, 8), detail::load_le(p + 8, 8), detail::load_le(p + 16, 8),
                  detail::load_le(p + 24, 8)};
}

// Checks the payload at `payload`, of which `available` bytes may be read.
// On success every region's bytes lie inside [payload, payload + total_size),
// total_size <= available, no region wraps, overlaps another region or a
// reserved range, or (with memory ranges) leaves RAM, and the entry lies
// inside a region's memory.
constexpr Check validate(const std::uint8_t* payload, std::uint64_t available, const Limits& limits) {
    using detail::fail;
    using detail::fail_region;
    if (available < sizeof(PayloadHeader)) return fail(Error::Truncated, available, sizeof(PayloadHeader));
    const PayloadHeader header = read_header(payload);
    if (header.magic != payload_magic) return fail(Error::BadMagic, header.magic, payload_magic);
    if (header.version != payload_version) return fail(Error::BadVersion, header.version, payload_version);
    if (header.header_size != sizeof(PayloadHeader))
        return fail(Error::BadHeaderSize, header.header_size, sizeof(PayloadHeader));
    if (header.total_size < sizeof(PayloadHeader) || header.total_size > available)
        return fail(Error::BadTotalSize, header.total_size, available);
    if (header.region_count == 0) return fail(Error::NoRegions);
    const std::uint64_t table_room = (header.total_size - sizeof(PayloadHeader)) / sizeof(Region);
    if (header.region_count > table_room) return fail(Error::RegionTableOutside, header.region_count, table_room);
    const std::uint64_t table_end = sizeof(PayloadHeader) + header.region_count * sizeof(Region);

    for (std::uint64_t i = 0; i < header.region_count; ++i) {
        const Region r = read_region(payload, i);
        if (r.file_size > r.memory_size) return fail_region(Error::FileSizeExceedsMemorySize, i, r);
        if (r.offset < table_end || r.offset > header.total_size || r.file_size > header.total_size - r.offset) {
            Check check = fail_region(Error::RegionBytesOutside, i, r);
            check.value = table_end;
            check.limit = header.total_size;
            return check;
        }
        if (r.offset % region_alignment != 0) return fail_region(Error::RegionBytesMisaligned, i, r);
        // The end must be representable, so that every range below compares without overflow.
        if (r.memory_size > ~std::uint64_t{0} - r.destination) return fail_region(Error::RegionWraps, i, r);
        for (std::size_t k = 0; k < limits.reserved_count; ++k) {
            const Span& s = limits.reserved[k];
            if (detail::overlap(r.destination, r.memory_size, s.start, s.end - s.start)) {
                Check check = fail_region(Error::RegionOverlapsReserved, i, r);
                check.against = s;
                return check;
            }
        }
        if (limits.memory_count != 0 && r.memory_size != 0) {
            bool inside = false;
            for (std::size_t k = 0; k < limits.memory_count && !inside; ++k) {
                const Span& m = limits.memory[k];
                inside = r.destination >= m.start && r.destination < m.end &&
                         r.memory_size <= m.end - r.destination;
            }
            if (!inside) return fail_region(Error::RegionOutsideMemory, i, r);
        }
        for (std::uint64_t j = 0; j < i; ++j) {
            const Region q = read_region(payload, j);
            if (detail::overlap(r.destination, r.memory_size, q.destination, q.memory_size)) {
                Check check = fail_region(Error::RegionsOverlap, i, r);
                check.other = j;
                check.against = Span{q.destination, q.destination + q.memory_size, ""};
                return check;
            }
        }
    }
    for (std::uint64_t i = 0; i < header.region_count; ++i) {
        const Region r = read_region(payload, i);
        if (header.kernel_entry >= r.destination && header.kernel_entry - r.destination < r.memory_size)
            return Check{};
    }
    return fail(Error::EntryOutsideRegions, header.kernel_entry);
}

// One line, no newline, for a failed (or passed) check, e.g.
// "region 0 [0x70000000, 0x70012000) overlaps the loader [0x70000000, 0x70006000)".
// Written into `buffer` (always NUL-terminated when size > 0); returns it.
inline const char* describe(const Check& c, char* buffer, std::size_t size) {
    const auto region_end = c.region.destination + c.region.memory_size;
    switch (c.error) {
        case Error::None: format::format_to_buffer(buffer, size, "payload ok"); break;
        case Error::Truncated:
            format::format_to_buffer(buffer, size, "no payload: %llu bytes left, a payload header takes %llu",
                                     static_cast<unsigned long long>(c.value),
                                     static_cast<unsigned long long>(c.limit));
            break;
        case Error::BadMagic:
            format::format_to_buffer(buffer, size,
                                     "no payload after the loader (magic 0x%llx, expected 0x%llx): was the image "
                                     "built by the microkit tool?",
                                     static_cast<unsigned long long>(c.value),
                                     static_cast<unsigned long long>(c.limit));
            break;
        case Error::BadVersion:
            format::format_to_buffer(buffer, size, "unsupported payload version %llu (this loader reads %llu)",
                                     static_cast<unsigned long long>(c.value),
                                     static_cast<unsigned long long>(c.limit));
            break;
        case Error::BadHeaderSize:
            format::format_to_buffer(buffer, size, "payload header size %llu, expected %llu",
                                     static_cast<unsigned long long>(c.value),
                                     static_cast<unsigned long long>(c.limit));
            break;
        case Error::BadTotalSize:
            format::format_to_buffer(buffer, size,
                                     "payload total size %llu is smaller than its header or larger than the %llu "
                                     "bytes available",
                                     static_cast<unsigned long long>(c.value),
                                     static_cast<unsigned long long>(c.limit));
            break;
        case Error::NoRegions: format::format_to_buffer(buffer, size, "payload has no regions"); break;
        case Error::RegionTableOutside:
            format::format_to_buffer(buffer, size, "payload region table of %llu entries exceeds the payload (room for %llu)",
                                     static_cast<unsigned long long>(c.value),
                                     static_cast<unsigned long long>(c.limit));
            break;
        case Error::FileSizeExceedsMemorySize:
            format::format_to_buffer(buffer, size, "region %llu: file size 0x%llx exceeds memory size 0x%llx",
                                     static_cast<unsigned long long>(c.index),
                                     static_cast<unsigned long long>(c.region.file_size),
                                     static_cast<unsigned long long>(c.region.memory_size));
            break;
        case Error::RegionBytesOutside:
            format::format_to_buffer(buffer, size,
                                     "region %llu: bytes [0x%llx, +0x%llx) lie outside the payload data [0x%llx, 0x%llx)",
                                     static_cast<unsigned long long>(c.index),
                                     static_cast<unsigned long long>(c.region.offset),
                                     static_cast<unsigned long long>(c.region.file_size),
                                     static_cast<unsigned long long>(c.value),
                                     static_cast<unsigned long long>(c.limit));
            break;
        case Error::RegionBytesMisaligned:
            format::format_to_buffer(buffer, size, "region %llu: bytes at payload offset 0x%llx are not %llu-byte aligned",
                                     static_cast<unsigned long long>(c.index),
                                     static_cast<unsigned long long>(c.region.offset),
                                     static_cast<unsigned long long>(region_alignment));
            break;
        case Error::RegionWraps:
            format::format_to_buffer(buffer, size, "region %llu at 0x%llx with size 0x%llx wraps around the address space",
                                     static_cast<unsigned long long>(c.index),
                                     static_cast<unsigned long long>(c.region.destination),
                                     static_cast<unsigned long long>(c.region.memory_size));
            break;
        case Error::RegionOverlapsReserved:
            format::format_to_buffer(buffer, size, "region %llu [0x%llx, 0x%llx) overlaps %s [0x%llx, 0x%llx)",
                                     static_cast<unsigned long long>(c.index),
                                     static_cast<unsigned long long>(c.region.destination),
                                     static_cast<unsigned long long>(region_end), c.against.name,
                                     static_cast<unsigned long long>(c.against.start),
                                     static_cast<unsigned long long>(c.against.end));
            break;
        case Error::RegionOutsideMemory:
            format::format_to_buffer(buffer, size, "region %llu [0x%llx, 0x%llx) is not inside RAM",
                                     static_cast<unsigned long long>(c.index),
                                     static_cast<unsigned long long>(c.region.destination),
                                     static_cast<unsigned long long>(region_end));
            break;
        case Error::RegionsOverlap:
            format::format_to_buffer(buffer, size, "region %llu [0x%llx, 0x%llx) overlaps region %llu [0x%llx, 0x%llx)",
                                     static_cast<unsigned long long>(c.index),
                                     static_cast<unsigned long long>(c.region.destination),
                                     static_cast<unsigned long long>(region_end),
                                     static_cast<unsigned long long>(c.other),
                                     static_cast<unsigned long long>(c.against.start),
                                     static_cast<unsigned long long>(c.against.end));
            break;
        case Error::EntryOutsideRegions:
            format::format_to_buffer(buffer, size, "kernel entry 0x%llx is not inside any region",
                                     static_cast<unsigned long long>(c.value));
            break;
        default:
            format::format_to_buffer(buffer, size, "unknown payload check %u failed", static_cast<unsigned>(c.error));
            break;
    }
    return buffer;
}

}  // namespace microkit_loader
