// SPDX-License-Identifier: BSD-2-Clause
// Zeroing kernel memory in whole 16-byte units: what boot (root-task objects
// and frames) and untyped reset clear. Eight stores per loop turn instead of
// the generic memset's one keep the loop overhead to a fraction of the
// stores; no_builtin keeps the compiler from turning the loop back into a
// memset call.
#pragma once

#include <cstdint>

#include <kern/types.hpp>

namespace kern {

// Zeroes [at, at + bytes); `at` and `bytes` are multiples of 16.
__attribute__((no_builtin("memset"))) inline void zero_memory(void* at, word_t bytes) {
    auto* word = static_cast<std::uint64_t*>(at);
    for (; bytes >= 64; bytes -= 64, word += 8) {
        word[0] = 0;
        word[1] = 0;
        word[2] = 0;
        word[3] = 0;
        word[4] = 0;
        word[5] = 0;
        word[6] = 0;
        word[7] = 0;
    }
    for (; bytes >= 16; bytes -= 16, word += 2) {
        word[0] = 0;
        word[1] = 0;
    }
}

}  // namespace kern
