// SPDX-License-Identifier: BSD-2-Clause
// tessera-image's pack(): the input as the root task around the real
// RISC-V kernel (FUZZ_KERNEL_PATH, read at start-up), then the input as the
// kernel around a small valid root task. Every refusal must be one line
// naming the bad file; every accepted image must be a RISC-V ELF executable.
#include <cstdint>
#include <string>

#include <elf/elf.hpp>
#include <image.hpp>

#include "fuzz_support.hpp"
#include "support/elf_builder.hpp"

namespace {

const std::vector<std::uint8_t>& kernel() {
    static const std::vector<std::uint8_t> bytes = fuzz_support::read_required(FUZZ_KERNEL_PATH);
    return bytes;
}

const std::vector<std::uint8_t>& root_task() {
    static const std::vector<std::uint8_t> bytes =
        test_support::ElfBuilder(243).entry(0x200000).segment(0x200000, 64, elf::PF_R | elf::PF_X).build();
    return bytes;
}

void check(const tessera::image::PackResult& result, std::uint64_t input_size) {
    if (!result.ok()) {
        if (result.error.find('\n') != std::string::npos) __builtin_trap();
        if (result.error_file != "kernel" && result.error_file != "root") __builtin_trap();
        return;
    }
    if (!result.image.empty() && result.image.size() < input_size) __builtin_trap();
    const elf::Diagnosis d = elf::check_executable(result.image.data(), result.image.size(), elf::Machine::RiscV64,
                                                   ~std::uint64_t{0});
    // The entry may be physical (outside every segment by p_vaddr); nothing else may be wrong.
    if (!d.ok() && d.error != elf::Error::EntryOutsideSegments) {
        char line[160];
        elf::describe(d, result.image.data(), line, sizeof line);
        fuzz_support::fail("packed image refused", line);
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)kernel();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using tessera::image::Arch;
    const std::vector<std::uint8_t> input = fuzz_support::copy(data, size);
    tessera::image::Platform small;
    small.ram_size = std::uint64_t{8} << 20;
    small.device_tree_size = 4096;
    check(tessera::image::pack(Arch::RiscV64, kernel(), "kernel", input, "root"), size);
    check(tessera::image::pack(Arch::RiscV64, kernel(), "kernel", input, "root", small), size);
    check(tessera::image::pack(Arch::RiscV64, input, "kernel", root_task(), "root"), root_task().size());
    check(tessera::image::pack(Arch::AArch64, input, "kernel", root_task(), "root"), root_task().size());
    return 0;
}
