// SPDX-License-Identifier: BSD-2-Clause
// The mem* functions the compiler calls even with -ffreestanding (struct
// copies and zeroing lower to them; toolchain.md §3), for the freestanding
// programs that have no C library: the kernel and the Microkit loader.
// __attribute__((no_builtin)) keeps the loops below from being turned back
// into calls to themselves. Word accesses only when aligned: the kernel runs
// with strict alignment on AArch64, and the loader runs with the MMU off,
// where every data access is to Device memory and an unaligned one faults.
#include <cstddef>
#include <cstdint>

extern "C" {

__attribute__((no_builtin)) void* memcpy(void* __restrict dst, const void* __restrict src, std::size_t n) {
    auto* d = static_cast<unsigned char*>(dst);
    const auto* s = static_cast<const unsigned char*>(src);
    // Word copies when both sides are aligned the same way (the common case
    // for page copies); the kernel runs with strict alignment on AArch64.
    if (((reinterpret_cast<std::uintptr_t>(d) ^ reinterpret_cast<std::uintptr_t>(s)) & 7) == 0) {
        while (n > 0 && (reinterpret_cast<std::uintptr_t>(d) & 7) != 0) {
            *d++ = *s++;
            --n;
        }
        for (; n >= 8; n -= 8, d += 8, s += 8)
            *reinterpret_cast<std::uint64_t*>(d) = *reinterpret_cast<const std::uint64_t*>(s);
    }
    while (n-- > 0) *d++ = *s++;
    return dst;
}

__attribute__((no_builtin)) void* memmove(void* dst, const void* src, std::size_t n) {
    auto* d = static_cast<unsigned char*>(dst);
    const auto* s = static_cast<const unsigned char*>(src);
    if (d == s || n == 0) return dst;
    if (d < s || d >= s + n) return memcpy(dst, src, n);
    while (n-- > 0) d[n] = s[n];
    return dst;
}

__attribute__((no_builtin)) void* memset(void* dst, int value, std::size_t n) {
    auto* d = static_cast<unsigned char*>(dst);
    const auto byte = static_cast<unsigned char>(value);
    while (n > 0 && (reinterpret_cast<std::uintptr_t>(d) & 7) != 0) {
        *d++ = byte;
        --n;
    }
    const std::uint64_t word = 0x0101010101010101ull * byte;
    for (; n >= 8; n -= 8, d += 8) *reinterpret_cast<std::uint64_t*>(d) = word;
    while (n-- > 0) *d++ = byte;
    return dst;
}

__attribute__((no_builtin)) int memcmp(const void* a, const void* b, std::size_t n) {
    const auto* x = static_cast<const unsigned char*>(a);
    const auto* y = static_cast<const unsigned char*>(b);
    for (std::size_t i = 0; i < n; ++i) {
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}

}  // extern "C"
