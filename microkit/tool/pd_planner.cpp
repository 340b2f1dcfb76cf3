// SPDX-License-Identifier: BSD-2-Clause
// One protection domain's objects, address space and CSpace, as Microkit
// lays them out (reference/microkit.md §2.4, §2.8; planner_detail.hpp).
#include <algorithm>
#include <map>

#include <sel4/shared_types.h>

#include "planner_detail.hpp"

namespace microkit::detail {

using namespace microkit_spec;

namespace {

std::uint64_t page_down(std::uint64_t address) { return address & ~(small_page - 1); }
std::uint64_t page_up(std::uint64_t address) { return (address + small_page - 1) & ~(small_page - 1); }

// The program image's pages: one frame per 4 KiB page any segment touches,
// mapped with the union of the rights of the segments on it.
void make_image_frames(Planner& p, std::size_t index, std::uint64_t vspace) {
    const std::string& name = p.input.system.pds[index].name;
    struct Page {
        std::uint64_t frame;
        std::uint64_t flags;
    };
    std::map<std::uint64_t, Page> pages;
    for (const Segment& segment : p.input.images[index].segments()) {
        const std::uint64_t flags = map_cached | (segment.read ? map_read : 0) | (segment.write ? map_write : 0) |
                                    (segment.execute ? map_execute : 0);
        const std::uint64_t end = segment.vaddr + segment.bytes.size();
        for (std::uint64_t page = page_down(segment.vaddr); page < end; page += small_page) {
            auto [it, added] = pages.try_emplace(page, Page{0, 0});
            if (added)
                it->second.frame =
                    p.plan.spec.add_object(ObjectKind::Frame, small_page_bits, "elf:" + name + ":" + hex(page));
            it->second.flags |= flags;
            const std::uint64_t from = std::max(page, segment.vaddr);
            const std::uint64_t to = std::min(page + small_page, end);
            p.plan.spec.add_fill(it->second.frame,
                                 std::span(segment.bytes).subspan(from - segment.vaddr, to - from), from - page);
        }
    }
    for (const auto& [page, info] : pages) p.plan.spec.add_mapping(Mapping{vspace, info.frame, page, info.flags});
}

// Maps may not overlap the image (checked here, with the ELF at hand) nor
// reach the stack (the parser checked that).
bool check_maps_against_image(Planner& p, std::size_t index) {
    const sdf::ProtectionDomain& pd = p.input.system.pds[index];
    for (const sdf::Map& map : pd.maps) {
        const std::uint64_t end = map.vaddr + p.input.system.mrs[p.region_index(map.mr)].size;
        for (const Segment& segment : p.input.images[index].segments()) {
            const std::uint64_t low = page_down(segment.vaddr);
            const std::uint64_t high = page_up(segment.vaddr + segment.bytes.size());
            if (map.vaddr < high && low < end) {
                p.error = "ERROR: mapping MR '" + map.mr + "' to PD '" + pd.name + "' with vaddr [" + hex(map.vaddr) +
                          ".." + hex(end) + ") will overlap with an ELF segment at [" + hex(low) + ".." + hex(high) +
                          ")";
                return false;
            }
        }
    }
    return true;
}

void map_regions(Planner& p, std::size_t index, std::uint64_t vspace) {
    const sdf::ProtectionDomain& pd = p.input.system.pds[index];
    for (const sdf::Map& map : pd.maps) {
        const auto& mrs = p.input.system.mrs;
        const std::size_t r = p.region_index(map.mr);
        const PlannedRegion& region = p.plan.regions[r];
        const std::uint64_t flags = (map.read ? map_read : 0) | (map.write ? map_write : 0) |
                                    (map.execute ? map_execute : 0) | (map.cached ? map_cached : 0);
        for (std::uint64_t k = 0; k < region.frames; ++k)
            p.plan.spec.add_mapping(Mapping{vspace, region.first_frame + k, map.vaddr + k * mrs[r].page_size, flags});
    }
}

}  // namespace

bool make_pd(Planner& p, std::size_t index) {
    const sdf::ProtectionDomain& pd = p.input.system.pds[index];
    const Board& board = p.input.board;
    SpecBuilder& spec = p.plan.spec;
    PlannedPd planned{};
    const std::string& n = pd.name;
    planned.vspace = spec.add_object(ObjectKind::VSpace, 0, "vspace:" + n);
    planned.tcb = spec.add_object(ObjectKind::Tcb, 0, "tcb:" + n);
    planned.sched_context = spec.add_object(ObjectKind::SchedContext, sched_context_bits, "sched_context:" + n);
    planned.notification = spec.add_object(ObjectKind::Notification, 0, "notification:" + n);
    planned.endpoint = p.needs_endpoint[index] ? spec.add_object(ObjectKind::Endpoint, 0, "endpoint:" + n) : none;
    const std::uint64_t reply = spec.add_object(ObjectKind::Reply, 0, "reply:" + n);
    planned.root_cnode = spec.add_object(ObjectKind::CNode, root_cnode_bits, "cnode_root:" + n);
    planned.cnode = spec.add_object(ObjectKind::CNode, microkit_cnode_bits, "cnode:" + n);

    // The address space: image, mapped regions, then from the top: the IPC
    // buffer, an unmapped guard page, the stack.
    if (!check_maps_against_image(p, index)) return false;
    planned.stack_top = board.ipc_buffer_vaddr - small_page;
    planned.stack_bottom = planned.stack_top - pd.stack_size;
    if (p.input.images[index].end() > planned.stack_bottom) {
        p.error = "ERROR: the program image of PD '" + n + "' (" + p.input.image_paths[index] + ") reaches " +
                  hex(p.input.images[index].end()) + ", into its stack at [" + hex(planned.stack_bottom) + ".." +
                  hex(planned.stack_top) + ")";
        return false;
    }
    make_image_frames(p, index, planned.vspace);
    map_regions(p, index, planned.vspace);
    const std::uint64_t ipc_buffer = spec.add_object(ObjectKind::Frame, small_page_bits, "ipc_buffer:" + n);
    spec.add_mapping(Mapping{planned.vspace, ipc_buffer, board.ipc_buffer_vaddr, map_read | map_write | map_cached});
    for (std::uint64_t at = planned.stack_bottom; at < planned.stack_top; at += small_page) {
        const std::uint64_t frame = spec.add_object(ObjectKind::Frame, small_page_bits, "stack:" + n + ":" + hex(at));
        spec.add_mapping(Mapping{planned.vspace, frame, at, map_read | map_write | map_cached});
    }

    // The CSpace: root CNode slot 0 holds the Microkit CNode, guarded so
    // that CPtrs below 512 reach its slots (64 = 6 + 49 + 9 bits).
    const std::uint64_t guard = seL4_CNode_CapData_new(0, 64 - root_cnode_bits - microkit_cnode_bits).words[0];
    cap(p, planned.root_cnode, 0, CapKind::Object, planned.cnode, rights_all, guard);
    const std::uint64_t input = planned.endpoint != none ? planned.endpoint : planned.notification;
    cap(p, planned.cnode, slot::input, CapKind::Object, input, rights_all, 0);
    std::uint64_t fault_handler;
    if (pd.parent) {
        const PlannedPd& parent = p.plan.pds[*pd.parent];
        fault_handler =
            cap(p, planned.cnode, slot::fault_endpoint, CapKind::Object, parent.endpoint, rights_all, fault_badge | *pd.id);
    } else {
        fault_handler = cap(p, planned.cnode, slot::fault_endpoint, CapKind::MonitorEndpoint, p.plan.monitor_endpoint,
                            rights_all, index + 1);
    }
    cap(p, planned.cnode, slot::vspace, CapKind::Object, planned.vspace, rights_all, 0);
    cap(p, planned.cnode, slot::reply, CapKind::Object, reply, rights_all, 0);
    if (pd.passive)
        cap(p, planned.cnode, slot::monitor_endpoint, CapKind::MonitorEndpoint, p.plan.monitor_endpoint, rights_all,
            index + 1);
    if (p.input.benchmark) cap(p, planned.cnode, slot::tcb, CapKind::Object, planned.tcb, rights_all, 0);
    for (const sdf::Irq& irq : pd.irqs) {
        const std::uint64_t entry = spec.add_irq(Irq{irq.irq, irq.trigger == sdf::Trigger::Edge ? 1u : 0u,
                                                     planned.notification, std::uint64_t{1} << irq.id});
        cap(p, planned.cnode, slot::irq_base + irq.id, CapKind::IrqHandler, entry, rights_all, 0);
    }

    microkit_spec::Tcb tcb{};
    tcb.tcb = planned.tcb;
    tcb.cspace = planned.root_cnode;
    tcb.cspace_guard = 0;
    tcb.vspace = planned.vspace;
    tcb.ipc_buffer = ipc_buffer;
    tcb.ipc_buffer_vaddr = board.ipc_buffer_vaddr;
    tcb.fault_handler = fault_handler;
    tcb.sched_context = planned.sched_context;
    tcb.budget_us = pd.budget;
    tcb.period_us = pd.period;
    tcb.sc_badge = sched_context_badge_base + index;
    tcb.priority = pd.priority;
    tcb.mcp = pd.priority;
    tcb.bound_notification = planned.notification;
    tcb.entry = p.input.images[index].entry();
    tcb.stack_pointer = planned.stack_top;
    tcb.resume = 1;
    tcb.name = spec.add_string(n);
    spec.add_tcb(tcb);
    spec.add_pd(Pd{tcb.name, planned.tcb, planned.sched_context, planned.notification, pd.passive ? 1u : 0u,
                   planned.stack_bottom, pd.parent ? *pd.parent : none});
    p.plan.pds.push_back(planned);
    return true;
}

void connect_pd(Planner& p, std::size_t index) {
    const sdf::ProtectionDomain& pd = p.input.system.pds[index];
    const PlannedPd& planned = p.plan.pds[index];
    if (pd.parent)
        cap(p, p.plan.pds[*pd.parent].cnode, slot::child_tcb_base + *pd.id, CapKind::Object, planned.tcb, rights_all, 0);
    for (const sdf::CspaceCap& extra : pd.cspace_caps) {
        const PlannedPd& other = p.plan.pds[p.pd_index(extra.pd)];
        const std::uint64_t object = extra.kind == sdf::CspaceCap::Kind::Tcb            ? other.tcb
                                     : extra.kind == sdf::CspaceCap::Kind::SchedContext ? other.sched_context
                                                                                        : other.vspace;
        cap(p, planned.root_cnode, extra.slot, CapKind::Object, object, rights_all, 0);
    }
}

}  // namespace microkit::detail
