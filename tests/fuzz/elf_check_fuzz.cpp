// SPDX-License-Identifier: BSD-2-Clause
// libs/elf: check_executable and describe on any input, for both machines
// and several user-space tops; an accepted file's PT_LOAD segments are read
// through program_header() to the last byte they say the file holds.
#include <cstdint>
#include <cstring>

#include <elf/elf.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::uint8_t> file = fuzz_support::copy(data, size);
    const std::uint8_t* bytes = file.empty() ? nullptr : file.data();
    constexpr elf::Machine machines[] = {elf::Machine::RiscV64, elf::Machine::AArch64};
    // Sv39's user top, AArch64's 48-bit one, a tiny one and the whole range.
    constexpr std::uint64_t user_tops[] = {0x3ffffff000ull, 0x1000000000000ull, 0x10000ull, ~std::uint64_t{0}};
    for (const elf::Machine machine : machines) {
        for (const std::uint64_t user_top : user_tops) {
            const elf::Diagnosis d = elf::check_executable(bytes, size, machine, user_top);
            char line[160];
            const std::size_t length = elf::describe(d, bytes, line, sizeof line);
            if (length >= sizeof line || std::strlen(line) != length || length == 0) __builtin_trap();
            char tiny[8];
            (void)elf::describe(d, bytes, tiny, sizeof tiny);
            if (!d.ok()) continue;
            const elf::Ehdr& header = elf::header(bytes);
            std::uint64_t sum = 0;
            for (std::size_t i = 0; i < header.e_phnum; ++i) {
                const elf::Phdr& p = elf::program_header(bytes, i);
                if (p.p_type != elf::PT_LOAD) continue;
                // Accepted: the file bytes lie inside the file and the segment in user space.
                if (p.p_offset > size || p.p_filesz > size - p.p_offset || p.p_filesz > p.p_memsz) __builtin_trap();
                if (p.p_vaddr < elf::page_size || p.p_memsz > user_top - p.p_vaddr) __builtin_trap();
                for (std::uint64_t at = 0; at < p.p_filesz; ++at) sum += bytes[p.p_offset + at];
            }
            fuzz_support::keep(sum);
        }
    }
    return 0;
}
