// SPDX-License-Identifier: BSD-2-Clause
// Random system calls for the IPC differential test, made by whichever
// thread the model says runs: IPC on endpoints (Send, NBSend, Call, Recv,
// NBRecv, Wait, ReplyRecv, NBSendRecv, NBSendWait, replies through reply
// caps), notifications (Signal, Wait, Poll), TCB invocations (Suspend,
// Resume, SetPriority, Bind/UnbindNotification), SchedContext Bind/Unbind/
// UnbindObject, CNode Delete (IPC caps, threads, SCs) and
// CancelBadgedSends, and Yield. Caps are mostly the right ones for the
// call and sometimes not (missing rights, a cap of another type, an empty
// slot), so the error paths and cap faults run too. Arguments lean towards
// what makes something happen (a stopped thread to resume, a free SC for
// a thread that has none, a busy object to delete).
#pragma once

#include <string>
#include <vector>

#include "generator.hpp"
#include "ipc_model.hpp"

namespace ipc_model {

// Where the world's caps are (CPtrs in the root CNode).
struct WorldCaps {
    word cnode = 0;               // the root CNode (Delete, CancelBadgedSends)
    word empty = 0;               // a slot that stays empty
    std::vector<word> tcb;        // per thread
    std::vector<word> sc;         // per SC
    std::vector<word> own_reply;  // per thread: the reply object it receives with
    // Per thread: the endpoint (unbadged, all rights) it serves as a
    // server, or 0; the notification it waits on as a worker, or 0
    // (ipc_generator.cpp, role()).
    std::vector<word> serves;
    std::vector<word> works_on;
    std::vector<word> replies;    // every reply cap
    std::vector<word> endpoints;  // every endpoint cap (badges and rights vary)
    std::vector<word> notifications;
    std::vector<unsigned> priorities;  // what SetPriority asks for
};

struct GeneratedCall {
    UserCall call;
    std::string name;  // the operation, for statistics ("Call", "Signal", ...)
    std::string text;  // the call with its arguments, for traces and failures
};

GeneratedCall generate_call(const Model& model, const WorldCaps& caps, model::Rng& rng);
// Always possible: the fallback when every generated call would leave no thread to run.
GeneratedCall yield_call(const Model& model);

// A readable name for the cap in `cptr` ("ep1 b0x102 W-GR", "reply3", "null").
std::string describe_cap(const Model& model, word cptr);

}  // namespace ipc_model
