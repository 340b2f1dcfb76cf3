// SPDX-License-Identifier: BSD-2-Clause
// From a checked system description and its program images to the system
// specification the initial task builds: every kernel object, capability,
// mapping, interrupt and thread of the system, laid out as Microkit 2.3.0
// lays out a protection domain (reference/microkit.md §2.4, §2.5, §2.8),
// with the symbols libmicrokit and `setvar` rely on patched into each image.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "board.hpp"
#include "elf_image.hpp"
#include "sdf/model.hpp"
#include "spec_builder.hpp"

namespace microkit {

// Microkit's fixed CSpace slots (libmicrokit's microkit.h).
namespace slot {
inline constexpr std::uint64_t input = 1, fault_endpoint = 2, vspace = 3, reply = 4, monitor_endpoint = 5, tcb = 6,
                               notification_base = 10, endpoint_base = 74, irq_base = 138, child_tcb_base = 202;
}
inline constexpr unsigned root_cnode_bits = 6;      // the PD's root CNode: 64 slots
inline constexpr unsigned microkit_cnode_bits = 9;  // its slot 0: the 512-slot Microkit CNode
inline constexpr std::uint64_t ppc_badge = std::uint64_t{1} << 63;
inline constexpr std::uint64_t fault_badge = std::uint64_t{1} << 62;
inline constexpr std::uint64_t sched_context_badge_base = 0x100;

struct PlanInput {
    const Board& board;
    const sdf::SystemDescription& system;
    // One per PD, in system order; plan() patches them.
    std::vector<ElfImage>& images;
    std::vector<std::string> image_paths;  // for messages
    // The contents of each prefilled memory region, by name.
    std::map<std::string, std::vector<std::uint8_t>> prefill;
    bool benchmark = false;  // the PD's own TCB cap in slot 6
};

struct PlannedRegion {
    std::string name;
    std::optional<std::uint64_t> paddr;  // given, or chosen by the tool
    bool chosen = false;                 // the tool chose it (setvar region_paddr)
    std::uint64_t first_frame = 0;       // object index of its first frame
    std::uint64_t frames = 0;
};

struct PlannedPd {
    std::uint64_t tcb, sched_context, notification, endpoint, vspace, cnode, root_cnode;
    std::uint64_t stack_bottom, stack_top;
};

struct Plan {
    SpecBuilder spec;
    std::uint64_t monitor_endpoint = 0;
    std::vector<PlannedRegion> regions;
    std::vector<PlannedPd> pds;
};

// Returns the plan, or nullopt with `error` set to one line.
std::optional<Plan> plan(PlanInput& input, std::string& error);

}  // namespace microkit
