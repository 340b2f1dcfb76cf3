// SPDX-License-Identifier: BSD-2-Clause
// Creating one object in retyped memory (seL4 createObject / Arch_createObject,
// sel4-abi.md §6.3 "Created objects", sel4-mcs.md §2.3) and the cap that
// names it, with the rights seL4 gives a fresh cap.
#include <new>

#include <kern/arch_contract.hpp>
#include <kern/cdt.hpp>
#include <kern/invariants.hpp>
#include <kern/object/endpoint.hpp>
#include <kern/object/notification.hpp>
#include <kern/object/reply.hpp>
#include <kern/object/sched_context.hpp>
#include <kern/object/tcb.hpp>
#include <kern/object/untyped.hpp>

namespace kern {

// The memory is zero already: Retype hands out only the free part of an
// untyped, which is all zeros (untyped_ranges_zero', invariants.md §2.1:
// boot untypeds start full, and reset_untyped clears up to the watermark
// before the free index drops). So no object is cleared here again; a zero
// object is the initial state of each kind (noted per case).
namespace {

// create_object's body, inlined into the Retype loop: the per-type choice
// and the object size are then worked out once per call, not per object.
[[gnu::always_inline]] inline Cap make_object(const ObjectTypeInfo& type, word_t user_size_bits, unsigned bits,
                                              paddr_t paddr, bool device) {
    switch (type.kind) {
    case ObjectKind::Untyped:
        // Memory above a watermark is zero already (untyped_ranges_zero',
        // invariants.md §2.1); a child starts empty with free index 0.
        return UntypedCap::make(paddr, bits, device, 0).cap();
    case ObjectKind::Tcb: {
        // Inactive, no slots, registers as seL4 Arch_initContext leaves them.
        Tcb* tcb = new (tcb_of_object(paddr)) Tcb{};
        tcb->context.init_user(0, 0);
        return ThreadCap::make(paddr).cap();
    }
    case ObjectKind::Endpoint:
        // Zero: idle, empty queue.
        return EndpointCap::make(paddr, 0, CapRights::all()).cap();
    case ObjectKind::Notification:
        // Zero: idle, word 0, unbound.
        return NotificationCap::make(paddr, 0, CapRights::make(false, false, true, true)).cap();
    case ObjectKind::CNode:
        // Zero: every slot empty, CDT links clear.
        return CNodeCap::make(paddr, static_cast<unsigned>(user_size_bits), 0, 0).cap();
    case ObjectKind::SchedContext:
        // Zero: unconfigured (refill max 0), unbound, core 0.
        return SchedContextCap::make(paddr, bits).cap();
    case ObjectKind::Reply:
        // Zero: not linked to any caller.
        return ReplyCap::make(paddr, true).cap();
    case ObjectKind::Frame:
        // Frame contents: zero from the untyped's lazy reset (sel4-abi.md §16
        // item 10); device frames are never touched.
        return FrameCap::make(paddr, type.frame_size, VmRights::ReadWrite, device).cap();
    case ObjectKind::PageTable:
        // Zero: no entry valid.
        return PageTableCap::make(paddr).cap();
    case ObjectKind::VSpace:
        // Zero: no entry valid.
        return VSpaceCap::make(paddr).cap();
    }
    return Cap::null();
}

}  // namespace

Cap create_object(const ObjectTypeInfo& type, word_t user_size_bits, paddr_t paddr, bool device) {
    invariants::note_state_change();
    return make_object(type, user_size_bits, object_size_bits(type, user_size_bits), paddr, device);
}

void create_objects(const RetypeOperation& op, paddr_t first) {
    invariants::note_state_change();
    const word_t object_size = word_t{1} << op.object_bits;
    Cte& untyped = *op.untyped_slot;
    paddr_t at = first;
    for (word_t i = 0; i < op.count; ++i, at += object_size)
        cdt::insert_new_object(untyped, op.dest_slots[i],
                               make_object(op.type, op.user_size_bits, op.object_bits, at, op.device));
}

}  // namespace kern
