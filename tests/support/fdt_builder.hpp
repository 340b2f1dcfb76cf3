// SPDX-License-Identifier: BSD-2-Clause
// Builds flattened device trees in memory for host tests (no dtc needed).
// Layout of build(): header (40 bytes) | reservation block | structure block
// | strings block, as dtc lays it out [dtspec 5.1]. The raw_* calls write
// arbitrary tokens so tests can make malformed blobs.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace test_support {

// Byte offsets of the header fields [dtspec 5.2].
namespace fdt_header {
inline constexpr std::size_t magic = 0, total_size = 4, off_struct = 8, off_strings = 12, off_reservations = 16,
                             version = 20, last_compatible = 24, boot_cpu = 28, size_strings = 32,
                             size_struct = 36;
}

inline void put_be32(std::vector<std::uint8_t>& bytes, std::size_t at, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<std::uint8_t>(value >> (24 - 8 * i));
}
inline std::uint32_t get_be32(const std::vector<std::uint8_t>& bytes, std::size_t at) {
    return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) |
           (std::uint32_t{bytes[at + 2]} << 8) | bytes[at + 3];
}

class FdtBuilder {
  public:
    FdtBuilder& begin_node(const std::string& name) {
        token(1);
        append_padded(name.data(), name.size(), true);
        return *this;
    }
    FdtBuilder& end_node() { return token(2); }
    FdtBuilder& nop() { return token(4); }
    FdtBuilder& end() { return token(9); }
    FdtBuilder& token(std::uint32_t value) {
        be32(value);
        return *this;
    }

    FdtBuilder& prop(const std::string& name, const std::vector<std::uint8_t>& value) {
        return raw_prop(string_offset(name), static_cast<std::uint32_t>(value.size()), value);
    }
    FdtBuilder& prop_empty(const std::string& name) { return prop(name, {}); }
    FdtBuilder& prop_cells(const std::string& name, std::initializer_list<std::uint32_t> cells) {
        std::vector<std::uint8_t> value;
        for (std::uint32_t cell : cells)
            for (int i = 0; i < 4; ++i) value.push_back(static_cast<std::uint8_t>(cell >> (24 - 8 * i)));
        return prop(name, value);
    }
    FdtBuilder& prop_string(const std::string& name, const std::string& text) { return prop_strings(name, {text}); }
    FdtBuilder& prop_strings(const std::string& name, std::initializer_list<std::string> texts) {
        std::vector<std::uint8_t> value;
        for (const auto& text : texts) {
            value.insert(value.end(), text.begin(), text.end());
            value.push_back(0);
        }
        return prop(name, value);
    }
    // A property token with any declared length and name offset.
    FdtBuilder& raw_prop(std::uint32_t name_offset, std::uint32_t declared_size,
                         const std::vector<std::uint8_t>& value) {
        token(3);
        be32(declared_size);
        be32(name_offset);
        append_padded(value.data(), value.size(), false);
        return *this;
    }
    // Raw bytes into the structure block (e.g. a name without NUL).
    FdtBuilder& raw_bytes(const std::vector<std::uint8_t>& bytes) {
        structure_.insert(structure_.end(), bytes.begin(), bytes.end());
        return *this;
    }
    FdtBuilder& reserve(std::uint64_t address, std::uint64_t size) {
        reservations_.push_back({address, size});
        return *this;
    }
    std::uint32_t string_offset(const std::string& name) {
        for (std::size_t at = 0; at < strings_.size();) {  // reuse an existing entry, as dtc does
            const std::string existing(reinterpret_cast<const char*>(strings_.data() + at));
            if (existing == name) return static_cast<std::uint32_t>(at);
            at += existing.size() + 1;
        }
        const auto at = static_cast<std::uint32_t>(strings_.size());
        strings_.insert(strings_.end(), name.begin(), name.end());
        strings_.push_back(0);
        return at;
    }

    // The blob; with `terminate_reservations` false the reservation block
    // has no all-zero entry.
    std::vector<std::uint8_t> build(bool terminate_reservations = true) const {
        std::vector<std::uint8_t> blob(40, 0);
        const std::size_t off_reservations = blob.size();
        for (const auto& r : reservations_) {
            append_be64(blob, r.first);
            append_be64(blob, r.second);
        }
        if (terminate_reservations) {
            append_be64(blob, 0);
            append_be64(blob, 0);
        }
        const std::size_t off_struct = blob.size();
        blob.insert(blob.end(), structure_.begin(), structure_.end());
        const std::size_t off_strings = blob.size();
        blob.insert(blob.end(), strings_.begin(), strings_.end());
        put_be32(blob, fdt_header::magic, 0xd00dfeed);
        put_be32(blob, fdt_header::total_size, static_cast<std::uint32_t>(blob.size()));
        put_be32(blob, fdt_header::off_struct, static_cast<std::uint32_t>(off_struct));
        put_be32(blob, fdt_header::off_strings, static_cast<std::uint32_t>(off_strings));
        put_be32(blob, fdt_header::off_reservations, static_cast<std::uint32_t>(off_reservations));
        put_be32(blob, fdt_header::version, 17);
        put_be32(blob, fdt_header::last_compatible, 16);
        put_be32(blob, fdt_header::size_strings, static_cast<std::uint32_t>(strings_.size()));
        put_be32(blob, fdt_header::size_struct, static_cast<std::uint32_t>(structure_.size()));
        return blob;
    }

  private:
    void be32(std::uint32_t value) {
        for (int i = 0; i < 4; ++i) structure_.push_back(static_cast<std::uint8_t>(value >> (24 - 8 * i)));
    }
    static void append_be64(std::vector<std::uint8_t>& bytes, std::uint64_t value) {
        for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<std::uint8_t>(value >> (56 - 8 * i)));
    }
    void append_padded(const void* data, std::size_t size, bool nul) {
        const auto* p = static_cast<const std::uint8_t*>(data);
        structure_.insert(structure_.end(), p, p + size);
        if (nul) structure_.push_back(0);
        while (structure_.size() % 4 != 0) structure_.push_back(0);
    }

    std::vector<std::uint8_t> structure_;
    std::vector<std::uint8_t> strings_;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> reservations_;
};

}  // namespace test_support
