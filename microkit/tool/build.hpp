// SPDX-License-Identifier: BSD-2-Clause
// The whole build of a system image, from the system description file to
// the bytes of loader.img, the report and the system graph. Separate from
// the command line so host tests can run it on files they make.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "board.hpp"

namespace microkit {

enum class ImageType { Binary, Elf, UImage };

struct BuildRequest {
    const Board* board = nullptr;
    std::string config;                      // debug, release or benchmark
    std::string system_path;                 // the .system file
    std::vector<std::string> search_paths;   // for program images and prefill files; the cwd comes last
    std::string kernel_path, loader_path, initialiser_path;  // from the SDK's board directory
    ImageType image_type = ImageType::Binary;
    bool want_graph = false;
};

struct BuildResult {
    std::vector<std::uint8_t> image;     // loader.img
    std::vector<std::uint8_t> boot_image;  // kernel + initial task, as tessera-image packs them (what the loader carries)
    std::string report;
    std::string graph;                   // SVG, if asked for
    std::vector<std::string> messages;   // warnings and the summary lines, for stdout
    std::string error;                   // one line; empty on success
    bool ok() const { return error.empty(); }
};

BuildResult build_system(const BuildRequest& request);

}  // namespace microkit
