// SPDX-License-Identifier: BSD-2-Clause
// The MCS scheduler (sel4-mcs.md §4, §5.1, §9): ready queues of 256
// priorities, the release queue of threads waiting for a refill, the
// current thread and scheduling context, the tickless clock, budget
// checks and charges, and the choice of the next thread. One instance of
// the state; kernel/core/sched/scheduler.cpp.
#pragma once

#include <kern/object/sched_context.hpp>
#include <kern/object/tcb.hpp>
#include <kern/tcb_queue.hpp>
#include <kern/time.hpp>

namespace kern::sched {

// ---- state -----------------------------------------------------------------
Tcb& idle_thread();
SchedContext* current_sc();
ticks_t now();              // ksCurTime: the clock at this kernel entry
ticks_t unbilled();         // ksConsumed: time not yet charged to current_sc()
void request_reprogram();   // the deadline must be recomputed at the end of this entry

// ---- boot --------------------------------------------------------------------
// Creates the idle thread and its SC, samples the clock, binds `root_sc` to
// the root thread as a round-robin SC of CONFIG_BOOT_THREAD_TIME_SLICE and
// makes the root thread (priority and MCP 255, Running) the one to run.
void init(Tcb& root, SchedContext& root_sc);

// ---- time --------------------------------------------------------------------
// updateTimestamp: read the clock, add the elapsed time to unbilled().
void update_timestamp();
// Leaves `elapsed` ticks, spent in the kernel since the clock was last
// read, out of unbilled(): the time passed (deadlines and releases stay
// where they are) but no scheduling context pays for it. Only the debug
// kernel's invariant checks use it.
void exclude_from_billing(ticks_t elapsed);
// checkBudget: whether the current SC can still cover unbilled() (else it
// is charged, the thread leaves the CPU, and false is returned).
[[nodiscard]] bool check_budget();
// checkBudgetRestart: check_budget(), and a thread that was charged is left
// in Restart so it re-executes its system call later.
[[nodiscard]] bool check_budget_restart();
void charge_budget(ticks_t consumed, bool can_timeout_fault);
// Preemption of a long-running operation (mcsPreemptionPoint).
void preemption_charge();
// commitTime: bill unbilled() to the current SC now (ConfigureFlags on it).
void commit();
// Seen at a preemption point: whether the current SC can no longer run.
[[nodiscard]] bool budget_exhausted();
// seL4_Yield (sel4-mcs.md §9.3).
void yield();

// ---- thread state and queues ---------------------------------------------------
// isSchedulable: runnable, has an active SC, not waiting for a refill.
bool is_schedulable(const Tcb& t);
// setThreadState + scheduleTCB: the current thread that can no longer run
// makes the scheduler choose again.
void set_thread_state(Tcb& t, ThreadState s);
void enqueue(Tcb& t);  // head of its priority's ready queue (if schedulable, not queued)
void append(Tcb& t);   // tail
void dequeue(Tcb& t);  // out of the ready queue if in it
void release_enqueue(Tcb& t);
void release_remove(Tcb& t);
// The thread may preempt the current one (or be queued).
void possible_switch_to(Tcb& t);
void reschedule_required();
// Whether `t` is the thread possible_switch_to() chose to run next.
bool is_candidate(const Tcb& t);
// seL4 setPriority / setMCPriority under MCS (§9.1).
void set_priority(Tcb& t, word_t priority);
void set_mcp(Tcb& t, word_t mcp);
// postpone: the SC's thread waits in the release queue for its next refill.
void postpone(SchedContext& sc);
// schedContext_resume: a schedulable thread whose head refill is not ready
// or not sufficient goes to the release queue.
void resume_sc(SchedContext* sc);
// refill_unblock_check where seL4 applies it (non-RR SCs), setting reprogram.
void unblock_check(SchedContext& sc);
// Sporadic SCs get the unblock check when their thread wakes (§4.6).
void wake_unblock_check(SchedContext* sc);

// ---- end of a kernel entry -----------------------------------------------------
// schedule(): wake released threads, choose the thread to run, switch the
// SC (bill time) and program the deadline; then activateThread: a thread in
// Restart resumes at its FaultIP, a pending YieldTo completes.
void schedule_and_activate();

// ---- the IPC fast path's view (kernel/core/ipc/fastpath.cpp) -------------------
// What schedule() would find at the end of this entry if nothing else
// happened: no decision pending, no deadline to reprogram, no thread due
// to leave the release queue at now(), and the current SC able to cover
// unbilled() (check_budget() would pass without charging).
[[nodiscard]] bool quiet_entry();
// Whether a thread of `priority` is at least as high as every ready one.
[[nodiscard]] bool outranks_ready(word_t priority);
// The end of an entry whose scheduling decision is already known: `next`
// (Running, in no queue, its SC set up) becomes the current thread, the SC
// is switched and billed as schedule() does, and the deadline reprogrammed
// if needed. activateThread has nothing to do for such a thread.
void switch_to_chosen(Tcb& next);

// The idle thread runs and the release queue is empty: only an interrupt
// delivered to user level could wake a thread (none can be yet).
bool idle_forever();

// Debug: print the scheduler's queues (seL4_DebugDumpScheduler).
void dump();

// ---- read-only inspection ------------------------------------------------------
// For the debug invariant checker (kern/invariants.hpp, invariants.md §2.5),
// which must see the scheduler's data structures as they are, not through
// the operations above. view() only copies pointers and words out of the
// state; nothing is computed or changed, so calling it cannot alter a
// scheduling decision. Release and benchmark kernels never call it.

// seL4 ksSchedulerAction: what schedule() does at the end of this entry.
// Always ResumeCurrent when the kernel returns to user mode.
enum class Action : std::uint8_t { ResumeCurrent, ChooseNew, SwitchTo };

// Ready and release queues are linked through Tcb::sched_next/sched_prev.
using SchedQueue = TcbQueue<&Tcb::sched_next, &Tcb::sched_prev>;
inline constexpr unsigned bitmap_words = num_priorities / 64;

struct View {
    const SchedQueue* ready;      // [num_priorities], indexed by priority
    word_t bitmap_top;            // bit w set: bitmap_bottom[w] is non-zero
    const word_t* bitmap_bottom;  // [bitmap_words]; bit p % 64 of word p / 64 set: ready[p] non-empty
    const SchedQueue* release;    // threads waiting for a refill, by head release time
    Action action;
    const Tcb* candidate;  // the thread to switch to (Action::SwitchTo), else null
    const Tcb* idle;       // null until init() ran (host tests of CSpaces alone)
    const SchedContext* idle_sc;
    const SchedContext* current_sc;  // ksCurSC
    ticks_t now;                     // ksCurTime
};
View view();

namespace testing {
// Host tests: forget all scheduler state.
void reset();
}  // namespace testing

}  // namespace kern::sched
