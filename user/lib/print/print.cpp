// SPDX-License-Identifier: BSD-2-Clause
// The user print helper: libs/format driving seL4_DebugPutChar or a buffer.
#include <tessera/print.h>

#include <format/format.hpp>
#include <sel4/sel4.h>

namespace {

void put_console(char c, void*) {
    seL4_DebugPutChar(c);
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
    return format::vformat_to_buffer(buffer, size, fmt, args);
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
