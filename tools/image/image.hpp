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

// What the root task can use on the platform (QEMU virt).
struct Platform {
    // Guest RAM, from ram_base_of(arch). The default is the runner's
    // (scripts/qemu-run.sh --mem, QEMU -m); tessera run passes its --mem.
    std::uint64_t ram_size = std::uint64_t{512} << 20;
    // Room for the device tree QEMU passes: it lies in RAM and the kernel
    // copies it into the root task's extra boot info. QEMU virt builds it
    // in a 1 MiB buffer (AArch64 passes all of it; RISC-V packs it smaller).
    std::uint64_t device_tree_size = std::uint64_t{1} << 20;
};
// The kernel reads at most this much of a device tree (boot_kernel.cpp).
inline constexpr std::uint64_t max_device_tree_size = std::uint64_t{4} << 20;

// First byte of RAM on QEMU virt: 0x80000000 (RISC-V), 0x40000000 (AArch64).
std::uint64_t ram_base_of(Arch arch);
// Translation levels of the root task's address space, the root included
// (Sv39: 3; AArch64 with 4 KiB pages and 48-bit addresses: 4).
unsigned page_table_levels_of(Arch arch);

// A size as QEMU's -m takes it: a number of MiB, or a number with a K, M, G
// or T suffix (binary units, either case). nullopt when malformed, zero or too big.
std::optional<std::uint64_t> parse_ram_size(std::string_view text);
// A plain decimal number of bytes.
std::optional<std::uint64_t> parse_byte_count(std::string_view text);

// What booting a root task takes, computed as the kernel's boot does
// (kernel/core/boot: root_task.hpp, root_cspace.hpp, boot_kernel.cpp).
struct RootTaskNeeds {
    std::uint64_t image_pages = 0;        // distinct 4 KiB pages of its PT_LOAD segments
    std::uint64_t extra_boot_info_pages = 0;
    std::uint64_t page_tables = 0;        // tables below the root mapping the image and boot info
    std::uint64_t boot_data_bytes = 0;    // IPC buffer, BootInfo, extra boot info, page tables, kernel objects
    std::uint64_t memory_bytes() const { return image_pages * 4096 + boot_data_bytes; }
    std::uint64_t mapped_end = 0;         // first byte above the extra boot info pages
};
RootTaskNeeds root_task_needs(Arch arch, std::span<const std::uint8_t> checked_root_task, const Platform& platform);

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
//
// A root task that would stop the kernel at boot is refused: everything
// boot maps above the image must stay below the top of user space; its
// memory (RootTaskNeeds::memory_bytes) must fit in the RAM above the boot
// payload less the device tree; and its frame caps must fit in the root
// CNode with the other boot caps, counting the most untypeds boot hands out.
PackResult pack(Arch arch, std::span<const std::uint8_t> kernel, const std::string& kernel_name,
                std::span<const std::uint8_t> root_task, const std::string& root_task_name,
                const Platform& platform = {});

// The whole command line (args exclude argv[0]). Returns the exit status:
// 0 success, 1 bad input or I/O failure, 2 usage error. Every error is one
// line on `err`, "tessera-image: error: ...". On failure no output file is left.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace tessera::image
