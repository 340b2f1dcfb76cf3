// SPDX-License-Identifier: BSD-2-Clause
// tessera-image's pack(), for both architectures: the input as the root
// task around the real kernel (FUZZ_KERNEL_RISCV64/AARCH64, read at
// start-up), then the input as the kernel around a small valid root task.
// Every refusal must be one line naming the bad file; every accepted image
// must be an ELF executable for the architecture.
#include <algorithm>
#include <cstdint>
#include <string>

#include <elf/elf.hpp>
#include <image.hpp>

#include "fuzz_support.hpp"
#include "support/elf_builder.hpp"

namespace {

using tessera::image::Arch;

// The kernel file without what follows its segments (section headers,
// symbols, debug information: ten times the loadable part), which pack()
// drops anyway; the layout it packs is the real one.
std::vector<std::uint8_t> loadable_part(std::vector<std::uint8_t> file) {
    const elf::Ehdr& header = elf::header(file.data());
    std::uint64_t end = header.e_phoff + std::uint64_t{header.e_phnum} * sizeof(elf::Phdr);
    for (std::size_t i = 0; i < header.e_phnum; ++i) {
        const elf::Phdr& p = elf::program_header(file.data(), i);
        if (p.p_type == elf::PT_LOAD) end = std::max(end, p.p_offset + p.p_filesz);
    }
    if (end > file.size()) fuzz_support::fail("kernel file cut short");
    file.resize(end);
    std::fill_n(file.begin() + 40, 8, 0);  // e_shoff
    std::fill_n(file.begin() + 60, 4, 0);  // e_shnum, e_shstrndx
    return file;
}

const std::vector<std::uint8_t>& kernel(Arch arch) {
    static const std::vector<std::uint8_t> riscv64 = loadable_part(fuzz_support::read_required(FUZZ_KERNEL_RISCV64));
    static const std::vector<std::uint8_t> aarch64 = loadable_part(fuzz_support::read_required(FUZZ_KERNEL_AARCH64));
    return arch == Arch::RiscV64 ? riscv64 : aarch64;
}

const std::vector<std::uint8_t>& root_task(Arch arch) {
    static const auto build = [](std::uint16_t machine) {
        return test_support::ElfBuilder(machine).entry(0x200000).segment(0x200000, 64, elf::PF_R | elf::PF_X).build();
    };
    static const std::vector<std::uint8_t> riscv64 = build(243), aarch64 = build(183);
    return arch == Arch::RiscV64 ? riscv64 : aarch64;
}

void check(Arch arch, const tessera::image::PackResult& result, std::uint64_t input_size) {
    if (!result.ok()) {
        if (result.error.find('\n') != std::string::npos) __builtin_trap();
        if (result.error_file != "kernel" && result.error_file != "root") __builtin_trap();
        return;
    }
    if (!result.image.empty() && result.image.size() < input_size) __builtin_trap();
    const elf::Diagnosis d = elf::check_executable(result.image.data(), result.image.size(),
                                                   tessera::image::machine_of(arch), ~std::uint64_t{0});
    // The entry may be physical (outside every segment by p_vaddr); nothing else may be wrong.
    if (!d.ok() && d.error != elf::Error::EntryOutsideSegments) {
        char line[160];
        elf::describe(d, result.image.data(), line, sizeof line);
        fuzz_support::fail("packed image refused", line);
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // Both kernels must pack as they are.
    for (const Arch arch : {Arch::RiscV64, Arch::AArch64})
        if (!tessera::image::pack(arch, kernel(arch), "kernel", root_task(arch), "root").ok())
            fuzz_support::fail("the real kernel does not pack");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::uint8_t> input = fuzz_support::copy(data, size);
    tessera::image::Platform small;
    small.ram_size = std::uint64_t{8} << 20;
    small.device_tree_size = 4096;
    for (const Arch arch : {Arch::RiscV64, Arch::AArch64}) {
        check(arch, tessera::image::pack(arch, kernel(arch), "kernel", input, "root"), size);
        check(arch, tessera::image::pack(arch, kernel(arch), "kernel", input, "root", small), size);
        check(arch, tessera::image::pack(arch, input, "kernel", root_task(arch), "root"), root_task(arch).size());
    }
    return 0;
}
