// SPDX-License-Identifier: BSD-2-Clause
// What the planner's parts share (planner.cpp: regions, symbols, channels;
// pd_planner.cpp: one protection domain).
#pragma once

#include <string>
#include <vector>

#include "planner.hpp"

namespace microkit::detail {

struct Masks {
    std::uint64_t irqs = 0, notifications = 0, pps = 0;
};

struct Planner {
    PlanInput& input;
    Plan plan;
    std::vector<Masks> masks;          // per PD
    std::vector<bool> needs_endpoint;  // per PD: children, or the callee of a PPC
    std::string error;
    std::size_t pd_index(const std::string& name) const;
    // The index of the memory region `name` (the parser checked every name).
    std::size_t region_index(const std::string& name) const;
};

std::string hex(std::uint64_t value);
std::uint64_t cap(Planner& p, std::uint64_t cnode, std::uint64_t slot, microkit_spec::CapKind kind,
                  std::uint64_t object, std::uint64_t rights, std::uint64_t badge);

// The objects, address space, CSpace, interrupts and thread of PD `index`
// (its parent, if any, is already made). False with p.error set on failure.
bool make_pd(Planner& p, std::size_t index);
// What refers to other PDs: the parent's cap to this child's TCB and the
// `<cspace>` caps.
void connect_pd(Planner& p, std::size_t index);

}  // namespace microkit::detail
