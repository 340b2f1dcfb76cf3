// SPDX-License-Identifier: BSD-2-Clause
// `microkit`: the SDK's tool (cli.hpp). The SDK root is $MICROKIT_SDK, or
// the directory two levels above this executable (<sdk>/bin/microkit).
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli.hpp"

int main(int argc, char** argv) {
    std::string sdk;
    if (const char* from_env = std::getenv("MICROKIT_SDK"); from_env != nullptr && *from_env != '\0') {
        sdk = from_env;
    } else {
        std::error_code ec;
        const std::filesystem::path self = std::filesystem::canonical("/proc/self/exe", ec);
        sdk = ec ? std::string(".") : self.parent_path().parent_path().string();
    }
    return microkit::run_cli(std::vector<std::string>(argv + 1, argv + argc), sdk, std::cout, std::cerr);
}
