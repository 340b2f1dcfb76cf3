// SPDX-License-Identifier: BSD-2-Clause
// Memory layouts of the objects whose behaviour arrives with issue #4
// (endpoints, notifications, reply objects, scheduling contexts). Retype
// creates them zeroed now, which is their idle/unbound state; their sizes are
// seL4's (sel4-abi.md §6.2, sel4-mcs.md §2.2).
#pragma once

#include <kern/object_type.hpp>
#include <kern/types.hpp>

namespace kern {

struct Endpoint {
    word_t queue_head = 0;
    word_t queue_tail_and_state = 0;
};
static_assert(sizeof(Endpoint) == word_t{1} << endpoint_bits);

struct Notification {
    word_t words[8] = {};
};
static_assert(sizeof(Notification) == word_t{1} << notification_bits);

struct Reply {
    word_t words[4] = {};
};
static_assert(sizeof(Reply) == word_t{1} << reply_bits);

// The fixed part of a scheduling context; refills follow (sel4-mcs.md §2.2).
struct SchedContextHeader {
    word_t words[12] = {};
};
static_assert(sizeof(SchedContextHeader) == 96);
static_assert(sizeof(SchedContextHeader) + 2 * 16 <= word_t{1} << min_sched_context_bits);

}  // namespace kern
