// SPDX-License-Identifier: BSD-2-Clause
// Writing the system specification (spec_builder.hpp).
#include "spec_builder.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "board.hpp"

namespace microkit {

using namespace microkit_spec;

unsigned PlannedObject::bytes_log2() const {
    switch (kind) {
    case ObjectKind::Tcb: return tcb_bits;
    case ObjectKind::Endpoint: return endpoint_bits;
    case ObjectKind::Notification: return notification_bits;
    case ObjectKind::Reply: return reply_bits;
    case ObjectKind::SchedContext: return static_cast<unsigned>(size_bits);
    case ObjectKind::CNode: return static_cast<unsigned>(size_bits) + slot_bits;
    case ObjectKind::VSpace: return vspace_bits;
    case ObjectKind::Frame: return static_cast<unsigned>(size_bits);
    }
    return 0;
}

std::uint64_t SpecBuilder::add_object(ObjectKind kind, std::uint64_t size_bits, std::string name,
                                      std::optional<std::uint64_t> paddr) {
    objects_.push_back(PlannedObject{kind, size_bits, paddr, std::move(name), {}});
    return objects_.size() - 1;
}

void SpecBuilder::add_fill(std::uint64_t frame, std::span<const std::uint8_t> bytes, std::uint64_t frame_offset) {
    // Zero bytes need no fill: new frames are zero.
    std::size_t first = 0, last = bytes.size();
    while (first < last && bytes[first] == 0) ++first;
    while (last > first && bytes[last - 1] == 0) --last;
    if (first == last) return;
    objects_[frame].fills.push_back(Fill{data_.size(), last - first, frame_offset + first});
    data_.insert(data_.end(), bytes.begin() + static_cast<std::ptrdiff_t>(first),
                 bytes.begin() + static_cast<std::ptrdiff_t>(last));
}

std::uint64_t SpecBuilder::add_cap(const Cap& cap) {
    caps_.push_back(cap);
    return caps_.size() - 1;
}

std::uint64_t SpecBuilder::add_irq(const Irq& irq) {
    irqs_.push_back(irq);
    return irqs_.size() - 1;
}

std::uint64_t SpecBuilder::add_string(const std::string& text) {
    const std::uint64_t offset = strings_.size();
    strings_.insert(strings_.end(), text.begin(), text.end());
    strings_.push_back('\0');
    return offset;
}

std::vector<std::uint64_t> SpecBuilder::allocation_order() const {
    std::vector<std::uint64_t> order(objects_.size());
    std::iota(order.begin(), order.end(), 0);
    // std::sort with the index as the last key: a stable order without
    // std::stable_sort's temporary buffer.
    std::sort(order.begin(), order.end(), [&](std::uint64_t a, std::uint64_t b) {
        const PlannedObject& x = objects_[a];
        const PlannedObject& y = objects_[b];
        if (x.paddr.has_value() != y.paddr.has_value()) return x.paddr.has_value();
        if (x.paddr) return *x.paddr < *y.paddr;
        if (x.bytes_log2() != y.bytes_log2()) return x.bytes_log2() > y.bytes_log2();
        if (x.kind != y.kind) return x.kind < y.kind;
        if (x.size_bits != y.size_bits) return x.size_bits < y.size_bits;
        return a < b;
    });
    return order;
}

namespace {

template <typename T>
void append(std::vector<std::uint8_t>& blob, const std::vector<T>& entries, Table& table) {
    table.offset = blob.size();
    table.count = entries.size();
    const std::size_t at = blob.size();
    blob.resize(at + entries.size() * sizeof(T));
    if (!entries.empty()) std::memcpy(blob.data() + at, entries.data(), entries.size() * sizeof(T));
}

}  // namespace

std::vector<std::uint8_t> SpecBuilder::write(std::uint64_t arch, Memory memory, std::uint64_t monitor_endpoint) const {
    const std::vector<std::uint64_t> order = allocation_order();
    std::vector<std::uint64_t> new_index(objects_.size());
    for (std::uint64_t i = 0; i < order.size(); ++i) new_index[order[i]] = i;
    const auto remap = [&](std::uint64_t index) { return index == none ? none : new_index[index]; };

    std::vector<char> strings = strings_;
    std::vector<Object> objects;
    std::vector<Fill> fills;
    for (const std::uint64_t old : order) {
        const PlannedObject& o = objects_[old];
        const std::uint64_t name = strings.size();
        strings.insert(strings.end(), o.name.begin(), o.name.end());
        strings.push_back('\0');
        objects.push_back(Object{o.kind, o.size_bits, o.paddr ? *o.paddr : none, name, fills.size(), o.fills.size()});
        fills.insert(fills.end(), o.fills.begin(), o.fills.end());
    }
    std::vector<Cap> caps = caps_;
    for (Cap& c : caps) {
        c.cnode = remap(c.cnode);
        if (c.kind != CapKind::IrqHandler) c.object = remap(c.object);
    }
    std::vector<Mapping> mappings = mappings_;
    for (Mapping& m : mappings) {
        m.vspace = remap(m.vspace);
        m.frame = remap(m.frame);
    }
    std::vector<microkit_spec::Tcb> tcbs = tcbs_;
    for (microkit_spec::Tcb& t : tcbs) {
        t.tcb = remap(t.tcb);
        t.cspace = remap(t.cspace);
        t.vspace = remap(t.vspace);
        t.ipc_buffer = remap(t.ipc_buffer);
        t.sched_context = remap(t.sched_context);
        t.bound_notification = remap(t.bound_notification);
    }
    std::vector<Irq> irqs = irqs_;
    for (Irq& irq : irqs) irq.notification = remap(irq.notification);
    std::vector<Pd> pds = pds_;
    for (Pd& p : pds) {
        p.tcb = remap(p.tcb);
        p.sched_context = remap(p.sched_context);
        p.notification = remap(p.notification);
    }

    Header header{};
    header.magic = magic;
    header.version = version;
    header.arch = arch;
    header.ram_base = memory.ram_base;
    header.ram_end = memory.ram_end;
    header.monitor_endpoint = remap(monitor_endpoint);
    header.cspace_bits = 0;
    std::vector<std::uint8_t> blob(sizeof(Header));
    append(blob, objects, header.objects);
    append(blob, fills, header.fills);
    append(blob, caps, header.caps);
    append(blob, mappings, header.mappings);
    append(blob, tcbs, header.tcbs);
    append(blob, irqs, header.irqs);
    append(blob, pds, header.pds);
    append(blob, strings, header.strings);
    blob.resize((blob.size() + 7) / 8 * 8, 0);
    append(blob, data_, header.data);
    blob.resize((blob.size() + 7) / 8 * 8, 0);
    header.total_size = blob.size();
    std::memcpy(blob.data(), &header, sizeof header);
    return blob;
}

}  // namespace microkit
