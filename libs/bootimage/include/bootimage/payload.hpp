// SPDX-License-Identifier: BSD-2-Clause
// The boot payload: how the image tool hands the root task to the kernel.
//
// `tessera-image` writes an ELF that QEMU boots with -kernel: the kernel's
// own PT_LOAD segments unchanged, plus one more PT_LOAD whose physical
// address is the kernel's page-aligned end (the symbol __kernel_end, which
// includes .bss). That segment starts with a PayloadHeader, followed by the
// root task's ELF file, byte for byte. The kernel finds the header at its
// own end, checks it, and loads the root task from it.
#pragma once

#include <cstdint>

namespace bootimage {

inline constexpr std::uint64_t payload_magic = 0x544f4f4253534554ull;  // "TESSBOOT", little endian
inline constexpr std::uint32_t payload_version = 1;
inline constexpr std::uint64_t payload_alignment = 4096;

struct PayloadHeader {
    std::uint64_t magic;             // payload_magic
    std::uint32_t version;           // payload_version
    std::uint32_t header_size;       // sizeof(PayloadHeader)
    std::uint64_t total_size;        // header + root task, bytes
    std::uint64_t root_task_offset;  // from the start of this header
    std::uint64_t root_task_size;    // bytes of the root task ELF file
    std::uint64_t root_task_crc32;   // CRC-32 (IEEE) of the root task ELF file, for tools
                                     // checking an image; the kernel does not spend boot time on it
};
static_assert(sizeof(PayloadHeader) == 48);

// CRC-32 (IEEE 802.3, reflected, as zlib's crc32()), table-driven: the
// kernel checks the whole root task once per boot, and the bitwise form cost
// about 40 instructions per byte.
namespace detail {
struct Crc32Table {
    std::uint32_t entry[256];
};
constexpr Crc32Table make_crc32_table() {
    Crc32Table table{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t crc = i;
        for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
        table.entry[i] = crc;
    }
    return table;
}
inline constexpr Crc32Table crc32_table = make_crc32_table();
}  // namespace detail

constexpr std::uint32_t crc32(const std::uint8_t* data, std::uint64_t size) {
    std::uint32_t crc = 0xffffffffu;
    for (std::uint64_t i = 0; i < size; ++i) crc = (crc >> 8) ^ detail::crc32_table.entry[(crc ^ data[i]) & 0xffu];
    return ~crc;
}

// Checks a header found in memory; `available` is how many bytes may be
// read from its start. Returns nullptr when it is valid, else the reason.
constexpr const char* validate(const PayloadHeader& header, std::uint64_t available) {
    if (available < sizeof(PayloadHeader)) return "no room for a payload header";
    if (header.magic != payload_magic) return "no boot payload (bad magic): was the image built by tessera-image?";
    if (header.version != payload_version) return "unsupported boot payload version";
    if (header.header_size != sizeof(PayloadHeader)) return "boot payload header has the wrong size";
    if (header.total_size > available) return "boot payload extends past the end of memory";
    if (header.root_task_offset < sizeof(PayloadHeader) || header.root_task_offset > header.total_size ||
        header.root_task_size > header.total_size - header.root_task_offset)
        return "boot payload root task lies outside the payload";
    return nullptr;
}

}  // namespace bootimage
