// SPDX-License-Identifier: BSD-2-Clause
// LDR| lines on the architecture's console (PL011 or SBI). One line per call.
#include <cstdarg>

#include <format/format.hpp>

#include "loader.hpp"

namespace microkit_loader {
namespace {

void put(char c, void*) {
    if (c == '\n') arch::put_char('\r');
    arch::put_char(c);
}

void print_line(const char* prefix, const char* fmt, std::va_list args) {
    for (const char* p = prefix; *p != '\0'; ++p) put(*p, nullptr);
    format::vformat(put, nullptr, fmt, args);
    put('\n', nullptr);
}

}  // namespace

void info(const char* fmt, ...) {
    if constexpr (prints_info) {
        std::va_list args;
        va_start(args, fmt);
        print_line("LDR|INFO: ", fmt, args);
        va_end(args);
    }
}

void fail(const char* fmt, ...) {
    std::va_list args;
    va_start(args, fmt);
    print_line("LDR|ERROR: ", fmt, args);
    va_end(args);
    arch::stop();
}

}  // namespace microkit_loader
