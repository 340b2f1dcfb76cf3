// SPDX-License-Identifier: BSD-2-Clause
// Endpoints (16 bytes, sel4-abi.md §8.1): idle, or a priority-ordered queue
// of senders or of receivers (sel4-mcs.md §9.2).
#pragma once

#include <kern/object_type.hpp>
#include <kern/tcb_queue.hpp>
#include <kern/types.hpp>

namespace kern {

enum class EndpointState : word_t { Idle = 0, Send = 1, Recv = 2 };

struct Endpoint {
    TcbQueue<&Tcb::ep_next, &Tcb::ep_prev> queue;

    // The state is implied by the queue and by what the queued threads do:
    // the queue holds only senders or only receivers.
    EndpointState state() const {
        if (queue.empty()) return EndpointState::Idle;
        return queue.head->state == ThreadState::BlockedOnSend ? EndpointState::Send : EndpointState::Recv;
    }
};
static_assert(sizeof(Endpoint) == word_t{1} << endpoint_bits);

}  // namespace kern
