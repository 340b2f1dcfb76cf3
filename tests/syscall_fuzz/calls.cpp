// SPDX-License-Identifier: BSD-2-Clause
// One random operation of a worker: an invocation of a method of the cap it
// picked (most of the time), an IPC system call on an endpoint,
// notification or reply, Yield, or a debug call. Every operation goes
// through the worker's ring of recent calls first.
#include "labels.hpp"

namespace fuzz {
namespace {

seL4_CPtr world_slot(unsigned index) { return first_world_slot + index; }

// The type of the cap in `slot`, asked before a call to choose what to do
// with it (counted with the DebugCapIdentify calls).
unsigned identify(WorkerShared& w, seL4_CPtr slot) {
    w.stats.op_counts[static_cast<unsigned>(Op::DebugCapIdentify)]++;
    return seL4_DebugCapIdentify(slot);
}

// Slots an IPC system call mostly names.
seL4_CPtr ipc_slot(Rng& rng) {
    const u64 r = rng.below(100);
    if (r < 40) return world_slot(WEndpoint0 + rng.below(2));
    if (r < 65) return world_slot(WNotification0 + rng.below(2));
    if (r < 80) return world_slot(WReplyOwn + rng.below(2));
    if (r < 95) return first_world_slot + rng.below(worker_slots - first_world_slot);
    return rng.below(worker_slots * 2);
}

seL4_CPtr reply_slot(Rng& rng) {
    return rng.percent(85) ? world_slot(WReplyOwn + rng.below(2)) : rng.below(worker_slots);
}

// A message of random words and sometimes caps, received caps going to a
// random free slot of the worker's CNode.
seL4_MessageInfo_t ipc_message(Rng& rng, WorkerShared& w, seL4_Word* args) {
    const unsigned length = static_cast<unsigned>(rng.percent(90) ? rng.below(6) : rng.below(seL4_MsgMaxLength + 1));
    for (unsigned i = 0; i < length; ++i) seL4_SetMR(static_cast<int>(i), rng.percent(50) ? rng.below(64) : rng.next());
    unsigned caps = 0;
    if (rng.percent(15)) {
        caps = 1 + static_cast<unsigned>(rng.below(seL4_MsgMaxExtraCaps));
        for (unsigned i = 0; i < caps; ++i) {
            const seL4_CPtr c = rng.percent(90) ? first_world_slot + rng.below(worker_slots - first_world_slot)
                                                : rng.below(worker_slots);
            if (c == own_tcb_slot || c == own_cnode_slot) w.self_exposed = true;  // given away
            seL4_SetCap(static_cast<int>(i), c);
        }
        w.cap_transfers = w.cap_transfers + 1;
    }
    seL4_SetCapReceivePath(own_cnode_slot, first_free_slot + rng.below(worker_slots - first_free_slot),
                           rng.percent(95) ? seL4_WordBits : rng.below(seL4_WordBits + 1));
    for (unsigned i = 0; i < 4; ++i) args[i] = seL4_GetMR(static_cast<int>(i));
    return seL4_MessageInfo_new(rng.percent(80) ? rng.below(64) : rng.next(), 0, caps, length);
}

seL4_Word info_word(seL4_MessageInfo_t info) { return info.words[0]; }

const LabelSpec* spec_for(Rng& rng, unsigned tag) {
    unsigned matching = 0;
    for (const LabelSpec& s : label_specs) matching += (s.tag == tag) ? 1 : 0;
    if (matching == 0) return nullptr;
    unsigned pick = static_cast<unsigned>(rng.below(matching));
    for (const LabelSpec& s : label_specs)
        if (s.tag == tag && pick-- == 0) return &s;
    return nullptr;
}

// An invocation: pick a cap (mostly a live one), a method of its type and
// arguments; send it with Call (or, now and then, Send / NBSend).
void invoke(WorkerShared& w, Rng& rng, Op op) {
    seL4_CPtr slot = 0;
    unsigned tag = cap_tag_null;
    for (unsigned attempt = 0; attempt < 4; ++attempt) {
        const u64 r = rng.below(100);
        slot = r < 65 ? first_world_slot + rng.below(WorldCapCount)
             : r < 72 ? (rng.percent(25) ? own_tcb_slot : own_cnode_slot)
             : r < 97 ? first_free_slot + rng.below(worker_slots - first_free_slot)
                      : rng.below(worker_slots * 4);
        tag = identify(w, slot);
        if (tag != cap_tag_null || rng.percent(3)) break;
    }
    const LabelSpec* spec = rng.percent(92) ? spec_for(rng, tag) : nullptr;
    const seL4_Word label = spec != nullptr ? spec->label
                          : rng.percent(90) ? rng.below(all_labels + 2) : rng.next();
    // Whether this may change the worker's own thread (then the supervisor
    // rebuilds it when it stops, instead of only restarting it): its own
    // TCB invoked or passed, or its own TCB or CNode slot named as an index.
    // A copy of either elsewhere can only come from such a call.
    bool self = slot == own_tcb_slot;
    seL4_Word args[4];
    const seL4_MessageInfo_t info = build_invocation(rng, spec, label, args, self);
    if (self) w.self_exposed = true;
    // A Call on an endpoint is IPC and may wait for ever; so may anything
    // that changes this worker's own thread.
    const bool blocks = self || tag == cap_tag_endpoint || tag == cap_tag_null;
    CallRecord& rec = ring_begin(w, op, slot, tag, label, seL4_MessageInfo_get_extraCaps(info),
                                 seL4_MessageInfo_get_length(info), args);
    w.may_block = blocks;
    seL4_Word result = 0;
    if (op == Op::Invoke) {
        result = seL4_MessageInfo_get_label(seL4_Call(slot, info));
    } else if (op == Op::InvokeSend) {
        seL4_Send(slot, info);
    } else {
        seL4_NBSend(slot, info);
    }
    w.may_block = false;
    ring_end(w, rec, result);
    if (tag < cap_tag_limit && label < max_label && tag != cap_tag_endpoint && tag != cap_tag_notification && tag != cap_tag_reply &&
        tag != cap_tag_null)
        w.stats.pairs[tag] |= u64{1} << label;
    if (op == Op::Invoke && tag != cap_tag_endpoint && tag != cap_tag_notification && tag != cap_tag_reply && tag != cap_tag_null)
        count_error(w.stats, result);
}

bool op_sends(Op op) { return op == Op::Send || op == Op::NBSend || op == Op::Call; }

void ipc(WorkerShared& w, Rng& rng, Op op) {
    seL4_Word args[4] = {};
    seL4_CPtr cap = ipc_slot(rng);
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_MessageInfo_new(0, 0, 0, 0);
    bool blocks = false;
    switch (op) {
    case Op::Send: case Op::NBSend: case Op::Call: case Op::ReplyRecv: case Op::NBSendRecv: case Op::NBSendWait:
        info = ipc_message(rng, w, args);
        break;
    default:
        seL4_SetCapReceivePath(own_cnode_slot, first_free_slot + rng.below(worker_slots - first_free_slot),
                               seL4_WordBits);
        break;
    }
    switch (op) {
    case Op::Send: case Op::Call: case Op::Recv: case Op::ReplyRecv: case Op::NBSendRecv: case Op::NBSendWait:
    case Op::Wait:
        blocks = true;
        break;
    default:
        break;
    }
    // Mostly a cap the call is meant for (a Recv on anything else is a cap
    // fault, and a fault costs a restart).
    unsigned tag = identify(w, cap);
    for (unsigned attempt = 0; attempt < 3; ++attempt) {
        if (tag == cap_tag_endpoint || tag == cap_tag_notification || (tag == cap_tag_reply && op_sends(op)) || rng.percent(2))
            break;
        cap = ipc_slot(rng);
        tag = identify(w, cap);
    }
    CallRecord& rec = ring_begin(w, op, cap, tag, seL4_MessageInfo_get_label(info),
                                 seL4_MessageInfo_get_extraCaps(info), seL4_MessageInfo_get_length(info), args);
    w.may_block = blocks;
    seL4_Word result = 0;
    switch (op) {
    case Op::Send: seL4_Send(cap, info); break;
    case Op::NBSend: seL4_NBSend(cap, info); break;
    case Op::Call: result = info_word(seL4_Call(cap, info)); break;
    case Op::Recv: result = info_word(seL4_Recv(cap, &badge, reply_slot(rng))); break;
    case Op::NBRecv: result = info_word(seL4_NBRecv(cap, &badge, reply_slot(rng))); break;
    case Op::ReplyRecv: result = info_word(seL4_ReplyRecv(cap, info, &badge, reply_slot(rng))); break;
    case Op::NBSendRecv:
        result = info_word(seL4_NBSendRecv(ipc_slot(rng), info, cap, &badge, reply_slot(rng)));
        break;
    case Op::NBSendWait: result = info_word(seL4_NBSendWait(ipc_slot(rng), info, cap, &badge)); break;
    case Op::Wait: result = info_word(seL4_Wait(cap, &badge)); break;
    case Op::NBWait: result = info_word(seL4_NBWait(cap, &badge)); break;
    default: break;
    }
    w.may_block = false;
    ring_end(w, rec, result);
}

void debug_call(WorkerShared& w, Rng& rng, Op op) {
    seL4_Word args[4] = {};
    if (op == Op::DebugCapIdentify) {
        const seL4_CPtr cap = rng.percent(90) ? rng.below(worker_slots) : rng.next();
        CallRecord& rec = ring_begin(w, op, cap, 0, 0, 0, 0, args);
        ring_end(w, rec, seL4_DebugCapIdentify(cap));
        return;
    }
    if (op == Op::DebugNameThread) {
        // The kernel halts the machine for a cap that is not a TCB or a
        // caller without a writable IPC buffer (as seL4 does): name only
        // this worker's own thread, while nothing can have moved its IPC buffer.
        if (w.self_exposed || seL4_DebugCapIdentify(own_tcb_slot) != cap_tag_thread) return;
        CallRecord& rec = ring_begin(w, op, own_tcb_slot, cap_tag_thread, 0, 0, 0, args);
        static constexpr const char* names[] = {"fuzz-worker", "", "a-rather-long-name-for-a-fuzzing-thread-0123456789"};
        seL4_DebugNameThread(own_tcb_slot, names[rng.below(3)]);
        ring_end(w, rec, 0);
        return;
    }
    // A debug number this kernel does not implement (seL4_DebugSnapshot):
    // an UnknownSyscall fault, which the supervisor, as fault handler,
    // answers by restarting the worker.
    CallRecord& rec = ring_begin(w, op, 0, 0, static_cast<seL4_Word>(seL4_SysDebugSnapshot), 0, 0, args);
    w.may_block = true;
    seL4_DebugSnapshot();
    w.may_block = false;
    ring_end(w, rec, 0);
}

struct Weight {
    Op op;
    unsigned weight;
};
constexpr Weight weights[] = {
    // Calls that may block are rarer: a blocked worker waits for the
    // supervisor to restart it.
    {Op::Invoke, 560}, {Op::InvokeSend, 10}, {Op::InvokeNBSend, 25}, {Op::Send, 6},     {Op::NBSend, 50},
    {Op::Call, 8},     {Op::Recv, 6},        {Op::NBRecv, 60},       {Op::ReplyRecv, 6}, {Op::NBSendRecv, 10},
    {Op::NBSendWait, 6}, {Op::Wait, 5},      {Op::NBWait, 50},       {Op::Yield, 30},   {Op::DebugCapIdentify, 20},
    {Op::DebugNameThread, 5}, {Op::DebugUnknown, 1},
};
constexpr unsigned total_weight = [] {
    unsigned t = 0;
    for (const Weight& w : weights) t += w.weight;
    return t;
}();

}  // namespace

void one_call(WorkerShared& w, Rng& rng) {
    unsigned pick = static_cast<unsigned>(rng.below(total_weight));
    Op op = Op::Invoke;
    for (const Weight& entry : weights) {
        if (pick < entry.weight) {
            op = entry.op;
            break;
        }
        pick -= entry.weight;
    }
    // Counted when issued: a call that faults or blocks may never return.
    w.stats.op_counts[static_cast<unsigned>(op)]++;
    w.stats.invocations++;
    switch (op) {
    case Op::Invoke: case Op::InvokeSend: case Op::InvokeNBSend: invoke(w, rng, op); break;
    case Op::Yield: {
        seL4_Word args[4] = {};
        CallRecord& rec = ring_begin(w, op, 0, 0, 0, 0, 0, args);
        seL4_Yield();
        ring_end(w, rec, 0);
        break;
    }
    case Op::DebugCapIdentify: case Op::DebugNameThread: case Op::DebugUnknown: debug_call(w, rng, op); break;
    default: ipc(w, rng, op); break;
    }
}

bool label_valid_for(unsigned tag, unsigned label) {
    for (const LabelSpec& s : label_specs)
        if (s.tag == tag && s.label == label) return true;
    return false;
}

unsigned valid_pair_count() { return label_spec_count; }

}  // namespace fuzz
