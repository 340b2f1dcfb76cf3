// SPDX-License-Identifier: BSD-2-Clause
// libs/fdt: parse any blob, then walk every node and property and make the
// platform queries (fdt/platform.hpp), as the kernel and tools do.
#include <cstdint>
#include <cstring>

#include <fdt/fdt.hpp>
#include <fdt/platform.hpp>

#include "fuzz_support.hpp"
#include "support/fdt_samples.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::uint8_t> blob = fuzz_support::copy(data, size);
    const fdt::Tree tree = fdt::Tree::parse(blob.empty() ? nullptr : blob.data(), blob.size());
    if (std::strlen(fdt::describe(tree.error())) == 0) __builtin_trap();
    if (!tree.valid()) {
        // A refused blob answers nothing.
        if (test_support::exercise(tree) != 0 || tree.find("/").has_value()) __builtin_trap();
        return 0;
    }
    if (tree.total_size() > size) __builtin_trap();
    std::size_t sum = test_support::exercise(tree);
    tree.for_each_node([&](const fdt::Node& node) {
        for (const char* name : {"reg", "compatible", "status", "device_type", "ranges", "interrupts"}) {
            const auto property = node.property(name);
            if (!property) continue;
            if (property->size() > tree.total_size()) __builtin_trap();
            for (std::uint32_t i = 0; i < property->size(); ++i) sum += property->data()[i];
            for (std::size_t cell = 0; cell <= property->size() / 4; ++cell) {
                if (const auto value = property->u32(cell)) sum += *value;
                if (const auto value = property->cells(cell, 2)) sum += *value;
            }
            if (const char* text = property->string()) sum += std::strlen(text);
            sum += property->has_string("okay");
        }
        if (const auto found = node.child("uart")) sum += found->depth();
        if (const auto found = node.child("memory@80000000")) sum += found->depth();
    });
    fdt::Reg regs[16];
    const std::size_t memory = fdt::memory_ranges(tree, regs, 16);
    const std::size_t reserved = fdt::reserved_ranges(tree, regs, 16);
    if (memory > 16 || reserved > 16) __builtin_trap();
    for (const char* path : {"/chosen", "/cpus/cpu@0", "/soc/serial", "serial0", "serial0/x", "/a//b/", "nope"})
        sum += tree.find(path).has_value();
    if (const auto console = fdt::stdout_node(tree)) sum += std::strlen(console->name());
    (void)tree.find_phandle(1);
    (void)tree.find_compatible("ns16550a");
    fuzz_support::keep(sum);
    return 0;
}
