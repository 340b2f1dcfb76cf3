// SPDX-License-Identifier: BSD-2-Clause
// Checks that need the whole system (reference/microkit.md §1.12), in the
// order the Microkit tool makes them, then the page-size promotion of §1.6
// and the unused-region warnings.
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "number.hpp"
#include "parser.hpp"

namespace microkit::sdf {

namespace {

const MemoryRegion* find_mr(const SystemDescription& system, const std::string& name) {
    for (const MemoryRegion& mr : system.mrs) {
        if (mr.name == name) return &mr;
    }
    return nullptr;
}

bool check_names(Parser& parser) {
    const SystemDescription& system = parser.system;
    Reader& reader = parser.reader;
    std::set<std::string> seen;
    for (const ProtectionDomain& pd : system.pds) {
        if (!seen.insert(pd.name).second) return reader.fail("Error: duplicate protection domain name '" + pd.name + "'.");
        if (pd.name == "monitor") {
            return reader.fail("Error: the PD name 'monitor' is reserved for the Microkit Monitor.");
        }
    }
    seen.clear();
    for (const MemoryRegion& mr : system.mrs) {
        if (!seen.insert(mr.name).second) return reader.fail("Error: duplicate memory region name '" + mr.name + "'.");
    }
    seen.clear();
    for (const ProtectionDomain& pd : system.pds) {
        if (pd.virtual_machine && !seen.insert(pd.virtual_machine->name).second) {
            return reader.fail("Error: duplicate virtual machine name '" + pd.virtual_machine->name + "'.");
        }
    }
    return true;
}

// An interrupt has one handler; a PD's irq and channel-end ids share one
// badge namespace; a PPC goes to a strictly higher priority (§1.7, §1.9).
bool check_irqs_and_channels(Parser& parser) {
    const SystemDescription& system = parser.system;
    Reader& reader = parser.reader;
    std::set<std::uint64_t> irqs;
    for (const ProtectionDomain& pd : system.pds) {
        for (const Irq& irq : pd.irqs) {
            if (!irqs.insert(irq.irq).second) {
                return reader.fail("Error: duplicate irq: " + std::to_string(irq.irq) + " in protection domain: '" +
                                   pd.name + "' @ " + pd.position.text());
            }
        }
    }
    std::vector<std::set<std::uint64_t>> ids(system.pds.size());
    auto claim = [&](std::size_t pd, std::uint64_t id) {
        if (ids[pd].insert(id).second) return true;
        return reader.fail("Error: duplicate channel id: " + std::to_string(id) + " in protection domain: '" +
                           system.pds[pd].name + "' @ " + system.pds[pd].position.text());
    };
    for (std::size_t pd = 0; pd < system.pds.size(); ++pd) {
        for (const Irq& irq : system.pds[pd].irqs) {
            if (!claim(pd, irq.id)) return false;
        }
    }
    for (const Channel& channel : system.channels) {
        std::size_t a = *find_pd(system, channel.ends[0].pd);
        std::size_t b = *find_pd(system, channel.ends[1].pd);
        if (!claim(a, channel.ends[0].id) || !claim(b, channel.ends[1].id)) return false;
        for (auto [caller, callee, end] : {std::tuple{a, b, 0}, std::tuple{b, a, 1}}) {
            if (!channel.ends[end].pp) continue;
            const ProtectionDomain& from = system.pds[caller];
            const ProtectionDomain& to = system.pds[callee];
            if (from.priority >= to.priority) {
                return reader.fail(
                    "Error: PPCs must be to protection domains of strictly higher priorities; channel with PPC "
                    "exists from pd " +
                    from.name + " (priority: " + std::to_string(from.priority) + ") to pd " + to.name +
                    " (priority: " + std::to_string(to.priority) + ")");
            }
        }
    }
    return true;
}

// The maps of one address space: each names an MR, is aligned to its page
// size, ends below `limit` and overlaps no other (§1.5).
bool check_maps(Parser& parser, const std::vector<Map>& maps, const std::string& address_space,
                std::uint64_t limit) {
    Reader& reader = parser.reader;
    struct Range {
        const std::string* mr;
        std::uint64_t start, end;
    };
    std::vector<Range> placed;
    for (const Map& map : maps) {
        const std::string at = " @ " + map.position.text();
        const MemoryRegion* mr = find_mr(parser.system, map.mr);
        if (!mr) return reader.fail("Error: invalid memory region name '" + map.mr + "' on 'map'" + at);
        if (map.vaddr % mr->page_size != 0) return reader.fail("Error: invalid vaddr alignment on 'map'" + at);
        std::uint64_t end = map.vaddr + mr->size;
        if (end < map.vaddr) {
            return reader.fail("Error: map for '" + map.mr + "' has address range that overflows" + at);
        }
        if (end > limit) {
            return reader.fail("Error: map for '" + map.mr + "' has virtual address range [" + hex(map.vaddr) + ".." +
                               hex(end) + ") which exceeds valid address space [0x0.." + hex(limit) + ")" + at);
        }
        for (const Range& other : placed) {
            if (map.vaddr < other.end && other.start < end) {
                return reader.fail("Error: map for '" + map.mr + "' has virtual address range [" + hex(map.vaddr) +
                                   ".." + hex(end) + ") which overlaps with map for '" + *other.mr + "' [" +
                                   hex(other.start) + ".." + hex(other.end) + ") in " + address_space + at);
            }
        }
        placed.push_back({&map.mr, map.vaddr, end});
    }
    return true;
}

bool check_all_maps(Parser& parser) {
    for (const ProtectionDomain& pd : parser.system.pds) {
        if (!check_maps(parser, pd.maps, "protection domain '" + pd.name + "'",
                        pd_map_limit(parser.target, pd.stack_size))) {
            return false;
        }
        if (pd.virtual_machine && !check_maps(parser, pd.virtual_machine->maps,
                                              "virtual machine '" + pd.virtual_machine->name + "'",
                                              vm_map_limit(parser.target))) {
            return false;
        }
    }
    return true;
}

bool check_cspaces(Parser& parser) {
    for (const ProtectionDomain& pd : parser.system.pds) {
        std::set<std::uint64_t> slots;
        for (const CspaceCap& cap : pd.cspace_caps) {
            if (!slots.insert(cap.slot).second) {
                return parser.reader.fail("Error: overlapping user caps in slot " + std::to_string(cap.slot) +
                                          " of protection domain '" + pd.name + "' @ " + cap.position.text());
            }
        }
    }
    return true;
}

bool check_physical_addresses(Parser& parser) {
    struct Range {
        const std::string* name;
        std::uint64_t start, end;
    };
    std::vector<Range> placed;
    for (const MemoryRegion& mr : parser.system.mrs) {
        if (!mr.phys_addr) continue;
        std::uint64_t start = *mr.phys_addr;
        std::uint64_t end = start + mr.size;
        if (end < start) {
            return parser.reader.value_error_at(mr.position, "memory_region",
                                                "phys_addr + size overflows the physical address space");
        }
        for (const Range& other : placed) {
            if (start < other.end && other.start < end) {
                return parser.reader.fail("Error: memory region '" + mr.name + "' physical address range [" +
                                          hex(start) + ".." + hex(end) + ") overlaps with another memory region '" +
                                          *other.name + "' [" + hex(other.start) + ".." + hex(other.end) + ") @ " +
                                          mr.position.text());
            }
        }
        placed.push_back({&mr.name, start, end});
    }
    return true;
}

// setvar region_paddr needs a region; setvar_prefill_size a prefilled one.
bool check_setvar_regions(Parser& parser) {
    for (const ProtectionDomain& pd : parser.system.pds) {
        for (const SetVarRegionPaddr& setvar : pd.setvars) {
            if (!find_mr(parser.system, setvar.region)) {
                return parser.reader.fail("Error: invalid memory region name '" + setvar.region + "' on 'setvar' @ " +
                                          setvar.position.text());
            }
        }
        for (const Map& map : pd.maps) {
            if (map.setvar_prefill_size && !find_mr(parser.system, map.mr)->prefill_path) {
                return parser.reader.fail("Error: 'setvar_prefill_size' used for MR '" + map.mr +
                                          "' without a 'prefill_path' @ " + map.position.text());
            }
        }
    }
    return true;
}

}  // namespace

bool check_system(Parser& parser) {
    SystemDescription& system = parser.system;
    Reader& reader = parser.reader;
    for (const ProtectionDomain& pd : system.pds) {
        for (const CspaceCap& cap : pd.cspace_caps) {
            if (!find_pd(system, cap.pd)) {
                return reader.fail("Error: unknown PD name '" + cap.pd + "': " + cap.position.text());
            }
        }
    }
    if (system.pds.empty()) return reader.fail("Error: at least one protection domain must be defined");
    if (system.pds.size() > kMaxProtectionDomains) {
        return reader.fail("Error: too many protection domains (" + std::to_string(system.pds.size()) +
                           ") defined. Maximum is " + std::to_string(kMaxProtectionDomains) + ".");
    }
    return check_names(parser) && check_irqs_and_channels(parser) && check_all_maps(parser) &&
           check_cspaces(parser) && check_physical_addresses(parser) && check_setvar_regions(parser);
}

void promote_page_sizes(SystemDescription& system) {
    auto large_aligned = [](std::uint64_t value) { return value % kLargePageSize == 0; };
    for (MemoryRegion& mr : system.mrs) {
        if (mr.page_size_given || !large_aligned(mr.size)) continue;
        if (mr.phys_addr && !large_aligned(*mr.phys_addr)) continue;
        bool aligned = true;
        for (const ProtectionDomain& pd : system.pds) {
            for (const Map& map : pd.maps) aligned = aligned && (map.mr != mr.name || large_aligned(map.vaddr));
            if (!pd.virtual_machine) continue;
            for (const Map& map : pd.virtual_machine->maps) {
                aligned = aligned && (map.mr != mr.name || large_aligned(map.vaddr));
            }
        }
        if (aligned) mr.page_size = kLargePageSize;
    }
}

std::vector<std::string> unused_region_warnings(const SystemDescription& system) {
    std::set<std::string> mapped;
    for (const ProtectionDomain& pd : system.pds) {
        for (const Map& map : pd.maps) mapped.insert(map.mr);
        if (!pd.virtual_machine) continue;
        for (const Map& map : pd.virtual_machine->maps) mapped.insert(map.mr);
    }
    std::vector<std::string> warnings;
    for (const MemoryRegion& mr : system.mrs) {
        if (!mapped.contains(mr.name)) warnings.push_back("WARNING: unused memory region '" + mr.name + "'");
    }
    return warnings;
}

}  // namespace microkit::sdf
