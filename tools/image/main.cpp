// SPDX-License-Identifier: BSD-2-Clause
#include <iostream>
#include <string>
#include <vector>

#include "image.hpp"

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    return tessera::image::run(args, std::cout, std::cerr);
}
