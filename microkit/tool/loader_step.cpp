// SPDX-License-Identifier: BSD-2-Clause
// Wrapping the boot image in the loader (loader_step.hpp).
#include "loader_step.hpp"

#include <loader_image.hpp>

namespace microkit {

std::optional<std::vector<std::uint8_t>> wrap_in_loader(const Board& board, std::span<const std::uint8_t> loader_elf,
                                                        std::span<const std::uint8_t> boot_image, ImageType type,
                                                        std::string& error) {
    namespace li = loader_image;
    const li::Arch arch = board.arch == Arch::AArch64 ? li::Arch::AArch64 : li::Arch::RiscV64;
    const li::ImageType output = type == ImageType::Binary ? li::ImageType::Binary
                                 : type == ImageType::Elf  ? li::ImageType::Elf
                                                           : li::ImageType::UImage;
    li::BuildResult built = li::build_loader_image(arch, loader_elf, boot_image, output);
    if (!built.ok()) {
        error = built.error;
        return std::nullopt;
    }
    return std::move(built.image);
}

}  // namespace microkit
