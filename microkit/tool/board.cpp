// SPDX-License-Identifier: BSD-2-Clause
// The boards (board.hpp). QEMU virt memory maps: RAM at 0x40000000 on
// AArch64, 0x80000000 on RISC-V (QEMU hw/arm/virt.c, hw/riscv/virt.c).
// User space: seL4_UserTop of our libsel4 (AArch64 0x7fffffffffff
// inclusive; RISC-V 0x3ffffff000 exclusive).
#include "board.hpp"

namespace microkit {
namespace {

const Board boards[] = {
    {"qemu_virt_aarch64", Arch::AArch64, 0x40000000, 0xC0000000, 0x800000000000, 0x7ffffffff000, 0xBF000000},
    {"qemu_virt_riscv64", Arch::RiscV64, 0x80000000, 0x100000000, 0x3ffffff000, 0x3fffffe000, 0xFF000000},
};

}  // namespace

const Board* find_board(const std::string& name) {
    for (const Board& board : boards)
        if (board.name == name) return &board;
    return nullptr;
}

std::vector<std::string> board_names() {
    std::vector<std::string> names;
    for (const Board& board : boards) names.push_back(board.name);
    return names;
}

}  // namespace microkit
