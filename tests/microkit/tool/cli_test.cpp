// SPDX-License-Identifier: BSD-2-Clause
// The `microkit` command line on a temporary SDK made of this build's
// kernel, loader and initial task: usage errors, bad inputs (missing,
// directory, truncated, not XML), and a good build's outputs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli.hpp"
#include "fixture.hpp"
#include "support/scratch_dir.hpp"

namespace {

namespace fs = std::filesystem;

class MicrokitCli : public test_support::ScratchDirTest {
protected:
    void SetUp() override {
        ScratchDirTest::SetUp();
        const fs::path elf = dir_ / "sdk/board/qemu_virt_aarch64/debug/elf";
        fs::create_directories(elf);
        fs::create_directories(dir_ / "sdk/board/qemu_virt_aarch64/release");
        fs::copy_file(KERNEL_AARCH64, elf / "sel4.elf");
        fs::copy_file(LOADER_AARCH64, elf / "loader.elf");
        fs::copy_file(INITIALISER_AARCH64, elf / "initialiser.elf");
        fs::create_directories(dir_ / "pds");
        fs::copy_file(FIXTURE_PD_AARCH64, dir_ / "pds/pd.elf");
        write("good.system",
              "<system>\n  <protection_domain name=\"alpha\" priority=\"10\">\n"
              "    <program_image path=\"pd.elf\" />\n  </protection_domain>\n</system>\n");
    }
    int run(std::vector<std::string> args) {
        out_.str("");
        err_.str("");
        return microkit::run_cli(args, (dir_ / "sdk").string(), out_, err_);
    }
    std::vector<std::string> build_args(const std::string& system) {
        return {(dir_ / system).string(), "--board", "qemu_virt_aarch64", "--config", "debug",
                "--search-path", (dir_ / "pds").string(), "-o", (dir_ / "loader.img").string(),
                "-r", (dir_ / "report.txt").string()};
    }
    std::string last_error_line() const {
        std::string text = err_.str(), line, last;
        std::istringstream in(text);
        while (std::getline(in, line)) last = line;
        return last;
    }

    std::ostringstream out_, err_;
};

TEST_F(MicrokitCli, UsageErrorsAreOneLineAndStatusTwo) {
    EXPECT_EQ(run({}), 2);
    EXPECT_EQ(last_error_line(), "microkit: error: the following arguments are required: --board, --config, system");
    EXPECT_EQ(run({"x.system", "--board", "nope", "--config", "debug"}), 2);
    EXPECT_EQ(last_error_line(),
              "microkit: error: argument --board: unknown parameter 'nope' (choose from: qemu_virt_aarch64, "
              "qemu_virt_riscv64)");
    EXPECT_EQ(run({"x.system", "--board", "qemu_virt_aarch64", "--config", "fast"}), 2);
    EXPECT_EQ(last_error_line(), "microkit: error: argument --config: invalid choice 'fast' (choose from: debug, release)");
    EXPECT_EQ(run({"x.system", "--board", "qemu_virt_aarch64", "--config", "debug", "--image-type", "uimage"}), 2);
    EXPECT_EQ(last_error_line(),
              "microkit: error: building the output image as 'uimage' is unsupported for target architecture 'aarch64'");
    EXPECT_EQ(run({"x.system", "y.system", "--board", "qemu_virt_aarch64", "--config", "debug"}), 2);
    EXPECT_EQ(last_error_line(), "microkit: error: unrecognized argument 'y.system'");
    EXPECT_EQ(run({"--help"}), 0);
    EXPECT_NE(out_.str().find("--search-path"), std::string::npos);
}

TEST_F(MicrokitCli, BadInputsFailWithoutOutput) {
    EXPECT_EQ(run(build_args("missing.system")), 1);
    EXPECT_EQ(last_error_line(),
              "microkit: error: system description file '" + (dir_ / "missing.system").string() + "' does not exist");
    fs::create_directories(dir_ / "dir.system");
    EXPECT_EQ(run(build_args("dir.system")), 1);
    EXPECT_NE(last_error_line().find("is not a regular file"), std::string::npos) << last_error_line();
    write("empty.system", "");
    EXPECT_EQ(run(build_args("empty.system")), 1);
    write("nopd.system", "<system>\n  <protection_domain name=\"a\">\n    <program_image path=\"none.elf\"/>\n"
                         "  </protection_domain>\n</system>\n");
    EXPECT_EQ(run(build_args("nopd.system")), 1);
    EXPECT_EQ(last_error_line(), "microkit: error: unable to find program image: 'none.elf'");
    // A truncated program image.
    std::vector<std::uint8_t> bytes = microkit_test::read_bytes(FIXTURE_PD_AARCH64);
    bytes.resize(bytes.size() / 3);
    write("pds/pd.elf", bytes);
    EXPECT_EQ(run(build_args("good.system")), 1);
    EXPECT_NE(last_error_line().find("of PD 'alpha' is not usable"), std::string::npos) << last_error_line();
    EXPECT_FALSE(fs::exists(dir_ / "loader.img"));
    EXPECT_FALSE(fs::exists(dir_ / "report.txt"));
    // The SDK lacks the loader.
    fs::remove(dir_ / "sdk/board/qemu_virt_aarch64/debug/elf/loader.elf");
    EXPECT_EQ(run(build_args("good.system")), 1);
    EXPECT_NE(last_error_line().find("loader ELF '"), std::string::npos) << last_error_line();
}

TEST_F(MicrokitCli, ABuildWritesImageReportAndGraph) {
    std::vector<std::string> args = build_args("good.system");
    args.push_back("--graph");
    args.push_back((dir_ / "system.svg").string());
    ASSERT_EQ(run(args), 0) << err_.str();
    EXPECT_EQ(err_.str(), "");
    EXPECT_NE(out_.str().find("MICROKIT|LOADER: image file size = "), std::string::npos);
    EXPECT_GT(fs::file_size(dir_ / "loader.img"), 0u);
    std::ifstream report(dir_ / "report.txt");
    const std::string text((std::istreambuf_iterator<char>(report)), std::istreambuf_iterator<char>());
    for (const char* section : {"# Initial Task Details", "# IRQ Details", "# TCB Details", "# CNode Details",
                                "# Kernel Objects Details", "tcb:alpha"})
        EXPECT_NE(text.find(section), std::string::npos) << section;
    std::ifstream svg(dir_ / "system.svg");
    const std::string graph((std::istreambuf_iterator<char>(svg)), std::istreambuf_iterator<char>());
    EXPECT_EQ(graph.rfind("<svg", 0), 0u);
    EXPECT_NE(graph.find(">alpha</text>"), std::string::npos);
}

}  // namespace

namespace {

TEST_F(MicrokitCli, RefusesARegionFixedWhereTheKernelBoots) {
    write("clash.system",
          "<system>\n  <memory_region name=\"dma\" size=\"0x1000\" phys_addr=\"0x40300000\" />\n"
          "  <protection_domain name=\"alpha\" priority=\"10\">\n    <program_image path=\"pd.elf\" />\n"
          "    <map mr=\"dma\" vaddr=\"0x4000000\" />\n  </protection_domain>\n</system>\n");
    EXPECT_EQ(run(build_args("clash.system")), 1);
    const std::string expected = "microkit: error: memory region 'dma' at physical [0x40300000..0x40301000) overlaps "
                                 "the memory the kernel and the initial task use at boot on qemu_virt_aarch64: "
                                 "[0x40000000..0x";
    EXPECT_EQ(last_error_line().substr(0, expected.size()), expected) << last_error_line();
    // Just below 0x60000000, where sDDF's generated systems put DMA regions, is free.
    write("dma.system",
          "<system>\n  <memory_region name=\"dma\" size=\"0x200000\" phys_addr=\"0x5fe00000\" />\n"
          "  <protection_domain name=\"alpha\" priority=\"10\">\n    <program_image path=\"pd.elf\" />\n"
          "    <map mr=\"dma\" vaddr=\"0x4000000\" />\n  </protection_domain>\n</system>\n");
    EXPECT_EQ(run(build_args("dma.system")), 0) << err_.str();
}

}  // namespace

namespace {

TEST_F(MicrokitCli, DescriptionErrorsCarryOnePrefix) {
    write("broken.system", "<system>\n  <protection_domain name=\"a\">\n</system>\n");
    EXPECT_EQ(run(build_args("broken.system")), 1);
    EXPECT_EQ(last_error_line().rfind("microkit: error: could not parse '", 0), 0u) << last_error_line();
    write("bad_attr.system", "<system>\n  <protection_domain name=\"a\" colour=\"red\">\n"
                             "    <program_image path=\"pd.elf\" />\n  </protection_domain>\n</system>\n");
    EXPECT_EQ(run(build_args("bad_attr.system")), 1);
    EXPECT_EQ(last_error_line(), "microkit: error: invalid attribute 'colour' on element 'protection_domain': " +
                                     (dir_ / "bad_attr.system").string() + ":2:3");
}

}  // namespace
