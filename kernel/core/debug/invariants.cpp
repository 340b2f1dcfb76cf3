// SPDX-License-Identifier: BSD-2-Clause
// Invariant checker, part 1: enumeration of slots and objects, and the checks
// on the object store (invariants.md §2.1–2.2). The checks on one cap are in
// invariants_caps.cpp, the CDT and untyped checks in invariants_cdt.cpp.
//
// Enumeration (no object registry exists, §2 "Enumerating objects"): start at
// the current thread's TCB, walk every CNode and TCB named by a cap met on
// the way, and follow every CDT list met from its head; slots reached only
// through the CDT (in CNodes nobody can address any more) are checked too.
// Every pointer is validated before it is followed, so a corrupted cap or
// link is reported instead of crashing the checker.
#include "invariants_state.hpp"

#include <cstdarg>

#include <arch/machine.hpp>
#include <format/format.hpp>
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/irq.hpp>
#include <kern/object/cnode.hpp>
#include <kern/object/tcb.hpp>
#include <kern/object_type.hpp>
#include <kern/thread.hpp>

namespace kern::invariants {
namespace detail {

namespace {

State the_state;

std::uint32_t hash_pointer(word_t p, unsigned size) {
    return static_cast<std::uint32_t>((p * 0x9e3779b97f4a7c15ull) >> 40) & (size - 1);
}

// ---- enumeration ------------------------------------------------------------

bool queue_container(paddr_t object, unsigned slot_count, bool is_tcb) {
    State& s = state();
    std::uint32_t h = hash_pointer(object, container_hash_size);
    for (;;) {
        const std::uint32_t entry = s.container_hash[h];
        if (entry == 0) break;
        if (s.containers[entry - 1].object == object) return true;
        h = (h + 1) & (container_hash_size - 1);
    }
    if (s.container_count == max_containers) {
        s.overflow = true;
        return true;
    }
    s.containers[s.container_count] = {object, slot_count, is_tcb};
    s.container_hash_slot[s.container_count] = h;
    s.container_hash[h] = ++s.container_count;
    return true;
}

std::uint32_t find_record(const Cte* slot) {
    const State& s = state();
    std::uint32_t h = hash_pointer(reinterpret_cast<word_t>(slot), cap_hash_size);
    for (;;) {
        const std::uint32_t entry = s.cap_hash[h];
        if (entry == 0) return none;
        if (s.caps[entry - 1].slot == slot) return entry - 1;
        h = (h + 1) & (cap_hash_size - 1);
    }
}

// Checks the cap in a newly met slot and records it; CNode and TCB caps
// queue their object for walking.
bool add_cap(Cte& slot) {
    State& s = state();
    std::uint32_t h = hash_pointer(reinterpret_cast<word_t>(&slot), cap_hash_size);
    for (;;) {
        const std::uint32_t entry = s.cap_hash[h];
        if (entry == 0) break;
        if (s.caps[entry - 1].slot == &slot) return true;
        h = (h + 1) & (cap_hash_size - 1);
    }
    if (!check_cap(slot)) return false;
    if (s.cap_count == max_caps) {
        s.overflow = true;
        return true;
    }
    s.caps[s.cap_count] = {&slot, h, none, none, none, region_of(slot.cap)};
    s.cap_hash[h] = ++s.cap_count;
    ++s.stats.caps;
    if (slot.cap.type() == CapType::CNode) {
        const auto cn = slot.cap.as<CNodeCap>();
        return queue_container(cn.object(), static_cast<unsigned>(cn.slot_count()), false);
    }
    if (slot.cap.type() == CapType::Thread) return queue_container(slot.cap.object(), 1u << tcb_cnode_radix, true);
    return true;
}

// valid_tcb / tcb_cap_cases: each built-in TCB slot holds only its kind.
bool valid_tcb_slot(const Cte& slot, unsigned index, paddr_t tcb) {
    const CapType t = slot.cap.type();
    bool ok = true;
    const char* expected = "";
    switch (index) {
    case static_cast<unsigned>(TcbSlot::CTable): ok = true; break;  // any cap (lookups fail on non-CNodes)
    case static_cast<unsigned>(TcbSlot::VTable):
        ok = t == CapType::Null || t == CapType::PageTable || t == CapType::VSpace;
        expected = "a VSpace root or null";
        break;
    case static_cast<unsigned>(TcbSlot::Buffer):
        ok = t == CapType::Null || (t == CapType::Frame && !slot.cap.as<FrameCap>().is_device());
        expected = "a non-device frame or null";
        break;
    case static_cast<unsigned>(TcbSlot::FaultHandler):
    case static_cast<unsigned>(TcbSlot::TimeoutHandler):
        ok = t == CapType::Null || t == CapType::Endpoint;
        expected = "an endpoint or null";
        break;
    default:
        ok = t == CapType::Null;
        expected = "null (unused TCB slot)";
        break;
    }
    if (!ok)
        return fail("valid_tcb", "TCB 0x%lx slot %u holds a %s cap, expected %s", tcb, index, cap_type_name(t),
                    expected);
    return true;
}

bool walk_container(const Container& c) {
    ++state().stats.containers;
    Cte* slots = phys_to_virt<Cte>(c.object);
    for (unsigned i = 0; i < c.slot_count; ++i) {
        Cte& slot = slots[i];
        // Fast path for the common case, an empty slot with a clear CDT node
        // (a null cap is type 0; its other fields are not checked).
        const auto* words = reinterpret_cast<const word_t*>(&slot);
        if (!c.is_tcb && (words[0] | words[2] | words[3]) == 0) continue;
        if (c.is_tcb && !valid_tcb_slot(slot, i, c.object)) return false;
        if (slot.cap.is_null()) {
            if (!slot.mdb.is_clear())
                return fail("valid_nullcaps", "empty slot %u (%p) of %s 0x%lx has a non-zero CDT node", i,
                            static_cast<void*>(&slot), c.is_tcb ? "TCB" : "CNode", c.object);
            continue;
        }
        if (!add_cap(slot)) return false;
    }
    return true;
}

// no_0 (design level): a CDT link is null or names a plausible slot (not in
// the null page, slot aligned, inside the window); checked before the
// checker follows it. mdb_cte_at: links name only non-empty slots.
bool plausible_link(const Cte& from, const Cte* to, const char* which) {
    const word_t p = reinterpret_cast<word_t>(to);
    const word_t phys = p - arch::kernel_window_offset;
    if (p < page_size || !is_aligned(p, sizeof(Cte)) || phys >= window_limit)
        return fail("no_0", "slot %p has %s link %p, which is no slot", static_cast<const void*>(&from), which,
                    static_cast<const void*>(to));
    if (to->cap.is_null())
        return fail("mdb_cte_at", "slot %p has %s link to the empty slot %p", static_cast<const void*>(&from), which,
                    static_cast<const void*>(to));
    return true;
}

// Walks the CDT list that contains record `start`: back to its head
// (no_mloop: the prev links end), then forward assigning positions
// (mdb_chain_0: the next links end; valid_dlist: prev/next agree).
bool walk_chain(std::uint32_t start) {
    State& s = state();
    Cte* head = s.caps[start].slot;
    for (std::uint32_t steps = 0; head->mdb.prev() != nullptr; ++steps) {
        if (!plausible_link(*head, head->mdb.prev(), "prev")) return false;
        if (steps > max_caps)
            return fail("no_mloop", "the prev links from slot %p form a loop", static_cast<void*>(s.caps[start].slot));
        head = head->mdb.prev();
    }
    const std::uint32_t chain = s.chain_count++;
    ++s.stats.chains;
    Cte* previous = nullptr;
    for (Cte* slot = head; slot != nullptr; slot = slot->mdb.next()) {
        if (!add_cap(*slot)) return false;
        const std::uint32_t r = find_record(slot);
        if (r == none) return true;  // capacity exceeded: s.overflow is set
        if (s.caps[r].chain == chain)
            return fail("mdb_chain_0", "the next links from list head %p return to slot %p", static_cast<void*>(head),
                        static_cast<void*>(slot));
        if (s.caps[r].chain != none || slot->mdb.prev() != previous)
            return fail("valid_dlist", "slot %p follows %p in the list but its prev link is %p",
                        static_cast<void*>(slot), static_cast<void*>(previous), static_cast<void*>(slot->mdb.prev()));
        s.caps[r].chain = chain;
        s.caps[r].position = s.position_count;
        s.order[s.position_count++] = r;
        if (slot->mdb.next() != nullptr && !plausible_link(*slot, slot->mdb.next(), "next")) return false;
        previous = slot;
    }
    return true;
}

bool enumerate(Tcb& current) {
    const paddr_t tcb = current.object();
    // pspace_aligned: objects the kernel holds by pointer (not through a cap)
    // are aligned to their size too.
    if (!is_aligned(tcb, word_t{1} << tcb_bits) || tcb == 0)
        return fail("pspace_aligned", "current thread %p: TCB object 0x%lx is not aligned to 2^%u",
                    static_cast<void*>(&current), tcb, tcb_bits);
    queue_container(tcb, 1u << tcb_cnode_radix, true);
    // valid_irq_node (invariants.md §2.6): each IRQ's own slot holds nothing
    // or the notification cap it signals; those slots are roots of
    // enumeration too (the stored copy may be a notification's last cap).
    for (word_t i = 0; i <= arch::irq_max; ++i) {
        Cte& slot = irq::notification_slot(i);
        if (slot.empty()) continue;
        if (slot.cap.type() != CapType::Notification)
            return fail("valid_irq_node", "the slot of IRQ %lu holds a cap of type %u", i,
                        static_cast<unsigned>(slot.cap.type()));
        if (!add_cap(slot)) return false;
    }
    return walk_pending();
}

// ---- the object store ---------------------------------------------------------

// valid_cap (reference part: all caps naming an object agree on its type and
// size), valid_cs (ditto for CNode radix), pspace_distinct (no two objects
// overlap). Untypeds are regions, not objects; they are checked in
// invariants_cdt.cpp.
bool check_object_store() {
    State& s = state();
    sort_caps();
    std::uint32_t previous = none;  // the previous non-untyped cap in address order
    paddr_t covered_end = 0;
    std::uint32_t covered_by = none;
    for (std::uint32_t k = 0; k < s.by_address_count; ++k) {
        const std::uint32_t index = s.by_address[k];
        const CapRecord& rec = s.caps[index];
        if (rec.slot->cap.type() == CapType::Untyped) continue;
        const Region r = rec.region;
        if (previous != none) {
            const CapRecord& prev = s.caps[previous];
            const Region pr = prev.region;
            if (pr.base == r.base) {
                const CapType a = object_class(prev.slot->cap), b = object_class(rec.slot->cap);
                if (a == b && a == CapType::CNode && pr.bits != r.bits)
                    return fail("valid_cs", "caps in slots %p and %p name CNode 0x%lx with %u and %u slot bits",
                                static_cast<void*>(prev.slot), static_cast<void*>(rec.slot), r.base, pr.bits - slot_bits,
                                r.bits - slot_bits);
                if (a != b || pr.bits != r.bits)
                    return fail("valid_cap", "slot %p (%s, 2^%u) and slot %p (%s, 2^%u) name the same address 0x%lx",
                                static_cast<void*>(prev.slot), cap_type_name(prev.slot->cap.type()), pr.bits,
                                static_cast<void*>(rec.slot), cap_type_name(rec.slot->cap.type()), r.bits, r.base);
                previous = index;
                continue;
            }
        }
        previous = index;
        if (r.base < covered_end)
            return fail("pspace_distinct", "object 0x%lx (%s, slot %p) overlaps object ending at 0x%lx (slot %p)", r.base,
                        cap_type_name(rec.slot->cap.type()), static_cast<void*>(rec.slot), covered_end,
                        static_cast<void*>(s.caps[covered_by].slot));
        if (r.end() > covered_end) {
            covered_end = r.end();
            covered_by = index;
        }
    }
    return true;
}

// Empties the two hash tables by visiting only the entries this check used
// (clearing all of them costs more than the rest of a typical check).
void clear_hashes() {
    State& s = state();
    for (std::uint32_t i = 0; i < s.cap_count; ++i) s.cap_hash[s.caps[i].hash_slot] = 0;
    for (std::uint32_t i = 0; i < s.container_count; ++i) s.container_hash[s.container_hash_slot[i]] = 0;
}

}  // namespace

State& state() { return the_state; }

void add_thread_container(paddr_t tcb_object) { (void)queue_container(tcb_object, 1u << tcb_cnode_radix, true); }

bool walk_pending() {
    State& s = state();
    while (!s.overflow && (s.containers_walked < s.container_count || s.chained < s.cap_count)) {
        while (s.containers_walked < s.container_count)
            if (!walk_container(s.containers[s.containers_walked++])) return false;
        for (; s.chained < s.cap_count && !s.overflow; ++s.chained)
            if (s.caps[s.chained].chain == none && !walk_chain(s.chained)) return false;
    }
    return true;
}

bool in_kernel_window(paddr_t base, word_t bytes) { return base < window_limit && bytes <= window_limit - base; }

bool fail(const char* check, const char* fmt, ...) {
    Violation& v = *state().violation;
    if (v.check != nullptr) return false;
    v.check = check;
    std::va_list args;
    va_start(args, fmt);
    format::vformat_to_buffer(v.detail, sizeof v.detail, fmt, args);
    va_end(args);
    return false;
}

Region region_of(const Cap& cap) {
    const paddr_t p = cap.object();
    switch (cap.type()) {
    case CapType::Untyped: return {true, p, cap.as<UntypedCap>().size_bits()};
    case CapType::Endpoint: return {true, p, endpoint_bits};
    case CapType::Notification: return {true, p, notification_bits};
    case CapType::Reply: return {true, p, reply_bits};
    case CapType::CNode: return {true, p, cap.as<CNodeCap>().radix() + slot_bits};
    case CapType::Thread: return {true, p, tcb_bits};
    case CapType::SchedContext: return {true, p, cap.as<SchedContextCap>().size_bits()};
    case CapType::Frame: return {true, p, frame_size_bits(cap.as<FrameCap>().size())};
    case CapType::PageTable: return {true, p, page_table_bits};
    case CapType::VSpace: return {true, p, vspace_bits};
    case CapType::AsidPool: return {true, p, 12};
    case CapType::Zombie: {
        const auto z = cap.as<ZombieCap>();
        return {true, p, z.is_tcb() ? tcb_bits : z.radix() + slot_bits};
    }
    default: return {};
    }
}

bool by_address_less(std::uint32_t a, std::uint32_t b) {
    const CapRecord& x = state().caps[a];
    const CapRecord& y = state().caps[b];
    if (x.region.base != y.region.base) return x.region.base < y.region.base;
    if (x.region.bits != y.region.bits) return x.region.bits > y.region.bits;
    return x.slot->cap.type() == CapType::Untyped && y.slot->cap.type() != CapType::Untyped;
}

void sort_caps() {
    State& s = state();
    for (std::uint32_t i = 0; i < s.cap_count; ++i) {
        if (s.caps[i].region.physical) s.by_address[s.by_address_count++] = i;
        else s.unnamed[s.unnamed_count++] = i;
    }
    sort_indices(s.by_address, s.by_address_count, s.sort_buffer, by_address_less);
    // Caps that name no memory: by type, then IRQ / core number (mdb_chunked).
    sort_indices(s.unnamed, s.unnamed_count, s.sort_buffer, [&](std::uint32_t a, std::uint32_t b) {
        const Cap& x = s.caps[a].slot->cap;
        const Cap& y = s.caps[b].slot->cap;
        if (x.type() != y.type()) return x.type() < y.type();
        const bool numbered = x.type() == CapType::IrqHandler || x.type() == CapType::SchedControl;
        return numbered && x.word1() < y.word1();
    });
}

CapType object_class(const Cap& cap) {
    if (cap.type() != CapType::Zombie) return cap.type();
    return cap.as<ZombieCap>().is_tcb() ? CapType::Thread : CapType::CNode;
}

const char* cap_type_name(CapType type) {
    switch (type) {
    case CapType::Null: return "null";
    case CapType::Frame: return "frame";
    case CapType::Untyped: return "untyped";
    case CapType::PageTable: return "page-table";
    case CapType::Endpoint: return "endpoint";
    case CapType::Notification: return "notification";
    case CapType::Reply: return "reply";
    case CapType::VSpace: return "VSpace";
    case CapType::CNode: return "CNode";
    case CapType::AsidControl: return "ASIDControl";
    case CapType::Thread: return "TCB";
    case CapType::AsidPool: return "ASID-pool";
    case CapType::IrqControl: return "IRQControl";
    case CapType::IrqHandler: return "IRQHandler";
    case CapType::Zombie: return "zombie";
    case CapType::Domain: return "domain";
    case CapType::SchedContext: return "sched-context";
    case CapType::SchedControl: return "SchedControl";
    case CapType::Smc: return "SMC";
    case CapType::SgiSignal: return "SGISignal";
    }
    return "unknown";
}

}  // namespace detail

Violation check(const Options& options, Stats* stats) {
    using namespace detail;
    Violation violation;
    State& s = state();
    s.violation = &violation;
    s.options = &options;
    s.stats = {};
    s.overflow = false;
    s.cap_count = s.container_count = s.containers_walked = s.chained = s.position_count = s.chain_count = 0;
    s.by_address_count = s.unnamed_count = 0;

    // §2.1–2.4 over every slot found from the current thread and (§2.5
    // discovery) from every thread and kernel object the scheduler's state
    // leads to; then §2.5 itself. A cap capacity overflow skips the global
    // cap checks, which need every cap, but not §2.5: its table holds every
    // object linked to whatever the caps (check_sched skips if it overflows).
    Tcb* current = current_thread();
    if (current != nullptr && enumerate(*current) && discover_sched_objects(true)) {
        const bool all_caps = !s.overflow;
        if (!all_caps || (check_object_store() && check_cdt_and_untyped() && check_vspace_and_irq()))
            (void)check_sched(all_caps);
    }
    clear_hashes();
    if (stats != nullptr) *stats = s.stats;
    return violation;
}

namespace {
word_t full_checks = 0;
unsigned exits_since_full_check = 0;
const Tcb* thread_at_last_check = nullptr;
bool last_check_large = false;

void report(const Violation& v) {
    if (!v) return;
    kprintf("\nINVARIANT VIOLATION: %s: %s\n", v.check, v.detail);
    panic("invariant %s violated at kernel exit", v.check);
}

void full_check_at_kernel_exit() {
    detail::state_changed = false;
    exits_since_full_check = 0;
    thread_at_last_check = current_thread();
    ++full_checks;
    report(check());
    const detail::State& s = detail::state();
    last_check_large = s.overflow || s.cap_count > large_state_caps;
    if (s.overflow) {
        static bool warned = false;
        if (!warned) kprintf("Tessera: invariant checker capacity exceeded; global checks skipped\n");
        warned = true;
    }
}

// Whether the last full check walked thread t's TCB (and so its CSpace):
// with nothing changed since, enumerating from t would find nothing new.
bool walked_by_last_check(const Tcb* t) {
    if (t == nullptr) return false;
    const detail::State& s = detail::state();
    for (std::uint32_t i = 0; i < s.container_count; ++i)
        if (s.containers[i].is_tcb && s.containers[i].object == t->object()) return true;
    return false;
}

// No cap changed: only the §2.5 checks, over the objects the last full
// check found (kern/invariants.hpp check_at_kernel_exit).
void sched_check_at_kernel_exit() {
    using namespace detail;
    Violation violation;
    State& s = state();
    s.violation = &violation;
    s.stats = {};
    if (discover_sched_objects(false)) (void)check_sched(false);
    report(violation);
}
}  // namespace

void detail::check_at_kernel_exit() {
    ++exits_since_full_check;
    const Tcb* current = current_thread();
    const bool new_root = current != thread_at_last_check && !walked_by_last_check(current);
    if (!detail::state_changed && !new_root && exits_since_full_check < full_check_interval) {
        sched_check_at_kernel_exit();
        return;
    }
    if (last_check_large && exits_since_full_check < large_state_check_interval) return;
    full_check_at_kernel_exit();
}

namespace testing {
word_t full_checks_at_exit() { return full_checks; }
void reset_exit_shortcut() {
    detail::state_changed = true;
    exits_since_full_check = 0;
    thread_at_last_check = nullptr;
    last_check_large = false;
}
}  // namespace testing

}  // namespace kern::invariants
