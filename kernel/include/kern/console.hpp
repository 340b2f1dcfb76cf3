// SPDX-License-Identifier: BSD-2-Clause
// Kernel console output and panic, on top of arch::console_put_char.
#pragma once

namespace kern {

int kprintf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// Prints "KERNEL PANIC: <message>" and stops the machine with
// exit_status_panic, so a QEMU run ends with a non-zero status.
[[noreturn]] void panic(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace kern

// Checked in every build: a broken assumption is a panic with its location.
#define KERN_ASSERT(cond)                                                                   \
    do {                                                                                    \
        if (!(cond)) ::kern::panic("assertion failed: %s at %s:%d", #cond, __FILE__, __LINE__); \
    } while (0)
