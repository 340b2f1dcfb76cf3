// SPDX-License-Identifier: BSD-2-Clause
// What the benchmark root tasks share, against libsel4 alone (the same
// source builds for seL4): the instruction counter read from user mode
// (RISC-V instret; AArch64 PMCCNTR_EL0, which counts instructions under
// -icount and which benchmark kernels export to EL0 as seL4's
// KernelArmExportPMUUser does), output on the kernel's debug console, and
// the samples with their min / mode / mean.
#pragma once

#include <initializer_list>

#include <sel4/sel4.h>

namespace bench {

using u64 = unsigned long long;

inline u64 counter() {
    u64 value;
#if defined(__riscv)
    asm volatile("rdinstret %0" : "=r"(value));
#elif defined(__aarch64__)
    asm volatile("isb; mrs %0, pmccntr_el0" : "=r"(value));
#else
#error "unsupported architecture"
#endif
    return value;
}

// ---- output on the kernel's debug console ------------------------------------------

inline void put(const char* s) {
    while (*s != '\0') seL4_DebugPutChar(*s++);
}
inline void put_number(u64 v, unsigned width = 0) {
    char digits[24];
    unsigned n = 0;
    do {
        digits[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v != 0);
    for (unsigned i = n; i < width; ++i) seL4_DebugPutChar(' ');
    while (n > 0) seL4_DebugPutChar(digits[--n]);
}
inline void put_padded(const char* s, unsigned width) {
    unsigned n = 0;
    while (s[n] != '\0') ++n;
    put(s);
    for (; n < width; ++n) seL4_DebugPutChar(' ');
}
[[noreturn]] inline void fail(const char* what, long error) {
    put("bench: ");
    put(what);
    put(" failed with error ");
    put_number(static_cast<u64>(error));
    put("\n");
    seL4_DebugHalt();
    for (;;) {
    }
}
inline void check(seL4_Error e, const char* what) {
    if (e != seL4_NoError) fail(what, e);
}

// What a benchmark root task makes its objects from: the first free slot of
// its CNode and the first RAM untyped of at least 64 KiB.
struct BootResources {
    seL4_CPtr untyped;
    seL4_CPtr next_slot;
};
inline BootResources boot_resources(const seL4_BootInfo& info) {
    for (seL4_CPtr s = info.untyped.start; s < info.untyped.end; ++s) {
        const seL4_UntypedDesc& d = info.untypedList[s - info.untyped.start];
        if (!d.isDevice && d.sizeBits >= 16) return BootResources{s, info.empty.start};
    }
    fail("finding an untyped", 0);
}

// A number in decimal, as text.
struct Decimal {
    char digits[24];
};
inline Decimal decimal(u64 v) {
    char reversed[24];
    unsigned n = 0;
    do {
        reversed[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v != 0);
    Decimal d{};
    for (unsigned i = 0; i < n; ++i) d.digits[i] = reversed[n - 1 - i];
    return d;
}

// The pieces one after the other in `out` (cut to fit); returns out.
inline const char* text(char* out, unsigned size, std::initializer_list<const char*> pieces) {
    unsigned n = 0;
    for (const char* piece : pieces)
        for (const char* p = piece; *p != '\0' && n + 1 < size; ++p) out[n++] = *p;
    out[n] = '\0';
    return out;
}

// ---- samples -------------------------------------------------------------------------

constexpr unsigned warmup = 100;
constexpr unsigned samples = 10000;
inline u64 sample[samples];

inline void sort(u64* a, unsigned n) {  // heap sort: no library, no recursion
    auto sift = [&](unsigned root, unsigned end) {
        for (;;) {
            unsigned child = 2 * root + 1;
            if (child >= end) return;
            if (child + 1 < end && a[child] < a[child + 1]) ++child;
            if (a[root] >= a[child]) return;
            const u64 t = a[root];
            a[root] = a[child];
            a[child] = t;
            root = child;
        }
    };
    for (unsigned i = n / 2; i > 0; --i) sift(i - 1, n);
    for (unsigned end = n; end > 1; --end) {
        const u64 t = a[0];
        a[0] = a[end - 1];
        a[end - 1] = t;
        sift(0, end - 1);
    }
}

// Prints min, mode and mean of the first `count` samples (./tessera bench
// compares the modes with seL4's figures: bench/sel4-figures.txt); returns
// the mode.
inline u64 report(const char* what, unsigned count = samples) {
    u64 total = 0;
    for (unsigned i = 0; i < count; ++i) total += sample[i];
    sort(sample, count);
    u64 mode = sample[0];
    unsigned best = 0;
    for (unsigned i = 0; i < count;) {
        unsigned j = i;
        while (j < count && sample[j] == sample[i]) ++j;
        if (j - i > best) {
            best = j - i;
            mode = sample[i];
        }
        i = j;
    }
    put("bench: ");
    put_padded(what, 44);
    put(" min ");
    put_number(sample[0], 6);
    put("  mode ");
    put_number(mode, 6);
    put("  mean ");
    put_number(total / count, 6);
    put("\n");
    return mode;
}

}  // namespace bench
