// SPDX-License-Identifier: BSD-2-Clause
// tessera-image's whole command line, run() as main() calls it, on a file
// made of the input. The input is one control byte, a line of extra
// options, then the file:
//   control bit 0: --arch aarch64 (else riscv64)
//   control bit 1: the file is the kernel (else the root task)
// The other input is a small valid kernel (segments at the start of RAM,
// a physical entry, as QEMU loads the real one) or root task of the arch:
// the real kernel's packing is image_pack's. The run must end in success
// (status 0, nothing on stderr, an image that is an ELF executable for the
// arch) or in exactly one line "tessera-image: error: ..." with status 1
// or 2 and no output file; either way no temporary file is left behind.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <elf/elf.hpp>
#include <image.hpp>

#include "fuzz_support.hpp"
#include "support/elf_builder.hpp"

namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

struct ArchFiles {
    const char* name;
    elf::Machine machine;
    std::string kernel;     // files in the work directory
    std::string root_task;
};

fs::path& work_dir() {
    static fs::path dir;
    return dir;
}

std::vector<ArchFiles>& arches() {
    static std::vector<ArchFiles> all;
    return all;
}

void write_file(const fs::path& path, const std::uint8_t* data, std::size_t size) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) fuzz_support::fail("cannot write", path.string());
}

void prepare(const char* name, elf::Machine machine, std::uint64_t ram_base) {
    const std::uint64_t load = ram_base + 0x200000;
    const Bytes kernel = test_support::ElfBuilder(static_cast<std::uint16_t>(machine))
                             .entry(load)
                             .segment(load, 256, elf::PF_R | elf::PF_X)
                             .segment(load + 0x1000, 64, elf::PF_R | elf::PF_W, 0x3000)
                             .build();
    const Bytes root = test_support::ElfBuilder(static_cast<std::uint16_t>(machine))
                           .entry(0x200000)
                           .segment(0x200000, 64, elf::PF_R | elf::PF_X)
                           .build();
    ArchFiles files{name, machine, (work_dir() / (std::string("kernel-") + name)).string(),
                    (work_dir() / (std::string("root-") + name)).string()};
    write_file(files.kernel, kernel.data(), kernel.size());
    write_file(files.root_task, root.data(), root.size());
    arches().push_back(files);
}

void remove_work_dir() {
    std::error_code ignored;
    fs::remove_all(work_dir(), ignored);
}

std::vector<std::string> split_words(const std::string& line) {
    std::vector<std::string> words;
    std::istringstream in(line);
    for (std::string word; in >> word;) words.push_back(word);
    return words;
}

std::size_t count(const std::string& text, char c) {
    std::size_t n = 0;
    for (const char x : text) n += x == c;
    return n;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    std::string pattern = (fuzz_support::scratch_directory() / "tessera-image-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) fuzz_support::fail("mkdtemp failed");
    work_dir() = pattern;
    std::atexit(remove_work_dir);
    prepare("riscv64", elf::Machine::RiscV64, 0x80000000);
    prepare("aarch64", elf::Machine::AArch64, 0x40000000);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t control = data[0];
    const std::uint8_t* rest = data + 1;
    const std::uint8_t* end = data + size;
    const std::uint8_t* newline = rest;
    while (newline != end && *newline != '\n') ++newline;
    const std::string options(rest, newline);
    const std::uint8_t* file = newline == end ? end : newline + 1;

    const ArchFiles& arch = arches()[control & 1];
    const bool fuzzed_kernel = (control & 2) != 0;
    const fs::path input = work_dir() / "input.elf";
    const fs::path output = work_dir() / "image.elf";
    write_file(input, file, static_cast<std::size_t>(end - file));

    std::vector<std::string> args = {"--arch",      arch.name,
                                     "--kernel",    fuzzed_kernel ? input.string() : arch.kernel,
                                     "--root-task", fuzzed_kernel ? arch.root_task : input.string(),
                                     "--output",    output.string()};
    const std::vector<std::string> extra = split_words(options);
    args.insert(args.end(), extra.begin(), extra.end());
    std::ostringstream out, err;
    const int status = tessera::image::run(args, out, err);
    const std::string errors = err.str();

    const bool help = out.str().rfind("usage: tessera-image", 0) == 0;
    if (status == 0) {
        if (!errors.empty()) fuzz_support::fail("success with an error", errors);
        if (help) return 0;
        if (!out.str().empty()) fuzz_support::fail("success printed", out.str());
        const Bytes image = fuzz_support::read_required(output.c_str());
        // The kernel's entry may be physical (outside every segment by p_vaddr).
        const elf::Diagnosis d = elf::check_executable(image.data(), image.size(), arch.machine, ~std::uint64_t{0});
        if (!d.ok() && d.error != elf::Error::EntryOutsideSegments) {
            char line[160];
            elf::describe(d, image.data(), line, sizeof line);
            fuzz_support::fail("packed image is not an executable", line);
        }
        fs::remove(output);
    } else {
        if (status != 1 && status != 2) fuzz_support::fail("exit status", std::to_string(status));
        if (errors.rfind("tessera-image: error: ", 0) != 0 || count(errors, '\n') != 1 || errors.back() != '\n')
            fuzz_support::fail("not one error line", errors);
        if (!out.str().empty()) fuzz_support::fail("failure printed on stdout", out.str());
        if (fs::exists(output)) fuzz_support::fail("failure left an output file");
    }
    // Only the inputs remain: no temporary image.
    for (const auto& entry : fs::directory_iterator(work_dir())) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("image.elf", 0) == 0) fuzz_support::fail("left behind", name);
    }
    return 0;
}
