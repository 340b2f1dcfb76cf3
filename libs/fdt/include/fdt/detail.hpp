// SPDX-License-Identifier: BSD-2-Clause
// Internals of the flattened device-tree reader: byte-wise big-endian loads,
// string helpers (no <cstring> in freestanding code), token decoding, and the
// one-pass validator. Layout and tokens: Devicetree Specification v0.4 §5.
#pragma once

#include <cstddef>
#include <cstdint>

namespace fdt {

enum class Error : std::uint8_t {
    None,
    TooSmall,
    BadMagic,
    BadVersion,
    BadTotalSize,
    BadBlockLayout,
    BadToken,
    BadNesting,
    UnterminatedName,
    PropertyOutOfBounds,
    BadStringOffset,
    MissingEnd,
    BadReservationBlock,
};

namespace detail {

inline constexpr std::uint32_t magic = 0xd00dfeedu;          // [dtspec 5.2]
inline constexpr std::uint32_t header_size = 40;              // ten 32-bit fields, version 17
inline constexpr std::uint32_t supported_version = 17;        // needs size_dt_struct [dtspec 5.2]
inline constexpr std::uint32_t token_begin_node = 1;          // [dtspec 5.4.1]
inline constexpr std::uint32_t token_end_node = 2;
inline constexpr std::uint32_t token_prop = 3;
inline constexpr std::uint32_t token_nop = 4;
inline constexpr std::uint32_t token_end = 9;
inline constexpr std::uint32_t reservation_entry_size = 16;  // two big-endian u64 [dtspec 5.3.2]

// Byte-wise so an unaligned blob never faults (AArch64 kernel: -mstrict-align).
constexpr std::uint32_t load_be32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
}
constexpr std::uint64_t load_be64(const std::uint8_t* p) {
    return (std::uint64_t{load_be32(p)} << 32) | load_be32(p + 4);
}
constexpr std::uint64_t align4(std::uint64_t value) { return (value + 3u) & ~std::uint64_t{3}; }

constexpr std::size_t length(const char* s) {
    std::size_t n = 0;
    while (s[n] != '\0') ++n;
    return n;
}
constexpr bool equal(const char* a, const char* b) {
    while (*a != '\0' && *a == *b) ++a, ++b;
    return *a == *b;
}
// True when the NUL-terminated `s` is exactly the `n` characters at `text`.
constexpr bool equal_n(const char* s, const char* text, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        if (s[i] != text[i] || s[i] == '\0') return false;
    return s[n] == '\0';
}
// True when the NUL-terminated `s` begins with the `n` characters at `text`.
constexpr bool starts_with_n(const char* s, const char* text, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        if (s[i] != text[i] || s[i] == '\0') return false;
    return true;
}
constexpr std::size_t find_char(const char* s, std::size_t n, char c) {
    for (std::size_t i = 0; i < n; ++i)
        if (s[i] == c) return i;
    return n;
}

// The located blocks of a validated blob; a null base means "no tree".
struct Blob {
    const std::uint8_t* base = nullptr;
    std::uint32_t struct_offset = 0;
    std::uint32_t struct_size = 0;
    std::uint32_t strings_offset = 0;
    std::uint32_t strings_size = 0;
    std::uint32_t reservations_offset = 0;
    std::uint32_t total_size = 0;
    std::uint32_t root_offset = 0;  // of the root's FDT_BEGIN_NODE, within the structure block

    const std::uint8_t* structure() const { return base + struct_offset; }
    const char* strings() const { return reinterpret_cast<const char*>(base + strings_offset); }
};

// One decoded token of a VALIDATED structure block (no bounds checks here:
// validate() proved every token up to FDT_END well formed).
struct Token {
    std::uint32_t kind = 0;
    std::uint32_t next = 0;               // offset of the following token
    const char* name = nullptr;           // FDT_BEGIN_NODE: unit name; FDT_PROP: property name
    const std::uint8_t* data = nullptr;   // FDT_PROP value
    std::uint32_t size = 0;               // FDT_PROP value length
};

inline Token read_token(const Blob& blob, std::uint32_t offset) {
    const std::uint8_t* at = blob.structure() + offset;
    Token token;
    // validate() accepted only tokens 1..9 (big-endian): the last byte is the kind.
    token.kind = at[3];
    if (token.kind == token_begin_node) {
        token.name = reinterpret_cast<const char*>(at + 4);
        token.next = static_cast<std::uint32_t>(align4(offset + 4u + length(token.name) + 1u));
    } else if (token.kind == token_prop) {
        token.size = load_be32(at + 4);
        token.name = blob.strings() + load_be32(at + 8);
        token.data = at + 12;
        token.next = static_cast<std::uint32_t>(align4(std::uint64_t{offset} + 12u + token.size));
    } else {
        token.next = offset + 4u;
    }
    return token;
}

// Offset just past the FDT_END_NODE matching the FDT_BEGIN_NODE at `offset`.
inline std::uint32_t skip_subtree(const Blob& blob, std::uint32_t offset) {
    std::uint32_t depth = 0;
    for (;;) {
        const Token token = read_token(blob, offset);
        if (token.kind == token_begin_node) ++depth;
        if (token.kind == token_end_node && --depth == 0) return token.next;
        offset = token.next;
    }
}

// Walks the structure block once, never reading outside it [dtspec 5.4].
// Besides balance it enforces the order the spec requires: a node's
// properties come before its children, so a property may only follow a
// FDT_BEGIN_NODE or another FDT_PROP (NOPs aside).
inline Error validate_structure(Blob& blob) {
    const std::uint8_t* s = blob.structure();
    const std::uint64_t end = blob.struct_size;
    std::uint64_t pos = 0;
    std::uint64_t depth = 0;
    bool root_seen = false;
    std::uint32_t previous = 0;
    // A property name is a NUL-terminated string inside the strings block:
    // its offset has a NUL at or after it, i.e. it is at most the offset of
    // the block's last NUL (found once rather than per property).
    std::uint64_t names_end = 0;  // one past the last NUL; 0: there is none
    for (std::uint64_t q = blob.strings_size; q > 0; --q) {
        if (blob.strings()[q - 1] == '\0') {
            names_end = q;
            break;
        }
    }
    for (;;) {
        if (pos + 4 > end) return Error::MissingEnd;
        const std::uint32_t token = load_be32(s + pos);
        const std::uint64_t token_offset = pos;
        pos += 4;
        switch (token) {
            case token_begin_node: {
                if (depth == 0 && root_seen) return Error::BadNesting;  // a second root
                std::uint64_t q = pos;
                while (q < end && s[q] != 0) ++q;
                if (q >= end) return Error::UnterminatedName;
                if (!root_seen) blob.root_offset = static_cast<std::uint32_t>(token_offset);
                root_seen = true;
                ++depth;
                pos = align4(q + 1);
                break;
            }
            case token_end_node:
                if (depth == 0) return Error::BadNesting;
                --depth;
                break;
            case token_prop: {
                if (depth == 0 || (previous != token_begin_node && previous != token_prop))
                    return Error::BadNesting;
                if (pos + 8 > end) return Error::PropertyOutOfBounds;
                const std::uint32_t size = load_be32(s + pos);
                const std::uint32_t name_offset = load_be32(s + pos + 4);
                pos += 8;
                if (pos + size > end) return Error::PropertyOutOfBounds;
                if (name_offset >= names_end) return Error::BadStringOffset;
                pos = align4(pos + size);
                break;
            }
            case token_nop:
                continue;  // invisible to the ordering rule
            case token_end:
                if (depth != 0 || !root_seen) return Error::BadNesting;
                return Error::None;
            default:
                return Error::BadToken;
        }
        previous = token;
    }
}

// Header and block layout [dtspec 5.2], reservation block [dtspec 5.3], then
// the structure block. Reads nothing past `available`.
inline Error validate(const std::uint8_t* p, std::size_t available, Blob& blob) {
    if (p == nullptr || available < 4) return Error::TooSmall;
    if (load_be32(p) != magic) return Error::BadMagic;
    if (available < header_size) return Error::TooSmall;
    const std::uint32_t total_size = load_be32(p + 4);
    const std::uint32_t off_struct = load_be32(p + 8);
    const std::uint32_t off_strings = load_be32(p + 12);
    const std::uint32_t off_reservations = load_be32(p + 16);
    const std::uint32_t version = load_be32(p + 20);
    const std::uint32_t last_compatible = load_be32(p + 24);
    const std::uint32_t size_strings = load_be32(p + 32);
    const std::uint32_t size_struct = load_be32(p + 36);
    if (version < supported_version || last_compatible > supported_version) return Error::BadVersion;
    if (total_size < header_size || total_size > available) return Error::BadTotalSize;
    const std::uint64_t total = total_size;
    if (off_reservations < header_size || off_reservations % 8 != 0 ||
        std::uint64_t{off_reservations} + reservation_entry_size > total)
        return Error::BadBlockLayout;
    if (off_struct < header_size || off_struct % 4 != 0 || std::uint64_t{off_struct} + size_struct > total)
        return Error::BadBlockLayout;
    if (off_strings < header_size || std::uint64_t{off_strings} + size_strings > total)
        return Error::BadBlockLayout;

    // The reservation list ends with an all-zero entry inside the blob; no
    // entry may wrap around the address space.
    for (std::uint64_t at = off_reservations;; at += reservation_entry_size) {
        if (at + reservation_entry_size > total) return Error::BadReservationBlock;
        const std::uint64_t address = load_be64(p + at);
        const std::uint64_t size = load_be64(p + at + 8);
        if (address == 0 && size == 0) break;
        if (size != 0 && address + (size - 1) < address) return Error::BadReservationBlock;
    }

    blob.base = p;
    blob.struct_offset = off_struct;
    blob.struct_size = size_struct;
    blob.strings_offset = off_strings;
    blob.strings_size = size_strings;
    blob.reservations_offset = off_reservations;
    blob.total_size = total_size;
    const Error error = validate_structure(blob);
    if (error != Error::None) blob = Blob{};
    return error;
}

}  // namespace detail
}  // namespace fdt
