// SPDX-License-Identifier: BSD-2-Clause
// Relations between caps that the CDT is built on (sel4-abi.md §5.4,
// sel4-mcs.md §2.4): which caps name the same region / the same object, and
// which slot is a CDT parent of the next one.
#include <kern/cdt.hpp>
#include <kern/object/tcb.hpp>
#include <kern/object_type.hpp>

namespace kern::cdt {

namespace {

constexpr word_t low_mask(unsigned bits) { return bits >= 64 ? ~word_t{0} : (word_t{1} << bits) - 1; }

// The badge of a badgeable cap (endpoint, notification, AArch64 SMC).
word_t badge_of(const Cap& cap) {
    switch (cap.type()) {
    case CapType::Endpoint: return cap.as<EndpointCap>().badge();
    case CapType::Notification: return cap.as<NotificationCap>().badge();
    case CapType::Smc: return cap.as<SmcCap>().badge();
    default: return 0;
    }
}

bool is_badgeable(CapType type) {
    return type == CapType::Endpoint || type == CapType::Notification || type == CapType::Smc;
}

// Untyped `a` covers the region of physical cap `b`.
bool untyped_contains(const UntypedCap& a, const Cap& b) {
    const word_t a_base = a.base();
    const word_t a_top = a_base + low_mask(a.size_bits());
    const word_t b_base = b.object();
    const word_t b_top = b_base + low_mask(region_size_bits(b));
    return a_base <= b_base && b_top <= a_top && b_base <= b_top;
}

bool frame_contains(const FrameCap& a, const FrameCap& b) {
    const word_t a_base = a.base();
    const word_t a_top = a_base + low_mask(frame_size_bits(a.size()));
    const word_t b_base = b.base();
    const word_t b_top = b_base + low_mask(frame_size_bits(b.size()));
    return a_base <= b_base && a_top >= b_top && b_base <= b_top;
}

}  // namespace

bool is_physical(const Cap& cap) {
    switch (cap.type()) {
    case CapType::Untyped:
    case CapType::Endpoint:
    case CapType::Notification:
    case CapType::CNode:
    case CapType::Thread:
    case CapType::Zombie:
    case CapType::Reply:
    case CapType::SchedContext:
    case CapType::Frame:
    case CapType::PageTable:
    case CapType::VSpace:
    case CapType::AsidPool:
        return true;
    default:
        return false;
    }
}

unsigned region_size_bits(const Cap& cap) {
    switch (cap.type()) {
    case CapType::Untyped: return cap.as<UntypedCap>().size_bits();
    case CapType::Endpoint: return endpoint_bits;
    case CapType::Notification: return notification_bits;
    case CapType::CNode: return cap.as<CNodeCap>().radix() + slot_bits;
    case CapType::Thread: return tcb_bits;
    case CapType::Zombie: {
        const ZombieCap z = cap.as<ZombieCap>();
        return z.is_tcb() ? tcb_bits : z.radix() + slot_bits;
    }
    case CapType::Reply: return reply_bits;
    case CapType::SchedContext: return cap.as<SchedContextCap>().size_bits();
    case CapType::Frame: return frame_size_bits(cap.as<FrameCap>().size());
    case CapType::PageTable: return page_table_bits;
    case CapType::VSpace: return vspace_bits;
    case CapType::AsidPool: return page_bits;  // an ASID pool is one 4 KiB page on both arches
    default: return 0;
    }
}

bool same_region_as(const Cap& a, const Cap& b) {
    const CapType bt = b.type();
    switch (a.type()) {
    case CapType::Untyped:
        return is_physical(b) && untyped_contains(a.as<UntypedCap>(), b);
    case CapType::Endpoint:
    case CapType::Notification:
    case CapType::Thread:
    case CapType::Reply:
    case CapType::PageTable:
    case CapType::VSpace:
    case CapType::AsidPool:
        return bt == a.type() && a.object() == b.object();
    case CapType::CNode:
        return bt == CapType::CNode && a.object() == b.object() &&
               a.as<CNodeCap>().radix() == b.as<CNodeCap>().radix();
    case CapType::SchedContext:
        return bt == CapType::SchedContext && a.object() == b.object() &&
               a.as<SchedContextCap>().size_bits() == b.as<SchedContextCap>().size_bits();
    case CapType::Domain:
    case CapType::SchedControl:
    case CapType::AsidControl:
    case CapType::Smc:
        return bt == a.type();
    case CapType::IrqControl:
        return bt == CapType::IrqControl || bt == CapType::IrqHandler;
    case CapType::IrqHandler:
        return bt == CapType::IrqHandler && a.as<IrqHandlerCap>().irq() == b.as<IrqHandlerCap>().irq();
    case CapType::SgiSignal:
        return bt == CapType::SgiSignal && a.word1() == b.word1() && a.word0() == b.word0();
    case CapType::Frame:
        return bt == CapType::Frame && frame_contains(a.as<FrameCap>(), b.as<FrameCap>());
    case CapType::Null:
    case CapType::Zombie:
        return false;
    }
    return false;
}

bool same_object_as(const Cap& a, const Cap& b) {
    if (a.type() == CapType::Untyped) return false;
    if (a.type() == CapType::IrqControl && b.type() == CapType::IrqHandler) return false;
    if (a.type() == CapType::Frame && b.type() == CapType::Frame) {
        const FrameCap fa = a.as<FrameCap>();
        const FrameCap fb = b.as<FrameCap>();
        return fa.base() == fb.base() && fa.size() == fb.size() && fa.is_device() == fb.is_device();
    }
    return same_region_as(a, b);
}

bool is_mdb_parent_of(const Cte& parent, const Cte& child) {
    if (!parent.mdb.revocable()) return false;
    if (!same_region_as(parent.cap, child.cap)) return false;
    if (!is_badgeable(parent.cap.type())) return true;
    // An unbadged original is the parent of every cap to the object; a
    // badged original only of the copies of its own badge, stopping at the
    // next separately minted badged cap (first_badged).
    const word_t badge = badge_of(parent.cap);
    if (badge == 0) return true;
    return badge == badge_of(child.cap) && !child.mdb.first_badged();
}

bool is_cap_revocable(const Cap& derived, const Cap& src) {
    switch (derived.type()) {
    case CapType::Endpoint:
    case CapType::Notification:
    case CapType::Smc:
        return badge_of(derived) != badge_of(src);
    case CapType::IrqHandler:
    case CapType::SgiSignal:
        return src.type() == CapType::IrqControl;
    case CapType::Untyped:
        return true;
    default:
        return false;
    }
}

bool has_children(const Cte& slot) {
    const Cte* next = slot.mdb.next();
    return next != nullptr && is_mdb_parent_of(slot, *next);
}

bool is_final(const Cte& slot) {
    // All caps to one object are contiguous in the list (mdb_chunked), so
    // the neighbours decide.
    const Cte* prev = slot.mdb.prev();
    if (prev != nullptr && same_object_as(prev->cap, slot.cap)) return false;
    const Cte* next = slot.mdb.next();
    return next == nullptr || !same_object_as(slot.cap, next->cap);
}

}  // namespace kern::cdt
