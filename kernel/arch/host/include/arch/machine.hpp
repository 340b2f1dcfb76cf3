// SPDX-License-Identifier: BSD-2-Clause
// The "host" arch: a fake machine so the core's semantics run as unit tests
// on the build machine (style.md §8.1). Console output is recorded, and
// machine_exit throws so a test can observe a halt or a panic.
#pragma once

#include <string>
#include <vector>

#include <kern/arch_functions.hpp>
#include <kern/page_allocator.hpp>
#include <kern/types.hpp>

namespace arch {

inline constexpr unsigned message_registers_in_cpu = 4;
inline constexpr kern::vaddr_t kernel_window_offset = 0;
inline constexpr kern::vaddr_t user_top = 0x0000003ffffff000ull;

// Test hooks.
struct MachineExit {
    int status;
};
std::string& host_console();  // everything console_put_char wrote
// What kernel_device_regions() reports (default: none).
void set_host_kernel_devices(std::vector<kern::PhysRange> regions);

}  // namespace arch
