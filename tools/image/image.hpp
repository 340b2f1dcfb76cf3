// SPDX-License-Identifier: BSD-2-Clause
// tessera-image: packs the kernel ELF and the root-task ELF into one ELF that
// QEMU boots with -kernel. The format of the extra segment is
// libs/bootimage/include/bootimage/payload.hpp. Split into pack() (bytes in,
// bytes out) and run() (the command line) so host tests can call both.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <elf/elf.hpp>

namespace tessera::image {

enum class Arch { RiscV64, AArch64 };

std::optional<Arch> parse_arch(std::string_view name);
elf::Machine machine_of(Arch arch);
// First address above the user half: Sv39's lower canonical half minus the
// last page on RISC-V (as seL4's USER_TOP), a 48-bit TTBR0 range on AArch64.
std::uint64_t user_top_of(Arch arch);

struct PackResult {
    std::vector<std::uint8_t> image;  // the boot image, when error is empty
    std::string error_file;           // which input was bad
    std::string error;                // one-line reason
    bool ok() const { return error.empty(); }
};

// Validates both inputs and lays out the image: ELF header from the kernel
// (section headers dropped), the kernel's PT_LOADs unchanged (only p_offset
// moves; other program headers are dropped), then one read-only PT_LOAD
// with PayloadHeader + the root-task file at p_paddr = the kernel's
// page-aligned physical end (max p_paddr + p_memsz). Its p_vaddr uses the
// vaddr-paddr offset of the kernel segment ending highest; every other
// kernel PT_LOAD must share that offset or be identity-mapped (boot code run
// with the MMU off, as kernel-aarch64 has). The kernel's entry may be
// physical or virtual. The names only label errors.
PackResult pack(Arch arch, std::span<const std::uint8_t> kernel, const std::string& kernel_name,
                std::span<const std::uint8_t> root_task, const std::string& root_task_name);

// The whole command line (args exclude argv[0]). Returns the exit status:
// 0 success, 1 bad input or I/O failure, 2 usage error. Every error is one
// line on `err`, "tessera-image: error: ...". On failure no output file is left.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace tessera::image
