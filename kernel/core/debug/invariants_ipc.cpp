// SPDX-License-Identifier: BSD-2-Clause
// Invariant checker, part 5: endpoint and notification queues, the
// bindings between threads, SCs and notifications, and reply objects with
// their call stacks (invariants.md §2.3 MCS pairs, §2.5; sel4-mcs.md §3, §5,
// §9.2). Runs over the object table of invariants_sched.cpp after
// valid_objs held. The back-pointer checks are the parts of l4v's sym_refs,
// one name per pair of links.
#include "invariants_sched.hpp"

namespace kern::invariants::detail {

namespace {

const void* vp(const void* p) { return p; }

// One endpoint or notification queue: its links (valid_ep / valid_ntfn),
// its members blocked on exactly this object (sym_refs_ep_queue /
// sym_refs_ntfn_queue), priority order (sorted_ipc_queues); an endpoint
// queue holds only senders or only receivers (valid_ep).
bool ipc_queue(const Object& owner, const TcbQueue<&Tcb::ep_next, &Tcb::ep_prev>& q) {
    const bool ep = owner.kind == Kind::Endpoint;
    const char* const valid = ep ? "valid_ep" : "valid_ntfn";
    const char* const sym = ep ? "sym_refs_ep_queue" : "sym_refs_ntfn_queue";
    const void* self = reinterpret_cast<const void*>(owner.address);
    if ((q.head == nullptr) != (q.tail == nullptr))
        return fail(valid, "%s %p: queue head %p, tail %p", kind_name(owner.kind), self, vp(q.head), vp(q.tail));
    const Tcb* prev = nullptr;
    for (const Tcb* t = q.head; t != nullptr; prev = t, t = t->ep_next) {
        Object* o = find(t);
        if (o == nullptr || o->kind != Kind::Tcb)
            return fail(valid, "%s %p: its queue links to %p, no thread", kind_name(owner.kind), self, vp(t));
        if (t->ep_prev != prev)
            return fail(valid, "%s %p: %p follows %p in its queue but its prev link is %p", kind_name(owner.kind), self,
                        vp(t), vp(prev), vp(t->ep_prev));
        if (o->queue != 0)
            return fail(valid, "thread %p is in the queue of %s %p and of %p", vp(t), kind_name(owner.kind), self,
                        reinterpret_cast<void*>(object(o->queue - 1).address));
        o->queue = index_of(owner) + 1;
        const bool state_ok = ep ? blocked_on_endpoint(t->state) : t->state == ThreadState::BlockedOnNotification;
        if (!state_ok || t->blocking_object != self)
            return fail(sym, "thread %p in the queue of %s %p: state %u, blocked on %p", vp(t), kind_name(owner.kind),
                        self, static_cast<unsigned>(t->state), t->blocking_object);
        if (ep && t->state != q.head->state)
            return fail("valid_ep", "endpoint %p queues a sender and a receiver (%p, %p)", self, vp(q.head), vp(t));
        if (prev != nullptr && prev->priority < t->priority)
            return fail("sorted_ipc_queues", "%s %p: thread %p (priority %u) follows %p (priority %u)",
                        kind_name(owner.kind), self, vp(t), static_cast<unsigned>(t->priority), vp(prev),
                        static_cast<unsigned>(prev->priority));
    }
    if (q.tail != prev)
        return fail(valid, "%s %p: queue ends at %p but its tail is %p", kind_name(owner.kind), self, vp(prev),
                    vp(q.tail));
    return true;
}

// valid_ntfn: Waiting exactly when threads wait; a bound notification has at
// most its bound thread waiting.
bool valid_ntfn(const Notification& n) {
    if ((n.state == NotificationState::Waiting) != !n.queue.empty())
        return fail("valid_ntfn", "notification %p in state %lu has queue head %p", vp(&n), static_cast<word_t>(n.state),
                    vp(n.queue.head));
    if (n.bound_tcb != nullptr && !n.queue.empty() && (n.queue.head != n.bound_tcb || n.queue.head != n.queue.tail))
        return fail("valid_ntfn", "notification %p is bound to %p but %p waits on it", vp(&n), vp(n.bound_tcb),
                    vp(n.queue.head != n.bound_tcb ? n.queue.head : n.queue.tail));
    return true;
}

bool ipc_queues() {
    for (std::uint32_t i = 0; i < object_count(); ++i) {
        const Object& o = object(i);
        if (o.kind == Kind::Endpoint && !ipc_queue(o, as<Endpoint>(o)->queue)) return false;
        if (o.kind == Kind::Notification && !(ipc_queue(o, as<Notification>(o)->queue) && valid_ntfn(*as<Notification>(o))))
            return false;
    }
    return true;
}

// Per thread: sym_refs_ep_queue / sym_refs_ntfn_queue (blocked on an
// object ⇒ in its queue), released_ipc_queues (a thread blocked in IPC with
// an SC can run as soon as it is woken; a thread whose Timeout fault is
// pending is exempt, its SC ran out), fault_tcbs_valid_states (a pending
// fault is being sent, waits for its reply, or stopped the thread).
bool blocked_threads(const sched::View& v) {
    for (std::uint32_t i = 0; i < object_count(); ++i) {
        const Object& o = object(i);
        if (o.kind != Kind::Tcb) continue;
        const Tcb& t = *as<Tcb>(o);
        const bool on_ntfn = t.state == ThreadState::BlockedOnNotification;
        if (blocked_on_endpoint(t.state) || on_ntfn) {
            const Object* queue = find(t.blocking_object);
            if (o.queue == 0 || &object(o.queue - 1) != queue)
                return fail(on_ntfn ? "sym_refs_ntfn_queue" : "sym_refs_ep_queue",
                            "thread %p (state %u) is blocked on %p but not in its queue", vp(&t),
                            static_cast<unsigned>(t.state), t.blocking_object);
        }
        if (blocked_in_ipc(t.state) && t.sc != nullptr && t.fault.type != FaultType::Timeout && !released(t.sc, v.now))
            return fail("released_ipc_queues", "thread %p blocked in state %u has SC %p, which is not released", vp(&t),
                        static_cast<unsigned>(t.state), vp(t.sc));
        if (t.fault.pending() && t.state != ThreadState::BlockedOnSend && t.state != ThreadState::BlockedOnReply &&
            t.state != ThreadState::Inactive)
            return fail("fault_tcbs_valid_states", "thread %p has a pending fault (type %u) in state %u", vp(&t),
                        static_cast<unsigned>(t.fault.type), static_cast<unsigned>(t.state));
    }
    return true;
}

// Both directions of each binding: sym_refs_sc_tcb (TCB.sc / SC.tcb),
// sym_refs_bound_ntfn (TCB.bound_notification / Notification.bound_tcb),
// sym_refs_sc_ntfn (SC.notification / Notification.sc), sym_refs_yield
// (TCB.yield_to / SC.yield_from).
bool bindings() {
    for (std::uint32_t i = 0; i < object_count(); ++i) {
        const Object& o = object(i);
        if (o.kind == Kind::Tcb) {
            const Tcb& t = *as<Tcb>(o);
            if (t.sc != nullptr && t.sc->tcb != &t)
                return fail("sym_refs_sc_tcb", "thread %p runs on SC %p, whose thread is %p", vp(&t), vp(t.sc),
                            vp(t.sc->tcb));
            if (t.bound_notification != nullptr && t.bound_notification->bound_tcb != &t)
                return fail("sym_refs_bound_ntfn", "thread %p is bound to notification %p, which is bound to %p", vp(&t),
                            vp(t.bound_notification), vp(t.bound_notification->bound_tcb));
            if (t.yield_to != nullptr && t.yield_to->yield_from != &t)
                return fail("sym_refs_yield", "thread %p yielded to SC %p, whose yielder is %p", vp(&t), vp(t.yield_to),
                            vp(t.yield_to->yield_from));
        } else if (o.kind == Kind::Sc) {
            const SchedContext& sc = *as<SchedContext>(o);
            if (sc.tcb != nullptr && sc.tcb->sc != &sc)
                return fail("sym_refs_sc_tcb", "SC %p runs thread %p, which runs on %p", vp(&sc), vp(sc.tcb),
                            vp(sc.tcb->sc));
            if (sc.notification != nullptr && sc.notification->sc != &sc)
                return fail("sym_refs_sc_ntfn", "SC %p is bound to notification %p, which is bound to SC %p", vp(&sc),
                            vp(sc.notification), vp(sc.notification->sc));
            if (sc.yield_from != nullptr && sc.yield_from->yield_to != &sc)
                return fail("sym_refs_yield", "SC %p records yielder %p, which yielded to %p", vp(&sc), vp(sc.yield_from),
                            vp(sc.yield_from->yield_to));
        } else if (o.kind == Kind::Notification) {
            const Notification& n = *as<Notification>(o);
            if (n.bound_tcb != nullptr && n.bound_tcb->bound_notification != &n)
                return fail("sym_refs_bound_ntfn", "notification %p is bound to thread %p, which is bound to %p", vp(&n),
                            vp(n.bound_tcb), vp(n.bound_tcb->bound_notification));
            if (n.sc != nullptr && n.sc->notification != &n)
                return fail("sym_refs_sc_ntfn", "notification %p is bound to SC %p, which is bound to %p", vp(&n),
                            vp(n.sc), vp(n.sc->notification));
        }
    }
    return true;
}

// Reply objects (sel4-mcs.md §3.1): sym_refs_reply_tcb (a reply's thread
// waits through it — BlockedOnReply as a caller or BlockedOnReceive as a
// receiver — and names it back; a thread names a reply only in those
// states, and BlockedOnReply always names one), sym_refs_reply_stack
// (prev/next links agree), sym_refs_sc_reply (a head reply's SC names it as
// its stack head, and the other way round), active_reply_scs.
bool reply_links() {
    for (std::uint32_t i = 0; i < object_count(); ++i) {
        const Object& o = object(i);
        if (o.kind == Kind::Tcb) {
            const Tcb& t = *as<Tcb>(o);
            const bool waits = t.state == ThreadState::BlockedOnReply || t.state == ThreadState::BlockedOnReceive;
            if ((t.reply != nullptr && (!waits || t.reply->tcb != &t)) ||
                (t.reply == nullptr && t.state == ThreadState::BlockedOnReply))
                return fail("sym_refs_reply_tcb", "thread %p in state %u names reply object %p (its thread %p)", vp(&t),
                            static_cast<unsigned>(t.state), vp(t.reply), t.reply != nullptr ? vp(t.reply->tcb) : nullptr);
            continue;
        }
        if (o.kind != Kind::Reply) continue;
        const Reply& r = *as<Reply>(o);
        if (r.tcb != nullptr && (r.tcb->reply != &r || (r.tcb->state != ThreadState::BlockedOnReply &&
                                                        r.tcb->state != ThreadState::BlockedOnReceive)))
            return fail("sym_refs_reply_tcb", "reply object %p names thread %p (state %u), which names reply %p", vp(&r),
                        vp(r.tcb), static_cast<unsigned>(r.tcb->state), vp(r.tcb->reply));
        if (r.prev != nullptr && (r.prev->next_is_sc != 0 || r.prev->next != &r))
            return fail("sym_refs_reply_stack", "reply object %p: its prev %p has next %p", vp(&r), vp(r.prev),
                        r.prev->next);
        if (const Reply* newer = r.next_reply(); newer != nullptr && newer->prev != &r)
            return fail("sym_refs_reply_stack", "reply object %p: its next %p has prev %p", vp(&r), vp(newer),
                        vp(newer->prev));
        if (const SchedContext* sc = r.head_sc()) {
            if (sc->reply != &r)
                return fail("sym_refs_sc_reply", "reply object %p heads the stack of SC %p, whose head is %p", vp(&r),
                            vp(sc), vp(sc->reply));
            if (!sc->active())
                return fail("active_reply_scs", "reply object %p heads the stack of SC %p, which is not active", vp(&r),
                            vp(sc));
        }
    }
    return true;
}

// valid_replies: walking each SC's call stack from its head (newest) through
// the prev links, every reply object in it has a caller BlockedOnReply on
// it, and no reply object is in two stacks.
bool call_stacks() {
    for (std::uint32_t i = 0; i < object_count(); ++i) {
        const Object& o = object(i);
        if (o.kind != Kind::Sc) continue;
        const SchedContext& sc = *as<SchedContext>(o);
        if (sc.reply == nullptr) continue;
        if (sc.reply->head_sc() != &sc)
            return fail("sym_refs_sc_reply", "SC %p: its stack head %p has next %p (next_is_sc %lu)", vp(&sc),
                        vp(sc.reply), sc.reply->next, sc.reply->next_is_sc);
        for (const Reply* r = sc.reply; r != nullptr; r = r->prev) {
            Object& ro = *find(r);
            if (ro.stack != 0)
                return fail("valid_replies", "reply object %p is in the call stacks of SC %p and %p", vp(r), vp(&sc),
                            reinterpret_cast<void*>(object(ro.stack - 1).address));
            ro.stack = index_of(o) + 1;
            if (r->tcb == nullptr || r->tcb->state != ThreadState::BlockedOnReply)
                return fail("valid_replies", "reply object %p in the call stack of SC %p has no caller waiting (%p)",
                            vp(r), vp(&sc), vp(r->tcb));
        }
    }
    return true;
}

}  // namespace

bool check_ipc_and_replies(const sched::View& v) {
    return ipc_queues() && blocked_threads(v) && bindings() && reply_links() && call_stacks();
}

}  // namespace kern::invariants::detail
