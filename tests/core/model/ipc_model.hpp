// SPDX-License-Identifier: BSD-2-Clause
// A reference model of threads, endpoints, notifications, reply objects,
// scheduling-context donation and the MCS scheduler's choice of thread,
// written from sel4-mcs.md (§1.2, §3, §4.4, §5, §6, §7.2–7.3, §9) and
// sel4-abi.md (§8, §9, §13, §15.3) without any kernel code: threads and
// objects are plain structs indexed by small integers, queues are vectors
// (head first), and the CSpace is a vector indexed by CPtr. The IPC
// differential test (tests/core/ipc_differential_test.cpp) makes the same
// system calls as the current thread of this model and of the kernel core
// and compares registers, thread states, queues and the scheduler after
// every call.
//
// What the model leaves out (the world never reaches it): time and budgets
// (every SC is round-robin with a full refill and the clock stands still,
// so no charge, release queue, Timeout fault or sporadic unblock check is
// ever observable), faults other than the cap faults of a receive phase,
// YieldTo, capability transfer (messages carry no extra caps), the
// deletion of the root thread and of CNodes, and preemption.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ipc_model {

using word = std::uint64_t;
inline constexpr int none = -1;

// System-call numbers under MCS (sel4-mcs.md §1.1).
enum class Sys : int {
    Call = -1,
    ReplyRecv = -2,
    NBSendRecv = -3,
    NBSendWait = -4,
    Send = -5,
    NBSend = -6,
    Recv = -7,
    NBRecv = -8,
    Wait = -9,
    NBWait = -10,
    Yield = -11,
};

// The invocation labels the model decodes (sel4-mcs.md §11).
namespace label {
inline constexpr word tcb_set_priority = 6;
inline constexpr word tcb_suspend = 12;
inline constexpr word tcb_resume = 13;
inline constexpr word tcb_bind_notification = 14;
inline constexpr word tcb_unbind_notification = 15;
inline constexpr word cnode_delete = 19;
inline constexpr word cnode_cancel_badged_sends = 20;
inline constexpr word sched_context_bind = 34;
inline constexpr word sched_context_unbind = 35;
inline constexpr word sched_context_unbind_object = 36;
}  // namespace label

// seL4_Error values (sel4-abi.md §15.3) the modelled invocations can return.
enum class Error : word { None = 0, InvalidCapability = 2, IllegalOperation = 3, RangeError = 4, TruncatedMessage = 7 };
const char* error_name(word error);

// seL4's thread states, numbered as seL4 numbers them (sel4-abi.md §7.1).
enum class State : std::uint8_t {
    Inactive,
    Running,
    Restart,
    BlockedOnReceive,
    BlockedOnSend,
    BlockedOnReply,
    BlockedOnNotification,
};
const char* state_name(State s);
constexpr bool is_runnable(State s) { return s == State::Running || s == State::Restart; }
constexpr bool is_stopped(State s) { return s != State::Running && s != State::Restart; }

// Cap rights bits (sel4-abi.md §5.1).
inline constexpr unsigned can_write = 1, can_read = 2, can_grant = 4, can_grant_reply = 8;

enum class CapKind : std::uint8_t { Null, Endpoint, Notification, Reply, Thread, SchedContext, CNode };

struct Cap {
    CapKind kind = CapKind::Null;
    int object = none;  // index of the object among those of its kind
    word badge = 0;
    unsigned rights = 0;  // endpoint, notification; reply: can_grant
};

// Argument registers as the harness numbers them: 0 cap / badge, 1 message
// info, 2..5 MR0..MR3, 6 reply object, 7 system-call number, 8 the
// NBSendRecv destination.
inline constexpr unsigned registers = 9;
inline constexpr unsigned register_mrs = 4;
// Messages are at most this long; MR4 and up travel IPC buffer to IPC buffer.
inline constexpr unsigned max_message = 6;
inline constexpr unsigned max_extra_caps = 3;

// seL4_MessageInfo (sel4-abi.md §3.1): label, caps unwrapped, extra caps, length.
constexpr word message_info(word label, word extra_caps, word length) {
    return label << 12 | extra_caps << 7 | length;
}

struct Thread {
    State state = State::Inactive;
    unsigned priority = 0;
    unsigned mcp = 0;
    int waits_on = none;  // BlockedOnSend/Receive: endpoint; BlockedOnNotification: notification
    int reply = none;     // BlockedOnReceive: its reply object (none: Wait); BlockedOnReply: the one that wakes it
    // BlockedOnSend: how it sends (recorded from its endpoint cap).
    word send_badge = 0;
    bool send_grant = false;
    bool send_grant_reply = false;
    bool send_is_call = false;
    int sc = none;     // the SC it runs on, bound or donated
    int bound = none;  // bound notification
    Cap fault_handler;  // TCB slot 3: an endpoint cap or null (sel4-mcs.md §7.1)
    // A cap fault of a receive phase waiting to be delivered or answered
    // (sel4-abi.md §10.3): the CPtr that failed and the PC of the call.
    bool fault_pending = false;
    word fault_address = 0;
    word fault_ip = 0;
    word pc = 0;  // where the thread's last system call trapped
    bool deleted = false;  // its last cap was deleted
    bool queued = false;  // in its priority's ready queue
    word regs[registers] = {};
    word buffer_mrs[max_message] = {};  // MR4.. (lower indices unused)
    word buffer_caps[max_extra_caps] = {};
};

struct Endpoint {
    std::vector<int> queue;  // all senders or all receivers, head first
    bool deleted = false;
};

enum class NotificationState : std::uint8_t { Idle, Waiting, Active };

struct Notification {
    NotificationState state = NotificationState::Idle;
    word bits = 0;  // the OR of the badges signalled, meaningful while Active
    std::vector<int> queue;
    int bound = none;  // bound thread
    int sc = none;     // bound SC, lent to a waiter without one (sel4-mcs.md §5.5)
    bool deleted = false;
};

// A reply object and its place in a call stack (sel4-mcs.md §3.1): `prev`
// is the older reply object, `next` the newer one or, for the head of the
// stack, the SC (`next_is_sc`).
struct Reply {
    int tcb = none;
    int prev = none;
    int next = none;
    bool next_is_sc = false;
    bool deleted = false;
    bool is_head() const { return next_is_sc && next != none; }
};

struct SchedContext {
    int tcb = none;           // the thread running on it
    int reply = none;         // head of its call stack
    int notification = none;  // the notification it is bound to
    bool deleted = false;
};

// A system call as a libsel4 stub would make it: the registers it loads
// and, for sending calls, the message (label, MRs, extra-cap CPtrs).
struct UserCall {
    Sys number = Sys::Yield;
    word pc = 0;     // where it traps (the harness's choice)
    word cap = 0;    // register 0
    word reply = 0;  // register 6
    word dest = 0;   // register 8
    bool message = false;
    word label = 0;
    unsigned length = 0;
    word mrs[max_message] = {};
    unsigned extra_caps = 0;
    word caps[max_extra_caps] = {};
};

// Loads an invocation's message into `c`: its label, MRs and extra-cap CPtrs.
inline void set_message(UserCall& c, word label, const std::vector<word>& mrs, const std::vector<word>& extra_caps) {
    c.message = true;
    c.label = label;
    c.length = static_cast<unsigned>(mrs.size());
    for (unsigned i = 0; i < mrs.size(); ++i) c.mrs[i] = mrs[i];
    c.extra_caps = static_cast<unsigned>(extra_caps.size());
    for (unsigned i = 0; i < extra_caps.size(); ++i) c.caps[i] = extra_caps[i];
}

// A kernel reply to an invocation: the error (label) and its MRs, or
// label 0 and the result MRs.
struct KernelReply {
    word label = 0;
    std::vector<word> mrs;
    bool failed() const { return label != 0; }
};

// An invocation's message as the kernel decodes it from the registers.
struct Message {
    word label = 0;
    unsigned length = 0;
    std::vector<Cap> extra_caps;
};

// What a run went through (the differential test's statistics).
struct Coverage {
    unsigned rendezvous = 0;        // a message went from a sender to a receiver
    unsigned donations = 0;         // an SC moved to a passive receiver (Call or first phase)
    unsigned lent = 0;              // a notification lent its SC to a thread without one
    unsigned given_back = 0;        // a thread blocking on the notification gave its SC back
    unsigned returns = 0;           // an SC went back through a reply object
    unsigned deep_stacks = 0;       // a push onto a call stack that already had a reply object
    unsigned replies = 0;           // a reply reached a waiting caller
    unsigned stolen_replies = 0;    // a receive took a reply object another thread waited with
    unsigned bound_wakeups = 0;     // a signal woke its bound thread out of an endpoint receive
    unsigned bound_pending = 0;     // an endpoint receive took a pending bound signal
    unsigned signal_wakeups = 0;    // a signal woke a waiter
    unsigned signal_merges = 0;     // a signal OR-ed its badge into an active word
    unsigned queue_reorders = 0;    // SetPriority re-sorted an IPC queue
    unsigned cancelled_calls = 0;   // a caller's wait for a reply was cancelled
    unsigned restarted = 0;         // deleting an object or CancelBadgedSends restarted a queued thread
    unsigned finalised = 0;         // the last cap to an endpoint, notification or reply object was deleted
    unsigned faults = 0;            // a receive phase faulted
    unsigned fault_messages = 0;    // a fault reached a handler as a message
    unsigned fault_replies = 0;     // a handler's reply restarted a faulted thread
    unsigned preemptions = 0;       // the thread that made the call is not the one that runs next
    unsigned longest_queue = 0;

    void add(const Coverage& c) {
        rendezvous += c.rendezvous;
        donations += c.donations;
        lent += c.lent;
        given_back += c.given_back;
        returns += c.returns;
        deep_stacks += c.deep_stacks;
        replies += c.replies;
        stolen_replies += c.stolen_replies;
        bound_wakeups += c.bound_wakeups;
        bound_pending += c.bound_pending;
        signal_wakeups += c.signal_wakeups;
        signal_merges += c.signal_merges;
        queue_reorders += c.queue_reorders;
        cancelled_calls += c.cancelled_calls;
        restarted += c.restarted;
        finalised += c.finalised;
        faults += c.faults;
        fault_messages += c.fault_messages;
        fault_replies += c.fault_replies;
        preemptions += c.preemptions;
        longest_queue = std::max(longest_queue, c.longest_queue);
    }
};

class Model {
public:
    std::vector<Thread> threads;
    std::vector<Endpoint> endpoints;
    std::vector<Notification> notifications;
    std::vector<Reply> replies;
    std::vector<SchedContext> scs;
    std::vector<Cap> cspace;  // indexed by CPtr; beyond its end every slot is null
    std::map<unsigned, std::vector<int>> ready;  // priority -> ready queue, head first (never empty)
    int current = none;  // none: the idle thread
    Coverage coverage;
    // A condition seL4 asserts never happens (empty when none was met).
    std::string problem;
    // The error of the last call's invocation (0: none), whether or not a
    // Call reported it.
    word last_error = 0;

    // The current thread makes `call`; then the scheduler decides who runs.
    void syscall(const UserCall& call);

    Cap lookup(word cptr) const;
    bool is_schedulable(int t) const;

private:
    enum class Action : std::uint8_t { ResumeCurrent, ChooseNew, SwitchTo };

    struct SendPhase {
        bool is_call = false;
        bool blocking = false;
        bool can_donate = false;
        bool first_phase = false;
    };
    struct SendOptions {
        bool blocking = false;
        bool is_call = false;
        bool can_grant = false;
        bool can_grant_reply = false;
        bool can_donate = false;
        word badge = 0;
    };

    // ---- system calls and invocations (ipc_model.cpp) ----
    void load(Thread& t, const UserCall& call);
    word mr(const Thread& t, unsigned i) const;
    void handle_invocation(int t, word cptr, const SendPhase& phase);
    void handle_recv(int t, bool blocking, bool can_reply);
    void fault(int t, word address);
    void reply_from_kernel(int t, const KernelReply& reply);
    KernelReply invoke_ipc_object(int t, const Cap& cap, const SendPhase& phase);
    KernelReply invoke_tcb(int t, const Cap& cap, const Message& msg);
    KernelReply invoke_sched_context(int t, const Cap& cap, const Message& msg);
    KernelReply invoke_cnode(int t, const Message& msg);
    Message decode_message(int t) const;
    void begin_perform(int t);
    void delete_cap(word cptr);
    bool has_cap(const Cap& cap) const;
    void finalise_thread(int t);
    void finalise_sc(int sc);

    // ---- scheduler (ipc_model_sched.cpp) ----
    void set_state(int t, State s);
    void enqueue(int t);
    void append(int t);
    void dequeue(int t);
    void possible_switch_to(int t);
    void reschedule_required();
    void schedule();
    void choose_thread();
    void switch_to(int t);
    void yield();
    void set_priority(int t, unsigned priority);
    void suspend(int t);
    void restart(int t);
    void bind_sc(int sc, int t);
    void unbind_sc(int sc);
    void donate(int sc, int to);

    // ---- IPC (ipc_model_ipc.cpp) ----
    void send_ipc(int sender, int ep, const SendOptions& how);
    void receive_ipc(int receiver, int ep, bool blocking, int reply);
    void transfer(int sender, word badge, int receiver);
    void cancel_ipc(int t);
    void cancel_all_ipc(int ep);
    void cancel_badged_sends(int ep, word badge);
    void restart_unless_faulted(int t);
    void insert_by_priority(std::vector<int>& queue, int t);
    void remove_from(std::vector<int>& queue, int t);
    void reorder_ipc_queue(int t);
    void reply_push(int caller, int callee, int reply, bool can_donate);
    void reply_unlink(int reply, int t);
    void reply_pop(int reply, int caller);
    void reply_remove(int reply, int caller);
    void reply_remove_caller(int caller);
    void clear_links(int reply);
    void do_reply_transfer(int replier, int reply);
    void finalise_reply(int reply);
    void send_signal(int n, word badge);
    void deliver_signal(int t, int n, word badge);
    void receive_signal(int t, int n, bool blocking);
    void complete_signal(int n, int t);
    void cancel_signal(int t, int n);
    void finalise_notification(int n);
    void maybe_lend_sc(int t, int n);
    void maybe_return_sc(int n, int t);
    void unbind_notification_sc(int sc);

    Action action_ = Action::ResumeCurrent;
    int candidate_ = none;
};

}  // namespace ipc_model
