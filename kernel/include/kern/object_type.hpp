// SPDX-License-Identifier: BSD-2-Clause
// seL4 object types as user code names them in Untyped_Retype (MCS numbering,
// sel4-abi.md §6.1, sel4-mcs.md §2.1): 0..6 are generic, the rest belong to
// the arch (<arch/object_types.hpp> maps them), and their sizes (§6.2).
#pragma once

#include <optional>

#include <kern/arch_object_types.hpp>
#include <kern/cap.hpp>
#include <kern/types.hpp>

namespace kern {

enum class ObjectKind : std::uint8_t {
    Untyped,
    Tcb,
    Endpoint,
    Notification,
    CNode,
    SchedContext,
    Reply,
    Frame,      // with a FrameSize
    PageTable,  // any level (the RISC-V root table too)
    VSpace,     // AArch64 level-0 table
};

struct ObjectTypeInfo {
    ObjectKind kind;
    FrameSize frame_size = FrameSize::Small;  // Frame only
};

}  // namespace kern

#include <arch/object_types.hpp>

namespace kern {

inline constexpr word_t generic_object_type_count = 7;  // seL4_NonArchObjectTypeCount

// Whether this arch has a distinct VSpace object (AArch64) or uses its top
// page table as the VSpace (RISC-V).
constexpr bool arch_has_vspace_object() {
    for (const auto& t : arch::arch_object_types)
        if (t.kind == ObjectKind::VSpace) return true;
    return false;
}

// The kind of seL4 object type number `type`, or nullopt if it is not a type
// of this configuration (then Retype fails with InvalidArgument 0).
constexpr std::optional<ObjectTypeInfo> object_type_info(word_t type) {
    switch (type) {
    case 0: return ObjectTypeInfo{ObjectKind::Untyped};
    case 1: return ObjectTypeInfo{ObjectKind::Tcb};
    case 2: return ObjectTypeInfo{ObjectKind::Endpoint};
    case 3: return ObjectTypeInfo{ObjectKind::Notification};
    case 4: return ObjectTypeInfo{ObjectKind::CNode};
    case 5: return ObjectTypeInfo{ObjectKind::SchedContext};
    case 6: return ObjectTypeInfo{ObjectKind::Reply};
    default: break;
    }
    if (type >= arch::object_type_count) return std::nullopt;
    for (const auto& entry : arch::arch_object_types)
        if (entry.number == type) return ObjectTypeInfo{entry.kind, entry.frame_size};
    return std::nullopt;
}

// Object sizes, log2 bytes (sel4-abi.md §6.2; sel4-mcs.md §2.2).
inline constexpr unsigned tcb_bits = 11;
inline constexpr unsigned endpoint_bits = 4;
inline constexpr unsigned notification_bits = 6;
inline constexpr unsigned reply_bits = 5;
inline constexpr unsigned min_sched_context_bits = 7;
inline constexpr unsigned page_table_bits = 12;
inline constexpr unsigned vspace_bits = 12;
inline constexpr unsigned min_untyped_bits = 4;
inline constexpr unsigned max_untyped_bits = arch::max_untyped_bits;

// Size in log2 bytes of one object of `info` with the user's `size_bits`
// argument (meaningful for Untyped, CNode (log2 slots) and SchedContext).
constexpr unsigned object_size_bits(const ObjectTypeInfo& info, word_t size_bits) {
    switch (info.kind) {
    case ObjectKind::Untyped: return static_cast<unsigned>(size_bits);
    case ObjectKind::Tcb: return tcb_bits;
    case ObjectKind::Endpoint: return endpoint_bits;
    case ObjectKind::Notification: return notification_bits;
    case ObjectKind::CNode: return static_cast<unsigned>(size_bits) + 5;  // + seL4_SlotBits
    case ObjectKind::SchedContext: return static_cast<unsigned>(size_bits);
    case ObjectKind::Reply: return reply_bits;
    case ObjectKind::Frame: return frame_size_bits(info.frame_size);
    case ObjectKind::PageTable: return page_table_bits;
    case ObjectKind::VSpace: return vspace_bits;
    }
    return 0;
}

}  // namespace kern
