// SPDX-License-Identifier: BSD-2-Clause
#include <cstdarg>

#include <arch/machine.hpp>
#include <format/format.hpp>
#include <kern/console.hpp>
#include <kern/syscall.hpp>
#include <kern/thread.hpp>

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
    // The thread the kernel entry came from, by its seL4_DebugNameThread name.
    if (const Tcb* t = current_thread(); t != nullptr && !is_idle_thread(*t))
        kprintf("KERNEL PANIC: current thread %p \"%s\"\n", static_cast<const void*>(t), t->name());
    arch::machine_exit(exit_status_panic);
}

}  // namespace kern
