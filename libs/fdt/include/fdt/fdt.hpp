// SPDX-License-Identifier: BSD-2-Clause
// Flattened device tree (DTB) reader for the kernel, user code and host tools.
// Header-only and freestanding: no allocation, no exceptions, byte-wise reads.
// Tree::parse validates the whole blob once; Node and Property are small
// views into it, valid while the blob is. Devicetree Specification v0.4:
// blob format §5, standard properties §2.3, node names and paths §2.2.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include <fdt/detail.hpp>

namespace fdt {

struct Reg {
    std::uint64_t address;
    std::uint64_t size;
};

// One line, no newline: why parse() refused a blob.
constexpr const char* describe(Error error) {
    switch (error) {
        case Error::None: return "device tree: ok";
        case Error::TooSmall: return "device tree: blob too small for a header";
        case Error::BadMagic: return "device tree: bad magic (expected 0xd00dfeed)";
        case Error::BadVersion: return "device tree: unsupported version (need version 17)";
        case Error::BadTotalSize: return "device tree: totalsize larger than the blob (or smaller than the header)";
        case Error::BadBlockLayout: return "device tree: a block offset or size lies outside the blob";
        case Error::BadToken: return "device tree: unknown token in the structure block";
        case Error::BadNesting:
            return "device tree: bad nesting (unbalanced nodes, no single root, or a property outside a node or "
                   "after a child node)";
        case Error::UnterminatedName: return "device tree: node name runs past the structure block";
        case Error::PropertyOutOfBounds: return "device tree: property value runs past the structure block";
        case Error::BadStringOffset: return "device tree: property name offset outside the strings block";
        case Error::MissingEnd: return "device tree: structure block ends without FDT_END";
        case Error::BadReservationBlock:
            return "device tree: memory reservation block unterminated or has a wrapping entry";
    }
    return "device tree: unknown error";
}

class Property {
  public:
    constexpr Property(const char* name, const std::uint8_t* data, std::uint32_t size)
        : name_(name), data_(data), size_(size) {}

    const char* name() const { return name_; }
    const std::uint8_t* data() const { return data_; }
    std::uint32_t size() const { return size_; }

    // Big-endian 32-bit cell `cell_index` [dtspec 2.2.4.1].
    std::optional<std::uint32_t> u32(std::size_t cell_index = 0) const {
        if (cell_index >= size_ / 4) return std::nullopt;
        return detail::load_be32(data_ + cell_index * 4);
    }
    // `count` (1 or 2) cells starting at `first_cell`, as one number.
    std::optional<std::uint64_t> cells(std::size_t first_cell, unsigned count) const {
        if (count < 1 || count > 2 || first_cell > size_ / 4 || size_ / 4 - first_cell < count) return std::nullopt;
        const std::uint8_t* at = data_ + first_cell * 4;
        return count == 1 ? std::uint64_t{detail::load_be32(at)} : detail::load_be64(at);
    }
    // The (first) string, or nullptr unless a NUL lies within the value.
    const char* string() const {
        const char* text = reinterpret_cast<const char*>(data_);
        if (detail::find_char(text, size_, '\0') == size_) return nullptr;
        return text;
    }
    // Membership in a <stringlist> such as "compatible" [dtspec 2.3.1].
    bool has_string(const char* s) const {
        const char* text = reinterpret_cast<const char*>(data_);
        std::size_t at = 0;
        while (at < size_) {
            const std::size_t n = detail::find_char(text + at, size_ - at, '\0');
            if (detail::equal_n(s, text + at, n)) return true;
            at += n + 1;
        }
        return false;
    }

  private:
    const char* name_;
    const std::uint8_t* data_;
    std::uint32_t size_;
};

class Tree;

class Node {
  public:
    Node() = default;  // an empty node: every query answers "nothing"

    // Unit name as stored, e.g. "memory@80000000"; "" for the root.
    const char* name() const { return blob_.base == nullptr ? "" : detail::read_token(blob_, offset_).name; }

    std::optional<Property> property(const char* wanted) const {
        if (blob_.base == nullptr) return std::nullopt;
        // Properties precede children (checked by validate), so stop at the first non-property.
        for (std::uint32_t at = contents();;) {
            const detail::Token token = detail::read_token(blob_, at);
            if (token.kind == detail::token_prop) {
                if (detail::equal(token.name, wanted)) return Property(token.name, token.data, token.size);
            } else if (token.kind != detail::token_nop) {
                return std::nullopt;
            }
            at = token.next;
        }
    }

    bool is_compatible(const char* compat) const {
        const auto value = property("compatible");
        return value && value->has_string(compat);
    }

    // #address-cells / #size-cells of this node, which apply to its
    // children's "reg". They are NOT inherited from ancestors; when absent
    // the defaults are 2 and 1 [dtspec 2.3.5].
    unsigned address_cells() const { return cells_property("#address-cells", 2); }
    unsigned size_cells() const { return cells_property("#size-cells", 1); }

    // Entries of this node's "reg", decoded with the PARENT's cell counts
    // (the root, having no parent, uses the defaults 2 and 1).
    std::size_t reg_count() const {
        const auto value = property("reg");
        if (!value) return 0;
        const RegLayout layout = reg_layout();
        const std::size_t entry = (layout.address_cells + layout.size_cells) * 4u;
        return entry == 0 ? 0 : value->size() / entry;
    }
    // nullopt when out of range or a cell count exceeds 2 (e.g. PCI's 3-cell addresses).
    std::optional<Reg> reg(std::size_t index) const {
        const auto value = property("reg");
        if (!value) return std::nullopt;
        const RegLayout layout = reg_layout();
        if (layout.address_cells > 2 || layout.size_cells > 2) return std::nullopt;
        const std::size_t entry_cells = layout.address_cells + layout.size_cells;
        if (entry_cells == 0 || index >= value->size() / (entry_cells * 4)) return std::nullopt;
        const std::size_t first = index * entry_cells;
        Reg reg{0, 0};
        if (layout.address_cells != 0) reg.address = *value->cells(first, layout.address_cells);
        if (layout.size_cells != 0) reg.size = *value->cells(first + layout.address_cells, layout.size_cells);
        return reg;
    }

    // "phandle", or the older "linux,phandle" [dtspec 2.3.3]: one pass over
    // the properties (a phandle search asks every node).
    std::optional<std::uint32_t> phandle() const {
        if (blob_.base == nullptr) return std::nullopt;
        std::optional<Property> legacy;
        for (std::uint32_t at = contents();;) {
            const detail::Token token = detail::read_token(blob_, at);
            if (token.kind == detail::token_prop) {
                if (detail::equal(token.name, "phandle")) return Property(token.name, token.data, token.size).u32();
                if (!legacy && detail::equal(token.name, "linux,phandle"))
                    legacy = Property(token.name, token.data, token.size);
            } else if (token.kind != detail::token_nop) {
                break;
            }
            at = token.next;
        }
        if (legacy) return legacy->u32();
        return std::nullopt;
    }

    std::optional<Node> parent() const {
        if (blob_.base == nullptr || depth_ == 0) return std::nullopt;
        // Known when this node was reached from its parent (child, a
        // for_each_child, find_if within its depth limit).
        if (parent_offset_ != none) return Node(blob_, parent_offset_, depth_ - 1);
        // The parent is the last node opened one level up before this one.
        std::uint32_t depth = 0;
        std::uint32_t candidate = blob_.root_offset;
        for (std::uint32_t at = blob_.root_offset; at != offset_;) {
            const detail::Token token = detail::read_token(blob_, at);
            if (token.kind == detail::token_begin_node) {
                if (depth + 1 == depth_) candidate = at;
                ++depth;
            } else if (token.kind == detail::token_end_node) {
                --depth;
            }
            at = token.next;
        }
        return Node(blob_, candidate, depth_ - 1);
    }

    // A child by its exact name, or by its name without "@unit" when
    // `wanted` has no '@' (the first match wins) [dtspec 2.2.1].
    std::optional<Node> child(const char* wanted) const { return child(wanted, detail::length(wanted)); }
    // Same, for the `length` characters at `wanted` (not NUL-terminated).
    std::optional<Node> child(const char* wanted, std::size_t length) const {
        const bool has_unit = detail::find_char(wanted, length, '@') != length;
        for (std::uint32_t at = first_child(); at != none; at = next_sibling(at)) {
            const char* name = detail::read_token(blob_, at).name;
            if (detail::equal_n(name, wanted, length) ||
                (!has_unit && detail::starts_with_n(name, wanted, length) && name[length] == '@'))
                return Node(blob_, at, depth_ + 1, offset_);
        }
        return std::nullopt;
    }

    template <class F>
    void for_each_child(F&& f) const {
        for (std::uint32_t at = first_child(); at != none; at = next_sibling(at)) {
            const Node node(blob_, at, depth_ + 1, offset_);
            f(node);
        }
    }

    bool operator==(const Node& other) const { return blob_.base == other.blob_.base && offset_ == other.offset_; }
    // Depth below the root (root = 0).
    unsigned depth() const { return depth_; }

  private:
    friend class Tree;
    static constexpr std::uint32_t none = 0xffffffffu;
    struct RegLayout {
        unsigned address_cells;
        unsigned size_cells;
    };

    Node(const detail::Blob& blob, std::uint32_t offset, std::uint32_t depth, std::uint32_t parent_offset = none,
         std::uint32_t contents_offset = none)
        : blob_(blob), offset_(offset), depth_(depth), parent_offset_(parent_offset), contents_(contents_offset) {}

    // Offset of the token after this node's FDT_BEGIN_NODE and name: its
    // first property, child or FDT_END_NODE.
    std::uint32_t contents() const { return contents_ != none ? contents_ : detail::read_token(blob_, offset_).next; }

    unsigned cells_property(const char* name, unsigned fallback) const {
        const auto value = property(name);
        if (!value) return fallback;
        const auto cells = value->u32();
        return cells ? *cells : fallback;
    }
    RegLayout reg_layout() const {
        const auto up = parent();
        if (!up) return {2, 1};
        return {up->address_cells(), up->size_cells()};
    }
    // Skips a token run of properties and NOPs; returns the first child's
    // offset or `none` at this node's FDT_END_NODE.
    std::uint32_t first_child() const {
        if (blob_.base == nullptr) return none;
        return child_at(contents());
    }
    std::uint32_t next_sibling(std::uint32_t child) const { return child_at(detail::skip_subtree(blob_, child)); }
    std::uint32_t child_at(std::uint32_t at) const {
        for (;;) {
            const detail::Token token = detail::read_token(blob_, at);
            if (token.kind == detail::token_begin_node) return at;
            if (token.kind == detail::token_end_node) return none;
            at = token.next;
        }
    }

    detail::Blob blob_{};
    std::uint32_t offset_ = 0;  // of the node's FDT_BEGIN_NODE, within the structure block
    std::uint32_t depth_ = 0;
    std::uint32_t parent_offset_ = none;  // of the parent's FDT_BEGIN_NODE, or none: not known
    std::uint32_t contents_ = none;       // contents(), or none: not known
};

class Tree {
  public:
    Tree() = default;  // no blob: error() == TooSmall

    // Validates the header and walks the whole structure block once (tokens,
    // nesting, NUL-terminated names, property bounds, string offsets, FDT_END)
    // and the reservation block. Never reads past `available` bytes. On
    // failure error() says why and every query returns empty.
    static Tree parse(const void* blob, std::size_t available) {
        Tree tree;
        tree.error_ = detail::validate(static_cast<const std::uint8_t*>(blob), available, tree.blob_);
        return tree;
    }

    bool valid() const { return error_ == Error::None; }
    Error error() const { return error_; }
    std::uint32_t total_size() const { return blob_.total_size; }

    Node root() const {
        if (!valid()) return Node();
        return Node(blob_, blob_.root_offset, 0);
    }

    // "/chosen", "/cpus/cpu@0", "/soc/uart" (a component may omit "@unit").
    // A path not starting with '/' begins with an alias name looked up in
    // /aliases, e.g. "serial0" or "serial0/child" [dtspec 3.3].
    std::optional<Node> find(const char* path) const {
        if (path == nullptr) return std::nullopt;
        return find(path, detail::length(path));
    }
    // Same, for the `length` characters at `path`.
    std::optional<Node> find(const char* path, std::size_t length) const {
        if (!valid() || length == 0) return std::nullopt;
        if (path[0] == '/') return walk(root(), path, length);
        const std::size_t alias_length = detail::find_char(path, length, '/');
        const auto aliases = root().child("aliases");
        if (!aliases) return std::nullopt;
        std::optional<Property> alias;
        for (std::uint32_t at = detail::read_token(blob_, aliases->offset_).next;;) {
            const detail::Token token = detail::read_token(blob_, at);
            if (token.kind == detail::token_prop && detail::equal_n(token.name, path, alias_length)) {
                alias = Property(token.name, token.data, token.size);
                break;
            }
            if (token.kind != detail::token_prop && token.kind != detail::token_nop) break;
            at = token.next;
        }
        const char* target = alias ? alias->string() : nullptr;
        if (target == nullptr || target[0] != '/') return std::nullopt;  // aliases hold full paths
        const auto base = walk(root(), target, detail::length(target));
        if (!base) return std::nullopt;
        return walk(*base, path + alias_length, length - alias_length);
    }

    // First node, depth-first, with `pred(node)` true. The nodes it passes
    // know their parent (up to tracked_depth levels deep), so reg() and
    // parent() on them need no second walk from the root.
    template <class P>
    std::optional<Node> find_if(P&& pred) const {
        if (!valid()) return std::nullopt;
        constexpr std::uint32_t tracked_depth = 16;
        std::uint32_t open[tracked_depth];  // FDT_BEGIN_NODE offsets of the nodes enclosing `at`
        std::uint32_t depth = 0;
        for (std::uint32_t at = blob_.root_offset;;) {
            const detail::Token token = detail::read_token(blob_, at);
            if (token.kind == detail::token_begin_node) {
                const std::uint32_t parent = depth > 0 && depth <= tracked_depth ? open[depth - 1] : Node::none;
                const Node node(blob_, at, depth, parent, token.next);
                if (pred(node)) return node;
                if (depth < tracked_depth) open[depth] = at;
                ++depth;
            } else if (token.kind == detail::token_end_node) {
                if (--depth == 0) return std::nullopt;
            }
            at = token.next;
        }
    }

    std::optional<Node> find_compatible(const char* compat) const {
        return find_if([compat](const Node& node) { return node.is_compatible(compat); });
    }
    std::optional<Node> find_phandle(std::uint32_t phandle) const {
        return find_if([phandle](const Node& node) {
            const auto value = node.phandle();
            return value && *value == phandle;
        });
    }

    // Every node depth-first (parents before children), f(const Node&).
    template <class F>
    void for_each_node(F&& f) const {
        (void)find_if([&f](const Node& node) {
            f(node);
            return false;
        });
    }

    // Entries of the memory reservation block [dtspec 5.3], f(Reg).
    template <class F>
    void for_each_reservation(F&& f) const {
        if (!valid()) return;
        for (std::uint32_t at = blob_.reservations_offset;; at += detail::reservation_entry_size) {
            const Reg reg{detail::load_be64(blob_.base + at), detail::load_be64(blob_.base + at + 8)};
            if (reg.address == 0 && reg.size == 0) return;
            f(reg);
        }
    }

  private:
    static std::optional<Node> walk(Node node, const char* path, std::size_t length) {
        std::size_t at = 0;
        for (;;) {
            while (at < length && path[at] == '/') ++at;
            if (at == length) return node;
            const std::size_t component = detail::find_char(path + at, length - at, '/');
            const auto next = node.child(path + at, component);
            if (!next) return std::nullopt;
            node = *next;
            at += component;
        }
    }

    detail::Blob blob_{};
    Error error_ = Error::TooSmall;
};

}  // namespace fdt
