// SPDX-License-Identifier: BSD-2-Clause
// The user print helper: libs/format driving seL4_DebugPutChar or a buffer.
#include <tessera/print.h>

#include <format/format.hpp>
#include <sel4/sel4.h>

namespace {

void put_console(char c, void*) {
    seL4_DebugPutChar(c);
}

struct BoundedBuffer {
    char* data;
    size_t size;
    size_t length;
};

// Keeps counting past the end so the result is the untruncated length.
void put_buffer(char c, void* context) {
    auto* buffer = static_cast<BoundedBuffer*>(context);
    if (buffer->length + 1 < buffer->size) buffer->data[buffer->length] = c;
    ++buffer->length;
}

}  // namespace

extern "C" int tessera_vprintf(const char* fmt, va_list args) {
    return format::vformat(put_console, nullptr, fmt, args);
}

extern "C" int tessera_printf(const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    const int n = tessera_vprintf(fmt, args);
    va_end(args);
    return n;
}

extern "C" int tessera_vsnprintf(char* buffer, size_t size, const char* fmt, va_list args) {
    BoundedBuffer out{buffer, size, 0};
    const int n = format::vformat(put_buffer, &out, fmt, args);
    if (size > 0) buffer[out.length < size ? out.length : size - 1] = '\0';
    return n;
}

extern "C" int tessera_snprintf(char* buffer, size_t size, const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    const int n = tessera_vsnprintf(buffer, size, fmt, args);
    va_end(args);
    return n;
}

extern "C" int tessera_putchar(int c) {
    seL4_DebugPutChar(static_cast<char>(c));
    return static_cast<unsigned char>(c);
}

extern "C" int tessera_puts(const char* text) {
    int n = 0;
    for (; text[n] != '\0'; ++n) seL4_DebugPutChar(text[n]);
    seL4_DebugPutChar('\n');
    return n + 1;
}
