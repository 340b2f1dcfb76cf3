// SPDX-License-Identifier: BSD-2-Clause
#include <cstdarg>

#include <arch/machine.hpp>
#include <format/format.hpp>
#include <kern/console.hpp>
#include <kern/syscall.hpp>

namespace kern {
namespace {

void put_console(char c, void*) {
    arch::console_put_char(c);
}

}  // namespace

int kprintf(const char* fmt, ...) {
    std::va_list args;
    va_start(args, fmt);
    const int n = format::vformat(put_console, nullptr, fmt, args);
    va_end(args);
    return n;
}

void panic(const char* fmt, ...) {
    kprintf("\nKERNEL PANIC: ");
    std::va_list args;
    va_start(args, fmt);
    format::vformat(put_console, nullptr, fmt, args);
    va_end(args);
    kprintf("\n");
    arch::machine_exit(exit_status_panic);
}

}  // namespace kern
