// SPDX-License-Identifier: BSD-2-Clause
// The freestanding runtime the compiler expects (toolchain.md §3): the mem*
// functions (struct copies and zeroing lower to them even with
// -ffreestanding) and C++ ABI traps. Compiled with -fno-builtin so the loops
// below are not turned back into calls to themselves. No operator new: the
// kernel has no heap.
#include <cstddef>
#include <cstdint>

#include <kern/console.hpp>

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

// A pure virtual call can only be a kernel bug (the kernel uses no virtual
// functions at all, style.md §8).
void __cxa_pure_virtual() { kern::panic("pure virtual function called"); }

}  // extern "C"

// Referenced by virtual destructors even if never called (toolchain.md §3).
void operator delete(void*) noexcept { kern::panic("operator delete called: the kernel has no heap"); }
void operator delete(void*, std::size_t) noexcept { kern::panic("operator delete called: the kernel has no heap"); }
