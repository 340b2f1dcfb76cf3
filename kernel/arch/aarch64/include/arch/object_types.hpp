// SPDX-License-Identifier: BSD-2-Clause
// AArch64 (no hypervisor) object type numbers, MCS (sel4-abi.md §6.1) and
// limits (§6.2).
#pragma once

#include <kern/arch_object_types.hpp>

namespace arch {

inline constexpr kern::word_t object_type_count = 12;  // seL4_ObjectTypeCount
inline constexpr unsigned max_untyped_bits = 47;       // seL4_MaxUntypedBits
inline constexpr kern::ArchObjectType arch_object_types[] = {
    {7, kern::ObjectKind::Frame, kern::FrameSize::Huge},   // seL4_ARM_HugePageObject
    {8, kern::ObjectKind::VSpace},                         // seL4_ARM_VSpaceObject
    {9, kern::ObjectKind::Frame, kern::FrameSize::Small},  // seL4_ARM_SmallPageObject
    {10, kern::ObjectKind::Frame, kern::FrameSize::Large}, // seL4_ARM_LargePageObject
    {11, kern::ObjectKind::PageTable},                     // seL4_ARM_PageTableObject
};

}  // namespace arch
