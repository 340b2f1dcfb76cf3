// SPDX-License-Identifier: BSD-2-Clause
// The kernel's threads, IPC objects and scheduler read back into the IPC
// model's terms (object indices instead of pointers), and the comparison of
// two such states, for the IPC differential test. The comparison looks only
// at what seL4 defines for a state: what a thread waits on only while it is
// blocked, how it sends only while BlockedOnSend, the word of a
// notification only while Active.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <kern/cap.hpp>
#include <kern/object/endpoint.hpp>
#include <kern/object/notification.hpp>
#include <kern/object/reply.hpp>
#include <kern/object/sched_context.hpp>
#include <kern/object/tcb.hpp>

#include "ipc_model.hpp"

namespace ipc_model {

// The kernel objects of the world, in the model's index order.
struct KernelObjects {
    std::vector<kern::Tcb*> threads;
    std::vector<kern::SchedContext*> scs;
    std::vector<kern::Endpoint*> endpoints;
    std::vector<kern::Notification*> notifications;
    std::vector<kern::Reply*> replies;

    // Call once every object is listed.
    void index_objects();
    // The model's cap for a kernel cap (a kind the model does not know is null).
    Cap cap(const kern::Cap& cap) const;
    // Everything compare() looks at, as the kernel has it now, into `into`.
    void snapshot(Model& into) const;

private:
    int index_of(const void* object) const;
    template <typename Queue>
    void queue_of(const Queue& queue, kern::Tcb* kern::Tcb::*next, std::vector<int>& out) const;
    std::map<const void*, int> index_;  // every object's address -> its index among its kind
    std::map<kern::paddr_t, int> by_address_;  // object address (as caps name it) -> index
};

// The first difference between the model and the kernel's snapshot, or "".
std::string compare(const Model& model, const Model& kernel);

// Every thread and object of the model, one line each (for traces).
std::string describe_threads(const Model& model);

}  // namespace ipc_model
