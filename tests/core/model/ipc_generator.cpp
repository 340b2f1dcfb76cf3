// SPDX-License-Identifier: BSD-2-Clause
#include "ipc_generator.hpp"

#include <cstdio>

namespace ipc_model {

namespace {

std::string hex(word v) {
    char text[24];
    std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(v));
    return text;
}

std::string rights_text(unsigned rights) {
    std::string r = "----";
    if (rights & can_write) r[0] = 'W';
    if (rights & can_read) r[1] = 'R';
    if (rights & can_grant) r[2] = 'G';
    if (rights & can_grant_reply) r[3] = 'g';
    return r;
}

class Generator {
public:
    Generator(const Model& model, const WorldCaps& caps, model::Rng& rng)
        : model_(model), caps_(caps), rng_(rng), self_(model.current) {}

    GeneratedCall make() {
        if (role_possible() && rng_.chance(has_role() ? 80 : 20)) {
            role();
            return std::move(out_);
        }
        // Weights: IPC first, then the calls that reshape the world.
        struct Choice {
            unsigned weight;
            void (Generator::*make)();
        };
        static constexpr Choice choices[] = {
            {8, &Generator::send},         {3, &Generator::nb_send},       {10, &Generator::call},
            {10, &Generator::recv},        {3, &Generator::nb_recv},       {2, &Generator::wait_endpoint},
            {8, &Generator::reply_recv},   {6, &Generator::reply},         {2, &Generator::nb_send_recv},
            {1, &Generator::nb_send_wait}, {7, &Generator::signal},        {5, &Generator::wait_notification},
            {3, &Generator::poll},         {2, &Generator::suspend},       {12, &Generator::resume},
            {3, &Generator::set_priority}, {2, &Generator::bind_notification}, {2, &Generator::unbind_notification},
            {5, &Generator::sc_bind},      {4, &Generator::sc_unbind},     {1, &Generator::sc_unbind_object},
            {2, &Generator::delete_cap},   {1, &Generator::cancel_badged_sends}, {4, &Generator::yield},
        };
        unsigned total = 0;
        for (const Choice& c : choices) total += c.weight;
        unsigned pick = static_cast<unsigned>(rng_.below(total));
        for (const Choice& c : choices) {
            if (pick < c.weight) {
                (this->*c.make)();
                break;
            }
            pick -= c.weight;
        }
        return std::move(out_);
    }

    void yield() {
        start("Yield", Sys::Yield);
        text("Yield");
    }

private:
    // Roles give the random calls some structure. The servers form a chain
    // (in thread order): a server answers its caller and receives again on
    // its endpoint, or calls the next server (a deeper call stack when it
    // runs on its caller's SC). A worker waits on its notification (giving
    // back the SC the notification lent it). Anyone else mostly calls the
    // first server or signals a worker.
    void role() {
        const word served = caps_.serves[self_];
        if (caps_.works_on[self_] != 0) {
            start("Wait(ntfn)", Sys::Wait);
            out_.call.cap = caps_.works_on[self_];
            text("Wait " + describe_cap(model_, out_.call.cap));
            return;
        }
        std::vector<word> chain, work;
        for (word ep : caps_.serves)
            if (ep != 0) chain.push_back(ep);
        for (word ntfn : caps_.works_on)
            if (ntfn != 0) work.push_back(ntfn);
        if (served == 0 && !work.empty() && rng_.chance(30)) {
            start("Signal", Sys::Send);
            out_.call.cap = pick(work);
            out_.call.message = true;
            text("Signal " + describe_cap(model_, out_.call.cap));
            return;
        }
        word next = 0;
        if (served == 0) next = rng_.chance(75) ? chain.front() : pick(chain);
        else if (served != chain.back() && rng_.chance(30))
            for (unsigned i = 0; i + 1 < chain.size(); ++i)
                if (chain[i] == served) next = chain[i + 1];
        if (next != 0) {
            start("Call", Sys::Call);
            out_.call.cap = next;
            message();
            text("Call " + describe_cap(model_, out_.call.cap));
            return;
        }
        start("ReplyRecv", Sys::ReplyRecv);
        out_.call.cap = served;
        out_.call.reply = caps_.own_reply[self_];
        message();
        text("ReplyRecv " + describe_cap(model_, served) + " with " + describe_cap(model_, out_.call.reply));
    }
    // Roles need the servers' endpoints and the workers' notifications (the
    // caps can have been deleted).
    bool role_possible() const {
        for (const auto* caps : {&caps_.serves, &caps_.works_on})
            for (word cptr : *caps)
                if (cptr != 0 && model_.lookup(cptr).kind == CapKind::Null) return false;
        return true;
    }
    bool has_role() const { return caps_.serves[self_] != 0 || caps_.works_on[self_] != 0; }

    // ---- arguments --------------------------------------------------------------
    word pick(const std::vector<word>& from) { return from[rng_.below(from.size())]; }
    // Mostly a cap that still exists and has `rights`; sometimes any.
    word pick_cap(const std::vector<word>& from, unsigned rights) {
        if (rng_.chance(85)) {
            std::vector<word> fitting;
            for (word cptr : from) {
                const Cap c = model_.lookup(cptr);
                if (c.kind != CapKind::Null && (c.rights & rights) == rights) fitting.push_back(cptr);
            }
            if (!fitting.empty()) return pick(fitting);
        }
        return pick(from);
    }
    int pick_thread() { return static_cast<int>(rng_.below(model_.threads.size())); }
    // Mostly its own reply object; sometimes another thread's (taking it
    // cancels that thread's IPC, sel4-mcs.md §3.2) or a cap that is none.
    word reply_register() {
        const unsigned roll = static_cast<unsigned>(rng_.below(100));
        if (roll < 85) return caps_.own_reply[self_];
        if (roll < 96) return pick(caps_.replies);
        return roll < 98 ? pick(caps_.endpoints) : caps_.empty;
    }

    void start(const char* name, Sys number) {
        out_.name = name;
        out_.call = UserCall{};
        out_.call.number = number;
    }
    void message() {
        UserCall& c = out_.call;
        c.message = true;
        c.label = rng_.below(0x10000);
        c.length = static_cast<unsigned>(rng_.below(max_message + 1));
        for (unsigned i = 0; i < c.length; ++i) c.mrs[i] = rng_.next();
    }
    void text(const std::string& what) {
        out_.text = "T" + std::to_string(self_) + " " + out_.text + what;
        if (out_.call.message && out_.name != "Signal" && !invocation_)
            out_.text += " [label " + hex(out_.call.label) + ", " + std::to_string(out_.call.length) + " MRs]";
    }
    void invocation(word label, std::vector<word> mrs = {}, std::vector<word> extra_caps = {}) {
        invocation_ = true;
        set_message(out_.call, label, mrs, extra_caps);
        // Mostly Call (errors come back); sometimes Send (they vanish).
        if (rng_.chance(10)) {
            out_.call.number = Sys::Send;
            out_.text = "(by Send) ";
        }
    }

    // ---- endpoints ----------------------------------------------------------------
    void send_like(const char* name, Sys number) {
        start(name, number);
        out_.call.cap = pick_cap(caps_.endpoints, can_write);
        message();
        text(std::string(name) + " " + describe_cap(model_, out_.call.cap));
    }
    void send() { send_like("Send", Sys::Send); }
    void nb_send() { send_like("NBSend", Sys::NBSend); }
    void call() { send_like("Call", Sys::Call); }

    void recv_like(const char* name, Sys number, bool with_reply) {
        start(name, number);
        out_.call.cap = pick_cap(caps_.endpoints, can_read);
        if (with_reply) out_.call.reply = reply_register();
        text(std::string(name) + " " + describe_cap(model_, out_.call.cap) +
             (with_reply ? " with " + describe_cap(model_, out_.call.reply) : ""));
    }
    void recv() { recv_like("Recv", Sys::Recv, true); }
    void nb_recv() { recv_like("NBRecv", Sys::NBRecv, true); }
    void wait_endpoint() { recv_like("Wait(ep)", Sys::Wait, false); }

    void reply_recv() {
        start("ReplyRecv", Sys::ReplyRecv);
        out_.call.cap = rng_.chance(90) ? pick_cap(caps_.endpoints, can_read) : pick_cap(caps_.notifications, can_read);
        out_.call.reply = reply_register();
        message();
        text("ReplyRecv " + describe_cap(model_, out_.call.cap) + " with " + describe_cap(model_, out_.call.reply));
    }
    // A reply through a reply cap: Send mostly, NBSend or Call sometimes.
    void reply() {
        const unsigned roll = static_cast<unsigned>(rng_.below(100));
        start("Reply", roll < 70 ? Sys::Send : roll < 85 ? Sys::NBSend : Sys::Call);
        out_.call.cap = rng_.chance(80) ? caps_.own_reply[self_] : pick(caps_.replies);
        message();
        const char* how = roll < 70 ? "Send" : roll < 85 ? "NBSend" : "Call";
        text(std::string("Reply by ") + how + " on " + describe_cap(model_, out_.call.cap));
    }
    // What a first phase invokes: mostly an endpoint, sometimes a
    // notification or a reply cap, now and then a cap a first phase refuses
    // (sel4-mcs.md §1.2).
    word first_phase_cap() {
        const unsigned roll = static_cast<unsigned>(rng_.below(100));
        if (roll < 70) return pick_cap(caps_.endpoints, can_write);
        if (roll < 85) return pick_cap(caps_.notifications, can_write);
        if (roll < 95) return pick(caps_.replies);
        return roll < 98 ? caps_.tcb[pick_thread()] : pick(caps_.sc);
    }
    // NBSendRecv: destination in register 8; NBSendWait: in the reply register.
    void nb_send_recv() {
        start("NBSendRecv", Sys::NBSendRecv);
        out_.call.dest = first_phase_cap();
        out_.call.cap = pick_cap(caps_.endpoints, can_read);
        out_.call.reply = reply_register();
        message();
        text("NBSendRecv to " + describe_cap(model_, out_.call.dest) + ", receive " +
             describe_cap(model_, out_.call.cap) + " with " + describe_cap(model_, out_.call.reply));
    }
    void nb_send_wait() {
        start("NBSendWait", Sys::NBSendWait);
        out_.call.reply = first_phase_cap();
        out_.call.cap = rng_.chance(50) ? pick_cap(caps_.endpoints, can_read) : pick_cap(caps_.notifications, can_read);
        message();
        text("NBSendWait to " + describe_cap(model_, out_.call.reply) + ", wait " +
             describe_cap(model_, out_.call.cap));
    }

    // ---- notifications ------------------------------------------------------------
    // seL4_Signal: Send with message info 0; sometimes a Call (empty reply).
    // Sometimes to a notification bound to a thread (which a signal wakes
    // from an endpoint receive).
    void signal() {
        start("Signal", rng_.chance(90) ? Sys::Send : Sys::Call);
        out_.call.cap = pick_cap(caps_.notifications, can_write);
        if (rng_.chance(30)) {
            std::vector<word> bound;
            for (word cptr : caps_.notifications) {
                const Cap c = model_.lookup(cptr);
                if (c.kind == CapKind::Notification && (c.rights & can_write) != 0 &&
                    model_.notifications[c.object].bound != none)
                    bound.push_back(cptr);
            }
            if (!bound.empty()) out_.call.cap = pick(bound);
        }
        out_.call.message = true;
        text(std::string(out_.call.number == Sys::Send ? "Signal " : "Call-signal ") +
             describe_cap(model_, out_.call.cap));
    }
    void wait_notification() {
        const bool recv = rng_.chance(20);
        start("Wait(ntfn)", recv ? Sys::Recv : Sys::Wait);
        out_.call.cap = pick_cap(caps_.notifications, can_read);
        if (recv) out_.call.reply = reply_register();
        text(std::string(recv ? "Recv " : "Wait ") + describe_cap(model_, out_.call.cap));
    }
    // seL4_Poll = NBWait; NBRecv on a notification is the same.
    void poll() {
        const bool nb_recv = rng_.chance(20);
        start("Poll", nb_recv ? Sys::NBRecv : Sys::NBWait);
        out_.call.cap = pick_cap(caps_.notifications, can_read);
        if (nb_recv) out_.call.reply = reply_register();
        text(std::string(nb_recv ? "NBRecv " : "Poll ") + describe_cap(model_, out_.call.cap));
    }

    // ---- TCB and SchedContext invocations ---------------------------------------------
    void on_thread(const char* name, int target) {
        start(name, Sys::Call);
        out_.call.cap = caps_.tcb[target];
    }
    void suspend() {
        const int target = pick_thread();
        on_thread("Suspend", target);
        invocation(label::tcb_suspend);
        text("Suspend T" + std::to_string(target));
    }
    // Mostly an Inactive thread (so it runs again); Resume of a blocked one
    // cancels its IPC.
    void resume() {
        int target = pick_thread();
        if (rng_.chance(85)) {
            std::vector<int> inactive;
            for (unsigned t = 0; t < model_.threads.size(); ++t)
                if (model_.threads[t].state == State::Inactive) inactive.push_back(static_cast<int>(t));
            if (!inactive.empty()) target = inactive[rng_.below(inactive.size())];
        }
        on_thread("Resume", target);
        invocation(label::tcb_resume);
        text("Resume T" + std::to_string(target));
    }
    void set_priority() {
        const int target = pick_thread();
        const unsigned priority = caps_.priorities[rng_.below(caps_.priorities.size())];
        const word authority = rng_.chance(92) ? caps_.tcb[pick_thread()] : pick(caps_.endpoints);
        on_thread("SetPriority", target);
        if (rng_.chance(3)) invocation(label::tcb_set_priority, {}, {authority});  // truncated
        else invocation(label::tcb_set_priority, {priority}, {authority});
        text("SetPriority T" + std::to_string(target) + " to " + std::to_string(priority) + ", authority " +
             describe_cap(model_, authority));
    }
    void bind_notification() {
        const int target = pick_thread();
        const word ntfn = pick(caps_.notifications);
        on_thread("BindNotification", target);
        invocation(label::tcb_bind_notification, {}, {ntfn});
        text("BindNotification T" + std::to_string(target) + " to " + describe_cap(model_, ntfn));
    }
    void unbind_notification() {
        const int target = pick_thread();
        on_thread("UnbindNotification", target);
        invocation(label::tcb_unbind_notification);
        text("UnbindNotification T" + std::to_string(target));
    }
    // Mostly a free SC to a thread that could run but has none.
    void sc_bind() {
        unsigned sc = static_cast<unsigned>(rng_.below(caps_.sc.size()));
        int target = pick_thread();
        if (rng_.chance(80)) {
            std::vector<unsigned> free;
            for (unsigned i = 0; i < model_.scs.size(); ++i)
                if (model_.scs[i].tcb == none) free.push_back(i);
            if (!free.empty()) sc = free[rng_.below(free.size())];
            std::vector<int> stuck;
            for (unsigned t = 0; t < model_.threads.size(); ++t)
                if (model_.threads[t].sc == none && is_runnable(model_.threads[t].state))
                    stuck.push_back(static_cast<int>(t));
            if (!stuck.empty()) target = stuck[rng_.below(stuck.size())];
        }
        // Sometimes to a notification (which then lends it, sel4-mcs.md §5.5),
        // often while a thread still runs on it (the lazy rebind).
        const unsigned roll = static_cast<unsigned>(rng_.below(100));
        const word to = roll < 70 ? caps_.tcb[target] : roll < 95 ? pick(caps_.notifications) : pick(caps_.endpoints);
        if (roll >= 70 && roll < 95 && rng_.chance(50)) sc = static_cast<unsigned>(rng_.below(caps_.sc.size()));
        start("SC_Bind", Sys::Call);
        out_.call.cap = caps_.sc[sc];
        invocation(label::sched_context_bind, {}, {to});
        text("SC_Bind sc" + std::to_string(sc) + " to " + describe_cap(model_, to));
    }
    // Mostly the SC of a thread waiting in Recv (it becomes a passive
    // server) or of an Inactive one (the SC is free again).
    void sc_unbind() {
        unsigned sc = static_cast<unsigned>(rng_.below(caps_.sc.size()));
        if (rng_.chance(80)) {
            std::vector<unsigned> candidates;
            for (unsigned i = 0; i < model_.scs.size(); ++i) {
                const int t = model_.scs[i].tcb;
                if (t != none && (model_.threads[t].state == State::BlockedOnReceive ||
                                  model_.threads[t].state == State::Inactive))
                    candidates.push_back(i);
            }
            if (!candidates.empty()) sc = candidates[rng_.below(candidates.size())];
        }
        start("SC_Unbind", Sys::Call);
        out_.call.cap = caps_.sc[sc];
        invocation(label::sched_context_unbind);
        text("SC_Unbind sc" + std::to_string(sc));
    }

    void sc_unbind_object() {
        const unsigned sc = static_cast<unsigned>(rng_.below(caps_.sc.size()));
        const unsigned roll = static_cast<unsigned>(rng_.below(100));
        word from = roll < 45   ? caps_.tcb[pick_thread()]
                    : roll < 95 ? pick(caps_.notifications)
                                : pick(caps_.endpoints);
        // Mostly what it is bound to.
        if (rng_.chance(60)) {
            if (roll < 45 && model_.scs[sc].tcb != none) from = caps_.tcb[model_.scs[sc].tcb];
            if (roll >= 45 && model_.scs[sc].notification != none)
                for (word cptr : caps_.notifications) {
                    const Cap c = model_.lookup(cptr);
                    if (c.kind == CapKind::Notification && c.object == model_.scs[sc].notification) from = cptr;
                }
        }
        start("SC_UnbindObject", Sys::Call);
        out_.call.cap = caps_.sc[sc];
        invocation(label::sched_context_unbind_object, {}, {from});
        text("SC_UnbindObject sc" + std::to_string(sc) + " from " + describe_cap(model_, from));
    }

    // ---- CNode invocations on IPC caps ------------------------------------------------
    // Often a cap to an object threads wait on or are linked to, preferably
    // its last cap (the object is finalised).
    void delete_cap() {
        const unsigned roll = static_cast<unsigned>(rng_.below(20));
        if (roll >= 16) {
            // A thread (not the root thread, the fixture's CSpace owner) or an SC.
            const word target = roll < 18 ? caps_.tcb[1 + rng_.below(caps_.tcb.size() - 1)] : pick(caps_.sc);
            const std::string what = describe_cap(model_, target);
            start("Delete", Sys::Call);
            out_.call.cap = caps_.cnode;
            invocation(label::cnode_delete, {target, 64});
            text("Delete " + what);
            return;
        }
        const std::vector<word>& from = roll < 6 ? caps_.endpoints : roll < 11 ? caps_.notifications : caps_.replies;
        word target = pick(from);
        if (rng_.chance(60)) {
            std::vector<word> busy, last;
            for (word cptr : from) {
                const Cap c = model_.lookup(cptr);
                if ((c.kind == CapKind::Endpoint && !model_.endpoints[c.object].queue.empty()) ||
                    (c.kind == CapKind::Notification && !model_.notifications[c.object].queue.empty()) ||
                    (c.kind == CapKind::Reply && model_.replies[c.object].tcb != none)) {
                    busy.push_back(cptr);
                    unsigned copies = 0;
                    for (const Cap& o : model_.cspace) copies += o.kind == c.kind && o.object == c.object;
                    if (copies == 1) last.push_back(cptr);
                }
            }
            if (!last.empty() && rng_.chance(70)) target = pick(last);
            else if (!busy.empty()) target = pick(busy);
        }
        const std::string what = describe_cap(model_, target);
        start("Delete", Sys::Call);
        out_.call.cap = caps_.cnode;
        invocation(label::cnode_delete, {target, 64});
        text("Delete " + what);
    }
    // Often the badge of a queued sender.
    void cancel_badged_sends() {
        word target = pick(caps_.endpoints);
        if (rng_.chance(60)) {
            std::vector<word> queued;
            for (word cptr : caps_.endpoints) {
                const Cap c = model_.lookup(cptr);
                if (c.kind != CapKind::Endpoint || c.badge == 0) continue;
                for (int t : model_.endpoints[c.object].queue)
                    if (model_.threads[t].state == State::BlockedOnSend && model_.threads[t].send_badge == c.badge)
                        queued.push_back(cptr);
            }
            if (!queued.empty()) target = pick(queued);
        }
        start("CancelBadgedSends", Sys::Call);
        out_.call.cap = caps_.cnode;
        invocation(label::cnode_cancel_badged_sends, {target, 64});
        text("CancelBadgedSends " + describe_cap(model_, target));
    }

    const Model& model_;
    const WorldCaps& caps_;
    model::Rng& rng_;
    const int self_;
    GeneratedCall out_;
    bool invocation_ = false;  // out_ invokes a kernel object (the label is the invocation's)
};

}  // namespace

std::string describe_cap(const Model& model, word cptr) {
    const Cap c = model.lookup(cptr);
    const std::string at = "@" + std::to_string(cptr);
    switch (c.kind) {
    case CapKind::Null:
        return "null" + at;
    case CapKind::Endpoint:
        return "ep" + std::to_string(c.object) + (c.badge != 0 ? " b" + hex(c.badge) : "") + " " +
               rights_text(c.rights) + at;
    case CapKind::Notification:
        return "ntfn" + std::to_string(c.object) + (c.badge != 0 ? " b" + hex(c.badge) : "") + " " +
               rights_text(c.rights) + at;
    case CapKind::Reply:
        return "reply" + std::to_string(c.object) + at;
    case CapKind::Thread:
        return "T" + std::to_string(c.object) + at;
    case CapKind::SchedContext:
        return "sc" + std::to_string(c.object) + at;
    case CapKind::CNode:
        return "cnode" + at;
    }
    return "?";
}

GeneratedCall generate_call(const Model& model, const WorldCaps& caps, model::Rng& rng) {
    return Generator(model, caps, rng).make();
}

GeneratedCall yield_call(const Model& model) {
    GeneratedCall g;
    g.name = "Yield";
    g.call.number = Sys::Yield;
    g.text = "T" + std::to_string(model.current) + " Yield";
    return g;
}

}  // namespace ipc_model
