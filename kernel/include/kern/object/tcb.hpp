// SPDX-License-Identifier: BSD-2-Clause
// The TCB object (2^11 bytes, sel4-mcs.md §7.1): its capability slots in the
// first half (radix 4, five used), the debug name after them, and the thread
// itself at offset 2^10. The thread carries seL4's thread state (with the
// IPC details a blocked thread needs), its scheduling links and its FPU
// state; everything is reached through the kernel window.
#pragma once

#include <cstddef>

#include <arch/fpu.hpp>
#include <arch/user_context.hpp>
#include <kern/arch_contract.hpp>
#include <kern/cte.hpp>
#include <kern/fault.hpp>
#include <kern/object_type.hpp>

namespace kern {

struct Endpoint;
struct Notification;
struct Reply;
struct SchedContext;

enum class TcbSlot : unsigned { CTable = 0, VTable = 1, Buffer = 2, FaultHandler = 3, TimeoutHandler = 4 };
inline constexpr unsigned tcb_slot_count = 5;
inline constexpr unsigned tcb_cnode_radix = 4;
inline constexpr word_t tcb_offset = word_t{1} << (tcb_bits - 1);

// seL4's _thread_state values (sel4-abi.md §7.1); IdleThreadState is the
// kernel's idle thread only.
enum class ThreadState : std::uint8_t {
    Inactive = 0,
    Running = 1,
    Restart = 2,
    BlockedOnReceive = 3,
    BlockedOnSend = 4,
    BlockedOnReply = 5,
    BlockedOnNotification = 6,
    IdleThreadState = 7,
};

constexpr bool is_runnable(ThreadState s) { return s == ThreadState::Running || s == ThreadState::Restart; }
// "Stopped" for Resume: Inactive or any Blocked* state (sel4-abi.md §7.2).
constexpr bool is_stopped(ThreadState s) {
    return s == ThreadState::Inactive || s == ThreadState::BlockedOnReceive || s == ThreadState::BlockedOnSend ||
           s == ThreadState::BlockedOnReply || s == ThreadState::BlockedOnNotification;
}
constexpr bool is_blocked(ThreadState s) {
    return s == ThreadState::BlockedOnReceive || s == ThreadState::BlockedOnSend ||
           s == ThreadState::BlockedOnReply || s == ThreadState::BlockedOnNotification;
}

inline constexpr word_t tcb_flag_fpu_disabled = 1;  // seL4_TCBFlag_fpuDisabled
inline constexpr word_t tcb_flags_mask = tcb_flag_fpu_disabled;

inline constexpr unsigned num_priorities = 256;  // CONFIG_NUM_PRIORITIES
inline constexpr word_t max_priority = num_priorities - 1;

struct Tcb {
    arch::UserContext context;  // first: the arch trap code stores into it

    // seL4 thread_state: the state and, while blocked, what on and how.
    ThreadState state = ThreadState::Inactive;
    std::uint8_t priority = 0;
    std::uint8_t mcp = 0;
    std::uint8_t domain = 0;  // always 0 while the kernel has one domain (kern/domain.hpp)
    bool blocking_can_grant = false;        // BlockedOnSend: the sender's endpoint cap had Grant
    bool blocking_can_grant_reply = false;  // ... GrantReply
    bool blocking_is_call = false;          // ... and the send is a Call
    bool in_ready_queue = false;
    bool in_release_queue = false;
    void* blocking_object = nullptr;  // the Endpoint or Notification it waits on
    word_t blocking_badge = 0;        // BlockedOnSend: the badge it sends with
    Reply* reply = nullptr;           // BlockedOnReceive: its reply object; BlockedOnReply: the one that wakes it

    Fault fault;  // a pending fault (type Null when none)

    // Scheduler queue links (ready queue or release queue) and endpoint or
    // notification queue links.
    Tcb* sched_next = nullptr;
    Tcb* sched_prev = nullptr;
    Tcb* ep_next = nullptr;
    Tcb* ep_prev = nullptr;

    SchedContext* sc = nullptr;        // the SC it runs on (bound or donated)
    SchedContext* yield_to = nullptr;  // a YieldTo awaiting completion
    Notification* bound_notification = nullptr;

    vaddr_t ipc_buffer = 0;  // user address of the IPC buffer (tcbIPCBuffer)
    word_t flags = 0;        // seL4_TCBFlag_*

    arch::FpuState fpu;

    // The object this thread lives in, and its slots.
    paddr_t object() const;
    Cte& slot(TcbSlot s);
    const Cte& slot(TcbSlot s) const;
    // The debug name (seL4_DebugNameThread), NUL-terminated, in the object's
    // first half after the slots.
    char* name();
    const char* name() const;
};

// After all 2^tcb_cnode_radix slots (seL4 puts its debug data there too).
inline constexpr word_t tcb_name_offset = (word_t{1} << tcb_cnode_radix) * sizeof(Cte);
inline constexpr word_t tcb_name_length = tcb_offset - tcb_name_offset;

static_assert(sizeof(Tcb) <= tcb_offset, "the thread must fit in the upper half of its 2^seL4_TCBBits object");
static_assert(tcb_name_length >= 256);

inline Tcb* tcb_of_object(paddr_t object) { return phys_to_virt<Tcb>(object + tcb_offset); }
inline paddr_t Tcb::object() const {
    return reinterpret_cast<word_t>(this) - tcb_offset - arch::kernel_window_offset;
}
inline Cte& Tcb::slot(TcbSlot s) {
    return phys_to_virt<Cte>(object())[static_cast<unsigned>(s)];
}
inline const Cte& Tcb::slot(TcbSlot s) const {
    return phys_to_virt<const Cte>(object())[static_cast<unsigned>(s)];
}
inline char* Tcb::name() { return phys_to_virt<char>(object() + tcb_name_offset); }
inline const char* Tcb::name() const { return phys_to_virt<const char>(object() + tcb_name_offset); }

}  // namespace kern
