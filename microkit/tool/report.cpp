// SPDX-License-Identifier: BSD-2-Clause
// The text report (report.hpp).
#include "report.hpp"

#include <sstream>

#include "planner_detail.hpp"

namespace microkit {

using namespace microkit_spec;
using detail::hex;

namespace {

const char* kind_name(ObjectKind kind) {
    switch (kind) {
    case ObjectKind::Tcb: return "TCB";
    case ObjectKind::Endpoint: return "Endpoint";
    case ObjectKind::Notification: return "Notification";
    case ObjectKind::Reply: return "Reply";
    case ObjectKind::SchedContext: return "SchedContext";
    case ObjectKind::CNode: return "CNode";
    case ObjectKind::VSpace: return "VSpace";
    case ObjectKind::Frame: return "Frame";
    }
    return "?";
}

std::string rights_text(std::uint64_t rights) {
    std::string text;
    text += (rights & right_read) ? 'R' : '-';
    text += (rights & right_write) ? 'W' : '-';
    text += (rights & right_grant) ? 'G' : '-';
    text += (rights & right_grant_reply) ? 'g' : '-';
    return text;
}

std::string object_name(const Plan& plan, std::uint64_t index) {
    return index == none ? std::string("(none)") : plan.spec.objects()[index].name;
}

}  // namespace

std::string write_report(const Board& board, const sdf::SystemDescription& system, const Plan& plan,
                         std::uint64_t spec_size, std::uint64_t initial_task_size) {
    const SpecBuilder& spec = plan.spec;
    std::ostringstream out;
    out << "# Initial Task Details\n"
        << "    board:                   " << board.name << "\n"
        << "    RAM planned for:         [" << hex(board.ram_base) << ".." << hex(board.ram_end) << ")\n"
        << "    protection domains:      " << system.pds.size() << "\n"
        << "    kernel objects:          " << spec.objects().size() << "\n"
        << "    capabilities placed:     " << spec.caps().size() << "\n"
        << "    mappings:                " << spec.mappings().size() << "\n"
        << "    frame contents (bytes):  " << spec.data_size() << "\n"
        << "    specification (bytes):   " << spec_size << "\n"
        << "    initial task ELF (bytes): " << initial_task_size << "\n\n";

    out << "# IRQ Details\n";
    for (const sdf::ProtectionDomain& pd : system.pds)
        for (const sdf::Irq& irq : pd.irqs)
            out << "    - IRQ: " << irq.irq << "  PD: " << pd.name << "  id: " << irq.id
                << "  trigger: " << (irq.trigger == sdf::Trigger::Edge ? "edge" : "level") << "  CPU: " << pd.cpu
                << "\n";
    out << "\n# TCB Details\n";
    for (const Tcb& t : spec.tcbs()) {
        out << "    - TCB: " << object_name(plan, t.tcb) << "\n"
            << "        IP: " << hex(t.entry) << "  SP: " << hex(t.stack_pointer)
            << "  IPC buffer: " << hex(t.ipc_buffer_vaddr) << "\n"
            << "        priority: " << t.priority << "  MCP: " << t.mcp << "  budget: " << t.budget_us
            << " us  period: " << t.period_us << " us\n"
            << "        CSpace: " << object_name(plan, t.cspace) << "  VSpace: " << object_name(plan, t.vspace)
            << "  bound notification: " << object_name(plan, t.bound_notification) << "\n";
    }
    out << "\n# CNode Details\n";
    std::uint64_t last_cnode = none;
    for (const Cap& c : spec.caps()) {
        if (c.cnode != last_cnode) out << "    - CNode: " << object_name(plan, c.cnode) << "\n";
        last_cnode = c.cnode;
        std::string target;
        if (c.kind == CapKind::IrqHandler) target = "IRQ handler " + std::to_string(spec.irqs()[c.object].irq);
        else target = object_name(plan, c.object);
        out << "        slot " << c.slot << ": " << target << "  rights: " << rights_text(c.rights)
            << "  badge: " << hex(c.badge) << "\n";
    }
    out << "\n# Architecture Specific Details\n    (none on " << board.arch_name() << ")\n";
    out << "\n# Kernel Objects Details\n";
    const std::vector<std::uint64_t> order = spec.allocation_order();
    for (std::uint64_t i = 0; i < order.size(); ++i) {
        const PlannedObject& o = spec.objects()[order[i]];
        out << "    - ID: " << i << "  type: " << kind_name(o.kind) << "  size: 2^" << o.bytes_log2()
            << "  name: " << o.name << "  paddr: " << (o.paddr ? hex(*o.paddr) : std::string("(any)")) << "\n";
    }
    return out.str();
}

}  // namespace microkit
