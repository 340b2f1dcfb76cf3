// SPDX-License-Identifier: BSD-2-Clause
// Device trees shared by the fdt tests: a sample shaped like QEMU virt's with
// the odd corners the reader must handle, a minimal tree, and exercise(),
// which touches every query so ASan/UBSan see every read path.
#pragma once

#include <cstring>
#include <vector>

#include <fdt/fdt.hpp>
#include <fdt/platform.hpp>

#include "support/fdt_builder.hpp"

namespace test_support {

// A tree like QEMU riscv virt's, plus the odd corners the reader must handle.
inline FdtBuilder sample_builder() {
    FdtBuilder b;
    b.reserve(0x1000, 0x2000);
    b.begin_node("")
        .prop_cells("#address-cells", {2})
        .prop_cells("#size-cells", {2})
        .prop_string("compatible", "riscv-virtio")
        .begin_node("chosen")
        .prop_string("bootargs", "console=ttyS0 quiet")
        .prop_string("stdout-path", "/soc/serial@10000000")
        .end_node()
        .begin_node("aliases")
        .prop_string("serial0", "/soc/serial@10000000")
        .prop_string("bus", "/soc/bus32")
        .end_node()
        .begin_node("memory@80000000")
        .prop_string("device_type", "memory")
        .prop_cells("reg", {0x0, 0x80000000, 0x0, 0x20000000})
        .end_node()
        .begin_node("memory@100000000")
        .nop()
        .prop_string("device_type", "memory")
        .prop_cells("reg", {0x1, 0x0, 0x0, 0x10000000, 0x2, 0x0, 0x0, 0x1000})
        .end_node()
        .begin_node("memory@0")
        .prop_string("device_type", "memory")
        .prop_string("status", "disabled")
        .prop_cells("reg", {0x0, 0x0, 0x0, 0x1000})
        .end_node()
        .begin_node("reserved-memory")
        .prop_cells("#address-cells", {2})
        .prop_cells("#size-cells", {2})
        .prop_empty("ranges")
        .begin_node("mmode_resv0@80000000")
        .prop_cells("reg", {0x0, 0x80000000, 0x0, 0x40000})
        .end_node()
        .begin_node("dynamic")
        .prop_cells("size", {0x0, 0x100000})
        .end_node()
        .end_node()
        .begin_node("cpus")
        .prop_cells("#address-cells", {1})
        .prop_cells("#size-cells", {0})
        .begin_node("cpu@0")
        .prop_string("device_type", "cpu")
        .prop_cells("reg", {0})
        .begin_node("interrupt-controller")
        .prop_cells("phandle", {1})
        .end_node()
        .end_node()
        .nop()
        .begin_node("cpu@1")
        .prop_string("device_type", "cpu")
        .prop_cells("reg", {1})
        .begin_node("interrupt-controller")
        .prop_cells("linux,phandle", {2})
        .end_node()
        .end_node()
        .end_node()
        .begin_node("soc")
        .prop_cells("#address-cells", {2})
        .prop_cells("#size-cells", {2})
        .prop_string("compatible", "simple-bus")
        .prop_empty("ranges")
        .begin_node("serial@10000000")
        .prop_cells("reg", {0x0, 0x10000000, 0x0, 0x100})
        .prop_string("compatible", "ns16550a")
        .end_node()
        .begin_node("plic@c000000")
        .prop_cells("phandle", {3})
        .prop_strings("compatible", {"sifive,plic-1.0.0", "riscv,plic0"})
        .prop_cells("reg", {0x0, 0xc000000, 0x0, 0x600000})
        .end_node()
        .begin_node("bus32")
        .prop_cells("#address-cells", {1})
        .prop_cells("#size-cells", {1})
        .begin_node("dev@1000")
        .prop_cells("reg", {0x1000, 0x10, 0x2000, 0x20})
        .end_node()
        .begin_node("sub")  // no #address-cells: its children use the defaults 2 and 1
        .prop_cells("reg", {0x3000, 0x30})
        .begin_node("leaf")
        .prop_cells("reg", {0x5, 0x6000, 0x70})
        .end_node()
        .end_node()
        .end_node()
        .begin_node("pci@30000000")
        .prop_cells("#address-cells", {3})
        .prop_cells("#size-cells", {2})
        .begin_node("fn@0")
        .prop_cells("reg", {0x0, 0x0, 0x0, 0x0, 0x0})
        .end_node()
        .end_node()
        .end_node()
        .end_node()
        .nop()
        .end();
    return b;
}

// Static so trees parsed from it stay valid (a Tree is a view of its blob).
inline const std::vector<std::uint8_t>& sample() {
    static const std::vector<std::uint8_t> blob = sample_builder().build();
    return blob;
}

// A minimal valid tree: a root with one property.
inline FdtBuilder minimal() {
    FdtBuilder b;
    b.begin_node("").prop_cells("#address-cells", {2});
    return b;
}

inline fdt::Tree parse(const std::vector<std::uint8_t>& blob) { return fdt::Tree::parse(blob.data(), blob.size()); }
inline fdt::Error error_of(const std::vector<std::uint8_t>& blob) { return parse(blob).error(); }

// Touches everything a client could, so ASan/UBSan see every read path.
inline std::size_t exercise(const fdt::Tree& tree) {
    std::size_t sum = 0;
    tree.for_each_node([&](const fdt::Node& node) {
        sum += std::strlen(node.name()) + node.address_cells() + node.size_cells() + node.reg_count();
        for (std::size_t i = 0; i <= node.reg_count(); ++i)
            if (auto reg = node.reg(i)) sum += reg->address + reg->size;
        if (auto parent = node.parent()) sum += parent->depth();
        if (auto ph = node.phandle()) sum += *ph;
        sum += node.is_compatible("x") ? 1 : 0;
        if (auto p = node.property("compatible"))
            if (const char* s = p->string()) sum += std::strlen(s);
        node.for_each_child([&](const fdt::Node& child) { sum += child.depth(); });
    });
    tree.for_each_reservation([&](fdt::Reg r) { sum += r.address; });
    fdt::Reg regs[4];
    sum += fdt::memory_ranges(tree, regs, 4) + fdt::reserved_ranges(tree, regs, 4);
    if (auto out = fdt::stdout_node(tree)) sum += out->depth();
    if (const char* args = fdt::bootargs(tree)) sum += std::strlen(args);
    sum += tree.find("/soc/serial").has_value() + tree.find("serial0").has_value();
    return sum;
}

}  // namespace test_support
