// SPDX-License-Identifier: BSD-2-Clause
// RISC-V (Sv39) object type numbers, MCS (sel4-abi.md §6.1) and limits (§6.2).
#pragma once

#include <kern/arch_object_types.hpp>

namespace arch {

inline constexpr kern::word_t object_type_count = 11;  // seL4_ObjectTypeCount
inline constexpr unsigned max_untyped_bits = 38;       // seL4_MaxUntypedBits
inline constexpr kern::ArchObjectType arch_object_types[] = {
    {7, kern::ObjectKind::Frame, kern::FrameSize::Huge},   // seL4_RISCV_Giga_Page
    {8, kern::ObjectKind::Frame, kern::FrameSize::Small},  // seL4_RISCV_4K_Page
    {9, kern::ObjectKind::Frame, kern::FrameSize::Large},  // seL4_RISCV_Mega_Page
    {10, kern::ObjectKind::PageTable},                     // seL4_RISCV_PageTableObject
};

}  // namespace arch
