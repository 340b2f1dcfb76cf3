// SPDX-License-Identifier: BSD-2-Clause
// The IPC fast path (kern/fastpath.hpp) case by case: every scenario runs
// twice on a fresh host system, once with the fast path and once without,
// and must end in the same state; the fast path must have taken the last
// Call / ReplyRecv, or refused it for the reason the scenario sets up (one
// scenario per refusal). The random sequences of
// ipc_differential_test.cpp compare whole kernels the same way.
#include <functional>
#include <sstream>

#include <kern/fastpath.hpp>
#include <kern/ipc.hpp>
#include <support/system_fixture.hpp>

namespace {

using namespace kern;
using fastpath::Refusal;
using test_support::System;

// The threads (and their SCs) a scenario names, for the state summary.
struct World {
    std::vector<Tcb*> threads;
    std::vector<SchedContext*> scs;
};

// Thread states, SCs (by index, with consumed time and head refill), reply
// links, the argument registers and the first buffer words, the current thread.
std::string summary(System& sys, const World& w) {
    std::ostringstream out;
    const auto thread_name = [&](const Tcb* t) {
        for (std::size_t i = 0; i < w.threads.size(); ++i)
            if (w.threads[i] == t) return "T" + std::to_string(i);
        return std::string(t == nullptr ? "-" : "?");
    };
    const auto sc_name = [&](const SchedContext* sc) {
        for (std::size_t i = 0; i < w.scs.size(); ++i)
            if (w.scs[i] == sc) return "SC" + std::to_string(i);
        return std::string(sc == nullptr ? "-" : "?");
    };
    for (Tcb* t : w.threads) {
        out << thread_name(t) << " state " << unsigned(t->state) << " sc " << sc_name(t->sc) << " queued "
            << t->in_ready_queue << t->in_release_queue << " reply " << (t->reply != nullptr) << " regs";
        for (unsigned r = 0; r <= 8; ++r) out << ' ' << t->context.reg(r);
        const word_t* buffer = sys.buffer_of(*t);
        for (unsigned i = 0; i < 24; ++i) out << ' ' << buffer[i];
        out << '\n';
    }
    for (SchedContext* sc : w.scs)
        out << sc_name(sc) << " tcb " << thread_name(sc->tcb) << " consumed " << sc->consumed << " head "
            << refill::head(*sc).release_time << '+' << refill::head(*sc).amount << " reply " << (sc->reply != nullptr)
            << '\n';
    out << "current " << thread_name(current_thread()) << " unbilled " << sched::unbilled() << '\n';
    return out.str();
}

// A scenario: set-up and a last Call / ReplyRecv on `sys`, naming its threads in `w`.
using Scenario = std::function<void(System& sys, World& w)>;

struct Run {
    Refusal outcome;
    std::string state;
};

Run run(const Scenario& scenario, bool fast) {
    fastpath::testing::set_enabled(fast);
    System sys;
    EXPECT_EQ(sys.invoke(sys.root(), System::root_tcb_cptr, Label::TCBSetPriority, {10}, {System::root_tcb_cptr}), 0u);
    World w;
    w.threads.push_back(&sys.root());
    w.scs.push_back(&sys.root_sc());
    scenario(sys, w);
    const Run r{fastpath::testing::last_outcome(), summary(sys, w)};
    fastpath::testing::set_enabled(true);
    return r;
}

// Both ways, the same state; the fast path's outcome is `expected`.
void expect_same_both_ways(const Scenario& scenario, Refusal expected) {
    const Run slow = run(scenario, false);
    const Run fast = run(scenario, true);
    EXPECT_EQ(slow.outcome, Refusal::Disabled);
    EXPECT_EQ(unsigned(fast.outcome), unsigned(expected));
    EXPECT_EQ(fast.state, slow.state);
}

// A thread at `priority` with its own SC (named in `w`), running or ready.
System::Thread spawn(System& sys, World& w, word_t priority, word_t budget_us = 1000, word_t period_us = 1000) {
    const System::Thread t = sys.spawn(priority, true, budget_us, period_us);
    w.threads.push_back(t.tcb);
    w.scs.push_back(t->sc);
    return t;
}

// A server at `priority` blocked in Recv on `ep` with `reply`; passive
// (its SC unbound, by the root thread) if asked.
System::Thread server(System& sys, World& w, word_t priority, word_t ep, word_t reply, bool passive) {
    const System::Thread s = spawn(sys, w, priority);
    EXPECT_EQ(&sys.current(), s.tcb);
    sys.recv(*s, ep, reply);
    EXPECT_EQ(s->state, ThreadState::BlockedOnReceive);
    if (passive) EXPECT_EQ(sys.invoke(sys.current(), s.cptr + 1, Label::SchedContextUnbind), 0u);
    return s;
}

// A client at 150 Calls a server at 200 (passive or not) on a fresh
// endpoint; the server answers with ReplyRecv. `tweak` runs before the Call.
struct RoundTrip {
    bool passive = true;
    word_t call_words = 2;
    word_t reply_words = 1;
    bool stop_after_call = false;
};

void round_trip(System& sys, World& w, const RoundTrip& how) {
    const word_t ep = sys.make_endpoint();
    const word_t reply = sys.make_reply();
    const System::Thread s = server(sys, w, 200, ep, reply, how.passive);
    const System::Thread c = spawn(sys, w, 150);
    sys.advance_us(30);
    std::vector<word_t> words;
    for (word_t i = 0; i < how.call_words; ++i) words.push_back(100 + i);
    sys.call(*c, ep, 5, words);
    if (how.stop_after_call) return;
    ASSERT_EQ(&sys.current(), s.tcb);
    sys.advance_us(20);
    words.clear();
    for (word_t i = 0; i < how.reply_words; ++i) words.push_back(200 + i);
    sys.reply_recv(*s, ep, reply, 0, words);
}

TEST(FastPathTest, CallToAPassiveServerIsTaken) {
    expect_same_both_ways([](System& sys, World& w) { round_trip(sys, w, {true, 3, 0, true}); }, Refusal::Taken);
}

TEST(FastPathTest, ReplyRecvReturningTheDonatedScIsTaken) {
    expect_same_both_ways([](System& sys, World& w) { round_trip(sys, w, {true, 2, 4, false}); }, Refusal::Taken);
}

TEST(FastPathTest, CallToAServerWithItsOwnScIsTakenAndBillsTheCaller) {
    expect_same_both_ways([](System& sys, World& w) { round_trip(sys, w, {false, 1, 0, true}); }, Refusal::Taken);
}

TEST(FastPathTest, ReplyRecvOfAServerWithItsOwnScIsTaken) {
    expect_same_both_ways([](System& sys, World& w) { round_trip(sys, w, {false, 0, 2, false}); }, Refusal::Taken);
}

TEST(FastPathTest, MessagesBeyondTheRegistersAreTaken) {
    expect_same_both_ways([](System& sys, World& w) { round_trip(sys, w, {true, 9, 12, false}); }, Refusal::Taken);
}

// ---- Call refusals ---------------------------------------------------------------

// The last Call of a client at 150 to `cptr` after `prepare` (a passive
// server at 200 waits on `ep` with a reply object unless told otherwise).
void call_scenario(System& sys, World& w, const std::function<word_t(System&, World&, word_t ep)>& prepare,
                   std::vector<word_t> caps = {}) {
    const word_t ep = sys.make_endpoint();
    const word_t cptr = prepare(sys, w, ep);
    const System::Thread c = spawn(sys, w, 150);
    sys.advance_us(10);
    sys.call(*c, cptr, 5, {1, 2}, caps);
}

word_t with_server(System& sys, World& w, word_t ep) {
    server(sys, w, 200, ep, sys.make_reply(), true);
    return ep;
}

// Calls whose target `prepare` sets up (see call_scenario), each named by
// what the fast path must do with it.
struct CallCase {
    const char* name;
    word_t (*prepare)(System& sys, World& w, word_t ep);
    Refusal expected;
};
const CallCase call_cases[] = {
    {"CallThroughACptrThatDoesNotResolveIsRefused",
     [](System& s, World& wd, word_t ep) {
         with_server(s, wd, ep);
         return word_t{1} << 40;  // the root CNode's guard is 0
     },
     Refusal::CapLookupFailed},
    {"CallThroughAnEmptySlotIsRefused",
     [](System& s, World& wd, word_t ep) {
         with_server(s, wd, ep);
         return s.new_cptr();
     },
     Refusal::NotAnEndpoint},
    {"CallOnANotificationIsRefused",
     [](System& s, World& wd, word_t ep) {
         with_server(s, wd, ep);
         return s.make_notification();
     },
     Refusal::NotAnEndpoint},
    {"CallWithoutWriteIsRefused",
     [](System& s, World& wd, word_t ep) {
         with_server(s, wd, ep);
         return s.mint(ep, CapRights::make(true, true, true, false), 0);
     },
     Refusal::NoWriteRight},
    {"CallWithoutGrantOrGrantReplyIsRefused",
     [](System& s, World& wd, word_t ep) {
         with_server(s, wd, ep);
         return s.mint(ep, CapRights::make(false, false, false, true), 9);
     },
     Refusal::NotReplyable},
    {"CallToAThreadWaitingWithoutAReplyObjectIsRefused",
     [](System& s, World& wd, word_t ep) {
         const System::Thread t = spawn(s, wd, 200);
         s.wait(*t, ep);
         return ep;
     },
     Refusal::ReceiverWithoutReply},
    {"CallWithNobodyWaitingIsRefused", [](System&, World&, word_t ep) { return ep; }, Refusal::NoReceiver},
};

class FastPathCall : public ::testing::TestWithParam<CallCase> {};

TEST_P(FastPathCall, EndsAsTheGeneralPathDoes) {
    const CallCase& c = GetParam();
    expect_same_both_ways([&c](System& sys, World& w) { call_scenario(sys, w, c.prepare); }, c.expected);
}

INSTANTIATE_TEST_SUITE_P(FastPathTest, FastPathCall, ::testing::ValuesIn(call_cases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(FastPathTest, CallRefusedWhenTheBudgetIsOut) {
    expect_same_both_ways(
        [](System& sys, World& w) {
            const word_t ep = with_server(sys, w, sys.make_endpoint());
            const System::Thread c = spawn(sys, w, 150);
            sys.advance_us(999);
            sys.call(*c, ep, 5, {1});
        },
        Refusal::SchedulerBusy);
}

TEST(FastPathTest, CallWithExtraCapsIsRefused) {
    expect_same_both_ways([](System& sys, World& w) { call_scenario(sys, w, with_server, {System::root_tcb_cptr}); },
                          Refusal::MessageHasCaps);
}

TEST(FastPathTest, CallToAServerOutrankedByAReadyThreadIsRefused) {
    expect_same_both_ways(
        [](System& sys, World& w) {
            const word_t ep = sys.make_endpoint();
            server(sys, w, 100, ep, sys.make_reply(), true);
            // A thread at 120 is preempted by the client at 150 and stays ready.
            spawn(sys, w, 120);
            const System::Thread c = spawn(sys, w, 150);
            sys.call(*c, ep, 5, {1});
        },
        Refusal::ReceiverOutranked);
}

TEST(FastPathTest, CallOfAThreadWithAPendingFaultIsRefused) {
    // No system call leaves a running thread with a pending fault; the
    // check keeps the fast path off the fault transfer the general path
    // would make, so the state is set by hand here.
    expect_same_both_ways(
        [](System& sys, World& w) {
            const word_t ep = with_server(sys, w, sys.make_endpoint());
            const System::Thread c = spawn(sys, w, 150);
            c->fault = Fault::cap_fault(77, false, LookupFailure::missing_capability(0));
            sys.call(*c, ep, 5, {1});
        },
        Refusal::FaultPending);
}

// ---- ReplyRecv refusals -------------------------------------------------------------

// A passive server at 200 answers a client at 150 with ReplyRecv on
// `source` and `reply` as `prepare` returns them (by default: the endpoint
// and reply object it received the Call with).
struct ServerSide {
    word_t ep;
    word_t reply;
    System::Thread server;
    System::Thread client;
};

void reply_recv_scenario(System& sys, World& w,
                         const std::function<std::pair<word_t, word_t>(System&, World&, const ServerSide&)>& prepare,
                         bool passive = true) {
    ServerSide side;
    side.ep = sys.make_endpoint();
    side.reply = sys.make_reply();
    side.server = server(sys, w, 200, side.ep, side.reply, passive);
    side.client = spawn(sys, w, 150);
    sys.call(*side.client, side.ep, 5, {1});
    ASSERT_EQ(&sys.current(), side.server.tcb);
    const auto [source, reply] = prepare(sys, w, side);
    sys.advance_us(10);
    sys.reply_recv(*side.server, source, reply, 0, {2});
}

// ReplyRecvs whose source and reply `prepare` picks (see reply_recv_scenario).
struct ReplyRecvCase {
    const char* name;
    std::pair<word_t, word_t> (*prepare)(System& sys, World& w, const ServerSide& side);
    Refusal expected;
};
const ReplyRecvCase reply_recv_cases[] = {
    {"ReplyRecvThroughAReplyCptrThatDoesNotResolveIsRefused",
     [](System&, World&, const ServerSide& side) { return std::pair{side.ep, word_t{1} << 40}; },
     Refusal::CapLookupFailed},
    {"ReplyRecvWithAnEndpointAsReplyCapIsRefused",
     [](System&, World&, const ServerSide& side) { return std::pair{side.ep, side.ep}; },
     Refusal::NotAReplyCap},
    {"ReplyRecvWithNoCallerIsRefused",
     [](System& s, World&, const ServerSide& side) { return std::pair{side.ep, s.make_reply()}; },
     Refusal::NoCallerWaiting},
    {"ReplyRecvOnANotificationIsRefused",
     [](System& s, World&, const ServerSide& side) { return std::pair{s.make_notification(), side.reply}; },
     Refusal::NotAnEndpoint},
    {"ReplyRecvWithoutReadIsRefused",
     [](System& s, World&, const ServerSide& side) {
         return std::pair{s.mint(side.ep, CapRights::make(true, true, false, true), 0), side.reply};
     },
     Refusal::NoReadRight},
    // A Microkit protection domain: the server has a bound notification that
    // nobody has signalled, so the receive blocks on the endpoint as usual.
    {"ReplyRecvOfAServerWithAnIdleBoundNotificationIsTaken",
     [](System& s, World&, const ServerSide& side) {
         EXPECT_EQ(s.invoke(s.current(), side.server.cptr, Label::TCBBindNotification, {},
                            {s.make_notification()}),
                   0u);
         return std::pair{side.ep, side.reply};
     },
     Refusal::Taken},
    // A signal pending on the bound notification completes the receive instead.
    {"ReplyRecvOfAServerWithASignalledBoundNotificationIsRefused",
     [](System& s, World&, const ServerSide& side) {
         const word_t ntfn = s.make_notification();
         EXPECT_EQ(s.invoke(s.current(), side.server.cptr, Label::TCBBindNotification, {}, {ntfn}), 0u);
         (void)s.signal(s.current(), ntfn);
         return std::pair{side.ep, side.reply};
     },
     Refusal::BoundNotification},
    {"ReplyRecvToACallerGivenAnotherScIsRefused",
     [](System& s, World& wd, const ServerSide& side) {
         // While the server runs on the client's SC, the client is given another.
         const word_t sc = s.make_sched_context();
         EXPECT_EQ(s.configure_sc(sc, 1000, 1000), 0u);
         EXPECT_EQ(s.invoke(s.current(), sc, Label::SchedContextBind, {}, {side.client.cptr}), 0u);
         wd.scs.push_back(side.client->sc);
         return std::pair{side.ep, side.reply};
     },
     Refusal::UnusualCallStack},
    {"ReplyRecvToACallerOutrankedByAReadyThreadIsRefused",
     [](System& s, World& wd, const ServerSide& side) {
         // The server (200) makes a thread at 170 ready: it outranks the client (150).
         spawn(s, wd, 170);
         return std::pair{side.ep, side.reply};
     },
     Refusal::ReceiverOutranked},
    {"ReplyRecvWhileTheBudgetIsOutIsRefused",
     [](System& s, World&, const ServerSide& side) {
         s.advance_us(995);
         return std::pair{side.ep, side.reply};
     },
     Refusal::SchedulerBusy},
};

class FastPathReplyRecv : public ::testing::TestWithParam<ReplyRecvCase> {};

TEST_P(FastPathReplyRecv, EndsAsTheGeneralPathDoes) {
    const ReplyRecvCase& c = GetParam();
    expect_same_both_ways([&c](System& sys, World& w) { reply_recv_scenario(sys, w, c.prepare); }, c.expected);
}

INSTANTIATE_TEST_SUITE_P(FastPathTest, FastPathReplyRecv, ::testing::ValuesIn(reply_recv_cases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(FastPathTest, ReplyRecvWithASenderQueuedIsRefused) {
    expect_same_both_ways(
        [](System& sys, World& w) {
            const word_t other = sys.make_endpoint();
            // A sender at 120 blocks on the other endpoint first.
            const System::Thread sender = spawn(sys, w, 120);
            sys.send(*sender, other, 3, {4});
            reply_recv_scenario(sys, w, [other](System&, World&, const ServerSide& side) {
                return std::pair{other, side.reply};
            });
        },
        Refusal::SendersWaiting);
}

TEST(FastPathTest, ReplyRecvAnsweringAFaultIsRefused) {
    expect_same_both_ways(
        [](System& sys, World& w) {
            const word_t ep = sys.make_endpoint();
            const word_t reply = sys.make_reply();
            const System::Thread handler = server(sys, w, 200, ep, reply, false);
            // A thread whose fault handler is the endpoint faults on a lookup.
            const System::Thread t = sys.make_thread();
            const word_t sc = sys.make_sched_context();
            EXPECT_EQ(sys.configure_sc(sc, 1000, 1000), 0u);
            EXPECT_EQ(sys.set_sched_params(t, 150, sc, ep), 0u);
            EXPECT_EQ(sys.resume(t), 0u);
            w.threads.push_back(t.tcb);
            ASSERT_EQ(&sys.current(), t.tcb);
            sys.call(*t, word_t{1} << 40, 1, {});
            ASSERT_EQ(&sys.current(), handler.tcb);
            sys.reply_recv(*handler, ep, reply, 0, {});
        },
        Refusal::CallerFaulted);
}

}  // namespace
