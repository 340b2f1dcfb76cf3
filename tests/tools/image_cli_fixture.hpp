// SPDX-License-Identifier: BSD-2-Clause
// tessera-image's command line run in-process in a scratch directory, with
// what it printed kept for the test to check.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "image.hpp"
#include "support/scratch_dir.hpp"

namespace test_support {

class ImageCliTest : public ScratchDirTest {
  protected:
    void SetUp() override {
        ScratchDirTest::SetUp();
        output_ = (dir_ / "image.elf").string();
    }
    int run(const std::vector<std::string>& args) {
        std::ostringstream out, err;
        const int status = tessera::image::run(args, out, err);
        stdout_ = out.str();
        stderr_ = err.str();
        return status;
    }
    int pack(const std::string& arch, const std::string& kernel, const std::string& root_task) {
        return run({"--arch", arch, "--kernel", kernel, "--root-task", root_task, "--output", output_});
    }

    std::string output_, stdout_, stderr_;
};

}  // namespace test_support
