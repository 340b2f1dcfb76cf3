// SPDX-License-Identifier: BSD-2-Clause
// tessera-image on every kind of bad input file, as the kernel and as the
// root task, for both architectures: each ends in exactly one error line
// naming the file, status 1 (2 for a directory), and no image. Also the
// outputs it must not replace: a device, or one of its inputs.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include <elf/elf.hpp>

#include "image.hpp"
#include "tools/image_cli_fixture.hpp"
#include "support/elf_builder.hpp"

namespace {

namespace fs = std::filesystem;
namespace o = test_support::elf_offsets;
using test_support::ElfBuilder;
using test_support::put_le;
using Bytes = std::vector<std::uint8_t>;

struct ArchCase {
    const char* name;
    std::uint16_t machine, other_machine;
    std::uint64_t ram_base;
};
constexpr ArchCase riscv64{"riscv64", 243, 183, 0x80000000};
constexpr ArchCase aarch64{"aarch64", 183, 243, 0x40000000};

// A kernel as QEMU loads it: at the start of RAM, entered at a physical address.
Bytes kernel(std::uint16_t machine, std::uint64_t ram_base) {
    const std::uint64_t load = ram_base + 0x200000;
    return ElfBuilder(machine)
        .entry(load)
        .segment(load, 0x100, elf::PF_R | elf::PF_X)
        .segment(load + 0x1000, 0x40, elf::PF_R | elf::PF_W, 0x2000)
        .build();
}

Bytes root_task(std::uint16_t machine) {
    return ElfBuilder(machine)
        .entry(0x400000)
        .segment(0x400000, 0x200, elf::PF_R | elf::PF_X)
        .segment(0x401000, 0x40, elf::PF_R | elf::PF_W, 0x1000)
        .build();
}

// One way to break a good file, and a part of the one-line reason it must give.
struct Breakage {
    const char* name;
    Bytes (*make)(const Bytes& good, const ArchCase& arch, bool is_kernel);
    const char* reason;
};

Bytes truncated(const Bytes& good, std::size_t size) { return Bytes(good.begin(), good.begin() + size); }

const Breakage breakages[] = {
    {"empty", [](const Bytes&, const ArchCase&, bool) { return Bytes{}; }, "the file is empty (0 bytes)"},
    {"truncated-header", [](const Bytes& g, const ArchCase&, bool) { return truncated(g, 40); },
     "truncated: 40 bytes is too short for an ELF header"},
    {"truncated-program-headers", [](const Bytes& g, const ArchCase&, bool) { return truncated(g, o::phdr(1, 8)); },
     "bad program header table"},
    {"truncated-segment-data", [](const Bytes& g, const ArchCase&, bool) { return truncated(g, g.size() - 1); },
     "outside the file"},
    {"bad-magic",
     [](const Bytes& g, const ArchCase&, bool) {
         Bytes b = g;
         b[1] = 'X';
         return b;
     },
     "not an ELF file (bad magic)"},
    {"32-bit",
     [](const Bytes& g, const ArchCase&, bool) {
         Bytes b = g;
         b[o::ident_class] = 1;  // ELFCLASS32
         return b;
     },
     "not a 64-bit ELF file (class 1, expected 2)"},
    {"x86-64",
     [](const Bytes& g, const ArchCase&, bool) {
         Bytes b = g;
         put_le(b, o::machine, 62, 2);
         return b;
     },
     "wrong machine: EM 62"},
    {"other-arch",
     [](const Bytes&, const ArchCase& a, bool is_kernel) {
         return is_kernel ? kernel(a.other_machine, a.ram_base) : root_task(a.other_machine);
     },
     "wrong machine: EM "},
    {"overlapping-segments",
     [](const Bytes& g, const ArchCase&, bool) {
         Bytes b = g;  // the second segment moved onto the first
         put_le(b, o::phdr(1, o::p_vaddr), test_support::get_le(g, o::phdr(0, o::p_vaddr), 8) + 0x80, 8);
         put_le(b, o::phdr(1, o::p_paddr), test_support::get_le(g, o::phdr(0, o::p_paddr), 8) + 0x80, 8);
         put_le(b, o::phdr(1, o::p_offset), test_support::get_le(g, o::phdr(0, o::p_offset), 8) + 0x80, 8);
         return b;
     },
     "overlaps"},
    {"entry-outside-segments",
     [](const Bytes& g, const ArchCase&, bool) {
         Bytes b = g;
         put_le(b, o::entry, 0x10000000, 8);
         return b;
     },
     "entry point 0x10000000 is not inside an executable (PF_X) PT_LOAD segment"},
    {"segment-larger-than-ram",
     [](const Bytes& g, const ArchCase&, bool) {
         Bytes b = g;
         put_le(b, o::phdr(1, o::p_memsz), std::uint64_t{1} << 30, 8);
         return b;
     },
     " of RAM"},
};

class ImageInputs : public test_support::ImageCliTest {
  protected:
    int pack(const ArchCase& arch, const std::string& kernel_path, const std::string& root_path) {
        return ImageCliTest::pack(arch.name, kernel_path, root_path);
    }
    // One line "tessera-image: error: FILE: ...REASON...", status 1, no image.
    void expect_refused(int status, const std::string& file, const std::string& reason) {
        EXPECT_EQ(status, 1);
        const std::string prefix = "tessera-image: error: " + file + ": ";
        EXPECT_EQ(stderr_.rfind(prefix, 0), 0u) << stderr_;
        EXPECT_NE(stderr_.find(reason), std::string::npos) << stderr_;
        EXPECT_EQ(stderr_.find('\n'), stderr_.size() - 1) << stderr_;
        EXPECT_TRUE(stdout_.empty());
        EXPECT_FALSE(fs::exists(output_));
    }

};

TEST_F(ImageInputs, EveryBrokenFileIsOneLineForBothRolesAndArchitectures) {
    for (const ArchCase& arch : {riscv64, aarch64}) {
        const std::string good_kernel = write("kernel.elf", kernel(arch.machine, arch.ram_base));
        const std::string good_root = write("root.elf", root_task(arch.machine));
        ASSERT_EQ(pack(arch, good_kernel, good_root), 0) << stderr_;
        fs::remove(output_);
        for (const bool is_kernel : {true, false}) {
            const Bytes good = is_kernel ? kernel(arch.machine, arch.ram_base) : root_task(arch.machine);
            for (const Breakage& b : breakages) {
                SCOPED_TRACE(std::string(arch.name) + (is_kernel ? " kernel " : " root task ") + b.name);
                const std::string bad = write(b.name, b.make(good, arch, is_kernel));
                const int status = is_kernel ? pack(arch, bad, good_root) : pack(arch, good_kernel, bad);
                expect_refused(status, bad, b.reason);
            }
        }
    }
}

TEST_F(ImageInputs, MissingFilesAndDirectories) {
    const std::string good_kernel = write("kernel.elf", kernel(243, 0x80000000));
    const std::string good_root = write("root.elf", root_task(243));
    const std::string missing = (dir_ / "missing.elf").string();
    expect_refused(pack(riscv64, missing, good_root), missing, "cannot open: No such file or directory");
    expect_refused(pack(riscv64, good_kernel, missing), missing, "cannot open: No such file or directory");
    fs::create_directories(dir_ / "sub");
    EXPECT_EQ(pack(riscv64, (dir_ / "sub").string(), good_root), 2);
    EXPECT_EQ(stderr_, "tessera-image: error: --kernel '" + (dir_ / "sub").string() + "' is a directory, not an ELF file\n");
}

TEST_F(ImageInputs, OversizedFilesAreRefusedBeforeTheyAreRead) {
    const std::string good_kernel = write("kernel.elf", kernel(243, 0x80000000));
    const std::string good_root = write("root.elf", root_task(243));
    // A 2 GiB sparse file: larger than the default 512 MiB of RAM, refused by its size.
    const std::string sparse = (dir_ / "sparse.elf").string();
    const int fd = ::open(sparse.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::ftruncate(fd, off_t{2} << 30), 0);
    ::close(fd);
    const auto start = std::chrono::steady_clock::now();
    expect_refused(pack(riscv64, good_kernel, sparse), sparse,
                   "the file is 2147483648 bytes, larger than the 536870912 bytes of guest RAM (--ram)");
    expect_refused(pack(riscv64, sparse, good_root), sparse, "the file is 2147483648 bytes");
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    // A file of unknown size is read only as far as the RAM.
    expect_refused(run({"--arch", "riscv64", "--kernel", good_kernel, "--root-task", "/dev/zero", "--output", output_,
                        "--ram", "1M"}),
                   "/dev/zero", "the file is more than 1048576 bytes, larger than the 1048576 bytes of guest RAM");
}

TEST_F(ImageInputs, TheOutputMustBeAFileOfItsOwn) {
    const std::string good_kernel = write("kernel.elf", kernel(243, 0x80000000));
    const Bytes root_bytes = root_task(243);
    const std::string good_root = write("root.elf", root_bytes);
    const std::string bad_root = write("bad.elf", Bytes{1, 2, 3});
    // The root task named as the output: a failure used to delete it.
    EXPECT_EQ(run({"--arch", "riscv64", "--kernel", good_kernel, "--root-task", bad_root, "--output", bad_root}), 2);
    EXPECT_EQ(stderr_, "tessera-image: error: --output '" + bad_root + "' is the --root-task file (try --help)\n");
    EXPECT_EQ(fs::file_size(bad_root), 3u);
    EXPECT_EQ(run({"--arch", "riscv64", "--kernel", good_kernel, "--root-task", good_root, "--output",
                   (dir_ / "." / "kernel.elf").string()}),
              2);
    EXPECT_NE(stderr_.find("is the --kernel file"), std::string::npos) << stderr_;
    EXPECT_EQ(fs::file_size(good_root), root_bytes.size());
    // Nor is a FIFO (or a device such as /dev/null, which a test must not
    // risk as root) replaced by an image or deleted on failure.
    const std::string fifo = (dir_ / "fifo").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
    EXPECT_EQ(run({"--arch", "riscv64", "--kernel", good_kernel, "--root-task", bad_root, "--output", fifo}), 2);
    EXPECT_EQ(stderr_, "tessera-image: error: --output '" + fifo + "' exists and is not a regular file (try --help)\n");
    EXPECT_EQ(run({"--arch", "riscv64", "--kernel", good_kernel, "--root-task", good_root, "--output", fifo}), 2);
    struct stat st {};
    ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
    EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

}  // namespace
