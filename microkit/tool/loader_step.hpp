// SPDX-License-Identifier: BSD-2-Clause
// The last step of a build: the boot image (kernel + initial task) wrapped
// in the loader, as the image type asks (microkit/loader/host).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "board.hpp"
#include "build.hpp"

namespace microkit {

std::optional<std::vector<std::uint8_t>> wrap_in_loader(const Board& board, std::span<const std::uint8_t> loader_elf,
                                                        std::span<const std::uint8_t> boot_image, ImageType type,
                                                        std::string& error);

}  // namespace microkit
