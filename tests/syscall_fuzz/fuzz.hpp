// SPDX-License-Identifier: BSD-2-Clause
// The in-guest system-call fuzzer: what the supervisor (the root thread),
// the workers and the world share. Written against libsel4 and sel4runtime.
//
// The supervisor builds a small world of kernel objects, then starts worker
// threads in its own address space, each with its own CSpace (copies of the
// world's caps plus copies of its own TCB and CNode caps), its own
// scheduling context and priority. The workers issue random system calls
// and invocations; the supervisor runs at the top priority on a periodic
// scheduling context, watches their progress counters, restarts the ones
// that fault, block or get suspended, rebuilds the world now and then, and
// reports. The debug kernel checks its invariants at every exit.
#pragma once

#include <sel4/sel4.h>

#include "cap_tags.hpp"

namespace fuzz {

using u64 = unsigned long long;
using u32 = unsigned;
using u16 = unsigned short;
using u8 = unsigned char;

using enum tessera_test::CapTag;
using tessera_test::cap_tag_limit;

constexpr unsigned worker_count = 4;
constexpr unsigned ring_size = 32;

// ---- the worker CSpace layout --------------------------------------------------------
// One CNode of 2^6 slots whose cap carries a 58-bit guard, so a cptr 0..63
// resolves at depth 64 (sel4-abi.md §4.2).
constexpr seL4_Word worker_cnode_bits = 6;
constexpr seL4_Word worker_slots = seL4_Word{1} << worker_cnode_bits;
constexpr seL4_CPtr own_tcb_slot = 1;
constexpr seL4_CPtr own_cnode_slot = 2;
constexpr seL4_CPtr first_world_slot = 3;

// The world caps every worker holds, at first_world_slot + index.
enum WorldCap : unsigned {
    WEndpoint0,
    WEndpoint1,  // minted with the worker's badge
    WNotification0,
    WNotification1,  // minted with the worker's badge
    WReplyOwn,       // a reply object of this worker
    WReplyShared,
    WThread0,
    WThread1,
    WSchedContext0,
    WSchedContext1,
    WCNode,
    WVSpace,
    WPageTable,  // mapped in the world VSpace (an unmapped one does not derive)
    WFrame0,
    WFrame1,
    WAsidPool,
    WIrqHandler,
    WSchedControl,
    WDomain,
    WAsidControl,
    WUntypedBig,    // this worker's own untyped (objects it retypes)
    WUntypedSmall,  // 4 KiB: what ASIDControl_MakePool needs
    WorldCapCount
};
constexpr seL4_CPtr first_free_slot = first_world_slot + WorldCapCount;
static_assert(first_free_slot < worker_slots);

// Virtual addresses the fuzzer maps in world VSpaces, far from this image.
constexpr seL4_Word world_map_base = 0x10000000;

// ---- random numbers --------------------------------------------------------------------
struct Rng {
    u64 state;
    u64 next() {  // splitmix64
        u64 z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    u64 below(u64 n) { return n == 0 ? 0 : next() % n; }
    bool percent(unsigned p) { return below(100) < p; }
};

// ---- what a worker records -----------------------------------------------------------
// The operations a worker issues: the system calls, debug calls, and
// invocations (a Call, Send or NBSend whose label names a method).
enum class Op : u8 {
    Invoke,  // Call with an invocation label
    InvokeSend,
    InvokeNBSend,
    Send,
    NBSend,
    Call,
    Recv,
    NBRecv,
    ReplyRecv,
    NBSendRecv,
    NBSendWait,
    Wait,
    NBWait,
    Yield,
    DebugCapIdentify,
    DebugNameThread,
    DebugUnknown,  // a debug number this kernel does not implement: an UnknownSyscall fault
    Count
};
const char* op_name(Op op);

struct CallRecord {
    u64 sequence;
    Op op;
    u8 cap_type;  // DebugCapIdentify of the service cap just before
    u16 label;
    u8 caps;
    u8 length;
    seL4_CPtr cap;
    seL4_Word args[4];
    seL4_Word result;  // error (invocations), label or badge; pending_result while in the call
};
constexpr seL4_Word pending_result = ~seL4_Word{0};

const char* tag_name(unsigned tag);

constexpr unsigned max_label = 64;
constexpr unsigned error_kinds = 12;  // seL4_Error 0..10, then "other"

struct Stats {
    u64 invocations = 0;
    u64 op_counts[static_cast<unsigned>(Op::Count)] = {};
    u64 errors[error_kinds] = {};
    u64 pairs[cap_tag_limit] = {};  // bit `label` set: (type, label) invoked
};

// Written by one worker, read by the supervisor.
struct WorkerShared {
    volatile u64 progress;       // completed operations
    volatile bool may_block;     // in a call that may legitimately not return
    volatile bool self_exposed;  // touched its own TCB/CNode caps (or gave them away)
    volatile u64 cap_transfers;  // sends that carried extra caps
    unsigned generation;         // restarts so far
    unsigned priority;
    u64 seed;
    CallRecord ring[ring_size];
    unsigned ring_next;
    Stats stats;
};
extern WorkerShared workers[worker_count + 1];  // the last one: the supervisor's own calls
constexpr unsigned supervisor_index = worker_count;

CallRecord& ring_begin(WorkerShared& w, Op op, seL4_CPtr cap, unsigned tag, seL4_Word label, unsigned caps,
                       unsigned length, const seL4_Word* args);
void ring_end(WorkerShared& w, CallRecord& r, seL4_Word result);
void count_error(Stats& s, seL4_Word error);
void print_ring(const WorkerShared& w, unsigned index);
void print_report(u64 seed, u64 ticks, u64 tick_us);

// ---- the world and the workers (world.cpp) -------------------------------------------------
struct Boot {
    const seL4_BootInfo* info;
    seL4_CPtr next_slot;  // first free root-CNode slot
    seL4_CPtr big_untyped;
};
void world_init(const seL4_BootInfo* info, u64 seed);
void world_build();    // (re)creates the world objects from the world untyped
void world_destroy();  // revokes the world untyped
void world_refill();   // copies world caps back into emptied worker slots
void worker_start(unsigned index);  // (re)creates the worker's objects and resumes it
void worker_resume_fresh(unsigned index);  // restarts its thread only
bool worker_repair(unsigned index);        // resets its thread's configuration and restarts it
seL4_CPtr fault_endpoint();
seL4_CPtr supervisor_reply();
void privileged_calls(Rng& rng);  // IRQControl / ASIDControl from the root CSpace
unsigned worker_priority(unsigned index);
seL4_CPtr worker_sched_context(unsigned index);
void note_consumed(unsigned index, u64 us);  // CPU time of a worker's SC (index worker_count: the supervisor)

// ---- the workers (worker.cpp, calls.cpp) ---------------------------------------------------
[[noreturn]] void worker_main(seL4_Word index);
void one_call(WorkerShared& w, Rng& rng);
bool label_valid_for(unsigned tag, unsigned label);
unsigned valid_pair_count();

// ---- output ---------------------------------------------------------------------------
void put(const char* s);
void put_u(u64 v);
void put_hex(u64 v);

// Stops the machine after printing `fuzz: FAILED seed=S (why)` and the rings.
[[noreturn]] void fail(const char* why, unsigned worker);
extern u64 run_seed;
extern bool selftest_lost_thread;  // fuzz.selftest=1: one worker stops itself silently

}  // namespace fuzz
