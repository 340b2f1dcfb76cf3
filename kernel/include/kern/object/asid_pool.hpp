// SPDX-License-Identifier: BSD-2-Clause
// ASIDs (sel4-abi.md §11.1): a 16-bit ASID is a pool number (high 7 bits,
// an index into the kernel's ASID table) and an index into that pool (low
// 9 bits). An ASID pool object (one 4 KiB page, seL4_ASIDPoolBits) holds
// the VSpace root of each of its ASIDs; ASID 0 is never handed out.
#pragma once

#include <kern/syscall_error.hpp>
#include <kern/types.hpp>

namespace kern {

inline constexpr unsigned asid_pool_index_bits = 9;  // seL4_ASIDPoolIndexBits
inline constexpr unsigned asid_high_bits = 7;        // seL4_NumASIDPoolsBits
inline constexpr unsigned asid_pool_bits = 12;       // seL4_ASIDPoolBits
inline constexpr word_t asid_pool_entries = word_t{1} << asid_pool_index_bits;
inline constexpr word_t asid_pool_count = word_t{1} << asid_high_bits;
inline constexpr word_t asid_invalid = 0;

constexpr word_t asid_pool_number(word_t asid) { return asid >> asid_pool_index_bits; }
constexpr word_t asid_pool_index(word_t asid) { return asid & (asid_pool_entries - 1); }

// The object: the physical address of each ASID's VSpace root (0 = free).
struct AsidPool {
    paddr_t roots[asid_pool_entries];
};
static_assert(sizeof(AsidPool) == word_t{1} << asid_pool_bits);

namespace asid {

// The ASID table: the pool of each pool number (0 = none). Boot installs the
// initial pool as pool 0.
[[nodiscard]] AsidPool* pool(word_t pool_number);
void set_pool(word_t pool_number, paddr_t pool);  // 0 removes it
// seL4 findVSpaceForASID: the root assigned `asid`, or FailedLookup's
// InvalidRoot when its pool or its entry is empty.
[[nodiscard]] Result<paddr_t> find_vspace(word_t asid);
// Forget every pool (host tests start from an empty table).
void reset_table();

}  // namespace asid

}  // namespace kern
