// SPDX-License-Identifier: BSD-2-Clause
// What a kernel needs from a device tree: RAM, reserved RAM, the console node
// and the command line. Devicetree Specification v0.4 §3.4 (memory), §3.5
// (reserved-memory), §3.6 (chosen), §3.3 (aliases), §5.3 (reservation block).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include <fdt/fdt.hpp>

namespace fdt {

namespace detail {
inline bool is_enabled(const Node& node) {
    const auto status = node.property("status");  // absent means "okay" [dtspec 2.3.4]
    if (!status) return true;
    const char* text = status->string();
    return text != nullptr && (equal(text, "okay") || equal(text, "ok"));
}
// Appends the non-empty reg entries of `node`; returns the new count.
inline std::size_t append_regs(const Node& node, Reg* out, std::size_t count, std::size_t max) {
    const std::size_t entries = node.reg_count();
    for (std::size_t i = 0; i < entries && count < max; ++i) {
        const auto reg = node.reg(i);
        if (reg && reg->size != 0) out[count++] = *reg;
    }
    return count;
}
}  // namespace detail

// Every non-empty reg entry of every enabled node with device_type =
// "memory", in tree order. Returns how many were written (at most `max`).
inline std::size_t memory_ranges(const Tree& tree, Reg* out, std::size_t max) {
    std::size_t count = 0;
    tree.for_each_node([&](const Node& node) {
        const auto type = node.property("device_type");
        const char* text = type ? type->string() : nullptr;
        if (text != nullptr && detail::equal(text, "memory") && detail::is_enabled(node))
            count = detail::append_regs(node, out, count, max);
    });
    return count;
}

// The reservation-block entries, then the reg entries of the children of
// /reserved-memory (children with only "size", to be allocated by the OS,
// have no reg and are skipped). Returns how many were written (<= max).
inline std::size_t reserved_ranges(const Tree& tree, Reg* out, std::size_t max) {
    std::size_t count = 0;
    tree.for_each_reservation([&](Reg reg) {
        if (count < max && reg.size != 0) out[count++] = reg;
    });
    if (const auto reserved = tree.find("/reserved-memory")) {
        reserved->for_each_child([&](const Node& child) {
            if (detail::is_enabled(child)) count = detail::append_regs(child, out, count, max);
        });
    }
    return count;
}

// The node named by /chosen "stdout-path" (or the older
// "linux,stdout-path"): ":options" such as ":115200n8" are stripped, and a
// leading alias name is resolved through /aliases [dtspec 3.6].
inline std::optional<Node> stdout_node(const Tree& tree) {
    const auto chosen = tree.find("/chosen");
    if (!chosen) return std::nullopt;
    auto path = chosen->property("stdout-path");
    if (!path) path = chosen->property("linux,stdout-path");
    const char* text = path ? path->string() : nullptr;
    if (text == nullptr) return std::nullopt;
    return tree.find(text, detail::find_char(text, detail::length(text), ':'));
}

// /chosen "bootargs", or nullptr.
inline const char* bootargs(const Tree& tree) {
    const auto chosen = tree.find("/chosen");
    if (!chosen) return nullptr;
    const auto args = chosen->property("bootargs");
    return args ? args->string() : nullptr;
}

}  // namespace fdt
