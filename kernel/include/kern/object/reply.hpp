// SPDX-License-Identifier: BSD-2-Clause
// Reply objects (32 bytes, sel4-mcs.md §3): who waits through it, and its
// place in a scheduling context's call stack. `prev` is the reply object
// pushed before it (older, further from the SC); `next` the one pushed
// after it or — for the head of the stack — the SC the stack belongs to.
#pragma once

#include <kern/object_type.hpp>
#include <kern/types.hpp>

namespace kern {

struct Tcb;
struct SchedContext;

struct Reply {
    Tcb* tcb = nullptr;    // a receiver BlockedOnReceive with it, or a caller BlockedOnReply on it
    Reply* prev = nullptr;  // older reply object in the same stack
    void* next = nullptr;   // newer Reply*, or the SchedContext* when next_is_sc
    word_t next_is_sc = 0;

    bool is_head() const { return next_is_sc != 0 && next != nullptr; }
    SchedContext* head_sc() const { return is_head() ? static_cast<SchedContext*>(next) : nullptr; }
    Reply* next_reply() const { return next_is_sc != 0 ? nullptr : static_cast<Reply*>(next); }
};
static_assert(sizeof(Reply) == word_t{1} << reply_bits);

}  // namespace kern
