// SPDX-License-Identifier: BSD-2-Clause
// Run-time checker of seL4's kernel invariants (invariants.md §2.1–2.7) over
// what exists so far: object store, caps, CDT, untyped memory, threads,
// scheduling contexts, IPC queues, reply objects, the scheduler's queues,
// interrupts, and the VSpace objects and ASIDs (invariants_vspace.cpp: run
// with the capability checks, since every VSpace write marks a state change).
// Each check is named after its l4v invariant. Objects are enumerated without
// a registry: every CNode and TCB reachable from the current thread's CSpace
// (through CNode and TCB caps) is walked, and every CDT list met there is
// followed from its head, which also finds slots of unreachable CNodes. The
// scheduling part (invariants_sched.cpp) adds the boot thread, every thread
// in the scheduler's queues and every object the ones found point to (an SC's
// thread, an endpoint's queue, ...), walking the CSpace of each thread met, so
// enumeration does not depend on which thread runs (the idle thread has no
// CSpace).
//
// check() returns the first violation (host tests call it directly after
// corrupting state); check_at_kernel_exit() prints
// "INVARIANT VIOLATION: <name>: <what, where>" and panics.
//
// The checker is debug-only: kernels built without config::invariant_checks
// (release, benchmark) do not compile kernel/core/debug/, and the two hooks
// the core calls, check_at_kernel_exit() and note_state_change(), are empty
// inline functions there, so no checker code or data is linked.
#pragma once

#include <kern/config.hpp>
#include <kern/types.hpp>

namespace kern {
struct Tcb;
}

namespace kern::invariants {

struct Violation {
    const char* check = nullptr;  // l4v name of the violated invariant; null when all hold
    char detail[200] = {};
    explicit operator bool() const { return check != nullptr; }
};

enum class ZeroScan {
    // untyped_ranges_zero only for untypeds whose (base, free index) changed
    // since the previous check, and for big free parts only the first
    // 16 KiB after the watermark plus one word every 64 KiB (bounded cost).
    ChangedSampled,
    Full,  // every byte of every free part (host tests)
};

struct Options {
    ZeroScan zero_scan = ZeroScan::ChangedSampled;
};

struct Stats {
    word_t containers = 0;  // CNodes and TCBs walked
    word_t caps = 0;        // non-null slots checked
    word_t chains = 0;      // CDT lists followed
    word_t zero_bytes_scanned = 0;
    word_t sched_objects = 0;  // TCBs, SCs, endpoints, notifications, replies checked (§2.5)
    word_t vspace_entries = 0;  // valid page-table entries walked (§2.7)
};

[[nodiscard]] Violation check(const Options& options = {}, Stats* stats = nullptr);

namespace detail {
inline bool state_changed = true;  // boot built the whole state
void check_at_kernel_exit();       // kernel/core/debug/invariants.cpp
void note_boot_thread(Tcb& t);     // kernel/core/debug/invariants_sched.cpp
void note_thread_finalised(const Tcb& t);
}  // namespace detail

// Called at the end of every kernel entry; does nothing unless
// config::invariant_checks. It runs check() only when the state of the
// capability checks may have changed since the last run: after
// note_state_change(), when the current thread (a root of enumeration) is
// one the last check() did not reach, and unconditionally on every
// full_check_interval-th exit as a safety net for a write that bypassed
// note_state_change(). Every other exit runs only the thread and
// scheduling checks (§2.5), over the objects the last check() found plus
// whatever the scheduler's queues and the objects' links lead to: IPC and
// scheduling change thread states, queues and refills on nearly every
// entry without any cap changing, so those checks run at every exit (they
// walk the kernel objects, not the CSpaces, and cost far less than
// check()). Objects appear and disappear only through note_state_change()
// paths (retype, delete), so the remembered objects are still objects.
//
// check() costs time in proportion to the caps it finds. When the last one
// found more than large_state_caps (or more than it can hold), running it
// at every exit would make the kernel too slow to meet its own deadlines (a
// long revoke preempted by a fast timer would never finish); then it runs
// on every large_state_check_interval-th exit only, and the exits in
// between that needed it check nothing (the §2.5 checks would follow
// objects that may be gone).
inline void check_at_kernel_exit() {
    if constexpr (config::invariant_checks) detail::check_at_kernel_exit();
}
inline constexpr unsigned full_check_interval = 64;
inline constexpr unsigned large_state_caps = 1024;
inline constexpr unsigned large_state_check_interval = 64;

// Must be called by every primitive that writes what the capability checks
// (§2.1–2.4) inspect, or creates or destroys an object: a slot's cap or CDT
// node (kernel/core/cdt/structure.cpp, the Zombie updates in delete.cpp), an
// untyped's free index or free memory (object/untyped.cpp) and object
// creation (object/create.cpp). Thread states, queues and refills (§2.5)
// need no mark: they are checked at every exit.
inline void note_state_change() {
    if constexpr (config::invariant_checks) detail::state_changed = true;
}

// sched::init(): the thread boot made, an enumeration root even when the
// idle thread runs (it has no CSpace). Also forgets everything the checker
// remembered about an earlier state (host tests boot many times).
inline void note_boot_thread(Tcb& root) {
    if constexpr (config::invariant_checks) detail::note_boot_thread(root);
}
// The last cap to a thread is being deleted (kern::cdt finalise): it stops
// being an enumeration root, since its memory may be reused.
inline void note_thread_finalised(const Tcb& t) {
    if constexpr (config::invariant_checks) detail::note_thread_finalised(t);
}

namespace testing {
void forget_zero_scan_history();
// How many times check_at_kernel_exit() ran the full check, and a reset
// of its shortcut state (the next exit checks).
word_t full_checks_at_exit();
void reset_exit_shortcut();
}  // namespace testing

}  // namespace kern::invariants
