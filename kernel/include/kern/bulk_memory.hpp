// SPDX-License-Identifier: BSD-2-Clause
// Zeroing and copying kernel memory in bulk: what boot (root-task objects,
// frames and image) and untyped reset clear or fill. Eight words per loop
// turn instead of the generic mem* functions' one keep the loop overhead to
// a fraction of the loads and stores (sixteen for zeroing); no_builtin keeps the compiler from
// turning the loops back into mem* calls, and noinline keeps one copy of
// each in the kernel image.
#pragma once

#include <cstdint>

#include <kern/types.hpp>

namespace kern {

// Zeroes [at, at + bytes); `at` and `bytes` are multiples of 16.
__attribute__((no_builtin("memset"), noinline)) inline void zero_memory(void* at, word_t bytes) {
    auto* word = static_cast<std::uint64_t*>(at);
    for (; bytes >= 128; bytes -= 128, word += 16)
        for (unsigned i = 0; i < 16; ++i) word[i] = 0;
    for (; bytes >= 64; bytes -= 64, word += 8)
        for (unsigned i = 0; i < 8; ++i) word[i] = 0;
    for (; bytes >= 16; bytes -= 16, word += 2) {
        word[0] = 0;
        word[1] = 0;
    }
}

// memcpy for large copies: words eight at a time when `to` and `from` are
// 8-byte aligned alike, the generic copy for the rest.
__attribute__((no_builtin("memcpy"), noinline)) inline void copy_memory(void* __restrict to, const void* __restrict from,
                                                              word_t bytes) {
    auto* d = static_cast<std::uint8_t*>(to);
    const auto* s = static_cast<const std::uint8_t*>(from);
    if (((reinterpret_cast<std::uintptr_t>(d) | reinterpret_cast<std::uintptr_t>(s)) & 7) == 0) {
        auto* dw = reinterpret_cast<std::uint64_t*>(d);
        const auto* sw = reinterpret_cast<const std::uint64_t*>(s);
        for (; bytes >= 64; bytes -= 64, dw += 8, sw += 8) {
            const std::uint64_t w0 = sw[0], w1 = sw[1], w2 = sw[2], w3 = sw[3];
            const std::uint64_t w4 = sw[4], w5 = sw[5], w6 = sw[6], w7 = sw[7];
            dw[0] = w0;
            dw[1] = w1;
            dw[2] = w2;
            dw[3] = w3;
            dw[4] = w4;
            dw[5] = w5;
            dw[6] = w6;
            dw[7] = w7;
        }
        d = reinterpret_cast<std::uint8_t*>(dw);
        s = reinterpret_cast<const std::uint8_t*>(sw);
    }
    if (bytes != 0) __builtin_memcpy(d, s, bytes);
}

}  // namespace kern
