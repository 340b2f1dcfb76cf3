// SPDX-License-Identifier: BSD-2-Clause
// Invariant checker, part 2: the capability derivation tree and untyped
// memory (invariants.md §2.1 untyped_ranges_zero, §2.4). Runs after
// invariants.cpp has enumerated every slot (state().caps) and laid the CDT
// lists out in order (state().order). The CDT parent of each cap is derived
// here from list order and an independent restatement of isMDBParentOf.
#include "invariants_state.hpp"

#include <arch/machine.hpp>
#include <kern/arch_contract.hpp>
#include <kern/object_type.hpp>

namespace kern::invariants::detail {

namespace {

bool contains(const Region& outer, const Region& inner) {
    return outer.base <= inner.base && inner.end() <= outer.end();
}

word_t badge_of(const Cap& cap) {
    return cap.type() == CapType::Endpoint || cap.type() == CapType::Notification ? cap.word1() : 0;
}
bool is_badgeable(const Cap& cap) { return cap.type() == CapType::Endpoint || cap.type() == CapType::Notification; }

Cte& slot_of(std::uint32_t record) { return *state().caps[record].slot; }

// ut_revocable: untyped caps are original caps. irq_control: at most one
// IRQControl cap, and it is revocable.
bool ut_revocable_and_irq_control() {
    State& s = state();
    std::uint32_t irq_control = none;
    for (std::uint32_t i = 0; i < s.cap_count; ++i) {
        const Cte& slot = *s.caps[i].slot;
        if (slot.cap.type() == CapType::Untyped && !slot.mdb.revocable())
            return fail("ut_revocable", "untyped cap in slot %p is not revocable", static_cast<const void*>(&slot));
        if (slot.cap.type() != CapType::IrqControl) continue;
        if (!slot.mdb.revocable())
            return fail("irq_control", "IRQControl cap in slot %p is not revocable", static_cast<const void*>(&slot));
        if (irq_control != none)
            return fail("irq_control", "IRQControl caps in slots %p and %p", static_cast<void*>(s.caps[irq_control].slot),
                        static_cast<const void*>(&slot));
        irq_control = i;
    }
    return true;
}

// CDT parents: in a list in pre-order, a cap's parent is the nearest
// preceding cap that is still "open" (isMDBParentOf of it); a stack of open
// ancestors gives it in one pass per list.
void compute_parents() {
    State& s = state();
    std::uint32_t depth = 0;
    std::uint32_t* stack = s.scratch;
    std::uint32_t chain = none;
    for (std::uint32_t k = 0; k < s.position_count; ++k) {
        const std::uint32_t r = s.order[k];
        if (s.caps[r].chain != chain) {
            chain = s.caps[r].chain;
            depth = 0;
        }
        while (depth > 0 && !is_mdb_parent_of(slot_of(stack[depth - 1]), slot_of(r))) --depth;
        s.caps[r].parent = depth > 0 ? stack[depth - 1] : none;
        stack[depth++] = r;
    }
}

// Checks that the caps group[0..count) (all naming one object) occupy
// consecutive positions of one CDT list: positions are distinct, so that
// holds iff they share a list and span exactly `count` positions.
bool contiguous_in_one_list(const std::uint32_t* group, std::uint32_t count, word_t value) {
    const State& s = state();
    std::uint32_t lowest = group[0], highest = group[0];
    for (std::uint32_t k = 1; k < count; ++k) {
        const std::uint32_t r = group[k];
        if (s.caps[r].chain != s.caps[group[0]].chain)
            return fail("mdb_chunked", "caps to %s 0x%lx in slots %p and %p are not adjacent in one CDT list",
                        cap_type_name(slot_of(r).cap.type()), value, static_cast<void*>(s.caps[group[0]].slot),
                        static_cast<void*>(s.caps[r].slot));
        if (s.caps[r].position < s.caps[lowest].position) lowest = r;
        if (s.caps[r].position > s.caps[highest].position) highest = r;
    }
    if (s.caps[highest].position - s.caps[lowest].position + 1 != count)
        return fail("mdb_chunked", "caps to %s 0x%lx in slots %p and %p are not adjacent in one CDT list",
                    cap_type_name(slot_of(lowest).cap.type()), value, static_cast<void*>(s.caps[lowest].slot),
                    static_cast<void*>(s.caps[highest].slot));
    return true;
}

// mdb_chunked: all caps to one object are contiguous in one list. Untyped
// caps are regions whose children interleave, so they are not chunked.
// Groups come from the address order of sort_caps(): after
// check_object_store, caps with one base name one object.
bool mdb_chunked() {
    State& s = state();
    std::uint32_t n = 0;
    auto flush = [&](word_t value) { return n < 2 || contiguous_in_one_list(s.scratch, n, value); };
    paddr_t base = 0;
    for (std::uint32_t k = 0; k < s.by_address_count; ++k) {
        const std::uint32_t r = s.by_address[k];
        if (slot_of(r).cap.type() == CapType::Untyped) continue;
        if (n > 0 && s.caps[r].region.base != base) {
            if (!flush(base)) return false;
            n = 0;
        }
        base = s.caps[r].region.base;
        s.scratch[n++] = r;
    }
    if (!flush(base)) return false;
    n = 0;
    for (std::uint32_t k = 0; k < s.unnamed_count; ++k) {
        const std::uint32_t r = s.unnamed[k];
        const Cap& cap = slot_of(r).cap;
        if (n > 0) {
            const Cap& first = slot_of(s.scratch[0]).cap;
            const bool numbered = cap.type() == CapType::IrqHandler || cap.type() == CapType::SchedControl;
            if (first.type() != cap.type() || (numbered && first.word1() != cap.word1())) {
                if (!flush(first.word1())) return false;
                n = 0;
            }
        }
        s.scratch[n++] = r;
    }
    return n == 0 || flush(slot_of(s.scratch[0]).cap.word1());
}

// valid_badges: where the list goes from one cap of an endpoint/notification
// to a cap of it with a different, non-zero badge, the second is marked
// first_badged, so revoke and cancelBadgedSends stop at the right place.
bool valid_badges() {
    State& s = state();
    for (std::uint32_t k = 1; k < s.position_count; ++k) {
        const std::uint32_t a = s.order[k - 1], b = s.order[k];
        if (s.caps[a].chain != s.caps[b].chain) continue;
        const Cte& pa = slot_of(a);
        const Cte& pb = slot_of(b);
        if (!is_badgeable(pa.cap) || !same_region_as(pa.cap, pb.cap)) continue;
        if (badge_of(pa.cap) != badge_of(pb.cap) && badge_of(pb.cap) != 0 && !pb.mdb.first_badged())
            return fail("valid_badges", "%s cap in slot %p with badge 0x%lx follows badge 0x%lx but is not first_badged",
                        cap_type_name(pb.cap.type()), static_cast<const void*>(&pb), badge_of(pb.cap),
                        badge_of(pa.cap));
    }
    return true;
}

bool kernel_object_class(CapType t) {
    return t != CapType::Frame && t != CapType::Untyped;
}

// descendants_inc: a child lies inside its parent and has the parent's cap
// class (or is an object made from an untyped).
// pspace_respects_device_region: children of device untypeds are device
// frames or device untypeds, children of RAM untypeds are not device.
bool descendants_inc() {
    State& s = state();
    for (std::uint32_t i = 0; i < s.cap_count; ++i) {
        const std::uint32_t p = s.caps[i].parent;
        if (p == none) continue;
        const Cap& child = slot_of(i).cap;
        const Cap& parent = slot_of(p).cap;
        const Region rc = s.caps[i].region, rp = s.caps[p].region;
        const bool class_ok = parent.type() == CapType::Untyped || object_class(parent) == object_class(child) ||
                              (parent.type() == CapType::IrqControl && child.type() == CapType::IrqHandler);
        if (!class_ok || (rp.physical && (!rc.physical || !contains(rp, rc))))
            return fail("descendants_inc", "%s cap in slot %p is a CDT child of the %s cap in slot %p but not inside it",
                        cap_type_name(child.type()), static_cast<void*>(s.caps[i].slot), cap_type_name(parent.type()),
                        static_cast<void*>(s.caps[p].slot));
        if (parent.type() != CapType::Untyped) continue;
        const bool device_parent = parent.as<UntypedCap>().is_device();
        const bool device_child = child.type() == CapType::Frame     ? child.as<FrameCap>().is_device()
                                  : child.type() == CapType::Untyped ? child.as<UntypedCap>().is_device()
                                                                      : false;
        if ((device_parent && kernel_object_class(object_class(child))) || device_parent != device_child)
            return fail("pspace_respects_device_region", "%s cap in slot %p (device %d) made from %s untyped in slot %p",
                        cap_type_name(child.type()), static_cast<void*>(s.caps[i].slot), device_child ? 1 : 0,
                        device_parent ? "a device" : "a RAM", static_cast<void*>(s.caps[p].slot));
    }
    return true;
}

// untyped_inc: untypeds are nested or disjoint; a nested one is a
// descendant lying in the outer one's used part; equal ranges only for an
// ancestor whose free part is empty.
// untyped_mdb: every object inside an untyped is its CDT descendant.
// valid_untyped: descendants lie below the watermark (never in the free part).
// caps_contained (descendants_inc): an object overlapping an untyped lies
// entirely inside it.
//
// One sweep in address order (sort_caps) with a stack of the untypeds that
// contain the current address, innermost on top. Each untyped pushed is
// checked against the top (inside it, its descendant, below its watermark),
// so by induction the stack is a chain of nested descendants and checking a
// cap against the top alone covers every untyped containing it.
bool untyped_checks() {
    State& s = state();
    std::uint32_t* stack = s.scratch;
    std::uint32_t depth = 0;
    paddr_t object_end = 0;  // end of the furthest-reaching non-untyped object so far
    std::uint32_t object_at = none;
    for (std::uint32_t k = 0; k < s.by_address_count; ++k) {
        const std::uint32_t c = s.by_address[k];
        const Region rc = s.caps[c].region;
        const Cap& ccap = slot_of(c).cap;
        void* cslot = static_cast<void*>(s.caps[c].slot);
        while (depth > 0 && s.caps[stack[depth - 1]].region.end() <= rc.base) --depth;
        if (ccap.type() == CapType::Untyped) {
            if (object_end > rc.base)
                return fail("descendants_inc", "%s object 0x%lx (slot %p) straddles the bounds of untyped in slot %p",
                            cap_type_name(slot_of(object_at).cap.type()), s.caps[object_at].region.base,
                            static_cast<void*>(s.caps[object_at].slot), cslot);
            if (depth == 0) {
                stack[depth++] = c;
                continue;
            }
            const std::uint32_t u = stack[depth - 1];
            const Region ru = s.caps[u].region;
            const UntypedCap ut = slot_of(u).cap.as<UntypedCap>();
            void* uslot = static_cast<void*>(s.caps[u].slot);
            if (!contains(ru, rc))
                return fail("untyped_inc", "untypeds in slots %p and %p partially overlap", uslot, cslot);
            if (rc.base == ru.base && rc.bits == ru.bits) {
                // The descendant must end up on top: objects in the range
                // must lie below its watermark and descend from it.
                std::uint32_t ancestor = u;
                if (is_descendant(u, c)) ancestor = c;
                else if (!is_descendant(c, u))
                    return fail("untyped_inc", "untypeds in slots %p and %p cover the same range but are not related",
                                uslot, cslot);
                const UntypedCap outer = slot_of(ancestor).cap.as<UntypedCap>();
                if (outer.free_index() != outer.size())
                    return fail("untyped_inc", "untyped in slot %p has a copy (slot %p) but free space left",
                                static_cast<void*>(s.caps[ancestor].slot),
                                static_cast<void*>(s.caps[ancestor == u ? c : u].slot));
                stack[depth++] = c;
                if (ancestor == c) {
                    stack[depth - 1] = u;
                    stack[depth - 2] = c;
                }
                continue;
            }
            if (!is_descendant(c, u))
                return fail("untyped_inc", "untyped in slot %p lies inside untyped in slot %p but is no descendant",
                            cslot, uslot);
            if (rc.end() > ut.base() + ut.free_index())
                return fail("untyped_inc", "untyped in slot %p reaches into the free part (from 0x%lx) of slot %p",
                            cslot, ut.base() + ut.free_index(), uslot);
            stack[depth++] = c;
            continue;
        }
        if (rc.end() > object_end) {
            object_end = rc.end();
            object_at = c;
        }
        if (depth == 0) continue;
        const std::uint32_t u = stack[depth - 1];
        const Region ru = s.caps[u].region;
        const UntypedCap ut = slot_of(u).cap.as<UntypedCap>();
        void* uslot = static_cast<void*>(s.caps[u].slot);
        if (!contains(ru, rc))
            return fail("descendants_inc", "%s object 0x%lx (slot %p) straddles the bounds of untyped in slot %p",
                        cap_type_name(ccap.type()), rc.base, cslot, uslot);
        if (!is_descendant(c, u))
            return fail("untyped_mdb", "%s object 0x%lx (slot %p) lies in untyped in slot %p but is no CDT descendant",
                        cap_type_name(ccap.type()), rc.base, cslot, uslot);
        if (rc.end() > ut.base() + ut.free_index())
            return fail("valid_untyped", "%s object 0x%lx (slot %p) lies in the free part (from 0x%lx) of slot %p",
                        cap_type_name(ccap.type()), rc.base, cslot, ut.base() + ut.free_index(), uslot);
    }
    return true;
}

// ---- untyped_ranges_zero ------------------------------------------------------

struct ScannedUntyped {
    paddr_t base;
    word_t size_bits;
    word_t free_index;
};
constexpr unsigned scan_history_size = 256;
ScannedUntyped scan_history[scan_history_size];
unsigned scan_history_next = 0;

constexpr word_t full_scan_limit = word_t{64} << 10;
constexpr word_t sampled_head = word_t{16} << 10;
constexpr word_t sample_stride = word_t{64} << 10;

bool zero_words(paddr_t from, word_t bytes, word_t stride, paddr_t& bad) {
    const word_t* words = phys_to_virt<const word_t>(from);
    state().stats.zero_bytes_scanned += stride == sizeof(word_t) ? bytes : bytes / stride * sizeof(word_t);
    for (word_t off = 0; off < bytes; off += stride) {
        if (words[off / sizeof(word_t)] != 0) {
            bad = from + off;
            return false;
        }
    }
    return true;
}

// Whether this untyped's free part must be scanned now: ChangedSampled mode
// scans an untyped only when (base, size, free index) differ from the last
// time it was seen.
bool needs_scan(const UntypedCap& ut) {
    if (state().options->zero_scan == ZeroScan::Full) return true;
    for (auto& h : scan_history)
        if (h.base == ut.base() && h.size_bits == ut.size_bits()) {
            if (h.free_index == ut.free_index()) return false;
            h.free_index = ut.free_index();
            return true;
        }
    scan_history[scan_history_next] = {ut.base(), ut.size_bits(), ut.free_index()};
    scan_history_next = (scan_history_next + 1) % scan_history_size;
    return true;
}

bool untyped_ranges_zero() {
    State& s = state();
    for (std::uint32_t u = 0; u < s.cap_count; ++u) {
        const Cap& cap = slot_of(u).cap;
        if (cap.type() != CapType::Untyped) continue;
        const UntypedCap ut = cap.as<UntypedCap>();
        if (ut.is_device() || ut.free_index() == ut.size() || !needs_scan(ut)) continue;
        const paddr_t from = ut.base() + ut.free_index();
        const word_t bytes = ut.size() - ut.free_index();
        paddr_t bad = 0;
        bool zero;
        if (s.options->zero_scan == ZeroScan::Full || bytes <= full_scan_limit) {
            zero = zero_words(from, bytes, sizeof(word_t), bad);
        } else {
            zero = zero_words(from, sampled_head, sizeof(word_t), bad) &&
                   zero_words(from + sampled_head, bytes - sampled_head, sample_stride, bad);
        }
        if (!zero)
            return fail("untyped_ranges_zero", "untyped in slot %p: free byte range from 0x%lx holds non-zero data at 0x%lx",
                        static_cast<void*>(s.caps[u].slot), from, bad);
    }
    return true;
}

}  // namespace

bool same_region_as(const Cap& a, const Cap& b) {
    const Region ra = region_of(a), rb = region_of(b);
    switch (a.type()) {
    case CapType::Untyped:
        return rb.physical && contains(ra, rb);
    case CapType::Frame:
        return b.type() == CapType::Frame && contains(ra, rb);
    case CapType::CNode:
    case CapType::SchedContext:
        return b.type() == a.type() && ra.base == rb.base && ra.bits == rb.bits;
    case CapType::Endpoint: case CapType::Notification: case CapType::Reply: case CapType::Thread:
    case CapType::PageTable: case CapType::VSpace: case CapType::AsidPool:
        return b.type() == a.type() && ra.base == rb.base;
    case CapType::IrqControl:
        return b.type() == CapType::IrqControl || b.type() == CapType::IrqHandler;
    case CapType::IrqHandler: case CapType::SchedControl:
        return b.type() == a.type() && b.word1() == a.word1();
    case CapType::AsidControl: case CapType::Domain: case CapType::Smc: case CapType::SgiSignal:
        return b.type() == a.type();
    case CapType::Null: case CapType::Zombie:
        return false;
    }
    return false;
}

bool is_mdb_parent_of(const Cte& parent, const Cte& child) {
    if (!parent.mdb.revocable() || !same_region_as(parent.cap, child.cap)) return false;
    if (!is_badgeable(parent.cap)) return true;
    const word_t badge = badge_of(parent.cap);
    if (badge == 0) return true;
    return badge == badge_of(child.cap) && !child.mdb.first_badged();
}

bool is_descendant(std::uint32_t record, std::uint32_t ancestor) {
    const State& s = state();
    for (std::uint32_t p = s.caps[record].parent, steps = 0; p != none && steps <= max_caps; p = s.caps[p].parent, ++steps)
        if (p == ancestor) return true;
    return false;
}

bool check_cdt_and_untyped() {
    if (!ut_revocable_and_irq_control()) return false;
    compute_parents();
    return mdb_chunked() && valid_badges() && descendants_inc() && untyped_checks() && untyped_ranges_zero();
}

}  // namespace kern::invariants::detail

namespace kern::invariants::testing {
void forget_zero_scan_history() {
    for (auto& h : detail::scan_history) h = {};
    detail::scan_history_next = 0;
}
}  // namespace kern::invariants::testing
