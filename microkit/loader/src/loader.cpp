// SPDX-License-Identifier: BSD-2-Clause
// What the loader does on every architecture: check the device tree it was
// handed, check the payload at its own end (loader/payload.hpp), copy each
// region to its physical destination and zero the rest of its memory, make
// the copies visible to instruction fetch, and enter the kernel.
#include <cstddef>
#include <cstdint>

#include <fdt/fdt.hpp>
#include <fdt/platform.hpp>
#include <loader/payload.hpp>

#include "loader.hpp"

namespace microkit_loader {
namespace {

constexpr std::uint32_t fdt_magic = 0xd00dfeed;  // [dtspec 5.2]
// QEMU virt builds its tree in 1 MiB; anything claiming far more is not a device tree.
constexpr std::uint32_t max_device_tree_size = 16u << 20;
constexpr std::size_t max_ranges = 16;

std::uint32_t load_be32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// The reserved and RAM ranges regions are checked against.
struct Ranges {
    Span reserved[4 + max_ranges];
    std::size_t reserved_count = 0;
    Span memory[max_ranges];
    std::size_t memory_count = 0;

    void reserve(std::uint64_t start, std::uint64_t end, const char* name) {
        if (reserved_count < sizeof reserved / sizeof reserved[0]) reserved[reserved_count++] = Span{start, end, name};
    }
};

std::uint64_t end_of(std::uint64_t start, std::uint64_t size) {
    return size > ~std::uint64_t{0} - start ? ~std::uint64_t{0} : start + size;
}

// The device tree QEMU handed over: RAM and reserved memory from it, and its
// own bytes, which no region may overwrite (the kernel reads it later).
void read_device_tree(std::uint64_t address, Ranges& ranges) {
    const auto* blob = reinterpret_cast<const std::uint8_t*>(address);
    if (address == 0) fail("no device tree was passed to the loader");
    const std::uint32_t magic = load_be32(blob);
    if (magic != fdt_magic) fail("no device tree at 0x%lx (magic 0x%x, expected 0x%x)", address, magic, fdt_magic);
    const std::uint32_t size = load_be32(blob + 4);
    if (size > max_device_tree_size)
        fail("device tree at 0x%lx claims %u bytes (at most %u expected)", address, size, max_device_tree_size);
    const fdt::Tree tree = fdt::Tree::parse(blob, size);
    if (!tree.valid()) fail("%s, at 0x%lx", fdt::describe(tree.error()), address);
    info("device tree at 0x%lx, %u bytes", address, size);
    ranges.reserve(address, end_of(address, size), "the device tree");

    fdt::Reg regs[max_ranges];
    const std::size_t memory = fdt::memory_ranges(tree, regs, max_ranges);
    for (std::size_t i = 0; i < memory; ++i) {
        ranges.memory[ranges.memory_count++] = Span{regs[i].address, end_of(regs[i].address, regs[i].size), "RAM"};
        info("RAM [0x%lx, 0x%lx)", regs[i].address, end_of(regs[i].address, regs[i].size));
    }
    if (ranges.memory_count == 0) fail("the device tree at 0x%lx describes no memory", address);
    const std::size_t reserved = fdt::reserved_ranges(tree, regs, max_ranges);
    for (std::size_t i = 0; i < reserved; ++i) {
        ranges.reserve(regs[i].address, end_of(regs[i].address, regs[i].size), "memory the device tree reserves");
        info("reserved memory [0x%lx, 0x%lx)", regs[i].address, end_of(regs[i].address, regs[i].size));
    }
}

}  // namespace

void run(const Handoff& handoff) {
    const auto loader_start = reinterpret_cast<std::uint64_t>(__loader_start);
    const auto loader_end = reinterpret_cast<std::uint64_t>(__loader_end);
    info("Tessera Microkit loader (%s), image [0x%lx, 0x%lx)", arch::name, loader_start, loader_end);
    arch::report_entry(handoff);

    Ranges ranges;
    read_device_tree(handoff.device_tree, ranges);

    // The payload may extend to the end of the RAM range that holds it.
    const std::uint8_t* payload = __loader_end;
    std::uint64_t available = 0;
    bool in_memory = false;
    for (std::size_t i = 0; i < ranges.memory_count && !in_memory; ++i) {
        const Span& m = ranges.memory[i];
        in_memory = loader_start >= m.start && loader_end < m.end;
        if (in_memory) available = m.end - loader_end;
    }
    if (!in_memory) fail("the loader and its payload at 0x%lx are not in RAM", loader_end);

    // The payload's own bytes are reserved as far as it claims (and may) extend;
    // validate() refuses a total size beyond `available` before any region is read.
    const std::uint64_t claimed = available >= sizeof(PayloadHeader) ? read_header(payload).total_size : 0;
    const std::uint64_t payload_size = claimed < available ? claimed : available;
    ranges.reserve(loader_start, loader_end, "the loader");
    ranges.reserve(loader_end, loader_end + payload_size, "the payload");

    const Limits limits{ranges.reserved, ranges.reserved_count, ranges.memory, ranges.memory_count};
    const Check check = validate(payload, available, limits);
    if (!check.ok()) {
        char reason[200];
        fail("%s", describe(check, reason, sizeof reason));
    }

    const PayloadHeader header = read_header(payload);
    info("payload at 0x%lx: %lu bytes, %lu regions, kernel entry 0x%lx", loader_end, header.total_size,
         header.region_count, header.kernel_entry);
    for (std::uint64_t i = 0; i < header.region_count; ++i) {
        const Region r = read_region(payload, i);
        info("region %lu: [0x%lx, 0x%lx) <- payload +0x%lx: 0x%lx bytes copied, 0x%lx zeroed", i, r.destination,
             r.destination + r.memory_size, r.offset, r.file_size, r.memory_size - r.file_size);
        auto* destination = reinterpret_cast<std::uint8_t*>(r.destination);
        memcpy(destination, payload + r.offset, r.file_size);
        memset(destination + r.file_size, 0, r.memory_size - r.file_size);
    }
    for (std::uint64_t i = 0; i < header.region_count; ++i) {
        const Region r = read_region(payload, i);
        arch::sync_instruction_fetch(r.destination, r.memory_size);
    }
    arch::enter_kernel(header.kernel_entry, handoff);
}

}  // namespace microkit_loader
