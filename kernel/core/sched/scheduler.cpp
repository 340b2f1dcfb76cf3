// SPDX-License-Identifier: BSD-2-Clause
// The MCS scheduler (sel4-mcs.md §4.7, §9): ready queues, the release
// queue, time accounting and the scheduling decision at the end of every
// kernel entry. The rules for queue positions are seL4's (sel4-abi.md §13,
// seL4 issue 902 there): a preempted thread goes back to the head of its queue,
// a woken thread of equal priority does not preempt, budget expiry and Yield
// go to the tail.
#include <new>

#include <kern/arch_contract.hpp>
#include <kern/console.hpp>
#include <kern/domain.hpp>
#include <kern/invariants.hpp>
#include <kern/ipc.hpp>
#include <kern/refill.hpp>
#include <kern/sc.hpp>
#include <kern/sched.hpp>
#include <kern/tcb_queue.hpp>
#include <kern/thread.hpp>

namespace kern::sched {

namespace {

// 256 priority queues and a two-level bitmap of the non-empty ones, so the
// highest runnable priority is found with two count-leading-zeros.
class ReadyQueues {
public:
    void enqueue(Tcb& t) {
        queues_[t.priority].prepend(t);
        mark(t.priority);
    }
    void append(Tcb& t) {
        queues_[t.priority].append(t);
        mark(t.priority);
    }
    void remove(Tcb& t) {
        SchedQueue& q = queues_[t.priority];
        q.remove(t);
        if (q.empty()) unmark(t.priority);
    }
    Tcb* highest() const {
        if (top_ == 0) return nullptr;
        const unsigned word = 63 - static_cast<unsigned>(__builtin_clzll(top_));
        const unsigned bit = 63 - static_cast<unsigned>(__builtin_clzll(bottom_[word]));
        return queues_[word * 64 + bit].head;
    }
    bool is_highest(word_t priority) const {
        const Tcb* t = highest();
        return t == nullptr || priority >= t->priority;
    }
    const SchedQueue& queue(unsigned priority) const { return queues_[priority]; }
    const SchedQueue* queues() const { return queues_; }
    word_t top() const { return top_; }
    const word_t* bottom() const { return bottom_; }

private:
    void mark(unsigned p) {
        bottom_[p / 64] |= word_t{1} << (p % 64);
        top_ |= word_t{1} << (p / 64);
    }
    void unmark(unsigned p) {
        bottom_[p / 64] &= ~(word_t{1} << (p % 64));
        if (bottom_[p / 64] == 0) top_ &= ~(word_t{1} << (p / 64));
    }

    SchedQueue queues_[num_priorities];
    word_t top_ = 0;
    word_t bottom_[bitmap_words] = {};
};

struct State {
    ReadyQueues ready;
    SchedQueue release;  // ordered by the head refill's release time
    Action action = Action::ResumeCurrent;
    Tcb* candidate = nullptr;  // Action::SwitchTo
    SchedContext* current_sc = nullptr;
    ticks_t now = 0;
    ticks_t consumed = 0;
    bool reprogram = false;
};

State state;

// The idle thread and its SC live in the kernel image, shaped as objects.
alignas(word_t{1} << tcb_bits) unsigned char idle_tcb_object[word_t{1} << tcb_bits];
alignas(word_t{1} << min_sched_context_bits) unsigned char idle_sc_object[word_t{1} << min_sched_context_bits];
Tcb* idle = nullptr;
SchedContext* idle_sc = nullptr;

Tcb& current() { return *current_thread(); }

void release_dequeue_head() {
    Tcb& t = *state.release.head;
    state.release.remove(t);
    t.in_release_queue = false;
    state.reprogram = true;
}

// awaken: every thread whose head refill is ready leaves the release queue.
void awaken() {
    while (!state.release.empty() && refill::ready(*state.release.head->sc, state.now)) {
        Tcb& t = *state.release.head;
        release_dequeue_head();
        possible_switch_to(t);
    }
}

void switch_to(Tcb& t) {
    dequeue(t);
    set_current_thread(&t);
}

void choose_thread() {
    if (Tcb* t = state.ready.highest()) switch_to(*t);
    else set_current_thread(idle);
}

// commitTime: bill the unbilled time to the current SC (never the idle SC
// or an SC that was deleted meanwhile).
void commit_time() {
    SchedContext* sc = state.current_sc;
    if (sc != nullptr && sc->active() && sc != idle_sc) {
        if (state.consumed > 0) {
            if (sc->round_robin()) refill::round_robin_commit(*sc, state.consumed);
            else refill::budget_check(*sc, state.consumed);
        }
        sc->consumed += state.consumed;
    }
    state.consumed = 0;
}

// switchSchedContext (sel4-mcs.md §4.7): a new SC gets its unblock check
// (constant bandwidth) before the old one is billed.
void switch_sched_context() {
    SchedContext* next = current().sc;
    if (next != state.current_sc) {
        state.reprogram = true;
        if (next != nullptr && !next->sporadic) unblock_check(*next);
    }
    if (state.reprogram) commit_time();
    state.current_sc = next;
}

// setNextInterrupt: the end of the current budget or the next release,
// whichever comes first, less the timer's precision.
void program_deadline() {
    ticks_t deadline = state.now + refill::head(*current().sc).amount;
    if (!state.release.empty()) {
        const ticks_t release = refill::head(*state.release.head->sc).release_time;
        if (release < deadline) deadline = release;
    }
    arch::timer_set_deadline(deadline > arch::timer_precision_ticks ? deadline - arch::timer_precision_ticks : 0);
}

void schedule() {
    awaken();
    if (state.action != Action::ResumeCurrent) {
        Tcb& cur = current();
        const bool was_runnable = is_schedulable(cur);
        if (was_runnable) enqueue(cur);
        if (state.action == Action::ChooseNew) {
            choose_thread();
        } else {
            Tcb& candidate = *state.candidate;
            // As seL4 (and a future fast path): only look at the bitmap when
            // the candidate would not beat the current thread outright.
            const bool fast_fail = is_idle_thread(cur) || candidate.priority < cur.priority;
            if (fast_fail && !state.ready.is_highest(candidate.priority)) {
                enqueue(candidate);
                choose_thread();
            } else if (was_runnable && candidate.priority == cur.priority) {
                // The current thread was put at the head of the queue: it stays first.
                append(candidate);
                choose_thread();
            } else {
                switch_to(candidate);
            }
        }
    }
    state.action = Action::ResumeCurrent;
    state.candidate = nullptr;
    switch_sched_context();
    if (state.reprogram) {
        program_deadline();
        state.reprogram = false;
    }
}

// activateThread: a thread in Restart re-executes its system call.
void activate() {
    Tcb& t = current();
    if (t.yield_to != nullptr) sc::complete_yield_to(&t);
    switch (t.state) {
    case ThreadState::Running:
    case ThreadState::IdleThreadState:
        break;
    case ThreadState::Restart:
        t.context.set_next_ip(t.context.fault_ip());
        t.state = ThreadState::Running;
        break;
    default:
        panic("activating thread %p in state %u", static_cast<void*>(&t), static_cast<unsigned>(t.state));
    }
}

// endTimeslice: the current SC ran out.
void end_timeslice(bool can_timeout_fault) {
    Tcb& cur = current();
    SchedContext& sc = *state.current_sc;
    if (can_timeout_fault && !sc.round_robin() && has_valid_timeout_handler(cur)) {
        send_timeout_fault(cur, sc.badge);
    } else if (refill::ready(sc, state.now) && refill::sufficient(sc, 0)) {
        append(cur);
    } else {
        postpone(sc);
    }
}

}  // namespace

Tcb& idle_thread() { return *idle; }
SchedContext* current_sc() { return state.current_sc; }
ticks_t now() { return state.now; }
ticks_t unbilled() { return state.consumed; }
void request_reprogram() { state.reprogram = true; }

void init(Tcb& root, SchedContext& root_sc) {
    invariants::note_boot_thread(root);
    state.~State();
    new (&state) State{};
    domain::reset();
    idle = new (idle_tcb_object + (word_t{1} << (tcb_bits - 1))) Tcb{};
    idle->state = ThreadState::IdleThreadState;
    idle_sc = new (idle_sc_object) SchedContext{};
    state.now = arch::timer_now();
    refill::reset(*idle_sc, min_refills, max_period_ticks, 0, state.now);
    idle_sc->tcb = idle;
    idle->sc = idle_sc;

    refill::reset(root_sc, min_refills, arch::us_to_ticks(boot_thread_time_slice_ms * 1000), 0, state.now);
    root.priority = static_cast<std::uint8_t>(max_priority);
    root.mcp = static_cast<std::uint8_t>(max_priority);
    root.state = ThreadState::Running;
    root_sc.tcb = &root;
    root.sc = &root_sc;
    set_current_thread(&root);
    state.current_sc = &root_sc;
    state.reprogram = true;
    schedule_and_activate();
}

void update_timestamp() {
    const ticks_t previous = state.now;
    state.now = arch::timer_now();
    state.consumed += state.now - previous;
}

void exclude_from_billing(ticks_t elapsed) { state.now += elapsed; }

bool check_budget() {
    SchedContext* sc = state.current_sc;
    if (refill::sufficient(*sc, state.consumed)) return true;
    charge_budget(state.consumed, true);
    return false;
}

bool check_budget_restart() {
    const bool ok = check_budget();
    if (!ok && is_runnable(current().state)) set_thread_state(current(), ThreadState::Restart);
    return ok;
}

void charge_budget(ticks_t consumed, bool can_timeout_fault) {
    SchedContext* sc = state.current_sc;
    if (sc != idle_sc && sc->active()) {
        if (sc->round_robin()) refill::round_robin_refresh(*sc);
        else refill::budget_check(*sc, consumed);
        sc->consumed += consumed;
    }
    state.consumed = 0;
    if (is_schedulable(current()) && current().sc == sc) {
        end_timeslice(can_timeout_fault);
        reschedule_required();
        state.reprogram = true;
    }
}

bool budget_exhausted() {
    update_timestamp();
    SchedContext* sc = state.current_sc;
    return !sc->active() || !refill::sufficient(*sc, state.consumed);
}

void preemption_charge() {
    if (is_schedulable(current())) {
        (void)check_budget();
    } else if (state.current_sc->active()) {
        charge_budget(state.consumed, false);
    } else {
        state.consumed = 0;
    }
}

void commit() { commit_time(); }

bool is_candidate(const Tcb& t) { return state.action == Action::SwitchTo && state.candidate == &t; }

void yield() {
    SchedContext& sc = *state.current_sc;
    const ticks_t consumed = sc.consumed + state.consumed;
    charge_budget(refill::head(sc).amount, false);
    sc.consumed = consumed;
}

bool is_schedulable(const Tcb& t) {
    return is_runnable(t.state) && t.sc != nullptr && t.sc->active() && !t.in_release_queue;
}

void set_thread_state(Tcb& t, ThreadState s) {
    t.state = s;
    // scheduleTCB
    if (&t == current_thread() && state.action == Action::ResumeCurrent && !is_schedulable(t))
        reschedule_required();
    if (state.action == Action::SwitchTo && state.candidate == &t && !is_schedulable(t))
        state.action = Action::ChooseNew;
}

void enqueue(Tcb& t) {
    if (t.in_ready_queue) return;
    state.ready.enqueue(t);
    t.in_ready_queue = true;
}

void append(Tcb& t) {
    if (t.in_ready_queue) return;
    state.ready.append(t);
    t.in_ready_queue = true;
}

void dequeue(Tcb& t) {
    if (!t.in_ready_queue) return;
    state.ready.remove(t);
    t.in_ready_queue = false;
}

void release_enqueue(Tcb& t) {
    // Ordered by the head refill's release time, a newcomer after equal times.
    const ticks_t release = refill::head(*t.sc).release_time;
    state.release.insert_after_last(
        t, [&](const Tcb& queued) { return refill::head(*queued.sc).release_time <= release; });
    if (state.release.head == &t) state.reprogram = true;  // a new head
    t.in_release_queue = true;
}

void release_remove(Tcb& t) {
    if (!t.in_release_queue) return;
    if (state.release.head == &t) state.reprogram = true;
    state.release.remove(t);
    t.in_release_queue = false;
}

void possible_switch_to(Tcb& t) {
    if (t.sc == nullptr || t.in_release_queue) return;
    if (state.action != Action::ResumeCurrent) {
        reschedule_required();
        enqueue(t);
    } else {
        state.action = Action::SwitchTo;
        state.candidate = &t;
    }
}

void reschedule_required() {
    if (state.action == Action::SwitchTo && is_schedulable(*state.candidate)) enqueue(*state.candidate);
    state.action = Action::ChooseNew;
    state.candidate = nullptr;
}

void set_priority(Tcb& t, word_t priority) {
    switch (t.state) {
    case ThreadState::Running:
    case ThreadState::Restart:
        if (t.in_ready_queue || &t == current_thread()) {
            dequeue(t);
            t.priority = static_cast<std::uint8_t>(priority);
            if (is_schedulable(t)) enqueue(t);
            reschedule_required();
        } else {
            t.priority = static_cast<std::uint8_t>(priority);
        }
        break;
    case ThreadState::BlockedOnReceive:
    case ThreadState::BlockedOnSend:
    case ThreadState::BlockedOnNotification:
        t.priority = static_cast<std::uint8_t>(priority);
        reorder_ipc_queue(t);
        break;
    default:
        t.priority = static_cast<std::uint8_t>(priority);
        break;
    }
}

void set_mcp(Tcb& t, word_t mcp) { t.mcp = static_cast<std::uint8_t>(mcp); }

void postpone(SchedContext& sc) {
    dequeue(*sc.tcb);
    release_enqueue(*sc.tcb);
    state.reprogram = true;
}

void resume_sc(SchedContext* sc) {
    if (sc == nullptr || sc->tcb == nullptr || !is_schedulable(*sc->tcb)) return;
    if (!(refill::ready(*sc, state.now) && refill::sufficient(*sc, 0))) postpone(*sc);
}

void unblock_check(SchedContext& sc) {
    if (sc.round_robin() || !sc.active()) return;
    if (refill::unblock_check(sc, state.now)) state.reprogram = true;
}

void wake_unblock_check(SchedContext* sc) {
    if (sc != nullptr && sc->sporadic && sc != state.current_sc) unblock_check(*sc);
}

bool quiet_entry() {
    if (state.action != Action::ResumeCurrent || state.reprogram) return false;
    if (!state.release.empty() && refill::ready(*state.release.head->sc, state.now)) return false;
    return refill::sufficient(*state.current_sc, state.consumed);
}

bool outranks_ready(word_t priority) { return state.ready.is_highest(priority); }

void switch_to_chosen(Tcb& next) {
    set_current_thread(&next);
    // A donated SC: switch_sched_context() would find nothing to do.
    if (next.sc == state.current_sc && !state.reprogram) return;
    switch_sched_context();
    if (state.reprogram) {
        program_deadline();
        state.reprogram = false;
    }
}

void schedule_and_activate() {
    // Nothing changed the decision: the current thread runs on, on the same
    // SC, with no deadline to reprogram, nobody to release and nothing for
    // activate() to do. schedule() would find exactly that.
    const Tcb& cur = current();
    if (state.action == Action::ResumeCurrent && !state.reprogram && cur.sc == state.current_sc &&
        cur.state == ThreadState::Running && cur.yield_to == nullptr &&
        (state.release.empty() || !refill::ready(*state.release.head->sc, state.now)))
        return;
    schedule();
    activate();
}

bool idle_forever() { return is_idle_thread(current()) && state.release.empty(); }

View view() {
    return {state.ready.queues(), state.ready.top(), state.ready.bottom(), &state.release, state.action,
            state.candidate, idle, idle_sc, state.current_sc, state.now};
}

void dump() {
    const char* names[] = {"Inactive", "Running", "Restart", "BlockedOnReceive", "BlockedOnSend",
                           "BlockedOnReply", "BlockedOnNotification", "Idle"};
    const auto line = [&](const Tcb& t, const char* where) {
        kprintf("%-24s %-22s %3u  %s\n", t.name()[0] != 0 ? t.name() : "(unnamed)",
                names[static_cast<unsigned>(t.state)], static_cast<unsigned>(t.priority), where);
    };
    kprintf("Dumping the scheduler: name, state, priority, where\n");
    kprintf("--------------------------------------------------------------------\n");
    line(current(), "current");
    for (unsigned p = num_priorities; p > 0; --p)
        for (const Tcb* t = state.ready.queue(p - 1).head; t != nullptr; t = t->sched_next) line(*t, "ready queue");
    for (const Tcb* t = state.release.head; t != nullptr; t = t->sched_next) line(*t, "release queue");
}

namespace testing {
void reset() {
    state.~State();
    new (&state) State{};
}
}  // namespace testing

}  // namespace kern::sched
