// SPDX-License-Identifier: BSD-2-Clause
// Planning a system (planner.hpp): memory regions and their physical
// addresses, the symbols patched into each image, then each protection
// domain's objects, address space and CSpace, then channels and interrupts.
#include "planner.hpp"

#include <algorithm>
#include <sstream>

#include <sel4/shared_types.h>

#include "planner_detail.hpp"

namespace microkit {

using namespace microkit_spec;

namespace detail {

std::string hex(std::uint64_t value) {
    std::ostringstream out;
    out << "0x" << std::hex << value;
    return out.str();
}

std::uint64_t cap(Planner& p, std::uint64_t cnode, std::uint64_t slot, CapKind kind, std::uint64_t object,
                  std::uint64_t rights, std::uint64_t badge) {
    return p.plan.spec.add_cap(Cap{cnode, slot, kind, object, rights, badge});
}

}  // namespace detail

namespace {

using detail::hex;
using detail::Planner;

// The planner makes one frame object per page of every region, and the
// regions without a fixed physical address are allocated from the board's
// RAM at boot. A description asking for more could never boot; refuse it
// before making millions of objects. Regions at fixed addresses (devices)
// take no RAM, but their frames are described one by one all the same, in
// the initial task's memory: 2^18 frames take more description than the
// root CNode has room to map (tessera-image checks it, after planning).
constexpr std::uint64_t max_region_frames = std::uint64_t{1} << 18;

bool check_region_sizes(Planner& p) {
    const std::uint64_t ram = p.input.board.ram_end - p.input.board.ram_base;
    std::uint64_t in_ram = 0, frames = 0;
    for (const sdf::MemoryRegion& mr : p.input.system.mrs) {
        if (mr.phys_addr && *mr.phys_addr + mr.size < *mr.phys_addr) {
            p.error = "memory region '" + mr.name + "' at " + hex(*mr.phys_addr) + " of size " + hex(mr.size) +
                      " wraps around the physical address space";
            return false;
        }
        if (!mr.phys_addr) in_ram += std::min(mr.size, ram + 1);  // saturates above the RAM size
        frames += std::min(mr.size / mr.page_size, max_region_frames + 1);
        if (in_ram > ram) {
            p.error = "the memory regions without a phys_addr need more than the " + hex(ram) + " bytes of RAM of " +
                      p.input.board.name + " (memory region '" + mr.name + "' of size " + hex(mr.size) + ")";
            return false;
        }
        if (frames > max_region_frames) {
            p.error = "the memory regions have more than " + std::to_string(max_region_frames) +
                      " pages in all (memory region '" + mr.name + "' of size " + hex(mr.size) + " has " +
                      std::to_string(mr.size / mr.page_size) + ")";
            return false;
        }
    }
    return true;
}

// Physical addresses for regions named by `<setvar region_paddr>` that have
// none: contiguous, aligned to the page size, taken downward from the
// board's top, clear of every fixed region.
bool choose_region_addresses(Planner& p) {
    const sdf::SystemDescription& system = p.input.system;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> taken;
    for (const sdf::MemoryRegion& mr : system.mrs)
        if (mr.phys_addr) taken.emplace_back(*mr.phys_addr, *mr.phys_addr + mr.size);
    std::uint64_t top = p.input.board.auto_paddr_top;
    for (std::size_t r = 0; r < system.mrs.size(); ++r) {
        const sdf::MemoryRegion& mr = system.mrs[r];
        if (mr.phys_addr) continue;
        bool wanted = false;
        for (const sdf::ProtectionDomain& pd : system.pds)
            for (const sdf::SetVarRegionPaddr& setvar : pd.setvars) wanted = wanted || setvar.region == mr.name;
        if (!wanted) continue;
        for (;;) {
            if (top < p.input.board.ram_base + mr.size) {
                p.error = "cannot auto-select a physical address for MR " + mr.name +
                          " because there is no contiguous memory region of sufficient size";
                return false;
            }
            const std::uint64_t base = (top - mr.size) & ~(mr.page_size - 1);
            const auto clash = std::find_if(taken.begin(), taken.end(), [&](const auto& range) {
                return base < range.second && range.first < base + mr.size;
            });
            if (clash == taken.end()) {
                p.plan.regions[r].paddr = base;
                p.plan.regions[r].chosen = true;
                taken.emplace_back(base, base + mr.size);
                top = base;
                break;
            }
            top = clash->first;
        }
    }
    return true;
}

void make_regions(Planner& p) {
    const sdf::SystemDescription& system = p.input.system;
    for (const sdf::MemoryRegion& mr : system.mrs) {
        PlannedRegion region;
        region.name = mr.name;
        region.paddr = mr.phys_addr;
        p.plan.regions.push_back(region);
    }
}

bool make_region_frames(Planner& p) {
    const sdf::SystemDescription& system = p.input.system;
    for (std::size_t r = 0; r < system.mrs.size(); ++r) {
        const sdf::MemoryRegion& mr = system.mrs[r];
        PlannedRegion& region = p.plan.regions[r];
        const unsigned bits = mr.page_size == large_page ? large_page_bits : small_page_bits;
        region.frames = mr.size / mr.page_size;
        const auto prefill = p.input.prefill.find(mr.name);
        for (std::uint64_t k = 0; k < region.frames; ++k) {
            std::optional<std::uint64_t> paddr;
            if (region.paddr) paddr = *region.paddr + k * mr.page_size;
            const std::uint64_t frame =
                p.plan.spec.add_object(ObjectKind::Frame, bits, "mr:" + mr.name + "[" + std::to_string(k) + "]", paddr);
            if (k == 0) region.first_frame = frame;
            if (prefill == p.input.prefill.end()) continue;
            const std::vector<std::uint8_t>& bytes = prefill->second;
            const std::uint64_t from = k * mr.page_size;
            if (from >= bytes.size()) continue;
            const std::uint64_t length = std::min<std::uint64_t>(mr.page_size, bytes.size() - from);
            p.plan.spec.add_fill(frame, std::span(bytes).subspan(from, length), 0);
        }
    }
    return true;
}

bool patch(Planner& p, std::size_t pd, const std::string& symbol, std::uint64_t value) {
    const std::string problem = p.input.images[pd].patch_word(symbol, value);
    if (problem.empty()) return true;
    p.error = "could not patch symbol '" + symbol + "' in program image for PD '" + p.input.system.pds[pd].name +
              "' (" + p.input.image_paths[pd] + "): " + problem;
    return false;
}

// The symbols of §2.3 and every setvar of the description.
bool patch_symbols(Planner& p) {
    const sdf::SystemDescription& system = p.input.system;
    for (std::size_t i = 0; i < system.pds.size(); ++i) {
        const sdf::ProtectionDomain& pd = system.pds[i];
        ElfImage& image = p.input.images[i];
        std::vector<std::uint8_t> name(pd.name.begin(), pd.name.begin() + std::min<std::size_t>(pd.name.size(), 63));
        name.push_back(0);
        const std::uint8_t passive = pd.passive ? 1 : 0;
        for (const auto& [symbol, problem] :
             {std::pair{"microkit_name", image.patch("microkit_name", name, true)},
              std::pair{"microkit_passive", image.patch("microkit_passive", std::span(&passive, 1))}}) {
            if (problem.empty()) continue;
            p.error = "could not patch symbol '" + std::string(symbol) + "' in program image for PD '" + pd.name +
                      "' (" + p.input.image_paths[i] + "): " + problem;
            return false;
        }
        const detail::Masks& masks = p.masks[i];
        if (!patch(p, i, "microkit_irqs", masks.irqs) || !patch(p, i, "microkit_notifications", masks.notifications) ||
            !patch(p, i, "microkit_pps", masks.pps) || !patch(p, i, "microkit_ioports", 0))
            return false;
        for (const sdf::Map& map : pd.maps) {
            const sdf::MemoryRegion& mr = p.input.system.mrs[p.region_index(map.mr)];
            if (map.setvar_vaddr && !patch(p, i, *map.setvar_vaddr, map.vaddr)) return false;
            if (map.setvar_size && !patch(p, i, *map.setvar_size, mr.size)) return false;
            if (map.setvar_prefill_size && !patch(p, i, *map.setvar_prefill_size, mr.prefill_size)) return false;
        }
        for (const sdf::SetVarRegionPaddr& setvar : pd.setvars) {
            if (!patch(p, i, setvar.symbol, *p.plan.regions[p.region_index(setvar.region)].paddr)) return false;
        }
        for (const sdf::Irq& irq : pd.irqs)
            if (irq.setvar_id && !patch(p, i, *irq.setvar_id, irq.id)) return false;
        if (pd.parent && pd.setvar_id && !patch(p, *pd.parent, *pd.setvar_id, *pd.id)) return false;
    }
    for (const sdf::Channel& channel : system.channels)
        for (const sdf::ChannelEnd& end : channel.ends)
            if (end.setvar_id && !patch(p, p.pd_index(end.pd), *end.setvar_id, end.id)) return false;
    return true;
}

void compute_masks(Planner& p) {
    const sdf::SystemDescription& system = p.input.system;
    p.masks.assign(system.pds.size(), detail::Masks{});
    p.needs_endpoint.assign(system.pds.size(), false);
    for (std::size_t i = 0; i < system.pds.size(); ++i) {
        for (const sdf::Irq& irq : system.pds[i].irqs) p.masks[i].irqs |= std::uint64_t{1} << irq.id;
        if (system.pds[i].parent) p.needs_endpoint[*system.pds[i].parent] = true;
    }
    for (const sdf::Channel& channel : system.channels) {
        for (int e = 0; e < 2; ++e) {
            const sdf::ChannelEnd& end = channel.ends[e];
            const sdf::ChannelEnd& other = channel.ends[1 - e];
            const std::size_t pd = p.pd_index(end.pd);
            if (end.notify) p.masks[pd].notifications |= std::uint64_t{1} << end.id;
            if (end.pp) {
                p.masks[pd].pps |= std::uint64_t{1} << end.id;
                p.needs_endpoint[p.pd_index(other.pd)] = true;
            }
        }
    }
}

void make_channels(Planner& p) {
    for (const sdf::Channel& channel : p.input.system.channels) {
        for (int e = 0; e < 2; ++e) {
            const sdf::ChannelEnd& end = channel.ends[e];
            const sdf::ChannelEnd& other = channel.ends[1 - e];
            const PlannedPd& from = p.plan.pds[p.pd_index(end.pd)];
            const PlannedPd& to = p.plan.pds[p.pd_index(other.pd)];
            // Signals OR the peer's channel bit into its notification word;
            // a PPC carries bit 63 and the peer's channel id (§2.5).
            if (end.notify)
                detail::cap(p, from.cnode, slot::notification_base + end.id, CapKind::Object, to.notification,
                            right_write, std::uint64_t{1} << other.id);
            if (end.pp)
                detail::cap(p, from.cnode, slot::endpoint_base + end.id, CapKind::Object, to.endpoint, rights_all,
                            ppc_badge | other.id);
        }
    }
}

}  // namespace

std::size_t detail::Planner::pd_index(const std::string& name) const {
    const auto& pds = input.system.pds;
    return static_cast<std::size_t>(
        std::find_if(pds.begin(), pds.end(), [&](const auto& pd) { return pd.name == name; }) - pds.begin());
}

std::size_t detail::Planner::region_index(const std::string& name) const {
    const auto& mrs = input.system.mrs;
    return static_cast<std::size_t>(
        std::find_if(mrs.begin(), mrs.end(), [&](const auto& mr) { return mr.name == name; }) - mrs.begin());
}

std::optional<Plan> plan(PlanInput& input, std::string& error) {
    Planner p{input, Plan{}, {}, {}, {}};
    p.plan.monitor_endpoint = p.plan.spec.add_object(ObjectKind::Endpoint, 0, "endpoint:monitor");
    make_regions(p);
    compute_masks(p);
    if (!check_region_sizes(p) || !choose_region_addresses(p) || !patch_symbols(p) || !make_region_frames(p)) {
        error = p.error;
        return std::nullopt;
    }
    for (std::size_t i = 0; i < input.system.pds.size(); ++i)
        if (!detail::make_pd(p, i)) {
            error = p.error;
            return std::nullopt;
        }
    for (std::size_t i = 0; i < input.system.pds.size(); ++i) detail::connect_pd(p, i);
    make_channels(p);
    return std::move(p.plan);
}

}  // namespace microkit
