// SPDX-License-Identifier: BSD-2-Clause
// printf-style formatting for freestanding code: the kernel console, the
// user-level print helper on seL4_DebugPutChar, and host tests all use this
// one implementation. Supported: %d %i %u %x %X %p %s %c %%, flags '-' and
// '0', a decimal width, and the length modifiers h hh l ll z j t.
#pragma once

#include <cstdarg>
#include <cstddef>
#include <cstdint>

namespace format {

// Sink: called once per output character.
using PutChar = void (*)(char c, void* context);

namespace detail {

struct Out {
    PutChar put;
    void* context;
    int count = 0;
    void operator()(char c) {
        put(c, context);
        ++count;
    }
};

struct Spec {
    bool left = false;
    bool zero = false;
    unsigned width = 0;
};

inline void pad(Out& out, unsigned n, char c) {
    for (unsigned i = 0; i < n; ++i) out(c);
}

inline void emit(Out& out, const Spec& spec, const char* text, unsigned len, const char* prefix = "") {
    unsigned prefix_len = 0;
    while (prefix[prefix_len] != '\0') ++prefix_len;
    const unsigned total = len + prefix_len;
    const unsigned fill = spec.width > total ? spec.width - total : 0;
    if (!spec.left && !spec.zero) pad(out, fill, ' ');
    for (unsigned i = 0; i < prefix_len; ++i) out(prefix[i]);
    if (!spec.left && spec.zero) pad(out, fill, '0');
    for (unsigned i = 0; i < len; ++i) out(text[i]);
    if (spec.left) pad(out, fill, ' ');
}

inline void emit_unsigned(Out& out, const Spec& spec, std::uint64_t value, unsigned base, bool upper,
                          const char* prefix = "") {
    char digits[24];
    unsigned n = 0;
    const char* set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        digits[n++] = set[value % base];
        value /= base;
    } while (value != 0);
    char text[24];
    for (unsigned i = 0; i < n; ++i) text[i] = digits[n - 1 - i];
    emit(out, spec, text, n, prefix);
}

}  // namespace detail

// Formats `fmt` with `args`, sending each character to `put`. Returns the
// number of characters produced.
inline int vformat(PutChar put, void* context, const char* fmt, std::va_list args) {
    detail::Out out{put, context};
    for (const char* p = fmt; *p != '\0'; ++p) {
        if (*p != '%') {
            out(*p);
            continue;
        }
        ++p;
        detail::Spec spec;
        for (;; ++p) {
            if (*p == '-') spec.left = true;
            else if (*p == '0') spec.zero = true;
            else break;
        }
        while (*p >= '0' && *p <= '9') spec.width = spec.width * 10 + static_cast<unsigned>(*p++ - '0');
        int longs = 0;  // 0: int, 1: long / size_t / intmax_t / ptrdiff_t (all 64-bit here), 2: long long
        bool narrow = false;
        for (;; ++p) {
            if (*p == 'l') ++longs;
            else if (*p == 'z' || *p == 'j' || *p == 't') longs = 2;
            else if (*p == 'h') narrow = true;
            else break;
        }
        auto fetch_signed = [&]() -> std::int64_t {
            if (longs == 1) return va_arg(args, long);
            if (longs >= 2) return va_arg(args, long long);
            return va_arg(args, int);
        };
        auto fetch_unsigned = [&]() -> std::uint64_t {
            if (longs == 1) return va_arg(args, unsigned long);
            if (longs >= 2) return va_arg(args, unsigned long long);
            return va_arg(args, unsigned int);
        };
        (void)narrow;
        switch (*p) {
        case 'd':
        case 'i': {
            const std::int64_t v = fetch_signed();
            const std::uint64_t magnitude = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
            detail::emit_unsigned(out, spec, magnitude, 10, false, v < 0 ? "-" : "");
            break;
        }
        case 'u': detail::emit_unsigned(out, spec, fetch_unsigned(), 10, false); break;
        case 'x': detail::emit_unsigned(out, spec, fetch_unsigned(), 16, false); break;
        case 'X': detail::emit_unsigned(out, spec, fetch_unsigned(), 16, true); break;
        case 'p': {
            const auto v = reinterpret_cast<std::uintptr_t>(va_arg(args, void*));
            detail::emit_unsigned(out, spec, v, 16, false, "0x");
            break;
        }
        case 'c': {
            const char c = static_cast<char>(va_arg(args, int));
            detail::emit(out, spec, &c, 1);
            break;
        }
        case 's': {
            const char* s = va_arg(args, const char*);
            if (s == nullptr) s = "(null)";
            unsigned len = 0;
            while (s[len] != '\0') ++len;
            detail::emit(out, spec, s, len);
            break;
        }
        case '%': out('%'); break;
        case '\0': return out.count;  // a lone '%' at the end: stop
        default:  // unknown conversion: print it verbatim so the mistake is visible
            out('%');
            out(*p);
            break;
        }
    }
    return out.count;
}

inline int format(PutChar put, void* context, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
inline int format(PutChar put, void* context, const char* fmt, ...) {
    std::va_list args;
    va_start(args, fmt);
    const int n = vformat(put, context, fmt, args);
    va_end(args);
    return n;
}

// Formats into `buffer` (as C vsnprintf): at most size - 1 characters and a
// NUL terminator when size > 0; returns the length the full text would have.
inline int vformat_to_buffer(char* buffer, std::size_t size, const char* fmt, std::va_list args) {
    struct Bounded {
        char* data;
        std::size_t size;
        std::size_t length;
    } out{buffer, size, 0};
    const int n = vformat(
        [](char c, void* context) {
            auto* b = static_cast<Bounded*>(context);
            if (b->length + 1 < b->size) b->data[b->length] = c;
            ++b->length;  // keep counting: the result is the untruncated length
        },
        &out, fmt, args);
    if (size > 0) buffer[out.length < size ? out.length : size - 1] = '\0';
    return n;
}

inline int format_to_buffer(char* buffer, std::size_t size, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
inline int format_to_buffer(char* buffer, std::size_t size, const char* fmt, ...) {
    std::va_list args;
    va_start(args, fmt);
    const int n = vformat_to_buffer(buffer, size, fmt, args);
    va_end(args);
    return n;
}

}  // namespace format
