// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include <cstddef>
#include <cstdint>

namespace kern {

using word_t = std::uint64_t;   // seL4_Word on both 64-bit arches
using sword_t = std::int64_t;
using paddr_t = std::uint64_t;  // physical address
using vaddr_t = std::uint64_t;  // virtual address (kernel or user)

inline constexpr unsigned page_bits = 12;
inline constexpr word_t page_size = word_t{1} << page_bits;

constexpr word_t align_down(word_t value, word_t alignment) { return value & ~(alignment - 1); }
constexpr word_t align_up(word_t value, word_t alignment) { return (value + alignment - 1) & ~(alignment - 1); }
constexpr bool is_aligned(word_t value, word_t alignment) { return (value & (alignment - 1)) == 0; }

}  // namespace kern
