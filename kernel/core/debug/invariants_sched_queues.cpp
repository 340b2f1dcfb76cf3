// SPDX-License-Identifier: BSD-2-Clause
// Invariant checker, part 4: refills, the idle thread, the ready and release
// queues, the current thread and the scheduler action (invariants.md §2.5;
// l4v DetSchedInvs_AI on the MCS branch). Runs over the object table of
// invariants_sched.cpp after valid_objs held, so every link read here names
// an object of the right kind.
#include <kern/thread.hpp>

#include "invariants_sched.hpp"

namespace kern::invariants::detail {

namespace {

const void* vp(const void* p) { return p; }
word_t refill_index_after(const SchedContext& sc, word_t i) { return i + 1 == sc.refill_max ? 0 : i + 1; }

// valid_refills (cfg_valid_refills: rr_valid_refills / sp_valid_refills) for
// an active SC. The SC stores no budget: it is the sum of the refills, so
// "the amounts sum to the budget" holds by definition and the bounds on the
// budget are checked on the sum.
bool valid_refills(const Object& o) {
    const SchedContext& sc = *as<SchedContext>(o);
    const void* p = vp(&sc);
    const word_t max = sc.refill_max;
    if (o.sc_bits != 0 && max > max_refills(o.sc_bits))
        return fail("valid_refills", "SC %p has refill_max %lu, its 2^%u bytes hold %lu", p, max, o.sc_bits,
                    max_refills(o.sc_bits));
    if (max < min_refills || sc.refill_head >= max || sc.refill_tail >= max)
        return fail("valid_refills", "SC %p: refill_max %lu, head %lu, tail %lu", p, max, sc.refill_head,
                    sc.refill_tail);
    const word_t count = (sc.refill_tail + max - sc.refill_head) % max + 1;
    const Refill& head = head_refill(sc);
    if (head.amount < min_budget)
        return fail("valid_refills", "SC %p: head refill holds %lu ticks, less than MIN_BUDGET %lu", p, head.amount,
                    min_budget);
    ticks_t budget = 0;
    const Refill* previous = nullptr;
    for (word_t i = sc.refill_head, n = 0; n < count; i = refill_index_after(sc, i), ++n) {
        const Refill& r = sc.refills()[i];
        ticks_t end = 0;
        if (__builtin_add_overflow(budget, r.amount, &budget) || __builtin_add_overflow(r.release_time, r.amount, &end))
            return fail("valid_refills", "SC %p: refill %lu {%lu, %lu} overflows (no_overflow)", p, n, r.release_time,
                        r.amount);
        // ordered_disjoint (round-robin SCs: both refills carry the time of the slice start)
        if (!sc.round_robin() && previous != nullptr && previous->release_time + previous->amount > r.release_time)
            return fail("valid_refills", "SC %p: refill %lu {%lu, %lu} starts before the previous one ends at %lu", p,
                        n, r.release_time, r.amount, previous->release_time + previous->amount);
        previous = &r;
    }
    if (budget < min_budget)
        return fail("valid_refills", "SC %p: budget %lu (the sum of its refills) is below MIN_BUDGET", p, budget);
    if (sc.round_robin()) {
        if (count != min_refills || max != min_refills)
            return fail("valid_refills", "round-robin SC %p has %lu refills of %lu, not exactly 2", p, count, max);
        if (budget > max_period_ticks)
            return fail("valid_refills", "round-robin SC %p: budget %lu above MAX_PERIOD", p, budget);
        return true;
    }
    if (budget > sc.period || sc.period > max_period_ticks)
        return fail("valid_refills", "SC %p: budget %lu, period %lu (need budget <= period <= MAX_PERIOD)", p, budget,
                    sc.period);
    // window: the last refill starts within one period of the head's start.
    if (previous->release_time > head.release_time && previous->release_time - head.release_time > sc.period)
        return fail("valid_refills", "SC %p: last refill at %lu, more than a period after the head at %lu", p,
                    previous->release_time, head.release_time);
    return true;
}

bool all_refills() {
    for (std::uint32_t i = 0; i < object_count(); ++i) {
        const Object& o = object(i);
        if (o.kind == Kind::Sc && as<SchedContext>(o)->active() && !valid_refills(o)) return false;
    }
    return true;
}

// valid_idle: the idle thread is idle, unbound, on its own SC and asks for
// nothing. only_idle: no other thread is in the idle state.
bool valid_idle(const sched::View& v) {
    const Tcb& idle = *v.idle;
    if (idle.state != ThreadState::IdleThreadState || idle.bound_notification != nullptr || idle.sc != v.idle_sc ||
        v.idle_sc == nullptr || v.idle_sc->tcb != &idle || idle.yield_to != nullptr || idle.fault.pending())
        return fail("valid_idle", "idle thread %p: state %u, bound notification %p, SC %p (idle SC %p)", vp(&idle),
                    static_cast<unsigned>(idle.state), vp(idle.bound_notification), vp(idle.sc), vp(v.idle_sc));
    for (std::uint32_t i = 0; i < object_count(); ++i) {
        const Object& o = object(i);
        if (o.kind == Kind::Tcb && as<Tcb>(o) != &idle && as<Tcb>(o)->state == ThreadState::IdleThreadState)
            return fail("only_idle", "thread %p is in the idle thread state", reinterpret_cast<void*>(o.address));
    }
    return true;
}

// One non-empty ready queue: sym_heap_sched_pointers (links),
// idleThreadNotQueued, valid_ready_qs (distinct, runnable, exactly this
// priority, released SC).
bool ready_queue(const sched::View& v, unsigned p) {
    const sched::SchedQueue& q = v.ready[p];
    const Tcb* prev = nullptr;
    for (const Tcb* t = q.head; t != nullptr; prev = t, t = t->sched_next) {
        Object* o = find(t);
        if (o == nullptr || o->kind != Kind::Tcb)
            return fail("sym_heap_sched_pointers", "ready queue %u links to %p, no thread", p, vp(t));
        if (t->sched_prev != prev)
            return fail("sym_heap_sched_pointers", "ready queue %u: %p follows %p but its prev link is %p", p, vp(t),
                        vp(prev), vp(t->sched_prev));
        if (t == v.idle) return fail("idleThreadNotQueued", "the idle thread is in ready queue %u", p);
        if (o->in_ready) return fail("valid_ready_qs", "thread %p is in the ready queues twice", vp(t));
        o->in_ready = true;
        if (t->priority != p || !is_runnable(t->state) || !released(t->sc, v.now))
            return fail("valid_ready_qs", "thread %p in ready queue %u: priority %u, state %u, SC %p not released",
                        vp(t), p, static_cast<unsigned>(t->priority), static_cast<unsigned>(t->state), vp(t->sc));
    }
    if (q.tail != prev)
        return fail("sym_heap_sched_pointers", "ready queue %u ends at %p but its tail is %p", p, vp(prev), vp(q.tail));
    return true;
}

// valid_bitmaps: a bit of the lower level is set exactly for the non-empty
// queues, a bit of the top level exactly for the non-zero lower words. One
// pass over the 256 queue heads; only the non-empty queues are walked.
bool ready_queues(const sched::View& v) {
    word_t nonempty[sched::bitmap_words] = {};
    word_t with_tail[sched::bitmap_words] = {};
    for (unsigned p = 0; p < num_priorities; ++p) {
        nonempty[p / 64] |= word_t{v.ready[p].head != nullptr} << (p % 64);
        with_tail[p / 64] |= word_t{v.ready[p].tail != nullptr} << (p % 64);
    }
    for (unsigned w = 0; w < sched::bitmap_words; ++w) {
        if (const word_t differ = nonempty[w] ^ with_tail[w]; differ != 0) {
            const unsigned p = w * 64 + static_cast<unsigned>(__builtin_ctzll(differ));
            return fail("sym_heap_sched_pointers", "ready queue %u: head %p, tail %p", p, vp(v.ready[p].head),
                        vp(v.ready[p].tail));
        }
        if (const word_t differ = nonempty[w] ^ v.bitmap_bottom[w]; differ != 0) {
            const unsigned p = w * 64 + static_cast<unsigned>(__builtin_ctzll(differ));
            return fail("valid_bitmaps", "priority %u: queue head %p, bitmap bit %lu", p, vp(v.ready[p].head),
                        (v.bitmap_bottom[w] >> (p % 64)) & 1);
        }
        if (((v.bitmap_top >> w) & 1) != (nonempty[w] != 0 ? 1u : 0u))
            return fail("valid_bitmaps", "top bitmap bit %u is %lu, word %u is 0x%lx", w, (v.bitmap_top >> w) & 1, w,
                        v.bitmap_bottom[w]);
    }
    if ((v.bitmap_top >> sched::bitmap_words) != 0)
        return fail("valid_bitmaps", "top bitmap 0x%lx has bits beyond word %u", v.bitmap_top, sched::bitmap_words - 1);
    for (unsigned w = 0; w < sched::bitmap_words; ++w)
        for (word_t bits = nonempty[w]; bits != 0; bits &= bits - 1)
            if (!ready_queue(v, w * 64 + static_cast<unsigned>(__builtin_ctzll(bits)))) return false;
    return true;
}

// The release queue: sym_heap_sched_pointers, valid_release_q (distinct,
// runnable threads with an active SC), ready_or_release, sorted_release_q
// (by head release time, equal times in arrival order).
bool release_queue(const sched::View& v) {
    const sched::SchedQueue& q = *v.release;
    if ((q.head == nullptr) != (q.tail == nullptr))
        return fail("sym_heap_sched_pointers", "release queue: head %p, tail %p", vp(q.head), vp(q.tail));
    const Tcb* prev = nullptr;
    for (const Tcb* t = q.head; t != nullptr; prev = t, t = t->sched_next) {
        Object* o = find(t);
        if (o == nullptr || o->kind != Kind::Tcb)
            return fail("sym_heap_sched_pointers", "the release queue links to %p, no thread", vp(t));
        if (t->sched_prev != prev)
            return fail("sym_heap_sched_pointers", "release queue: %p follows %p but its prev link is %p", vp(t),
                        vp(prev), vp(t->sched_prev));
        if (t == v.idle) return fail("idleThreadNotQueued", "the idle thread is in the release queue");
        if (o->in_ready) return fail("ready_or_release", "thread %p is in a ready queue and the release queue", vp(t));
        if (o->in_release) return fail("valid_release_q", "thread %p is in the release queue twice", vp(t));
        o->in_release = true;
        if (!is_runnable(t->state) || t->sc == nullptr || !t->sc->active())
            return fail("valid_release_q", "thread %p in the release queue: state %u, SC %p", vp(t),
                        static_cast<unsigned>(t->state), vp(t->sc));
        if (prev != nullptr && head_refill(*prev->sc).release_time > head_refill(*t->sc).release_time)
            return fail("sorted_release_q", "thread %p (release at %lu) follows %p (release at %lu)", vp(t),
                        head_refill(*t->sc).release_time, vp(prev), head_refill(*prev->sc).release_time);
    }
    if (q.tail != prev)
        return fail("sym_heap_sched_pointers", "the release queue ends at %p but its tail is %p", vp(prev), vp(q.tail));
    return true;
}

// Each thread's queue flags against where the walks found it:
// ready_or_release, idleThreadNotQueued, valid_sched_pointers (flags match
// membership; links are null unless queued).
bool queue_flags(const sched::View& v) {
    for (std::uint32_t i = 0; i < object_count(); ++i) {
        const Object& o = object(i);
        if (o.kind != Kind::Tcb) continue;
        const Tcb& t = *as<Tcb>(o);
        if (t.in_ready_queue && t.in_release_queue)
            return fail("ready_or_release", "thread %p is flagged as in a ready queue and the release queue", vp(&t));
        if (&t == v.idle && (t.in_ready_queue || t.in_release_queue))
            return fail("idleThreadNotQueued", "the idle thread is flagged as queued");
        if (t.in_ready_queue != o.in_ready || t.in_release_queue != o.in_release)
            return fail("valid_sched_pointers", "thread %p: flags ready %u release %u, found in ready %u release %u",
                        vp(&t), t.in_ready_queue ? 1u : 0u, t.in_release_queue ? 1u : 0u, o.in_ready ? 1u : 0u,
                        o.in_release ? 1u : 0u);
        if (!o.in_ready && !o.in_release && (t.sched_next != nullptr || t.sched_prev != nullptr))
            return fail("valid_sched_pointers", "thread %p is in no scheduler queue but links to %p / %p", vp(&t),
                        vp(t.sched_next), vp(t.sched_prev));
    }
    return true;
}

// When the current thread is resumed (the only action at kernel exit):
// ct_not_in_q, ct_not_in_release_q, ct_in_state activatable (Running or
// Restart, or the idle thread idle), cur_sc_tcb_are_bound (ksCurSC is the
// current thread's SC and runs it).
bool current_thread_checks(const sched::View& v) {
    if (v.action != sched::Action::ResumeCurrent) return true;
    const Tcb& cur = *current_thread();
    const Object& o = *find(&cur);
    if (o.in_ready || cur.in_ready_queue)
        return fail("ct_not_in_q", "the current thread %p is in ready queue %u", vp(&cur),
                    static_cast<unsigned>(cur.priority));
    if (o.in_release || cur.in_release_queue)
        return fail("ct_not_in_release_q", "the current thread %p is in the release queue", vp(&cur));
    const bool activatable =
        &cur == v.idle ? cur.state == ThreadState::IdleThreadState : is_runnable(cur.state);
    if (!activatable)
        return fail("ct_in_state", "the current thread %p is resumed in state %u", vp(&cur),
                    static_cast<unsigned>(cur.state));
    if (cur.sc == nullptr || cur.sc != v.current_sc || cur.sc->tcb != &cur)
        return fail("cur_sc_tcb_are_bound", "the current thread %p runs on SC %p, ksCurSC is %p (its thread %p)",
                    vp(&cur), vp(cur.sc), vp(v.current_sc), v.current_sc != nullptr ? vp(v.current_sc->tcb) : nullptr);
    return true;
}

// weak_valid_sched_action: a thread the scheduler is about to switch to is
// runnable, has a released SC and does not wait for a refill.
bool weak_valid_sched_action(const sched::View& v) {
    if (v.action != sched::Action::SwitchTo) return true;
    const Tcb* t = v.candidate;
    const Object* o = typed(t, Kind::Tcb);
    if (o == nullptr || !is_runnable(t->state) || !released(t->sc, v.now) || o->in_release || t->in_release_queue)
        return fail("weak_valid_sched_action", "switch candidate %p: state %u, SC %p not released or waiting", vp(t),
                    t != nullptr && o != nullptr ? static_cast<unsigned>(t->state) : 0u,
                    t != nullptr && o != nullptr ? vp(t->sc) : nullptr);
    return true;
}

// valid_blocked: a runnable thread with an active SC is current, queued,
// waiting for a refill or the switch candidate — none is lost.
bool valid_blocked(const sched::View& v) {
    for (std::uint32_t i = 0; i < object_count(); ++i) {
        const Object& o = object(i);
        if (o.kind != Kind::Tcb) continue;
        const Tcb& t = *as<Tcb>(o);
        if (!is_runnable(t.state) || t.sc == nullptr || !t.sc->active()) continue;
        const bool candidate = v.action == sched::Action::SwitchTo && v.candidate == &t;
        if (!o.in_ready && !o.in_release && &t != current_thread() && !candidate)
            return fail("valid_blocked", "runnable thread %p (priority %u, SC %p) is in no queue and not current", vp(&t),
                        static_cast<unsigned>(t.priority), vp(t.sc));
    }
    return true;
}

}  // namespace

bool check_scheduler(const sched::View& v) {
    return all_refills() && valid_idle(v) && ready_queues(v) && release_queue(v) && queue_flags(v) &&
           current_thread_checks(v) && weak_valid_sched_action(v) && valid_blocked(v);
}

}  // namespace kern::invariants::detail
