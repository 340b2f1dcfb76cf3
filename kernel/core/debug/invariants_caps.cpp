// SPDX-License-Identifier: BSD-2-Clause
// Invariant checker: the checks on one cap by itself (invariants.md §2.2):
// wellformed_cap, valid_cs (radix), no_0_obj, cap_refs_in_kernel_window and
// cap_aligned. Enumeration and the object store are in invariants.cpp.
#include "invariants_state.hpp"

#include <kern/irq.hpp>
#include <kern/object/cnode.hpp>
#include <kern/object/tcb.hpp>
#include <kern/object_type.hpp>

namespace kern::invariants::detail {

namespace {

bool known_cap_type(CapType t) {
    switch (t) {
    case CapType::Null: case CapType::Frame: case CapType::Untyped: case CapType::PageTable:
    case CapType::Endpoint: case CapType::Notification: case CapType::Reply: case CapType::VSpace:
    case CapType::CNode: case CapType::AsidControl: case CapType::Thread: case CapType::AsidPool:
    case CapType::IrqControl: case CapType::IrqHandler: case CapType::Zombie: case CapType::Domain:
    case CapType::SchedContext: case CapType::SchedControl: case CapType::Smc: case CapType::SgiSignal:
        return true;
    }
    return false;
}

// ---- single caps ----------------------------------------------------------

// wellformed_cap: every field in range (invariants.md §2.2).
bool wellformed_cap(const Cte& slot) {
    const Cap& cap = slot.cap;
    if (!known_cap_type(cap.type()))
        return fail("wellformed_cap", "slot %p holds unknown cap type %u", static_cast<const void*>(&slot),
                    static_cast<unsigned>(cap.type()));
    switch (cap.type()) {
    case CapType::Untyped: {
        const auto ut = cap.as<UntypedCap>();
        if (ut.size_bits() < min_untyped_bits || ut.size_bits() > max_untyped_bits)
            return fail("wellformed_cap", "untyped cap in slot %p has size bits %u (allowed %u..%u)",
                        static_cast<const void*>(&slot), ut.size_bits(), min_untyped_bits, max_untyped_bits);
        if (ut.free_index() > ut.size() || !is_aligned(ut.free_index(), word_t{1} << min_untyped_bits))
            return fail("wellformed_cap", "untyped cap in slot %p has free index 0x%lx (size 0x%lx, 16-byte units)",
                        static_cast<const void*>(&slot), ut.free_index(), ut.size());
        return true;
    }
    case CapType::CNode: {
        const auto cn = cap.as<CNodeCap>();
        if (cn.radix() + cn.guard_size() > 64)
            return fail("wellformed_cap", "CNode cap in slot %p: radix %u + guard size %u > 64",
                        static_cast<const void*>(&slot), cn.radix(), cn.guard_size());
        if (cn.guard_size() < 64 && (cn.guard() >> cn.guard_size()) != 0)
            return fail("wellformed_cap", "CNode cap in slot %p: guard 0x%lx wider than guard size %u",
                        static_cast<const void*>(&slot), cn.guard(), cn.guard_size());
        return true;
    }
    case CapType::Notification: {
        const auto rights = cap.as<NotificationCap>().rights();
        if (rights.can_grant() || rights.can_grant_reply())
            return fail("wellformed_cap", "notification cap in slot %p carries Grant/GrantReply (rights 0x%lx)",
                        static_cast<const void*>(&slot), rights.raw());
        return true;
    }
    case CapType::Reply:
        if ((cap.word0() & Cap::SmallField::make(~word_t{1} & 0xfff)) != 0 || cap.word1() != 0)
            return fail("wellformed_cap", "reply cap in slot %p has bits besides Grant set",
                        static_cast<const void*>(&slot));
        return true;
    case CapType::SchedContext: {
        const unsigned bits = cap.as<SchedContextCap>().size_bits();
        if (bits < min_sched_context_bits || bits > max_untyped_bits)
            return fail("wellformed_cap", "scheduling-context cap in slot %p has size bits %u",
                        static_cast<const void*>(&slot), bits);
        return true;
    }
    case CapType::Frame: {
        const auto frame = cap.as<FrameCap>();
        const auto size = static_cast<unsigned>(frame.size());
        const auto rights = static_cast<unsigned>(frame.rights());
        if (size > 2 || rights < 1 || rights > 3)
            return fail("wellformed_cap", "frame cap in slot %p has size class %u, VM rights %u",
                        static_cast<const void*>(&slot), size, rights);
        if (frame.is_mapped() && frame.mapped_address() >= arch::user_top)
            return fail("wellformed_cap", "frame cap in slot %p is mapped at 0x%lx above user_top",
                        static_cast<const void*>(&slot), frame.mapped_address());
        return true;
    }
    case CapType::IrqHandler: {
        const word_t irq = cap.as<IrqHandlerCap>().irq();
        if (irq > arch::irq_max)
            return fail("wellformed_cap", "IRQ handler cap in slot %p names IRQ %lu above maxIRQ %lu",
                        static_cast<const void*>(&slot), irq, arch::irq_max);
        // valid_irq_handlers (invariants.md §2.6).
        if (irq::state(irq) != irq::IrqState::Signal)
            return fail("valid_irq_handlers", "IRQ handler cap in slot %p for IRQ %lu, which is not in state Signal",
                        static_cast<const void*>(&slot), irq);
        return true;
    }
    case CapType::Zombie: {
        const auto z = cap.as<ZombieCap>();
        const word_t slots = z.is_tcb() ? tcb_slot_count : (word_t{1} << z.radix());
        if (z.remaining() > slots)
            return fail("wellformed_cap", "zombie cap in slot %p has %lu slots to clear of %lu",
                        static_cast<const void*>(&slot), z.remaining(), slots);
        return true;
    }
    default:
        return true;
    }
}

// valid_cs (the size part): a CNode of radix n has 2^n slots, 0 < n < 64 - 5.
bool valid_cs_radix(const Cte& slot) {
    unsigned radix = 0;
    if (slot.cap.type() == CapType::CNode) radix = slot.cap.as<CNodeCap>().radix();
    else if (slot.cap.type() == CapType::Zombie && !slot.cap.as<ZombieCap>().is_tcb())
        radix = slot.cap.as<ZombieCap>().radix();
    else return true;
    if (radix == 0 || radix >= 64 - slot_bits)
        return fail("valid_cs", "CNode cap in slot %p has radix %u (must be 1..%u)", static_cast<const void*>(&slot),
                    radix, 64 - slot_bits - 1);
    return true;
}

bool is_device_cap(const Cap& cap);

// no_0_obj: no kernel object at address 0. seL4 caps hold kernel-window
// pointers, so its device untypeds at physical 0 are non-zero there; ours
// hold physical addresses, so device memory (never used as an object by the
// kernel) is exempt.
bool no_0_obj(const Cte& slot, const Region& r) {
    if (r.physical && r.base == 0 && !is_device_cap(slot.cap))
        return fail("no_0_obj", "%s cap in slot %p names an object at address 0", cap_type_name(slot.cap.type()),
                    static_cast<const void*>(&slot));
    return true;
}

bool is_device_cap(const Cap& cap) {
    if (cap.type() == CapType::Untyped) return cap.as<UntypedCap>().is_device();
    if (cap.type() == CapType::Frame) return cap.as<FrameCap>().is_device();
    return false;
}

bool cap_refs_in_kernel_window(const Cte& slot, const Region& r) {
    if (!r.physical || is_device_cap(slot.cap)) return true;  // device memory is never touched by the kernel
    if (r.base >= window_limit || (paddr_t{1} << r.bits) > window_limit - r.base)
        return fail("cap_refs_in_kernel_window", "%s cap in slot %p names [0x%lx, +2^%u) outside the window (0x%lx)",
                    cap_type_name(slot.cap.type()), static_cast<const void*>(&slot), r.base, r.bits, window_limit);
    return true;
}

bool cap_aligned(const Cte& slot, const Region& r) {
    if (r.physical && !is_aligned(r.base, word_t{1} << r.bits))
        return fail("cap_aligned", "%s cap in slot %p names 0x%lx, not aligned to its size 2^%u",
                    cap_type_name(slot.cap.type()), static_cast<const void*>(&slot), r.base, r.bits);
    return true;
}

}  // namespace

bool check_cap(const Cte& slot) {
    if (!wellformed_cap(slot) || !valid_cs_radix(slot)) return false;
    const Region r = region_of(slot.cap);
    return no_0_obj(slot, r) && cap_refs_in_kernel_window(slot, r) && cap_aligned(slot, r);
}

}  // namespace kern::invariants::detail
