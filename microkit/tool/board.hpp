// SPDX-License-Identifier: BSD-2-Clause
// The boards this SDK targets and what the tool must know of each: the
// architecture, the RAM QEMU gives the machine (Microkit's QEMU boards run
// with 2 GiB), where a protection domain's IPC buffer sits (the top user
// page; libmicrokit uses the same address), and the kernel object sizes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "elf_image.hpp"

namespace microkit {

struct Board {
    std::string name;
    Arch arch;
    std::uint64_t ram_base;
    std::uint64_t ram_end;
    std::uint64_t user_top;          // first address above user space (exclusive)
    std::uint64_t ipc_buffer_vaddr;  // the top user page
    // Tool-chosen physical addresses (setvar region_paddr without phys_addr)
    // are taken downward from here: below the top of RAM, where QEMU puts
    // the device tree on RISC-V.
    std::uint64_t auto_paddr_top;
    const char* arch_name() const { return arch == Arch::AArch64 ? "aarch64" : "riscv64"; }
};

const Board* find_board(const std::string& name);
std::vector<std::string> board_names();

// Kernel object sizes (log2 bytes), the same on both architectures of
// seL4 16.0.0 MCS (sel4-abi.md §10).
inline constexpr unsigned tcb_bits = 11, endpoint_bits = 4, notification_bits = 6, reply_bits = 5,
                          slot_bits = 5, page_table_bits = 12, vspace_bits = 12, small_page_bits = 12,
                          large_page_bits = 21, sched_context_bits = 8;
inline constexpr std::uint64_t small_page = std::uint64_t{1} << small_page_bits;
inline constexpr std::uint64_t large_page = std::uint64_t{1} << large_page_bits;

}  // namespace microkit
