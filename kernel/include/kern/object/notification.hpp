// SPDX-License-Identifier: BSD-2-Clause
// Notifications (64 bytes under MCS, sel4-abi.md §9, sel4-mcs.md §6): idle,
// waiting (a priority-ordered queue of waiters) or active (a pending word),
// plus the bound TCB and the bound scheduling context.
#pragma once

#include <kern/object_type.hpp>
#include <kern/tcb_queue.hpp>
#include <kern/types.hpp>

namespace kern {

struct SchedContext;

enum class NotificationState : word_t { Idle = 0, Waiting = 1, Active = 2 };

struct Notification {
    TcbQueue<&Tcb::ep_next, &Tcb::ep_prev> queue;
    NotificationState state = NotificationState::Idle;
    word_t word = 0;  // the OR of the badges signalled while Active
    Tcb* bound_tcb = nullptr;
    SchedContext* sc = nullptr;
    word_t unused[2] = {};
};
static_assert(sizeof(Notification) == word_t{1} << notification_bits);

}  // namespace kern
