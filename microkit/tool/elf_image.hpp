// SPDX-License-Identifier: BSD-2-Clause
// A program image as the tool uses it: the loadable segments of a static
// ELF executable (each held at its full memory size, so symbols in .bss can
// be patched too: they are zero until the tool writes them), its entry
// point and its symbol table. Also the one ELF rewrite the tool does:
// adding a segment to the initial task (in place of its PT_GNU_STACK
// header, so the program header table keeps its size and place).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "arch.hpp"

namespace microkit {

struct Segment {
    std::uint64_t vaddr = 0;
    std::uint64_t file_size = 0;        // bytes that came from the file
    std::vector<std::uint8_t> bytes;    // memory size; zero beyond file_size
    bool read = false, write = false, execute = false;
    std::size_t program_header = 0;     // index in the program header table
};

struct Symbol {
    std::uint64_t value = 0;
    std::uint64_t size = 0;
};

class ElfImage {
public:
    // Reads `file` (for error messages: `name`). Returns nullopt and sets
    // `error` (one line, without the file name) if it is not a static
    // executable for `arch` whose segments fit below `user_top`.
    static std::optional<ElfImage> read(std::span<const std::uint8_t> file, Arch arch, std::uint64_t user_top,
                                        std::string& error);

    std::uint64_t entry() const { return entry_; }
    const std::vector<Segment>& segments() const { return segments_; }
    std::optional<Symbol> symbol(const std::string& name) const;
    // Takes `other`'s symbol table in place of this image's own
    // (<program_image path_for_symbols=>: a separate ELF with the symbols).
    void use_symbols_of(const ElfImage& other) { symbols_ = other.symbols_; }

    // Writes `bytes` at symbol `name`; the symbol must be exactly
    // bytes.size() long unless `allow_shorter` (names, which may be shorter
    // than the symbol). Returns an error line or "".
    std::string patch(const std::string& name, std::span<const std::uint8_t> bytes, bool allow_shorter = false);
    std::string patch_word(const std::string& name, std::uint64_t value);

    // The ELF file with the patched segment contents written back, and with
    // `extra` (if not empty) as a new read-only PT_LOAD at `extra_vaddr`,
    // described by the PT_GNU_STACK header it replaces.
    std::optional<std::vector<std::uint8_t>> write(std::span<const std::uint8_t> extra, std::uint64_t extra_vaddr,
                                                   std::string& error) const;

    // The highest byte (exclusive) any segment occupies.
    std::uint64_t end() const;

private:
    std::vector<std::uint8_t> file_;
    std::uint64_t entry_ = 0;
    std::vector<Segment> segments_;
    std::map<std::string, Symbol> symbols_;
};

}  // namespace microkit
