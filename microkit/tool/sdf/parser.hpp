// SPDX-License-Identifier: BSD-2-Clause
// The parser's internal state and its parts: one function per SDF element
// family, then the checks that need the whole system (reference/microkit.md
// §1.12) and the page-size promotion of §1.6. Each returns false once the
// reader holds the error line.
#pragma once

#include <pugixml.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model.hpp"
#include "parse.hpp"
#include "reader.hpp"

namespace microkit::sdf {

// Limits of the SDF (reference/microkit.md §1.3-§1.11, §2.4, §2.5).
// Channel, irq, vcpu and child ids are notification badge bits 0..61; bits 62
// and 63 mark faults and PPCs.
inline constexpr std::uint64_t kMaxChannelId = 61;
inline constexpr std::uint64_t kMaxPriority = 254;  // the monitor runs at 255
inline constexpr std::size_t kMaxProtectionDomains = 63;
inline constexpr std::uint64_t kDefaultBudget = 1000;  // microseconds
inline constexpr std::uint64_t kDefaultStackSize = 0x2000;
inline constexpr std::uint64_t kMinStackSize = 0x1000;
inline constexpr std::uint64_t kMaxStackSize = 16 * 1024 * 1024;
inline constexpr std::uint64_t kSmallPageSize = 0x1000;
inline constexpr std::uint64_t kLargePageSize = 0x200000;
// A PD's root CNode has 64 slots; slot 0 holds the Microkit CNode.
inline constexpr std::uint64_t kRootCNodeSlots = 64;
// The SDK's kernels are built with KernelNumDomains=16 and KernelNumDomainSchedules=100 (§3.7).
inline constexpr std::uint64_t kSdkNumDomains = 16;
inline constexpr std::uint64_t kSdkNumDomainSchedules = 100;

struct Parser {
    Reader& reader;
    const Target& target;
    const FileLookup& lookup;
    SystemDescription system;
    // Per PD, same index as system.pds: the symbols its setvar* attributes
    // already patch (one symbol, one value).
    std::vector<std::set<std::string>> symbols;
};

// The first address a PD map may not reach: the stack's bottom, below the
// guard page under the IPC buffer (§2.8).
std::uint64_t pd_map_limit(const Target& target, std::uint64_t stack_size);
// The first guest-physical address a VM map may not reach: the top of the
// user address space, just above the IPC buffer page.
std::uint64_t vm_map_limit(const Target& target);

// "setvar on symbol 'X' already exists" unless `symbol` is new for PD `pd`.
bool add_symbol(Parser& parser, std::size_t pd, const std::string& symbol, pugi::xml_node element);
// Index of the PD named `name`, if any.
std::optional<std::size_t> find_pd(const SystemDescription& system, const std::string& name);

bool parse_domains(Parser& parser, pugi::xml_node element);
bool parse_protection_domain(Parser& parser, pugi::xml_node element, std::optional<std::size_t> parent);
bool parse_map(Parser& parser, pugi::xml_node element, bool allow_setvar, std::uint64_t limit, Map& map);
bool parse_virtual_machine(Parser& parser, pugi::xml_node element, std::size_t pd);
bool parse_cspace(Parser& parser, pugi::xml_node element, std::size_t pd);
bool parse_memory_region(Parser& parser, pugi::xml_node element);
bool parse_channel(Parser& parser, pugi::xml_node element);

bool check_system(Parser& parser);
// §1.6: an MR without page_size gets the large page size when everything about it is aligned to one.
void promote_page_sizes(SystemDescription& system);
std::vector<std::string> unused_region_warnings(const SystemDescription& system);

}  // namespace microkit::sdf
