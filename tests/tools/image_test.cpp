// SPDX-License-Identifier: BSD-2-Clause
// tools/image (tessera-image): the packed layout read back, every class of
// bad input, usage errors, and that a failure leaves no output file.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <bootimage/payload.hpp>
#include <elf/elf.hpp>

#include "image.hpp"
#include "tools/image_cli_fixture.hpp"
#include "support/elf_builder.hpp"

namespace {

namespace fs = std::filesystem;
using test_support::ElfBuilder;
using test_support::SegmentSpec;
using Bytes = std::vector<std::uint8_t>;

constexpr std::uint64_t kernel_base = 0xffffffc080200000;  // linked high, loaded at 0x80200000
constexpr std::int64_t to_physical = 0x4000000000;          // vaddr + this wraps to the physical address

SegmentSpec kernel_segment(std::uint64_t vaddr, std::size_t size, std::uint32_t flags, std::uint64_t memsz,
                           std::int64_t delta = to_physical) {
    SegmentSpec s;
    s.vaddr = vaddr;
    s.flags = flags;
    s.data.resize(size);
    for (std::size_t i = 0; i < size; ++i) s.data[i] = static_cast<std::uint8_t>(i ^ 0x5a);
    s.memsz = memsz;
    s.paddr_delta = delta;
    return s;
}

// A RISC-V kernel: text, then data + bss ending at physical 0x80203010.
Bytes riscv_kernel() {
    ElfBuilder b(243);
    b.entry(0x80200000)  // physical: QEMU enters with the MMU off
        .segment(kernel_segment(kernel_base, 0x100, elf::PF_R | elf::PF_X, 0))
        .segment(kernel_segment(kernel_base + 0x1000, 0x10, elf::PF_R | elf::PF_W, 0x2010));
    return b.build();
}

Bytes root_task(std::uint16_t machine = 243, std::uint64_t base = 0x400000) {
    ElfBuilder b(machine);
    b.entry(base).segment(base, 0x200, elf::PF_R | elf::PF_X).segment(base + 0x1000, 0x40, elf::PF_R | elf::PF_W, 0x1000);
    return b.build();
}

std::uint64_t le(const Bytes& bytes, std::size_t at, unsigned width) { return test_support::get_le(bytes, at, width); }

TEST(ImagePack, LayoutReadsBack) {
    const Bytes kernel = riscv_kernel();
    const Bytes root = root_task();
    const auto packed = tessera::image::pack(tessera::image::Arch::RiscV64, kernel, "k", root, "r");
    ASSERT_TRUE(packed.ok()) << packed.error;
    const Bytes& image = packed.image;

    // Header copied, section headers dropped, program headers rewritten.
    EXPECT_EQ(std::memcmp(image.data(), kernel.data(), 32), 0);
    EXPECT_EQ(le(image, 24, 8), 0x80200000u);  // entry
    EXPECT_EQ(le(image, 40, 8), 0u);           // e_shoff
    EXPECT_EQ(le(image, 60, 2), 0u);           // e_shnum
    EXPECT_EQ(le(image, 62, 2), 0u);           // e_shstrndx
    ASSERT_EQ(le(image, 56, 2), 3u);           // two kernel PT_LOADs + payload
    const elf::Ehdr& h = elf::header(image.data());
    ASSERT_EQ(h.e_phoff % 8, 0u);

    for (std::size_t i = 0; i < 2; ++i) {
        const elf::Phdr& in = elf::program_header(kernel.data(), i);
        const elf::Phdr& out = elf::program_header(image.data(), i);
        EXPECT_EQ(out.p_type, elf::PT_LOAD);
        EXPECT_EQ(out.p_flags, in.p_flags);
        EXPECT_EQ(out.p_vaddr, in.p_vaddr);
        EXPECT_EQ(out.p_paddr, in.p_paddr);
        EXPECT_EQ(out.p_filesz, in.p_filesz);
        EXPECT_EQ(out.p_memsz, in.p_memsz);
        EXPECT_EQ(out.p_align, in.p_align);
        EXPECT_EQ(out.p_offset % in.p_align, in.p_vaddr % in.p_align);
        ASSERT_LE(out.p_offset + out.p_filesz, image.size());
        EXPECT_EQ(std::memcmp(image.data() + out.p_offset, kernel.data() + in.p_offset, in.p_filesz), 0);
    }

    const elf::Phdr& payload = elf::program_header(image.data(), 2);
    EXPECT_EQ(payload.p_type, elf::PT_LOAD);
    EXPECT_EQ(payload.p_flags, elf::PF_R);
    EXPECT_EQ(payload.p_align, 4096u);
    EXPECT_EQ(payload.p_paddr, 0x80204000u);  // align_up(0x80203010, 4096)
    EXPECT_EQ(payload.p_vaddr, kernel_base + 0x4000);
    EXPECT_EQ(payload.p_offset % 4096, 0u);
    EXPECT_EQ(payload.p_filesz, sizeof(bootimage::PayloadHeader) + root.size());
    EXPECT_EQ(payload.p_memsz, payload.p_filesz);
    ASSERT_EQ(payload.p_offset + payload.p_filesz, image.size());

    bootimage::PayloadHeader header;
    std::memcpy(&header, image.data() + payload.p_offset, sizeof header);
    EXPECT_EQ(bootimage::validate(header, payload.p_filesz), nullptr);
    EXPECT_EQ(header.magic, bootimage::payload_magic);
    EXPECT_EQ(header.version, bootimage::payload_version);
    EXPECT_EQ(header.header_size, sizeof header);
    EXPECT_EQ(header.total_size, payload.p_filesz);
    EXPECT_EQ(header.root_task_offset, sizeof header);
    EXPECT_EQ(header.root_task_size, root.size());
    EXPECT_EQ(header.root_task_crc32, bootimage::crc32(root.data(), root.size()));
    const std::uint8_t* packed_root = image.data() + payload.p_offset + header.root_task_offset;
    EXPECT_EQ(std::memcmp(packed_root, root.data(), root.size()), 0);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(packed_root) % 8, 0u);  // for elf::header()
}

// An AArch64 kernel linked high and loaded at 0x40200000.
Bytes riscv_like_aarch64_kernel() {
    ElfBuilder b(183);
    constexpr std::uint64_t high = 0xffffff8040200000;
    constexpr std::int64_t delta = 0x8000000000;  // high + delta wraps to 0x40200000
    b.entry(0x40200000)
        .segment(kernel_segment(high, 0x100, elf::PF_R | elf::PF_X, 0, delta))
        .segment(kernel_segment(high + 0x1000, 0x10, elf::PF_R | elf::PF_W, 0x2010, delta));
    return b.build();
}

TEST(ImagePack, AArch64IdentityMappedBootSegmentIsAllowed) {
    // Boot code at vaddr == paddr, the rest linked high (as kernel-aarch64).
    ElfBuilder b(183);
    constexpr std::uint64_t high = 0xffffff8040201000;
    constexpr std::int64_t delta = 0x8000000000;  // high + delta wraps to 0x40201000
    SegmentSpec boot = kernel_segment(0x40200000, 0x100, elf::PF_R | elf::PF_X, 0, 0);
    b.entry(0x40200000).segment(boot).segment(kernel_segment(high, 0x200, elf::PF_R | elf::PF_X, 0, delta));
    b.segment(kernel_segment(high + 0x1000, 0x10, elf::PF_R | elf::PF_W, 0x1800, delta));
    const Bytes kernel = b.build();
    const Bytes root = root_task(183);
    const auto packed = tessera::image::pack(tessera::image::Arch::AArch64, kernel, "k", root, "r");
    ASSERT_TRUE(packed.ok()) << packed.error;
    const elf::Phdr& payload = elf::program_header(packed.image.data(), 3);
    EXPECT_EQ(payload.p_paddr, 0x40204000u);
    EXPECT_EQ(payload.p_vaddr, 0xffffff8040204000u);
}

TEST(ImagePack, RejectsMixedOffsetsAndPhysicalOverlap) {
    ElfBuilder mixed(243);
    mixed.entry(0x80200000)
        .segment(kernel_segment(kernel_base, 0x100, elf::PF_R | elf::PF_X, 0))
        .segment(kernel_segment(kernel_base + 0x1000, 0x10, elf::PF_R, 0, to_physical + 0x100000));
    auto packed = tessera::image::pack(tessera::image::Arch::RiscV64, mixed.build(), "k", root_task(), "r");
    EXPECT_EQ(packed.error_file, "k");
    EXPECT_NE(packed.error.find("differ in p_vaddr - p_paddr"), std::string::npos) << packed.error;

    ElfBuilder overlap(243);
    overlap.entry(0x80200000)
        .segment(kernel_segment(kernel_base, 0x100, elf::PF_R | elf::PF_X, 0x2000))
        .segment(kernel_segment(kernel_base + 0x3000, 0x10, elf::PF_R, 0, to_physical - 0x2800));  // paddr 0x80200800
    packed = tessera::image::pack(tessera::image::Arch::RiscV64, overlap.build(), "k", root_task(), "r");
    EXPECT_NE(packed.error.find("overlap physically"), std::string::npos) << packed.error;
}

// Found by tests/fuzz/image_pack_fuzz.cpp: a kernel whose vaddr - paddr is
// not page-aligned gave the payload a p_vaddr not congruent to its p_offset.
TEST(ImagePack, RefusesAKernelWhosePayloadVaddrWouldBeMisaligned) {
    ElfBuilder odd(243);
    odd.entry(kernel_base + 0x10).segment(kernel_segment(kernel_base, 0x100, elf::PF_R | elf::PF_X, 0, to_physical + 0x2a));
    const auto packed = tessera::image::pack(tessera::image::Arch::RiscV64, odd.build(), "k", root_task(), "r");
    EXPECT_EQ(packed.error_file, "k");
    EXPECT_EQ(packed.error, "kernel: p_vaddr - p_paddr (0xffffffbfffffffd6) of its highest segment is not a multiple "
                            "of 4096, so the boot payload cannot follow it");
}

// ------------------------------------------------- what the platform can hold

Bytes root_task_with_bss(std::uint64_t bss, std::uint16_t machine = 243) {
    ElfBuilder b(machine);
    b.entry(0x400000).segment(0x400000, 0x200, elf::PF_R | elf::PF_X).segment(0x401000, 0x40, elf::PF_R | elf::PF_W, bss);
    return b.build();
}

TEST(ImagePack, RefusesARootTaskLargerThanTheRam) {
    // 1 GiB of .bss cannot fit in the runner's 512 MiB: the kernel would
    // stop at boot ("out of memory for the root task image").
    const Bytes root = root_task_with_bss(std::uint64_t{1} << 30);
    const auto packed = tessera::image::pack(tessera::image::Arch::RiscV64, riscv_kernel(), "k", root, "r");
    ASSERT_FALSE(packed.ok());
    EXPECT_EQ(packed.error_file, "r");
    // RAM 0x80000000 + 512 MiB; the test kernel ends at 0x80203010, the
    // payload (header + root task) starts at 0x80204000; 1 MiB for the device tree.
    const std::uint64_t payload_end = (0x80204000ull + sizeof(bootimage::PayloadHeader) + root.size() + 4095) & ~4095ull;
    const std::uint64_t available = 0x80000000ull + (512ull << 20) - payload_end - (1ull << 20);
    EXPECT_NE(packed.error.find("root task needs "), std::string::npos) << packed.error;
    EXPECT_NE(packed.error.find(" bytes of memory ("), std::string::npos) << packed.error;
    EXPECT_NE(packed.error.find("the platform has " + std::to_string(available) + " bytes for it (536870912 bytes of RAM"),
              std::string::npos)
        << packed.error;
    const auto needs = tessera::image::root_task_needs(tessera::image::Arch::RiscV64, root, {});
    EXPECT_EQ(needs.image_pages, 1 + (std::uint64_t{1} << 30) / 4096);
    EXPECT_NE(packed.error.find("needs " + std::to_string(needs.memory_bytes()) + " bytes"), std::string::npos);
}

TEST(ImagePack, TheRamSizeIsAnOption) {
    // 256 MiB of .bss on a 128 MiB guest: the memory check names the option.
    tessera::image::Platform small;
    small.ram_size = 128ull << 20;
    const auto packed = tessera::image::pack(tessera::image::Arch::AArch64, riscv_like_aarch64_kernel(), "k",
                                             root_task_with_bss(256ull << 20, 183), "r", small);
    ASSERT_FALSE(packed.ok());
    EXPECT_NE(packed.error.find("the platform has "), std::string::npos) << packed.error;
    EXPECT_NE(packed.error.find("(134217728 bytes of RAM (--ram) less the kernel, the boot payload and 1048576 bytes "
                                "for the device tree)"),
              std::string::npos)
        << packed.error;
    // A RAM that ends before the boot payload is a bad kernel/RAM pairing.
    small.ram_size = 1ull << 20;
    const auto tiny = tessera::image::pack(tessera::image::Arch::AArch64, riscv_like_aarch64_kernel(), "k",
                                           root_task(183), "r", small);
    EXPECT_EQ(tiny.error_file, "k");
    EXPECT_NE(tiny.error.find("beyond the 1048576 bytes of RAM at 0x40000000 (--ram)"), std::string::npos) << tiny.error;
}

TEST(ImagePack, RefusesARootTaskWhoseFramesDoNotFitTheRootCNode) {
    // 256 MiB fits in 512 MiB of RAM, but 65540 frame caps do not fit in
    // 4096 slots ("the root task's boot caps do not fit in its CNode" at boot).
    const auto packed = tessera::image::pack(tessera::image::Arch::RiscV64, riscv_kernel(), "k",
                                             root_task_with_bss(256ull << 20), "r");
    ASSERT_FALSE(packed.ok());
    EXPECT_EQ(packed.error_file, "r");
    // Sv39: 128 tables for the 2 MiB regions of .bss, one more for the boot
    // info above it, one for the 1 GiB region; 257 pages for 1 MiB + 16 bytes.
    EXPECT_EQ(packed.error,
              "root task needs 65537 frame caps for its segments, the root CNode (4096 slots) has room for 3462 "
              "(4096 less 16 initial caps, 130 page tables, 257 extra boot info pages, 1 SchedControl cap and up "
              "to 230 untypeds)");
    // 12 MiB fits (the largest .bss that boots on QEMU in both checks).
    EXPECT_TRUE(tessera::image::pack(tessera::image::Arch::RiscV64, riscv_kernel(), "k",
                                     root_task_with_bss(12ull << 20), "r")
                    .ok());
}

TEST(ImagePack, RefusesAnImageWithNoRoomForBootInfoBelowUserTop) {
    // The last page below user_top is the image's: the IPC buffer, BootInfo
    // and extra boot info that boot maps above it would not be user space.
    const std::uint64_t top = tessera::image::user_top_of(tessera::image::Arch::RiscV64);
    ElfBuilder b(243);
    b.entry(top - 0x1000).segment(top - 0x1000, 0x100, elf::PF_R | elf::PF_X);
    const auto packed = tessera::image::pack(tessera::image::Arch::RiscV64, riscv_kernel(), "k", b.build(), "r");
    ASSERT_FALSE(packed.ok());
    EXPECT_NE(packed.error.find("too close to the top of user space"), std::string::npos) << packed.error;
}

TEST(ImagePack, RootTaskNeedsCountsSharedPagesOnceAndTablesPerRegion) {
    ElfBuilder b(243);
    b.entry(0x10000).segment(0x10000, 0x1800, elf::PF_R | elf::PF_X);   // pages 0x10000, 0x11000
    b.segment(0x11800, 0x100, elf::PF_R | elf::PF_W, 0x2000);           // 0x11000 (shared) .. 0x13000
    b.segment(0x40000000, 0x10, elf::PF_R);                             // another GiB
    tessera::image::Platform platform;
    platform.device_tree_size = 5000;
    const auto needs = tessera::image::root_task_needs(tessera::image::Arch::RiscV64, b.build(), platform);
    EXPECT_EQ(needs.image_pages, 4u + 1);
    EXPECT_EQ(needs.extra_boot_info_pages, 2u);  // 16 + 5000 bytes
    // Boot info above 0x40001000; Sv39: a 2 MiB table and a 1 GiB table for each of the two parts.
    EXPECT_EQ(needs.page_tables, 4u);
    EXPECT_EQ(needs.mapped_end, 0x40001000u + 4 * 4096);
}

TEST(ImagePack, RamSizesAreReadAsQemuReadsThem) {
    using tessera::image::parse_ram_size;
    EXPECT_EQ(parse_ram_size("512M"), 512ull << 20);
    EXPECT_EQ(parse_ram_size("2G"), 2ull << 30);
    EXPECT_EQ(parse_ram_size("2g"), 2ull << 30);
    EXPECT_EQ(parse_ram_size("65536K"), 64ull << 20);
    EXPECT_EQ(parse_ram_size("1024"), 1024ull << 20);  // MiB without a suffix
    EXPECT_FALSE(parse_ram_size(""));
    EXPECT_FALSE(parse_ram_size("M"));
    EXPECT_FALSE(parse_ram_size("0"));
    EXPECT_FALSE(parse_ram_size("12X"));
    EXPECT_FALSE(parse_ram_size("-1G"));
    EXPECT_FALSE(parse_ram_size("99999999999T"));
}

// ---------------------------------------------------------------- command line

class ImageCli : public test_support::ImageCliTest {
  protected:
    void SetUp() override {
        ImageCliTest::SetUp();
        kernel_ = write("kernel.elf", riscv_kernel());
        root_ = write("root.elf", root_task());
    }

    // Exactly one line, naming the file.
    void expect_one_error_line(const std::string& file) {
        const std::string prefix = "tessera-image: error: " + file + ": ";
        EXPECT_EQ(stderr_.rfind(prefix, 0), 0u) << stderr_;
        ASSERT_FALSE(stderr_.empty());
        EXPECT_EQ(stderr_.find('\n'), stderr_.size() - 1) << stderr_;
        EXPECT_GT(stderr_.size(), prefix.size() + 1);
    }
    // No image, and nothing but the inputs in the directory (no temp file).
    void expect_no_output() {
        EXPECT_FALSE(fs::exists(output_));
        for (const auto& entry : fs::directory_iterator(dir_)) {
            const std::string name = entry.path().filename().string();
            EXPECT_EQ(name.find("image.elf"), std::string::npos) << name;
        }
    }
    void expect_bad_input(const std::string& arch, const std::string& kernel, const std::string& root,
                          const std::string& bad_file, const std::string& reason_part) {
        write("image.elf", Bytes{1, 2, 3});  // a stale image must not survive a failure either
        EXPECT_EQ(pack(arch, kernel, root), 1);
        expect_one_error_line(bad_file);
        EXPECT_NE(stderr_.find(reason_part), std::string::npos) << stderr_;
        EXPECT_TRUE(stdout_.empty());
        expect_no_output();
    }

    std::string kernel_, root_;
};

TEST_F(ImageCli, GoodPackWritesTheImage) {
    EXPECT_EQ(pack("riscv64", kernel_, root_), 0) << stderr_;
    EXPECT_TRUE(stderr_.empty());
    ASSERT_TRUE(fs::exists(output_));
    const auto expected = tessera::image::pack(tessera::image::Arch::RiscV64, riscv_kernel(), "", root_task(), "");
    EXPECT_EQ(fs::file_size(output_), expected.image.size());
    // --opt=value form, and overwriting an existing image.
    EXPECT_EQ(run({"--arch=riscv64", "--kernel=" + kernel_, "--root-task=" + root_, "--output=" + output_}), 0);
    int entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++entries;
    EXPECT_EQ(entries, 3);  // kernel, root, image: no temp file left
}

TEST_F(ImageCli, BadRootTasks) {
    expect_bad_input("riscv64", kernel_, write("x86.elf", root_task(62)), (dir_ / "x86.elf").string(),
                     "root task: wrong machine: EM 62 (expected 243, RISC-V)");
    Bytes dyn = root_task();
    test_support::put_le(dyn, test_support::elf_offsets::type, elf::ET_DYN, 2);
    expect_bad_input("riscv64", kernel_, write("pie.elf", dyn), (dir_ / "pie.elf").string(), "ET_DYN");
    Bytes cut = root_task();
    cut.resize(cut.size() - 1);
    expect_bad_input("riscv64", kernel_, write("cut.elf", cut), (dir_ / "cut.elf").string(), "outside the file");
    expect_bad_input("riscv64", kernel_, write("empty.elf", Bytes{}), (dir_ / "empty.elf").string(),
                     "the file is empty (0 bytes), not an ELF executable");
    Bytes header_only = root_task();
    header_only.resize(30);
    expect_bad_input("riscv64", kernel_, write("header.elf", header_only),
                     (dir_ / "header.elf").string(), "root task: truncated: 30 bytes is too short for an ELF header");
    expect_bad_input("riscv64", kernel_, write("text.elf", Bytes{'h', 'i', '\n', 0, 0, 0, 0, 0}),
                     (dir_ / "text.elf").string(), "not an ELF file");
    expect_bad_input("riscv64", kernel_, write("low.elf", root_task(243, 0x800)), (dir_ / "low.elf").string(),
                     "outside user space");
    expect_bad_input("riscv64", kernel_, write("high.elf", root_task(243, 0x4000000000)),
                     (dir_ / "high.elf").string(), "outside user space");
    expect_bad_input("riscv64", kernel_, kernel_, kernel_, "root task: ");  // the kernel is not a user program
    const std::string missing = (dir_ / "missing.elf").string();
    expect_bad_input("riscv64", kernel_, missing, missing, "cannot open: No such file or directory");
}

TEST_F(ImageCli, BadKernels) {
    expect_bad_input("aarch64", kernel_, write("root64.elf", root_task(183)), kernel_,
                     "kernel: wrong machine: EM 243 (expected 183, AArch64)");
    Bytes rel = riscv_kernel();
    test_support::put_le(rel, test_support::elf_offsets::type, elf::ET_REL, 2);
    expect_bad_input("riscv64", write("rel.elf", rel), root_, (dir_ / "rel.elf").string(), "ET_REL");
    Bytes entry = riscv_kernel();
    test_support::put_le(entry, test_support::elf_offsets::entry, 0x90000000, 8);
    expect_bad_input("riscv64", write("entry.elf", entry), root_, (dir_ / "entry.elf").string(), "entry point");
    const std::string missing = (dir_ / "nokernel.elf").string();
    expect_bad_input("riscv64", missing, root_, missing, "cannot open");
}

TEST_F(ImageCli, DirectoriesAreUsageErrors) {
    // Reading a directory used to end in an uncaught exception (abort).
    const std::string directory = (dir_ / "subdir").string();
    fs::create_directories(directory);
    const struct {
        std::vector<std::string> args;
        std::string message;
    } cases[] = {
        {{"--arch", "riscv64", "--kernel", kernel_, "--root-task", directory, "--output", output_},
         "tessera-image: error: --root-task '" + directory + "' is a directory, not an ELF file\n"},
        {{"--arch", "riscv64", "--kernel", directory, "--root-task", root_, "--output", output_},
         "tessera-image: error: --kernel '" + directory + "' is a directory, not an ELF file\n"},
        {{"--arch", "riscv64", "--kernel", kernel_, "--root-task", root_, "--output", directory},
         "tessera-image: error: --output '" + directory + "' is a directory, not an image file name\n"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(run(c.args), 2);
        EXPECT_EQ(stderr_, c.message);
        EXPECT_FALSE(fs::exists(output_));
    }
    EXPECT_TRUE(fs::is_directory(directory));
}

TEST_F(ImageCli, UnreadableInput) {
    // A file that opens but cannot be read (offset 0 of a process's memory is unmapped).
    expect_bad_input("riscv64", kernel_, "/proc/self/mem", "/proc/self/mem", "cannot read: Input/output error");
    if (::geteuid() == 0) return;  // root opens any file
    const std::string locked = write("locked.elf", root_task());
    ::chmod(locked.c_str(), 0);
    expect_bad_input("riscv64", kernel_, locked, locked, "cannot open: Permission denied");
}

TEST_F(ImageCli, HugeRootTaskIsRefusedAtPackTime) {
    const std::string big = write("big.elf", root_task_with_bss(std::uint64_t{1} << 30));
    expect_bad_input("riscv64", kernel_, big, big, "root task needs ");
    EXPECT_NE(stderr_.find("the platform has "), std::string::npos) << stderr_;
    // More RAM does not help the root CNode; less RAM turns the 256 MiB one into a memory error.
    const std::string quarter = write("quarter.elf", root_task_with_bss(256ull << 20));
    EXPECT_EQ(pack("riscv64", kernel_, quarter), 1);
    EXPECT_NE(stderr_.find("frame caps for its segments"), std::string::npos) << stderr_;
    EXPECT_EQ(run({"--arch", "riscv64", "--kernel", kernel_, "--root-task", quarter, "--output", output_, "--ram",
                   "128M"}),
              1);
    EXPECT_NE(stderr_.find("(134217728 bytes of RAM (--ram)"), std::string::npos) << stderr_;
    EXPECT_EQ(run({"--arch", "riscv64", "--kernel", kernel_, "--root-task", root_, "--output", output_, "--ram", "2G",
                   "--device-tree-size", "4096"}),
              0)
        << stderr_;
}

TEST_F(ImageCli, UnwritableOutput) {
    output_ = (dir_ / "no-such-dir" / "image.elf").string();
    EXPECT_EQ(pack("riscv64", kernel_, root_), 1);
    expect_one_error_line(output_);
    EXPECT_FALSE(fs::exists(output_));
}

TEST_F(ImageCli, UsageErrors) {
    const std::vector<std::vector<std::string>> cases = {
        {},
        {"--arch", "riscv64", "--kernel", kernel_, "--root-task", root_},  // no --output
        {"--arch", "riscv64", "--kernel", kernel_, "--root-task", root_, "--output"},
        {"--arch", "x86", "--kernel", kernel_, "--root-task", root_, "--output", output_},
        {"--arch", "riscv64", "--kernel", kernel_, "--root-task", root_, "--output", output_, "--verbose"},
        {"--arch", "riscv64", "--arch", "riscv64", "--kernel", kernel_, "--root-task", root_, "--output", output_},
        {"--arch=", "--kernel", kernel_, "--root-task", root_, "--output", output_},
        {"extra", "--arch", "riscv64", "--kernel", kernel_, "--root-task", root_, "--output", output_},
        {"--arch", "riscv64", "--kernel", kernel_, "--root-task", root_, "--output", output_, "--ram", "lots"},
        {"--arch", "riscv64", "--kernel", kernel_, "--root-task", root_, "--output", output_, "--ram", "0"},
        {"--arch", "riscv64", "--kernel", kernel_, "--root-task", root_, "--output", output_, "--device-tree-size",
         "1M"},
        {"--arch", "riscv64", "--kernel", kernel_, "--root-task", root_, "--output", output_, "--device-tree-size",
         "8388608"},
    };
    for (const auto& args : cases) {
        EXPECT_EQ(run(args), 2);
        EXPECT_EQ(stderr_.rfind("tessera-image: error: ", 0), 0u) << stderr_;
        EXPECT_EQ(stderr_.find('\n'), stderr_.size() - 1) << stderr_;
        EXPECT_FALSE(fs::exists(output_));
    }
}

TEST_F(ImageCli, Help) {
    EXPECT_EQ(run({"--help"}), 0);
    EXPECT_EQ(stdout_.rfind("usage: tessera-image --arch riscv64|aarch64", 0), 0u);
    EXPECT_TRUE(stderr_.empty());
}

TEST_F(ImageCli, ExecutableExitStatus) {
    const std::string tool = TESSERA_IMAGE_PATH;
    const auto status = [](const std::string& command) {
        const int raw = std::system((command + " >/dev/null 2>&1").c_str());
        return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    };
    EXPECT_EQ(status(tool + " --bogus"), 2);
    EXPECT_EQ(status(tool + " --arch riscv64 --kernel " + kernel_ + " --root-task " + dir_.string() + " --output " +
                     output_),
              2);  // not an abort (134)
    EXPECT_EQ(status(tool + " --help"), 0);
    EXPECT_EQ(status(tool + " --arch riscv64 --kernel " + kernel_ + " --root-task " + kernel_ + " --output " + output_), 1);
    EXPECT_FALSE(fs::exists(output_));
    EXPECT_EQ(status(tool + " --arch riscv64 --kernel " + kernel_ + " --root-task " + root_ + " --output " + output_), 0);
    EXPECT_TRUE(fs::exists(output_));
}

}  // namespace
