// SPDX-License-Identifier: BSD-2-Clause
// Deleting caps and revoking their descendants (sel4-abi.md §5.4, the
// seL4 manual's cteDelete / finaliseSlot / reduceZombie / cteRevoke).
//
// Deleting the last cap to a CNode or TCB must delete the caps stored in
// that object, which may be many and may include caps to the object itself.
// As in seL4 the slot being deleted holds a Zombie cap meanwhile: it names
// the object's slot array and how many slots are still to clear, so the work
// can stop at any preemption point and resume when the thread re-executes
// its system call. A Zombie found inside its own slot array (a CNode holding
// the last cap to itself) is "cyclic": it is moved to slot 0 of the array
// and cleared from there, so deletion terminates.
#include <kern/cdt.hpp>
#include <kern/invariants.hpp>
#include <kern/object/cnode.hpp>
#include <kern/object/tcb.hpp>
#include <kern/ipc.hpp>
#include <kern/irq.hpp>
#include <kern/preemption.hpp>
#include <kern/sc.hpp>
#include <kern/thread.hpp>
#include <kern/vspace.hpp>

namespace kern::cdt {

namespace {

// The last cap to a thread goes (sel4-mcs.md §3.6 "Server deleted"): it
// leaves its notification and SC (a YieldTo to that SC completes), its IPC
// is cancelled and it leaves the scheduler, before its slots are cleared.
void finalise_thread(Tcb& t) {
    invariants::note_thread_finalised(t);
    unbind_notification(t);
    if (SchedContext* sc = t.sc) {
        sc::complete_yield_to(sc->yield_from);
        sc::unbind_tcb(*sc);
    }
    suspend(t);
    arch::fpu_release(t);
}

// The last cap to an SC goes: whatever runs on it stops, the notification
// and the call stack forget it, a pending YieldTo completes, and it is no
// longer active.
void finalise_sched_context(SchedContext& sc) {
    if (sc.tcb != nullptr) sc::unbind_tcb(sc);
    sc::unbind_notification(&sc);
    sc::unbind_reply(sc);
    if (sc.yield_from != nullptr) sc::complete_yield_to(sc.yield_from);
    sc.refill_max = 0;
    sc.sporadic = 0;
}

struct Finalised {
    Cap remainder;     // null, or a Zombie whose slots must still be cleared
    Cap cleanup_info;  // what must happen after the slot is emptied (IRQ handler caps)
};

// seL4 finaliseCap(cap, final, exposed = false): release what the object
// holds when `final` (the last cap to it goes away).
Finalised finalise_cap(const Cap& cap, bool final) {
    switch (cap.type()) {
    case CapType::CNode:
        if (!final) return {};
        {
            const CNodeCap cnode = cap.as<CNodeCap>();
            return {ZombieCap::make(cnode.object(), false, cnode.radix(), cnode.slot_count()), {}};
        }
    case CapType::Thread:
        if (!final) return {};
        finalise_thread(*tcb_of_object(cap.object()));
        return {ZombieCap::make(cap.object(), true, tcb_cnode_radix, tcb_slot_count), {}};
    case CapType::Zombie:
        return {cap, {}};
    case CapType::Endpoint:
        if (final) cancel_all_ipc(*phys_to_virt<Endpoint>(cap.object()));
        return {};
    case CapType::Notification:
        if (final) finalise_notification(*phys_to_virt<Notification>(cap.object()));
        return {};
    case CapType::Reply:
        if (final) finalise_reply(*phys_to_virt<Reply>(cap.object()));
        return {};
    case CapType::SchedContext:
        if (final) finalise_sched_context(*phys_to_virt<SchedContext>(cap.object()));
        return {};
    case CapType::IrqHandler:
        // The IRQ's notification goes now; the IRQ is masked once the cap is gone (empty_slot).
        if (!final) return {};
        irq::deleting_handler(cap.as<IrqHandlerCap>().irq());
        return {{}, cap};
    case CapType::Frame:
        // A mapping belongs to its cap: it goes with the cap, final or not.
        vspace::finalise_frame(cap.as<FrameCap>());
        return {};
    case CapType::PageTable:
        vspace::finalise_page_table(cap.as<PageTableCap>(), final);
        return {};
    case CapType::VSpace:
        vspace::finalise_vspace(cap.as<VSpaceCap>(), final);
        return {};
    case CapType::AsidPool:
        vspace::finalise_asid_pool(cap.as<AsidPoolCap>(), final);
        return {};
    default:
        // Untyped (memory comes back only through the parent's reset),
        // IRQControl, ASIDControl, SchedControl, Domain, SMC, SGI.
        return {};
    }
}

Cte* zombie_slots(const ZombieCap& z) { return cnode_slots(z.object()); }

// A Zombie is done when it has no slots left to clear, or when its last slot
// to clear is the one it sits in (a cyclic Zombie at slot 0).
bool removable(const Cap& remainder, const Cte& slot) {
    if (remainder.type() != CapType::Zombie) return true;  // null
    const ZombieCap z = remainder.as<ZombieCap>();
    return z.remaining() == 0 || (z.remaining() == 1 && &slot == zombie_slots(z));
}

bool cyclic_zombie(const Cap& cap, const Cte& slot) {
    return cap.type() == CapType::Zombie && zombie_slots(cap.as<ZombieCap>()) == &slot;
}

void empty_slot(Cte& slot, const Cap& cleanup_info) {
    if (slot.cap.is_null()) return;
    remove(slot);
    // seL4 postCapDeletion: an IRQ handler cap's IRQ becomes inactive (and
    // masked) once the last cap is gone, so IRQControl may issue it again.
    if (cleanup_info.type() == CapType::IrqHandler) irq::deleted_handler(cleanup_info.as<IrqHandlerCap>().irq());
}

struct SlotOutcome {
    Completion completion = Completion::Done;
    bool success = false;  // the slot may be emptied
    Cap cleanup_info;
};

Completion delete_slot_exposed(Cte& slot, bool exposed);
Completion reduce_zombie(Cte& slot, bool immediate);

// seL4 finaliseSlot.
SlotOutcome finalise_slot(Cte& slot, bool immediate) {
    while (!slot.cap.is_null()) {
        const Finalised f = finalise_cap(slot.cap, is_final(slot));
        if (removable(f.remainder, slot)) return {Completion::Done, true, f.cleanup_info};
        invariants::note_state_change();
        slot.cap = f.remainder;
        if (!immediate && cyclic_zombie(f.remainder, slot)) return {Completion::Done, false, f.cleanup_info};
        if (reduce_zombie(slot, immediate) == Completion::Preempted) return {Completion::Preempted, false, {}};
        if (preemption_point()) return {Completion::Preempted, false, {}};
    }
    return {Completion::Done, true, {}};
}

// seL4 reduceZombie: clear one more slot of the Zombie in `slot`, or, when
// not immediate, move the Zombie into its own slot 0 (out of the way of the
// slot being deleted).
Completion reduce_zombie(Cte& slot, bool immediate) {
    invariants::note_state_change();  // the Zombie shrinks or moves
    const ZombieCap z = slot.cap.as<ZombieCap>();
    Cte* slots = zombie_slots(z);
    const word_t n = z.remaining();
    if (immediate) {
        Cte& end = slots[n - 1];
        if (delete_slot_exposed(end, false) == Completion::Preempted) return Completion::Preempted;
        // The recursion either cleared `end` (then this Zombie has one slot
        // fewer to go) or swapped a cyclic Zombie into `slot`; in that case
        // the loop in finalise_slot continues with it.
        if (slot.cap.type() == CapType::Zombie) {
            const ZombieCap now = slot.cap.as<ZombieCap>();
            if (now.object() == z.object() && now.remaining() == n && now.is_tcb() == z.is_tcb())
                slot.cap = now.with_remaining(n - 1);
        }
        return Completion::Done;
    }
    if (&slots[0] != &slot) swap(slots[0], slots[0].cap, slot, slot.cap);
    return Completion::Done;
}

// seL4 cteDelete(slot, exposed).
Completion delete_slot_exposed(Cte& slot, bool exposed) {
    const SlotOutcome out = finalise_slot(slot, exposed);
    if (out.completion == Completion::Preempted) return Completion::Preempted;
    if (exposed || out.success) empty_slot(slot, out.cleanup_info);
    return Completion::Done;
}

}  // namespace

Completion delete_slot(Cte& slot) { return delete_slot_exposed(slot, true); }

Completion revoke(Cte& slot) {
    for (Cte* next = slot.mdb.next(); next != nullptr && is_mdb_parent_of(slot, *next); next = slot.mdb.next()) {
        if (delete_slot(*next) == Completion::Preempted) return Completion::Preempted;
        if (preemption_point()) return Completion::Preempted;
    }
    return Completion::Done;
}

}  // namespace kern::cdt
