// SPDX-License-Identifier: BSD-2-Clause
// microkit_loader_image (microkit/loader/host): loader.img as a binary, an
// ELF and a uImage from small in-memory ELFs, the kernel entry QEMU's direct
// boot would use, and one precise line for every bad input.
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <bootimage/payload.hpp>
#include <elf/elf.hpp>
#include <loader/payload.hpp>
#include <loader_image.hpp>

#include "support/elf_builder.hpp"

namespace {

using namespace microkit::loader_image;
using test_support::ElfBuilder;
using test_support::SegmentSpec;
namespace payload = microkit_loader;

constexpr std::uint16_t em_aarch64 = 183, em_riscv = 243;
constexpr std::uint32_t rx = 5, rw = 6;
// The kernels' windows (kernel/arch/*/linker scripts): vaddr = paddr + offset.
constexpr std::int64_t aarch64_window = -static_cast<std::int64_t>(0xffffff8000000000ull);
constexpr std::int64_t riscv_window = -static_cast<std::int64_t>(0xffffffc000000000ull);

// A loader as microkit-loader-<arch>-<config>.elf is laid out: one RWX
// segment at the link address, its .bss and stack past the file bytes.
std::vector<std::uint8_t> fake_loader(std::uint16_t machine, std::uint64_t link) {
    return ElfBuilder(machine).entry(link).segment(link, 0x1800, 7, 0x2400).build();
}

SegmentSpec window_segment(std::uint64_t vaddr, std::uint64_t size, std::uint32_t flags, std::int64_t delta,
                           std::uint64_t memsz = 0) {
    SegmentSpec spec;
    spec.vaddr = vaddr;
    spec.flags = flags;
    spec.memsz = memsz;
    spec.paddr_delta = delta;
    spec.data.resize(size);
    for (std::size_t i = 0; i < size; ++i) spec.data[i] = static_cast<std::uint8_t>(i * 5 + (vaddr >> 12));
    return spec;
}

// A boot image as tessera-image writes one for AArch64: identity-mapped
// boot code (the physical entry), window text, data with .bss, the payload.
std::vector<std::uint8_t> aarch64_boot_image(std::uint64_t entry = 0x40200000) {
    return ElfBuilder(em_aarch64)
        .entry(entry)
        .segment(window_segment(0x40200000, 0x100, rx, 0))
        .segment(window_segment(0xffffff8040201000ull, 0x200, rx, aarch64_window))
        .segment(window_segment(0xffffff8040203000ull, 0x10, rw, aarch64_window, 0x2000))
        .segment(window_segment(0xffffff8040205000ull, 0x345, 4, aarch64_window))
        .build();
}

// RISC-V: everything in the window, e_entry virtual.
std::vector<std::uint8_t> riscv_boot_image(std::uint64_t entry = 0xffffffc080200000ull) {
    return ElfBuilder(em_riscv)
        .entry(entry)
        .segment(window_segment(0xffffffc080200000ull, 0x300, rx, riscv_window))
        .segment(window_segment(0xffffffc080201000ull, 0x10, rw, riscv_window, 0x1000))
        .segment(window_segment(0xffffffc080202000ull, 0x99, 4, riscv_window))
        .build();
}

std::uint32_t be32(const std::vector<std::uint8_t>& bytes, std::size_t at) {
    return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) |
           (std::uint32_t{bytes[at + 2]} << 8) | bytes[at + 3];
}

std::vector<std::uint8_t> slice(const std::vector<std::uint8_t>& bytes, std::size_t at, std::size_t size) {
    return std::vector<std::uint8_t>(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                                     bytes.begin() + static_cast<std::ptrdiff_t>(at + size));
}

std::string build_error(Arch arch, const std::vector<std::uint8_t>& loader, const std::vector<std::uint8_t>& boot,
                        ImageType type) {
    const BuildResult result = build_loader_image(arch, loader, boot, type);
    EXPECT_FALSE(result.ok());
    EXPECT_TRUE(result.image.empty());
    EXPECT_EQ(result.error.find('\n'), std::string::npos) << "one line: " << result.error;
    return result.error;
}

TEST(LoaderImage, NamesAndDefaults) {
    EXPECT_EQ(parse_arch("aarch64"), Arch::AArch64);
    EXPECT_EQ(parse_arch("riscv64"), Arch::RiscV64);
    EXPECT_FALSE(parse_arch("x86_64"));
    EXPECT_EQ(parse_image_type("binary"), ImageType::Binary);
    EXPECT_EQ(parse_image_type("elf"), ImageType::Elf);
    EXPECT_EQ(parse_image_type("uimage"), ImageType::UImage);
    EXPECT_FALSE(parse_image_type("UIMAGE"));
    EXPECT_EQ(image_type_name(ImageType::UImage), "uimage");
    EXPECT_EQ(arch_name(Arch::RiscV64), "riscv64");
    EXPECT_EQ(default_image_type(Arch::AArch64), ImageType::Binary);
    EXPECT_EQ(default_image_type(Arch::RiscV64), ImageType::UImage);
    EXPECT_EQ(loader_link_address(Arch::AArch64), 0x70000000u);
    EXPECT_EQ(loader_link_address(Arch::RiscV64), 0x90000000u);
}

TEST(LoaderImage, FlattensTheLoaderToItsPageAlignedEnd) {
    const std::vector<std::uint8_t> elf_file = fake_loader(em_aarch64, 0x70000000);
    const LoaderBinary loader = flatten_loader(Arch::AArch64, elf_file);
    ASSERT_TRUE(loader.ok()) << loader.error;
    EXPECT_EQ(loader.link_address, 0x70000000u);
    ASSERT_EQ(loader.bytes.size(), 0x3000u);  // 0x2400 of memory, rounded up to the page
    EXPECT_EQ(loader.end_address(), 0x70003000u);
    const std::uint64_t offset = test_support::get_le(elf_file, test_support::elf_offsets::phdr(0, 8), 8);
    EXPECT_EQ(slice(loader.bytes, 0, 0x1800), slice(elf_file, offset, 0x1800));
    for (std::size_t i = 0x1800; i < loader.bytes.size(); ++i) ASSERT_EQ(loader.bytes[i], 0) << i;
}

TEST(LoaderImage, BinaryIsTheLoaderThenThePayload) {
    const std::vector<std::uint8_t> loader_elf = fake_loader(em_aarch64, 0x70000000);
    const std::vector<std::uint8_t> boot = aarch64_boot_image();
    const BuildResult result = build_loader_image(Arch::AArch64, loader_elf, boot, ImageType::Binary);
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.payload_offset, 0x3000u);
    EXPECT_EQ(slice(result.image, 0, 0x3000), flatten_loader(Arch::AArch64, loader_elf).bytes);

    const std::uint8_t* p = result.image.data() + result.payload_offset;
    const std::uint64_t available = result.image.size() - result.payload_offset;
    const payload::Span reserved[] = {{0x70000000, 0x70003000, "the loader"},
                                      {0x70003000, 0x70003000 + available, "the payload"}};
    const payload::Check check = payload::validate(p, available, payload::Limits{reserved, 2, nullptr, 0});
    ASSERT_TRUE(check.ok());
    const payload::PayloadHeader header = payload::read_header(p);
    EXPECT_EQ(header.total_size, available);
    EXPECT_EQ(header.kernel_entry, 0x40200000u);
    ASSERT_EQ(header.region_count, 4u);
    const std::uint64_t destinations[] = {0x40200000, 0x40201000, 0x40203000, 0x40205000};
    const std::uint64_t file_sizes[] = {0x100, 0x200, 0x10, 0x345};
    const std::uint64_t memory_sizes[] = {0x100, 0x200, 0x2000, 0x345};
    for (std::uint64_t i = 0; i < 4; ++i) {
        const payload::Region r = payload::read_region(p, i);
        EXPECT_EQ(r.destination, destinations[i]);
        EXPECT_EQ(r.file_size, file_sizes[i]);
        EXPECT_EQ(r.memory_size, memory_sizes[i]);
        EXPECT_EQ(r.offset % 8, 0u);
        const std::uint64_t source = test_support::get_le(boot, test_support::elf_offsets::phdr(i, 8), 8);
        EXPECT_EQ(slice(result.image, result.payload_offset + r.offset, r.file_size),
                  slice(boot, source, r.file_size))
            << "region " << i;
    }
}

TEST(LoaderImage, ElfHoldsTheBinaryInOneSegmentAtTheLinkAddress) {
    std::vector<std::uint8_t> loader_elf = fake_loader(em_riscv, 0x90000000);
    test_support::put_le(loader_elf, 48, 0x5, 4);  // e_flags: RVC, double-float ABI
    const std::vector<std::uint8_t> boot = riscv_boot_image();
    const BuildResult binary = build_loader_image(Arch::RiscV64, loader_elf, boot, ImageType::Binary);
    const BuildResult elf_image = build_loader_image(Arch::RiscV64, loader_elf, boot, ImageType::Elf);
    ASSERT_TRUE(binary.ok() && elf_image.ok()) << binary.error << elf_image.error;
    const std::vector<std::uint8_t>& file = elf_image.image;
    const elf::Diagnosis d =
        elf::check_executable(file.data(), file.size(), elf::Machine::RiscV64, ~std::uint64_t{0});
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(elf::header(file.data()).e_entry, 0x90000000u);
    EXPECT_EQ(elf::header(file.data()).e_flags, 0x5u);
    ASSERT_EQ(elf::header(file.data()).e_phnum, 1);
    const elf::Phdr& ph = elf::program_header(file.data(), 0);
    EXPECT_EQ(ph.p_type, elf::PT_LOAD);
    EXPECT_EQ(ph.p_flags, elf::PF_R | elf::PF_W | elf::PF_X);
    EXPECT_EQ(ph.p_vaddr, 0x90000000u);
    EXPECT_EQ(ph.p_paddr, 0x90000000u);
    EXPECT_EQ(ph.p_filesz, binary.image.size());
    EXPECT_EQ(ph.p_memsz, binary.image.size());
    EXPECT_EQ(slice(file, ph.p_offset, ph.p_filesz), binary.image);
    EXPECT_EQ(elf_image.payload_offset, ph.p_offset + binary.payload_offset);
}

TEST(LoaderImage, UImageHasTheLegacyHeaderQemuLoads) {
    const std::vector<std::uint8_t> loader_elf = fake_loader(em_riscv, 0x90000000);
    const std::vector<std::uint8_t> boot = riscv_boot_image();
    const BuildResult binary = build_loader_image(Arch::RiscV64, loader_elf, boot, ImageType::Binary);
    const BuildResult uimage = build_loader_image(Arch::RiscV64, loader_elf, boot, ImageType::UImage);
    ASSERT_TRUE(binary.ok() && uimage.ok()) << binary.error << uimage.error;
    const std::vector<std::uint8_t>& u = uimage.image;
    ASSERT_EQ(u.size(), 64 + binary.image.size());
    EXPECT_EQ(be32(u, 0), 0x27051956u);             // magic
    EXPECT_EQ(be32(u, 8), 0u);                      // no timestamp: reproducible
    EXPECT_EQ(be32(u, 12), binary.image.size());    // data size
    EXPECT_EQ(be32(u, 16), 0x90000000u);            // load address
    EXPECT_EQ(be32(u, 20), 0x90000000u);            // entry point
    EXPECT_EQ(be32(u, 24), bootimage::crc32(binary.image.data(), binary.image.size()));
    EXPECT_EQ(u[28], 5);   // OS Linux
    EXPECT_EQ(u[29], 26);  // arch RISC-V
    EXPECT_EQ(u[30], 2);   // type kernel
    EXPECT_EQ(u[31], 0);   // no compression
    EXPECT_STREQ(reinterpret_cast<const char*>(u.data() + 32), "Tessera Microkit loader");
    std::vector<std::uint8_t> header = slice(u, 0, 64);
    const std::uint32_t header_crc = be32(header, 4);
    header[4] = header[5] = header[6] = header[7] = 0;
    EXPECT_EQ(header_crc, bootimage::crc32(header.data(), header.size()));
    EXPECT_EQ(slice(u, 64, binary.image.size()), binary.image);
    EXPECT_EQ(uimage.payload_offset, 64 + binary.payload_offset);
}

TEST(LoaderImage, UImageIsRiscVOnly) {
    EXPECT_EQ(build_error(Arch::AArch64, fake_loader(em_aarch64, 0x70000000), aarch64_boot_image(), ImageType::UImage),
              "building the output image as 'uimage' is unsupported for target architecture 'aarch64'");
    std::vector<std::uint8_t> out;
    EXPECT_EQ(wrap_output(Arch::AArch64, ImageType::UImage, 0x70000000, 0, std::vector<std::uint8_t>(16), out),
              "building the output image as 'uimage' is unsupported for target architecture 'aarch64'");
    EXPECT_EQ(wrap_output(Arch::RiscV64, ImageType::UImage, 0x100000000ull, 0, std::vector<std::uint8_t>(16), out),
              "a uImage holds 32-bit addresses and sizes: the loader and payload (16 bytes at 0x100000000) do not "
              "fit");
    EXPECT_TRUE(out.empty());
}

TEST(LoaderImage, EntryIsTheOneQemuDirectBootUses) {
    const LoaderBinary a_loader = flatten_loader(Arch::AArch64, fake_loader(em_aarch64, 0x70000000));
    // AArch64: a physical entry stays; a virtual one inside an executable
    // segment linked elsewhere moves to its physical address.
    EXPECT_EQ(make_payload(Arch::AArch64, aarch64_boot_image(0x40200010), a_loader).kernel_entry, 0x40200010u);
    EXPECT_EQ(make_payload(Arch::AArch64, aarch64_boot_image(0xffffff8040201010ull), a_loader).kernel_entry,
              0x40201010u);
    // RISC-V: the lowest physical load address, whatever e_entry says.
    const LoaderBinary r_loader = flatten_loader(Arch::RiscV64, fake_loader(em_riscv, 0x90000000));
    EXPECT_EQ(make_payload(Arch::RiscV64, riscv_boot_image(), r_loader).kernel_entry, 0x80200000u);
    EXPECT_EQ(make_payload(Arch::RiscV64, riscv_boot_image(0xffffffc080200100ull), r_loader).kernel_entry,
              0x80200000u);
}

TEST(LoaderImage, BadLoaderElf) {
    const std::vector<std::uint8_t> boot = aarch64_boot_image();
    std::vector<std::uint8_t> not_elf(200, 'x');
    EXPECT_EQ(build_error(Arch::AArch64, not_elf, boot, ImageType::Binary), "loader ELF: not an ELF file (bad magic)");
    EXPECT_EQ(build_error(Arch::AArch64, slice(fake_loader(em_aarch64, 0x70000000), 0, 40), boot, ImageType::Binary),
              "loader ELF: truncated: 40 bytes is too short for an ELF header");
    EXPECT_EQ(build_error(Arch::AArch64, fake_loader(em_riscv, 0x70000000), boot, ImageType::Binary),
              "loader ELF: wrong machine: EM 243 (expected 183, AArch64)");
    std::vector<std::uint8_t> cut = fake_loader(em_aarch64, 0x70000000);
    cut.resize(cut.size() - 1);
    EXPECT_EQ(build_error(Arch::AArch64, cut, boot, ImageType::Binary),
              "loader ELF: segment 0 file bytes [0x1000, +0x1800) lie outside the file (10239 bytes)");
    EXPECT_EQ(build_error(Arch::AArch64, fake_loader(em_aarch64, 0x70100000), boot, ImageType::Binary),
              "loader ELF: linked at 0x70100000, expected 0x70000000 (Microkit's aarch64 loader address)");
    const std::vector<std::uint8_t> late_entry =
        ElfBuilder(em_aarch64).entry(0x70000100).segment(0x70000000, 0x1800, 7).build();
    EXPECT_EQ(build_error(Arch::AArch64, late_entry, boot, ImageType::Binary),
              "loader ELF: entry point 0x70000100 is not its first byte 0x70000000 (QEMU starts the loader at its "
              "load address)");
    SegmentSpec moved = window_segment(0x70000000, 0x100, 7, 0x1000);
    const std::vector<std::uint8_t> not_identity = ElfBuilder(em_aarch64).entry(0x70000000).segment(moved).build();
    EXPECT_EQ(build_error(Arch::AArch64, not_identity, boot, ImageType::Binary),
              "loader ELF: segment at vaddr 0x70000000 has paddr 0x70001000; the loader runs with the MMU off, so "
              "every PT_LOAD must have p_vaddr == p_paddr");
    const std::vector<std::uint8_t> spread =
        ElfBuilder(em_aarch64).entry(0x70000000).segment(0x70000000, 0x10, 7).segment(0x80000000, 0x10, 6).build();
    EXPECT_EQ(build_error(Arch::AArch64, spread, boot, ImageType::Binary),
              "loader ELF: segments span [0x70000000, 0x80001000), more than 64 MiB");
}

TEST(LoaderImage, BadBootImage) {
    const std::vector<std::uint8_t> loader = fake_loader(em_riscv, 0x90000000);
    EXPECT_EQ(build_error(Arch::RiscV64, loader, std::vector<std::uint8_t>(3, 0x7f), ImageType::UImage),
              "boot image: truncated: 3 bytes is too short for an ELF header");
    EXPECT_EQ(build_error(Arch::RiscV64, loader, std::vector<std::uint8_t>(100, 0), ImageType::UImage),
              "boot image: not an ELF file (bad magic)");
    EXPECT_EQ(build_error(Arch::RiscV64, loader, aarch64_boot_image(), ImageType::UImage),
              "boot image: wrong machine: EM 183 (expected 243, RISC-V)");
    std::vector<std::uint8_t> cut = riscv_boot_image();
    cut.resize(cut.size() - 0x10);
    EXPECT_EQ(build_error(Arch::RiscV64, loader, cut, ImageType::UImage).rfind("boot image: segment 2 file bytes", 0),
              0u);
    // Entry in no executable segment, neither by vaddr nor by paddr.
    EXPECT_EQ(build_error(Arch::RiscV64, loader, riscv_boot_image(0x80201000), ImageType::UImage),
              "boot image: entry point 0x80201000 is not inside an executable (PF_X) PT_LOAD segment");
}

TEST(LoaderImage, BootImageMustNotOverwriteTheLoaderOrItsPayload) {
    const std::vector<std::uint8_t> loader = fake_loader(em_riscv, 0x90000000);  // [0x90000000, 0x90003000)
    const std::vector<std::uint8_t> onto_loader = ElfBuilder(em_riscv)
                                                      .entry(0x80200000)
                                                      .segment(0x80200000, 0x100, rx)
                                                      .segment(0x90002000, 0x100, rw, 0x1001)
                                                      .build();
    EXPECT_EQ(build_error(Arch::RiscV64, loader, onto_loader, ImageType::Elf),
              "boot image: region 1 [0x90002000, 0x90003001) overlaps the loader [0x90000000, 0x90003000)");
    const std::vector<std::uint8_t> onto_payload = ElfBuilder(em_riscv)
                                                       .entry(0x80200000)
                                                       .segment(0x80200000, 0x100, rx)
                                                       .segment(0x90003000, 0x8, rw)
                                                       .build();
    const std::string error = build_error(Arch::RiscV64, loader, onto_payload, ImageType::Binary);
    // Header 40 + 2 regions of 32 + 0x100 + 8 bytes: the payload is 0x170 bytes.
    EXPECT_EQ(error, "boot image: region 1 [0x90003000, 0x90003008) overlaps the payload [0x90003000, 0x90003170)");
}

TEST(LoaderImage, BootImageSegmentsMustNotOverlapPhysically) {
    // Different virtual addresses, same physical page.
    const std::vector<std::uint8_t> aliased = ElfBuilder(em_aarch64)
                                                  .entry(0x40200000)
                                                  .segment(window_segment(0x40200000, 0x100, rx, 0))
                                                  .segment(window_segment(0xffffff8040200080ull, 0x10, rw, aarch64_window))
                                                  .build();
    EXPECT_EQ(build_error(Arch::AArch64, fake_loader(em_aarch64, 0x70000000), aliased, ImageType::Binary),
              "boot image: region 1 [0x40200080, 0x40200090) overlaps region 0 [0x40200000, 0x40200100)");
}

}  // namespace
