// SPDX-License-Identifier: BSD-2-Clause
// The `microkit` command line on every kind of bad input, on an SDK made of
// this build's kernel, loader and initial task for both QEMU boards: a
// broken program image or system description ends in exactly one line
// "microkit: error: ..." and status 1, with no image written; outputs that
// are not files of their own are usage errors (status 2).
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "cli.hpp"
#include "support/elf_builder.hpp"
#include "support/scratch_dir.hpp"

namespace {

namespace fs = std::filesystem;
namespace o = test_support::elf_offsets;
using test_support::get_le;
using test_support::put_le;
using Bytes = std::vector<std::uint8_t>;

struct Board {
    const char* name;
    const char* kernel;
    const char* loader;
    const char* initialiser;
    const char* pd;        // the fixture program image for this board
    const char* other_pd;  // the other architecture's
};
const Board boards[] = {
    {"qemu_virt_aarch64", KERNEL_AARCH64, LOADER_AARCH64, INITIALISER_AARCH64, FIXTURE_PD_AARCH64, FIXTURE_PD_RISCV64},
    {"qemu_virt_riscv64", KERNEL_RISCV64, LOADER_RISCV64, INITIALISER_RISCV64, FIXTURE_PD_RISCV64, FIXTURE_PD_AARCH64},
};

Bytes read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The first and the last PT_LOAD program header of a file, by index.
std::size_t first_load(const Bytes& elf) {
    for (std::size_t i = 0;; ++i)
        if (get_le(elf, o::phdr(i, o::p_type), 4) == 1) return i;
}
std::size_t last_load(const Bytes& elf) {
    for (std::size_t i = get_le(elf, o::phnum, 2); i-- > 0;)
        if (get_le(elf, o::phdr(i, o::p_type), 4) == 1) return i;
    return 0;
}

struct Breakage {
    const char* name;
    Bytes (*make)(const Bytes& good, const Board& board);
    const char* reason;
};

const Breakage breakages[] = {
    {"empty", [](const Bytes&, const Board&) { return Bytes{}; }, "truncated: 0 bytes"},
    {"truncated-header", [](const Bytes& g, const Board&) { return Bytes(g.begin(), g.begin() + 40); },
     "truncated: 40 bytes is too short for an ELF header"},
    {"truncated-program-headers",
     [](const Bytes& g, const Board&) { return Bytes(g.begin(), g.begin() + o::phdr(0, 8)); },
     "bad program header table"},
    {"truncated-segment-data",
     [](const Bytes& g, const Board&) {
         const std::size_t load = first_load(g);
         return Bytes(g.begin(), g.begin() + static_cast<std::ptrdiff_t>(get_le(g, o::phdr(load, o::p_offset), 8) +
                                                                          get_le(g, o::phdr(load, o::p_filesz), 8) - 1));
     },
     "outside the file"},
    {"bad-magic",
     [](const Bytes& g, const Board&) {
         Bytes b = g;
         b[0] = 'M';
         return b;
     },
     "not an ELF file (bad magic)"},
    {"32-bit",
     [](const Bytes& g, const Board&) {
         Bytes b = g;
         b[o::ident_class] = 1;
         return b;
     },
     "not a 64-bit ELF file"},
    {"x86-64",
     [](const Bytes& g, const Board&) {
         Bytes b = g;
         put_le(b, o::machine, 62, 2);
         return b;
     },
     "wrong machine: EM 62"},
    {"other-arch", [](const Bytes&, const Board& board) { return read_bytes(board.other_pd); }, "wrong machine: EM "},
    {"overlapping-segments",
     [](const Bytes& g, const Board&) {
         Bytes b = g;  // every PT_LOAD at the first one's address
         const std::size_t load = first_load(g);
         const std::uint64_t vaddr = get_le(g, o::phdr(load, o::p_vaddr), 8);
         const std::uint64_t align = get_le(g, o::phdr(load, o::p_align), 8);
         for (std::size_t i = load + 1; i < get_le(g, o::phnum, 2); ++i) {
             if (get_le(g, o::phdr(i, o::p_type), 4) != 1) continue;
             const std::uint64_t offset = get_le(g, o::phdr(i, o::p_offset), 8);
             put_le(b, o::phdr(i, o::p_vaddr), vaddr + (align > 1 ? offset % align : 0), 8);
         }
         return b;
     },
     "overlaps"},
    {"entry-outside-segments",
     [](const Bytes& g, const Board&) {
         Bytes b = g;
         put_le(b, o::entry, 0x10, 8);
         return b;
     },
     "entry point 0x10 is not inside an executable (PF_X) PT_LOAD segment"},
    {"segment-larger-than-ram",
     [](const Bytes& g, const Board&) {
         Bytes b = g;
         put_le(b, o::phdr(last_load(g), o::p_memsz), std::uint64_t{4} << 30, 8);
         return b;
     },
     "more than the 268435456 a program image may occupy"},
};

class MicrokitInputs : public test_support::ScratchDirTest {
  protected:
    void SetUp() override {
        ScratchDirTest::SetUp();
        for (const Board& board : boards) {
            const fs::path elf = dir_ / "sdk/board" / board.name / "debug/elf";
            fs::create_directories(elf);
            fs::copy_file(board.kernel, elf / "sel4.elf");
            fs::copy_file(board.loader, elf / "loader.elf");
            fs::copy_file(board.initialiser, elf / "initialiser.elf");
        }
        fs::create_directories(dir_ / "pds");
        write("good.system", "<system>\n  <protection_domain name=\"alpha\" priority=\"10\">\n"
                             "    <program_image path=\"pd.elf\" />\n  </protection_domain>\n</system>\n");
    }
    void write_pd(const Bytes& bytes) { write("pds/pd.elf", bytes); }
    // Writes loader.img and report.txt beside the inputs unless `outputs` names others.
    int run(const std::string& board, const std::string& system, std::vector<std::string> outputs = {}) {
        std::vector<std::string> args = {system, "--board", board, "--config", "debug", "--search-path",
                                         (dir_ / "pds").string()};
        if (outputs.empty()) outputs = {"-o", (dir_ / "loader.img").string(), "-r", (dir_ / "report.txt").string()};
        args.insert(args.end(), outputs.begin(), outputs.end());
        std::ostringstream out, err;
        const int status = microkit::run_cli(args, (dir_ / "sdk").string(), out, err);
        stderr_ = err.str();
        return status;
    }
    void expect_refused(int status, const std::string& start, const std::string& reason) {
        EXPECT_EQ(status, 1);
        EXPECT_EQ(stderr_.rfind("microkit: error: " + start, 0), 0u) << stderr_;
        EXPECT_NE(stderr_.find(reason), std::string::npos) << stderr_;
        EXPECT_EQ(stderr_.find('\n'), stderr_.size() - 1) << stderr_;
        EXPECT_FALSE(fs::exists(dir_ / "loader.img"));
        EXPECT_FALSE(fs::exists(dir_ / "report.txt"));
    }
    void make_sparse(const fs::path& path, off_t size) {
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ASSERT_GE(fd, 0);
        ASSERT_EQ(::ftruncate(fd, size), 0);
        ::close(fd);
    }

    std::string stderr_;
};

TEST_F(MicrokitInputs, EveryBrokenProgramImageIsOneLineOnBothBoards) {
    const std::string system = (dir_ / "good.system").string();
    const std::string pd = (dir_ / "pds/pd.elf").string();
    for (const Board& board : boards) {
        const Bytes good = read_bytes(board.pd);
        write_pd(good);
        ASSERT_EQ(run(board.name, system), 0) << stderr_;
        fs::remove(dir_ / "loader.img");
        fs::remove(dir_ / "report.txt");
        for (const Breakage& b : breakages) {
            SCOPED_TRACE(std::string(board.name) + " " + b.name);
            write_pd(b.make(good, board));
            expect_refused(run(board.name, system), "program image '" + pd + "' of PD 'alpha' is not usable: ",
                           b.reason);
        }
    }
}

TEST_F(MicrokitInputs, MissingDirectoryAndOversizedFiles) {
    const std::string pd = (dir_ / "pds/pd.elf").string();
    write_pd(read_bytes(FIXTURE_PD_AARCH64));
    const std::string board = "qemu_virt_aarch64";
    const std::string missing = (dir_ / "missing.system").string();
    expect_refused(run(board, missing), "system description file '" + missing + "' does not exist", "");
    fs::create_directories(dir_ / "dir.system");
    expect_refused(run(board, (dir_ / "dir.system").string()), "system description file '", "is not a regular file");
    write("empty.system", "");
    expect_refused(run(board, (dir_ / "empty.system").string()), "could not parse", "");
    write("cut.system", "<system>\n  <protection_domain name=\"alpha\" prio");
    expect_refused(run(board, (dir_ / "cut.system").string()), "could not parse", "");
    write("binary.system", std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10));
    expect_refused(run(board, (dir_ / "binary.system").string()), "could not parse", "");

    // 2 GiB sparse files are refused by their size, before they are read.
    const auto start = std::chrono::steady_clock::now();
    make_sparse(dir_ / "huge.system", off_t{2} << 30);
    expect_refused(run(board, (dir_ / "huge.system").string()),
                   "system description file '" + (dir_ / "huge.system").string() + "' is 2147483648 bytes",
                   "more than the 16777216 the tool reads of such a file");
    make_sparse(pd, off_t{2} << 30);
    expect_refused(run(board, (dir_ / "good.system").string()), "program image '" + pd + "' of PD 'alpha' is ",
                   "2147483648 bytes, more than the 536870912 the tool reads of such a file");
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));

    // A prefill file larger than the RAM, for a region at a fixed address that could hold it.
    make_sparse(dir_ / "pds/fill.bin", off_t{3} << 30);
    write_pd(read_bytes(FIXTURE_PD_AARCH64));
    write("fill.system", "<system>\n  <memory_region name=\"m\" phys_addr=\"0x100000000\" size=\"0x100000000\" "
                         "page_size=\"0x200000\" prefill_path=\"fill.bin\" />\n"
                         "  <protection_domain name=\"alpha\" priority=\"10\">\n"
                         "    <program_image path=\"pd.elf\" />\n  </protection_domain>\n</system>\n");
    expect_refused(run(board, (dir_ / "fill.system").string()),
                   "prefill file '" + (dir_ / "pds/fill.bin").string() + "' is 3221225472 bytes, ",
                   "more than the 2147483648 the tool reads of such a file");
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));

    // A program image named by a directory is not found as a file.
    fs::remove(pd);
    fs::create_directories(pd);
    expect_refused(run(board, (dir_ / "good.system").string()), "unable to find program image: 'pd.elf'", "");
}

TEST_F(MicrokitInputs, RegionsLargerThanTheBoardArePlannedNoFurther) {
    write_pd(read_bytes(FIXTURE_PD_AARCH64));
    write("big.system", "<system>\n  <memory_region name=\"m\" size=\"0x100000000000\" />\n"
                        "  <protection_domain name=\"alpha\" priority=\"10\">\n"
                        "    <program_image path=\"pd.elf\" />\n    <map mr=\"m\" vaddr=\"0x10000000\" />\n"
                        "  </protection_domain>\n</system>\n");
    const auto start = std::chrono::steady_clock::now();
    expect_refused(run("qemu_virt_aarch64", (dir_ / "big.system").string()),
                   "the memory regions without a phys_addr need more than the 0x80000000 bytes of RAM of "
                   "qemu_virt_aarch64 (memory region 'm' of size 0x100000000000)",
                   "");
    write("device.system", "<system>\n  <memory_region name=\"m\" size=\"0x4000000000\" page_size=\"0x1000\" "
                           "phys_addr=\"0x0\" />\n"
                           "  <protection_domain name=\"alpha\" priority=\"10\">\n"
                           "    <program_image path=\"pd.elf\" />\n  </protection_domain>\n</system>\n");
    expect_refused(run("qemu_virt_aarch64", (dir_ / "device.system").string()),
                   "the memory regions have more than 262144 pages in all (memory region 'm' of size 0x4000000000 "
                   "has 67108864)",
                   "");
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST_F(MicrokitInputs, OutputsMustBeFilesOfTheirOwn) {
    write_pd(read_bytes(FIXTURE_PD_AARCH64));
    const std::string system = (dir_ / "good.system").string();
    const std::string fifo = (dir_ / "fifo").string();
    const std::uintmax_t system_size = fs::file_size(system);
    const std::string image = (dir_ / "loader.img").string(), report = (dir_ / "report.txt").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
    const auto last_line = [&] { return stderr_.substr(stderr_.rfind('\n', stderr_.size() - 2) + 1); };
    EXPECT_EQ(run("qemu_virt_aarch64", system, {"-o", fifo, "-r", report}), 2);
    EXPECT_EQ(last_line(), "microkit: error: argument --output: '" + fifo + "' exists and is not a regular file\n");
    EXPECT_EQ(run("qemu_virt_aarch64", system, {"-o", image, "-r", image}), 2);
    EXPECT_EQ(last_line(), "microkit: error: arguments --output and --report name the same file '" + image + "'\n");
    EXPECT_EQ(run("qemu_virt_aarch64", system, {"-o", image, "-r", report, "--graph", system}), 2);
    EXPECT_EQ(last_line(), "microkit: error: argument --graph: '" + system + "' is the system description file\n");
    EXPECT_EQ(run("qemu_virt_aarch64", system, {"-o", dir_.string(), "-r", report}), 2);
    EXPECT_EQ(last_line(), "microkit: error: argument --output: '" + dir_.string() + "' is a directory\n");
    struct stat st {};
    ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
    EXPECT_TRUE(S_ISFIFO(st.st_mode));
    EXPECT_EQ(fs::file_size(system), system_size);
}

}  // namespace
