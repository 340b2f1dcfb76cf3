// SPDX-License-Identifier: BSD-2-Clause
// tessera-image's pack(), for both architectures: the input as the root
// task around the real kernel (FUZZ_KERNEL_RISCV64/AARCH64, read at
// start-up), then the input as the kernel around a small valid root task.
// Every refusal must be one line naming the bad file; every accepted image
// must be an ELF executable for the architecture.
#include <cstdint>
#include <string>

#include <elf/elf.hpp>
#include <image.hpp>

#include "fuzz_support.hpp"
#include "support/elf_builder.hpp"

namespace {

using tessera::image::Arch;

const std::vector<std::uint8_t>& kernel(Arch arch) {
    static const std::vector<std::uint8_t> riscv64 = fuzz_support::read_required(FUZZ_KERNEL_RISCV64);
    static const std::vector<std::uint8_t> aarch64 = fuzz_support::read_required(FUZZ_KERNEL_AARCH64);
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
    (void)kernel(Arch::RiscV64);
    (void)root_task(Arch::RiscV64);
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
