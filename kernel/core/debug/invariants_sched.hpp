// SPDX-License-Identifier: BSD-2-Clause
// The thread and scheduling part of the invariant checker (invariants.md
// §2.5): the table of kernel objects it found (invariants_sched.cpp) and the
// checks over it, split by subject: the scheduler's queues, refills and the
// current thread (invariants_sched_queues.cpp), IPC queues, bindings and
// reply objects (invariants_ipc.cpp). Internal to kernel/core/debug/.
#pragma once

#include <cstdint>

#include <kern/object/endpoint.hpp>
#include <kern/object/notification.hpp>
#include <kern/object/reply.hpp>
#include <kern/object/sched_context.hpp>
#include <kern/object/tcb.hpp>
#include <kern/sched.hpp>

#include "invariants_state.hpp"

namespace kern::invariants::detail {

enum class Kind : std::uint8_t { Tcb, Sc, Endpoint, Notification, Reply };

inline constexpr unsigned max_objects = 2048;
inline constexpr unsigned object_hash_size = 4096;  // power of two, > 1.5 * max_objects

struct Object {
    word_t address;  // the kernel's pointer to it (Tcb*, SchedContext*, ...)
    Kind kind;
    bool conflict;         // also linked to as another kind of object
    std::uint8_t sc_bits;  // SC object size from a cap naming it; 0 while unknown
    // Marks of one check:
    bool in_ready;          // met in a ready queue,
    bool in_release;        // in the release queue,
    std::uint32_t queue;    // in the IPC queue of object `queue - 1` (0: in none),
    std::uint32_t stack;    // a reply in the call stack of SC `stack - 1` (0: in none).
    std::uint32_t hash_slot;
};

const char* kind_name(Kind k);
std::uint32_t object_count();
Object& object(std::uint32_t index);
std::uint32_t index_of(const Object& o);
// The table entry of a pointer, or null; typed(): only if it is an object of
// `kind` (checked by valid_objs for every link before the other checks run).
Object* find(const void* p);
const Object* typed(const void* p, Kind kind);

template <typename T>
T* as(const Object& o) {
    return reinterpret_cast<T*>(o.address);
}

inline bool blocked_on_endpoint(ThreadState s) {
    return s == ThreadState::BlockedOnSend || s == ThreadState::BlockedOnReceive;
}
inline bool blocked_in_ipc(ThreadState s) {
    return blocked_on_endpoint(s) || s == ThreadState::BlockedOnNotification || s == ThreadState::BlockedOnReply;
}

// Refills as the checks read them (not through kern::refill, which they
// police); valid only after valid_refills held.
inline const Refill& head_refill(const SchedContext& sc) { return sc.refills()[sc.refill_head]; }
// sel4-mcs.md §4.1 "released": active, head ready and sufficient.
inline bool released(const SchedContext* sc, ticks_t now) {
    return sc != nullptr && sc->active() && head_refill(*sc).release_time <= now && head_refill(*sc).amount >= min_budget;
}

// The named checks, in the order check_sched() runs them after cur_tcb and
// valid_objs; each returns false after fail().
bool check_scheduler(const sched::View& v);       // invariants_sched_queues.cpp
bool check_ipc_and_replies(const sched::View& v);  // invariants_ipc.cpp

}  // namespace kern::invariants::detail
