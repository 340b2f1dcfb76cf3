// SPDX-License-Identifier: BSD-2-Clause
// The microkit tool's whole command line, run_cli() as main() calls it, on
// an SDK made of this build's kernel, loader and initial task for both QEMU
// boards (FUZZ_*_AARCH64/RISCV64, copied at start-up). The input is the
// system description, then, from the first "\x7fELF" on, the program image
// "pd.elf" in the search path; an input without one uses the fixture PD.
// The board is the one for the image's e_machine (RISC-V for 243, else
// AArch64). The run must end in success (status 0, nothing on stderr, the
// image, report and graph written) or in exactly one line
// "microkit: error: ..." with status 1 and no output file.
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <cli.hpp>

#include "fuzz_support.hpp"

namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

fs::path& work_dir() {
    static fs::path dir;
    return dir;
}

Bytes& fixture(bool riscv) {
    static Bytes pds[2];
    return pds[riscv ? 1 : 0];
}

void write_file(const fs::path& path, const std::uint8_t* data, std::size_t size) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) fuzz_support::fail("cannot write", path.string());
}

void copy_in(const char* from, const fs::path& to) {
    const Bytes bytes = fuzz_support::read_required(from);
    write_file(to, bytes.data(), bytes.size());
}

void add_board(const char* board, const char* kernel, const char* loader, const char* initialiser) {
    const fs::path elf = work_dir() / "sdk/board" / board / "debug/elf";
    fs::create_directories(elf);
    copy_in(kernel, elf / "sel4.elf");
    copy_in(loader, elf / "loader.elf");
    copy_in(initialiser, elf / "initialiser.elf");
}

void remove_work_dir() {
    std::error_code ignored;
    fs::remove_all(work_dir(), ignored);
}

std::size_t count(const std::string& text, char c) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), c));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    std::string pattern = (fuzz_support::scratch_directory() / "microkit-cli-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) fuzz_support::fail("mkdtemp failed");
    work_dir() = pattern;
    std::atexit(remove_work_dir);
    add_board("qemu_virt_aarch64", FUZZ_KERNEL_AARCH64, FUZZ_LOADER_AARCH64, FUZZ_INITIALISER_AARCH64);
    add_board("qemu_virt_riscv64", FUZZ_KERNEL_RISCV64, FUZZ_LOADER_RISCV64, FUZZ_INITIALISER_RISCV64);
    fs::create_directories(work_dir() / "pds");
    fs::create_directories(work_dir() / "out");
    fixture(false) = fuzz_support::read_required(FUZZ_PD_AARCH64);
    fixture(true) = fuzz_support::read_required(FUZZ_PD_RISCV64);
    // Names in the description that are not in the search path are looked
    // up in the current directory: make it one holding nothing else.
    if (::chdir(work_dir().c_str()) != 0) fuzz_support::fail("chdir failed");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::uint8_t magic[] = {0x7f, 'E', 'L', 'F'};
    const std::uint8_t* end = data + size;
    const std::uint8_t* elf = std::search(data, end, magic, magic + sizeof magic);
    const Bytes image = elf == end ? fixture(false) : Bytes(elf, end);
    const bool riscv = image.size() > 19 && image[18] == 243 && image[19] == 0;

    const fs::path dir = work_dir();
    write_file(dir / "fuzz.system", data, static_cast<std::size_t>(elf - data));
    write_file(dir / "pds/pd.elf", image.data(), image.size());
    const fs::path out_dir = dir / "out";
    const std::vector<std::string> args = {(dir / "fuzz.system").string(),
                                           "--board",
                                           riscv ? "qemu_virt_riscv64" : "qemu_virt_aarch64",
                                           "--config",
                                           "debug",
                                           "--search-path",
                                           (dir / "pds").string(),
                                           "-o",
                                           (out_dir / "loader.img").string(),
                                           "-r",
                                           (out_dir / "report.txt").string(),
                                           "--graph",
                                           (out_dir / "system.svg").string()};
    std::ostringstream out, err;
    const int status = microkit::run_cli(args, (dir / "sdk").string(), out, err);
    const std::string errors = err.str();
    if (status == 0) {
        if (!errors.empty()) fuzz_support::fail("success with an error", errors);
        for (const char* name : {"loader.img", "report.txt", "system.svg"})
            if (!fs::is_regular_file(out_dir / name) || fs::file_size(out_dir / name) == 0)
                fuzz_support::fail("success without an output", name);
    } else {
        if (status != 1) fuzz_support::fail("exit status", std::to_string(status) + ": " + errors);
        if (errors.rfind("microkit: error: ", 0) != 0 || count(errors, '\n') != 1 || errors.back() != '\n')
            fuzz_support::fail("not one error line", errors);
    }
    // Nothing but the outputs of a success (no temporary files) in out/.
    std::size_t outputs = 0;
    for (const auto& entry : fs::directory_iterator(out_dir)) {
        const std::string name = entry.path().filename().string();
        if (status != 0 || (name != "loader.img" && name != "report.txt" && name != "system.svg"))
            fuzz_support::fail("left behind", name);
        ++outputs;
    }
    if (status == 0 && outputs != 3) fuzz_support::fail("missing outputs");
    for (const char* name : {"loader.img", "report.txt", "system.svg"}) fs::remove(out_dir / name);
    return 0;
}
