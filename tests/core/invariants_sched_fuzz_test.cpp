// SPDX-License-Identifier: BSD-2-Clause
// Random system calls by whichever thread runs, with the invariant checker
// at every kernel exit (kern/invariants.hpp): threads with round-robin,
// periodic and sporadic SCs and passive ones send, call, receive with reply
// objects, reply, signal, wait, yield and reconfigure each other (suspend,
// resume, priorities, SC binding and configuration, YieldTo, notification
// binding, fault and timeout endpoints, object deletion) while time passes.
// A run passes when no exit finds a violated invariant and the kernel never
// stops the machine; the seed is deterministic, so a failure reproduces.
#include <cstdlib>
#include <random>
#include <string>

#include <support/system_fixture.hpp>

namespace {

using namespace kern;
using test_support::System;

class SchedFuzz {
public:
    explicit SchedFuzz(unsigned seed) : rng_(seed) {
        // The root thread stays at the lowest priority and never blocks, so
        // some thread can always run.
        EXPECT_EQ(sys.invoke(sys.root(), System::root_tcb_cptr, Label::TCBSetPriority, {1}, {System::root_tcb_cptr}),
                  0u);
        cnode_ = sys.make_root_cnode_cap();
        for (auto& e : endpoints_) e = sys.make_endpoint();
        mint_badged();
        for (auto& n : notifications_) n = sys.make_notification();
        for (auto& r : replies_) r = sys.make_reply();
        for (auto& s : spare_scs_) {
            s = sys.make_sched_context(8);
            (void)sys.configure_sc(s, 1000, 1000);
        }
        for (auto& w : workers_) w = new_worker();
    }

    // What the states the checker saw contained, summed over the steps: the
    // test insists the interesting ones occur.
    struct Coverage {
        unsigned release_queue = 0;    // a worker waits for a refill
        unsigned blocked_on_reply = 0;  // a worker waits for a reply
        unsigned borrowed_sc = 0;      // a worker runs on an SC it was not made with
        unsigned call_stack = 0;       // a reply object heads a call stack
        unsigned faulted = 0;          // a worker has a pending fault
    };

    Coverage run(unsigned steps) {
        Coverage c;
        for (unsigned i = 0; i < steps && !::testing::Test::HasFailure(); ++i) {
            step();
            for (const Worker& w : workers_) {
                c.release_queue += w.thread->in_release_queue ? 1 : 0;
                c.blocked_on_reply += w.thread->state == ThreadState::BlockedOnReply ? 1 : 0;
                c.faulted += w.thread->fault.pending() ? 1 : 0;
                c.borrowed_sc += w.thread->sc != nullptr && (w.sc == 0 || w.thread->sc != &sys.object<SchedContext>(w.sc));
            }
            for (const word_t r : replies_) c.call_stack += sys.object<Reply>(r).is_head() ? 1 : 0;
        }
        return c;
    }

private:
    struct Worker {
        System::Thread thread{};
        word_t sc = 0;  // the SC cap made with it (0: made passive)
    };

    // Badged copies of endpoint 0 (CancelBadgedSends, and a revoke before it is deleted).
    void mint_badged() {
        for (auto& b : badged_) b = sys.mint(endpoints_[0], CapRights::all(), 1 + pick(3));
    }

    word_t pick(word_t n) { return std::uniform_int_distribution<word_t>(0, n - 1)(rng_); }
    bool chance(unsigned percent) { return pick(100) < percent; }

    Worker new_worker() {
        Worker w;
        const bool passive = chance(25);
        const word_t budget = 200 + 100 * pick(10);
        const word_t period = chance(50) ? budget : budget * (1 + pick(4));
        w.thread = sys.spawn(10 + pick(200), !passive, budget, period);
        if (!passive) w.sc = w.thread.cptr + 1;
        return w;
    }

    word_t endpoint() { return chance(25) ? badged_[pick(badged_.size())] : endpoints_[pick(endpoints_.size())]; }
    word_t notification() { return notifications_[pick(notifications_.size())]; }
    word_t reply() { return replies_[pick(replies_.size())]; }
    // Mostly the acting worker's own reply object: taking one another
    // thread waits with cancels that thread's IPC (sel4-mcs.md §3.2).
    word_t own_reply(const Tcb& t) {
        for (unsigned i = 0; i < workers_.size(); ++i)
            if (workers_[i].thread.tcb == &t && chance(90)) return replies_[i];
        return reply();
    }
    Worker& worker() { return workers_[pick(workers_.size())]; }
    word_t any_sc() {
        if (chance(30)) return spare_scs_[pick(spare_scs_.size())];
        const Worker& w = worker();
        return w.sc != 0 ? w.sc : spare_scs_[0];
    }

    void step() {
        Tcb& t = sys.current();
        if (is_idle_thread(t) || chance(8)) {
            sys.advance_us(50 + pick(3000));
            sys.timer_interrupt();
            return;
        }
        const bool root = &t == &sys.root();
        // The root mostly restarts stopped workers, so that they keep going.
        const unsigned action = root && chance(50) ? 0 : chance(10) ? 12 : static_cast<unsigned>(pick(root ? 13 : 29));
        if (root || action < 13) {
            management(t, action);
            return;
        }
        ipc(t, action - 13);
    }

    // Invocations any thread may make (the root only these): on workers,
    // their SCs, notifications and objects.
    void management(Tcb& t, unsigned action) {
        Worker& w = worker();
        const word_t tcb = w.thread.cptr;
        switch (action) {
        case 0: (void)sys.invoke(t, tcb, Label::TCBResume); break;
        case 1:
            if (w.thread.tcb != &t) (void)sys.invoke(t, tcb, Label::TCBSuspend);
            break;
        case 2: (void)sys.invoke(t, tcb, Label::TCBSetPriority, {10 + pick(200)}, {System::root_tcb_cptr}); break;
        case 3: {
            const word_t sc = chance(30) ? 0 : any_sc();
            const word_t fault_ep = chance(50) ? endpoints_[pick(endpoints_.size())] : 0;
            (void)sys.invoke(t, tcb, Label::TCBSetSchedParams, {255, 10 + pick(200)},
                             {System::root_tcb_cptr, sc, fault_ep});
            break;
        }
        case 4: {
            const word_t budget = 200 + 100 * pick(10);
            const word_t period = chance(40) ? budget : budget * (1 + pick(4));
            (void)sys.invoke(t, System::sched_control_cptr, Label::SchedControlConfigureFlags,
                             {budget, period, pick(3), pick(4), pick(2)}, {any_sc()});
            break;
        }
        case 5: (void)sys.invoke(t, any_sc(), Label::SchedContextBind, {}, {chance(50) ? notification() : tcb}); break;
        case 6: (void)sys.invoke(t, any_sc(), Label::SchedContextUnbind); break;
        case 7:
            (void)sys.invoke(t, any_sc(), Label::SchedContextUnbindObject, {}, {chance(50) ? notification() : tcb});
            break;
        case 8: (void)sys.invoke(t, any_sc(), Label::SchedContextYieldTo); break;
        case 9:
            if (chance(50)) (void)sys.invoke(t, tcb, Label::TCBBindNotification, {}, {notification()});
            else (void)sys.invoke(t, tcb, Label::TCBUnbindNotification);
            break;
        case 10: (void)sys.invoke(t, tcb, Label::TCBSetTimeoutEndpoint, {}, {chance(50) ? endpoints_[1] : 0}); break;
        case 11: delete_something(t); break;
        case 12:
            // A server waiting in Recv becomes passive: later Calls donate along a call stack.
            for (Worker& server : workers_) {
                if (server.thread->state != ThreadState::BlockedOnReceive || server.sc == 0) continue;
                (void)sys.invoke(t, server.sc, Label::SchedContextUnbindObject, {}, {server.thread.cptr});
                break;
            }
            break;
        }
    }

    // Deleting the last cap to an object finalises it; a fresh one takes its place.
    void delete_something(Tcb& t) {
        switch (pick(5)) {
        case 0:
            if (chance(50)) {
                (void)sys.invoke(t, cnode_, Label::CNodeCancelBadgedSends, {badged_[pick(badged_.size())], 64});
            } else if (sys.invoke(t, cnode_, Label::CNodeRevoke, {endpoints_[0], 64}) == 0 &&
                       sys.invoke(t, cnode_, Label::CNodeDelete, {endpoints_[0], 64}) == 0) {
                endpoints_[0] = sys.make_endpoint();
                mint_badged();
            }
            break;
        case 1: {
            word_t& n = notifications_[pick(notifications_.size())];
            if (sys.invoke(t, cnode_, Label::CNodeDelete, {n, 64}) == 0) n = sys.make_notification();
            break;
        }
        case 2: {
            word_t& r = replies_[pick(replies_.size())];
            if (sys.invoke(t, cnode_, Label::CNodeDelete, {r, 64}) == 0) r = sys.make_reply();
            break;
        }
        case 3: {
            Worker& w = worker();
            if (w.sc != 0 && w.thread.tcb != &t && sys.invoke(t, cnode_, Label::CNodeDelete, {w.sc, 64}) == 0)
                w.sc = 0;
            break;
        }
        case 4: {
            Worker& w = worker();
            if (w.thread.tcb == &t) break;
            if (sys.invoke(t, cnode_, Label::CNodeDelete, {w.thread.cptr, 64}) != 0) break;
            if (w.sc != 0) (void)sys.invoke(t, cnode_, Label::CNodeDelete, {w.sc, 64});
            if (&sys.current() == &t) w = new_worker();
            break;
        }
        }
    }

    // System calls of a worker on endpoints, replies and notifications.
    void ipc(Tcb& t, unsigned action) {
        switch (action) {
        case 0: (void)sys.send(t, endpoint(), pick(4), {pick(9)}); break;
        case 1: (void)sys.send_like(t, Syscall::NBSend, endpoint(), pick(4), {pick(9)}); break;
        case 2: (void)sys.call(t, endpoint(), pick(4), {pick(9)}); break;
        case 3: (void)sys.recv(t, endpoint(), own_reply(t)); break;
        case 4: (void)sys.syscall(t, Syscall::NBRecv, {{0, endpoint()}, {6, own_reply(t)}}); break;
        case 5: (void)sys.reply_recv(t, endpoint(), own_reply(t), pick(4)); break;
        case 6: (void)sys.wait(t, chance(70) ? notification() : endpoint()); break;
        case 7: (void)sys.syscall(t, Syscall::NBWait, {{0, notification()}}); break;
        case 8: (void)sys.signal(t, notification()); break;
        case 9: (void)sys.syscall(t, Syscall::Yield, {}); break;
        case 10:
            sys.load_message(t, pick(4), {pick(9)});
            (void)sys.syscall(t, Syscall::NBSendRecv, {{8, endpoint()}, {0, endpoint()}, {6, own_reply(t)}});
            break;
        case 11:
            sys.load_message(t, pick(4), {pick(9)});
            (void)sys.syscall(t, Syscall::NBSendWait, {{8, endpoint()}, {0, chance(50) ? notification() : endpoint()}});
            break;
        case 12: (void)sys.send(t, own_reply(t), pick(4)); break;  // a reply through a reply cap
        case 13: (void)sys.syscall(t, Syscall::Recv, {{0, notification()}, {6, own_reply(t)}}); break;
        case 14: (void)sys.send(t, 900 + pick(4), 0); break;  // an empty slot: a cap fault
        case 15: (void)sys.syscall(t, static_cast<Syscall>(-100), {}); break;  // an unknown system call fault
        }
    }

    System sys;
    std::mt19937_64 rng_;
    word_t cnode_ = 0;
    std::array<word_t, 2> endpoints_{};
    std::array<word_t, 3> badged_{};
    std::array<word_t, 3> notifications_{};
    std::array<word_t, 6> replies_{};  // replies_[i] is mostly used by workers_[i]
    std::array<word_t, 3> spare_scs_{};
    std::array<Worker, 6> workers_{};
};

// TESSERA_SCHED_FUZZ_SEEDS and TESSERA_SCHED_FUZZ_STEPS run longer searches.
unsigned from_environment(const char* name, unsigned fallback) {
    const char* value = std::getenv(name);
    return value != nullptr ? static_cast<unsigned>(std::strtoul(value, nullptr, 10)) : fallback;
}

TEST(InvariantsSchedFuzz, RandomSystemCallsKeepEveryInvariant) {
    const unsigned seeds = from_environment("TESSERA_SCHED_FUZZ_SEEDS", 40);
    const unsigned steps = from_environment("TESSERA_SCHED_FUZZ_STEPS", 400);
    SchedFuzz::Coverage total;
    for (unsigned seed = 1; seed <= seeds && !::testing::Test::HasFailure(); ++seed) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        SchedFuzz fuzz(seed);
        const SchedFuzz::Coverage c = fuzz.run(steps);
        total.release_queue += c.release_queue;
        total.blocked_on_reply += c.blocked_on_reply;
        total.borrowed_sc += c.borrowed_sc;
        total.call_stack += c.call_stack;
        total.faulted += c.faulted;
    }
    EXPECT_GT(total.release_queue, 0u);
    EXPECT_GT(total.blocked_on_reply, 0u);
    EXPECT_GT(total.borrowed_sc, 0u);
    EXPECT_GT(total.call_stack, 0u);
    EXPECT_GT(total.faulted, 0u);
}

}  // namespace
