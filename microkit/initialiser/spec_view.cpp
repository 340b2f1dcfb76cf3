// SPDX-License-Identifier: BSD-2-Clause
// Checking the embedded system specification (spec_view.hpp).
#include "spec_view.hpp"

namespace initialiser {

using namespace microkit_spec;

namespace {

// Whether [offset, offset + count * entry) lies inside a blob of `total` bytes
// and is aligned for 64-bit words.
bool table_fits(const Table& table, uint64_t entry, uint64_t total) {
    if (table.offset % 8 != 0 || table.offset > total) return false;
    if (entry != 0 && table.count > (total - table.offset) / entry) return false;
    return true;
}

}  // namespace

unsigned object_size_bits(const Object& object) {
    switch (object.kind) {
    case ObjectKind::Tcb: return seL4_TCBBits;
    case ObjectKind::Endpoint: return seL4_EndpointBits;
    case ObjectKind::Notification: return seL4_NotificationBits;
    case ObjectKind::Reply: return seL4_ReplyBits;
    case ObjectKind::SchedContext:
        return object.size_bits >= seL4_MinSchedContextBits && object.size_bits <= seL4_PageBits
                   ? static_cast<unsigned>(object.size_bits)
                   : 0;
    case ObjectKind::CNode:
        return object.size_bits >= 1 && object.size_bits <= 24 ? static_cast<unsigned>(object.size_bits) + seL4_SlotBits
                                                                : 0;
    case ObjectKind::VSpace: return seL4_VSpaceBits;
    case ObjectKind::Frame:
        return object.size_bits == seL4_PageBits || object.size_bits == seL4_LargePageBits
                   ? static_cast<unsigned>(object.size_bits)
                   : 0;
    }
    return 0;
}

bool SpecView::is_string(uint64_t offset) const {
    const uint64_t size = header_->strings.count;
    for (uint64_t i = offset; i < size; ++i)
        if (strings_[i] == '\0') return true;
    return false;
}

const char* SpecView::check(const void* address, uint64_t arch) {
    if (address == nullptr) return "no system specification: was this initial task built by the microkit tool?";
    header_ = static_cast<const Header*>(address);
    if (header_->magic != magic) return "the system specification has a bad magic number (not made by this SDK's tool?)";
    if (header_->version != version) return "the system specification's version does not match this initial task";
    if (header_->arch != arch) return "the system specification was made for the other architecture";
    if (const char* error = check_tables()) return error;
    if (const char* error = check_objects()) return error;
    if (const char* error = check_caps()) return error;
    return check_threads();
}

const char* SpecView::check_tables() {
    const uint64_t total = header_->total_size;
    const Header& h = *header_;
    if (!table_fits(h.objects, sizeof(Object), total) || !table_fits(h.fills, sizeof(Fill), total) ||
        !table_fits(h.caps, sizeof(Cap), total) || !table_fits(h.mappings, sizeof(Mapping), total) ||
        !table_fits(h.tcbs, sizeof(microkit_spec::Tcb), total) || !table_fits(h.irqs, sizeof(Irq), total) ||
        !table_fits(h.pds, sizeof(Pd), total) || !table_fits(h.strings, 1, total) || !table_fits(h.data, 1, total))
        return "a table of the system specification lies outside it";
    const auto* base = reinterpret_cast<const uint8_t*>(header_);
    objects_ = reinterpret_cast<const Object*>(base + h.objects.offset);
    fills_ = reinterpret_cast<const Fill*>(base + h.fills.offset);
    caps_ = reinterpret_cast<const Cap*>(base + h.caps.offset);
    mappings_ = reinterpret_cast<const Mapping*>(base + h.mappings.offset);
    tcbs_ = reinterpret_cast<const microkit_spec::Tcb*>(base + h.tcbs.offset);
    irqs_ = reinterpret_cast<const Irq*>(base + h.irqs.offset);
    pds_ = reinterpret_cast<const Pd*>(base + h.pds.offset);
    strings_ = reinterpret_cast<const char*>(base + h.strings.offset);
    data_ = base + h.data.offset;
    if (!is_kind(h.monitor_endpoint, ObjectKind::Endpoint)) return "the monitor's endpoint is not an endpoint object";
    return nullptr;
}

const char* SpecView::check_objects() {
    bool seen_unfixed = false;
    uint64_t last_paddr = 0;
    unsigned last_bits = 64;
    for (uint64_t i = 0; i < objects(); ++i) {
        const Object& o = objects_[i];
        const unsigned bits = object_size_bits(o);
        if (bits == 0) return "an object of the system specification has an unknown kind or size";
        if (!is_string(o.name)) return "an object's name lies outside the string table";
        // The builder allocates in table order: objects at fixed addresses
        // first (ascending), then the rest from the largest down, so that
        // alignment never wastes memory and same-sized runs retype in one call.
        if (fixed(i)) {
            if (seen_unfixed || o.paddr < last_paddr || (o.paddr & ((uint64_t{1} << bits) - 1)) != 0)
                return "objects at fixed physical addresses are not first, ascending and aligned";
            last_paddr = o.paddr + (uint64_t{1} << bits);
        } else {
            if (seen_unfixed && bits > last_bits) return "objects are not sorted from the largest down";
            seen_unfixed = true;
            last_bits = bits;
        }
        if (o.fill_first > fills() || o.fill_count > fills() - o.fill_first)
            return "an object's fills lie outside the fill table";
        if (o.fill_count != 0 && o.kind != ObjectKind::Frame) return "only frames can have initial contents";
        for (uint64_t f = o.fill_first; f < o.fill_first + o.fill_count; ++f) {
            const Fill& fill = fills_[f];
            if (fill.data_offset > header_->data.count || fill.size > header_->data.count - fill.data_offset ||
                fill.frame_offset > (uint64_t{1} << bits) || fill.size > (uint64_t{1} << bits) - fill.frame_offset)
                return "a frame's initial contents lie outside the data area or the frame";
        }
    }
    return nullptr;
}

const char* SpecView::check_caps() {
    for (uint64_t i = 0; i < caps(); ++i) {
        const Cap& c = caps_[i];
        if (!is_kind(c.cnode, ObjectKind::CNode) || c.slot >= (uint64_t{1} << objects_[c.cnode].size_bits))
            return "a capability's slot is not inside a CNode";
        const bool target_ok = (c.kind == CapKind::Object && c.object < objects()) ||
                               (c.kind == CapKind::IrqHandler && c.object < irqs()) ||
                               (c.kind == CapKind::MonitorEndpoint && c.object == header_->monitor_endpoint);
        if (!target_ok || c.rights > rights_all) return "a capability names no object, or has unknown rights";
    }
    for (uint64_t i = 0; i < mappings(); ++i) {
        const Mapping& m = mappings_[i];
        if (!is_kind(m.vspace, ObjectKind::VSpace) || !is_kind(m.frame, ObjectKind::Frame))
            return "a mapping does not map a frame into a VSpace";
        if ((m.vaddr & ((uint64_t{1} << objects_[m.frame].size_bits) - 1)) != 0 || m.vaddr >= seL4_UserTop)
            return "a mapping's virtual address is unaligned or outside user space";
    }
    for (uint64_t i = 0; i < irqs(); ++i)
        if (!is_kind(irqs_[i].notification, ObjectKind::Notification) || irqs_[i].trigger > 1)
            return "an interrupt is not routed to a notification";
    return nullptr;
}

const char* SpecView::check_threads() {
    for (uint64_t i = 0; i < tcbs(); ++i) {
        const microkit_spec::Tcb& t = tcbs_[i];
        const bool ok = is_kind(t.tcb, ObjectKind::Tcb) && is_kind(t.cspace, ObjectKind::CNode) &&
                        is_kind(t.vspace, ObjectKind::VSpace) && is_kind(t.ipc_buffer, ObjectKind::Frame) &&
                        (t.fault_handler == none || t.fault_handler < caps()) &&
                        (t.sched_context == none || is_kind(t.sched_context, ObjectKind::SchedContext)) &&
                        (t.bound_notification == none || is_kind(t.bound_notification, ObjectKind::Notification)) &&
                        t.priority <= seL4_MaxPrio && t.mcp <= seL4_MaxPrio && is_string(t.name) && t.resume <= 1;
        if (!ok) return "a thread of the system specification names objects of the wrong kind";
    }
    for (uint64_t i = 0; i < pds(); ++i) {
        const Pd& p = pds_[i];
        const bool ok = is_string(p.name) && is_kind(p.tcb, ObjectKind::Tcb) &&
                        (p.sched_context == none || is_kind(p.sched_context, ObjectKind::SchedContext)) &&
                        is_kind(p.notification, ObjectKind::Notification) && p.passive <= 1 &&
                        (p.parent == none || p.parent < i);
        if (!ok) return "a protection domain of the system specification names objects of the wrong kind";
    }
    return nullptr;
}

}  // namespace initialiser
