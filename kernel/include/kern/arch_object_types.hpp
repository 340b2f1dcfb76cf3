// SPDX-License-Identifier: BSD-2-Clause
// The vocabulary arch headers use to list their object types.
#pragma once

#include <kern/cap.hpp>
#include <kern/types.hpp>

namespace kern {

enum class ObjectKind : std::uint8_t;

struct ArchObjectType {
    word_t number;  // seL4 object type number
    ObjectKind kind;
    FrameSize frame_size = FrameSize::Small;
};

}  // namespace kern
