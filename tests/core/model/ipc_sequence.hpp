// SPDX-License-Identifier: BSD-2-Clause
// One sequence of the IPC differential test (tests/core/ipc_differential_test.cpp
// describes the world, the calls and what is compared): a fresh host system
// and its mirror in the reference model, driven by one seed. Shared by the
// model comparison and the fast-path comparison
// (tests/core/fastpath_differential_test.cpp).
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>

#include <kern/fastpath.hpp>
#include <kern/invariants.hpp>
#include <kern/sched.hpp>
#include <support/system_fixture.hpp>

#include "core/model/ipc_generator.hpp"
#include "core/model/ipc_model.hpp"
#include "core/model/ipc_kernel_view.hpp"
#include "core/model/seed_runner.hpp"

namespace ipc_differential {


using ipc_model::Cap;
using ipc_model::CapKind;
using ipc_model::GeneratedCall;
using ipc_model::Model;
using ipc_model::none;
using ipc_model::Sys;
using ipc_model::UserCall;
using ipc_model::word;
using test_support::System;

constexpr unsigned check_every = 10;
constexpr unsigned regeneration_attempts = 20;

struct ThreadPlan {
    unsigned priority;
    unsigned mcp;
    bool has_fault_handler;  // endpoint 1 (TCB slot 3)
    int serves;    // the endpoint a passive server waits on (none: not a server)
    int works_on;  // the notification whose SC a passive worker borrows (none: not a worker)
};
// Thread 0 is the root thread; these are the priorities after set-up.
constexpr ThreadPlan plans[] = {{20, 255, false, none, none}, {50, 100, true, none, none},
                                {50, 50, false, none, 0},      {80, 100, true, none, none},
                                {80, 80, true, 0, none},       {50, 50, false, 1, none}};
constexpr unsigned set_priorities[] = {10, 20, 50, 80, 100};
constexpr unsigned spare_scs = 2;  // configured, bound to nothing

// What the sequences did (printed with TESSERA_IPC_DIFFERENTIAL_STATS=1).
struct RunStats {
    unsigned steps = 0, errors = 0, faults = 0, replaced = 0, full_checks = 0;
    std::map<std::string, std::array<unsigned, 3>> per_op;  // calls, errors, cap faults
    std::map<std::string, unsigned> per_error;              // "op: error" -> calls
    std::map<std::pair<ipc_model::State, bool>, unsigned> states;  // (state, has an SC) seen after steps
    ipc_model::Coverage coverage;

    void count(const GeneratedCall& g, word error, bool faulted) {
        ++steps;
        auto& op = per_op[g.name];
        ++op[0];
        if (error != 0) {
            ++errors;
            ++op[1];
            ++per_error[g.name + ": " + ipc_model::error_name(error)];
        }
        if (faulted) {
            ++faults;
            ++op[2];
        }
    }
    void print() const {
        std::printf("per operation (calls, error replies, cap faults):\n");
        for (const auto& [name, n] : per_op) std::printf("  %-20s %7u %6u %6u\n", name.c_str(), n[0], n[1], n[2]);
        std::printf("errors:\n");
        for (const auto& [what, n] : per_error) std::printf("  %-40s %6u\n", what.c_str(), n);
        std::printf("thread states after a step (summed over threads and steps):\n");
        for (const auto& [state, n] : states)
            std::printf("  %-22s %-10s %8u\n", ipc_model::state_name(state.first), state.second ? "" : "(no SC)", n);
        const ipc_model::Coverage& c = coverage;
        const std::pair<const char*, unsigned> lines[] = {
            {"rendezvous of a sender and a receiver", c.rendezvous},
            {"SCs donated to a passive receiver", c.donations},
            {"SCs returned through a reply object", c.returns},
            {"pushes onto a non-empty call stack", c.deep_stacks},
            {"SCs lent by a notification", c.lent},
            {"SCs given back to a notification", c.given_back},
            {"replies reaching a waiting caller", c.replies},
            {"reply objects taken from another thread", c.stolen_replies},
            {"bound-notification wake-ups from Recv", c.bound_wakeups},
            {"pending bound signals taken by Recv", c.bound_pending},
            {"signals waking a waiter", c.signal_wakeups},
            {"signals OR-ed into an active word", c.signal_merges},
            {"IPC queues re-sorted by SetPriority", c.queue_reorders},
            {"calls cancelled while waiting for the reply", c.cancelled_calls},
            {"threads restarted by deletion or CancelBadgedSends", c.restarted},
            {"objects finalised", c.finalised},
            {"cap faults of a receive phase", c.faults},
            {"faults delivered to a handler", c.fault_messages},
            {"fault replies restarting a thread", c.fault_replies},
            {"calls after which another thread ran", c.preemptions},
            {"longest IPC queue", c.longest_queue},
        };
        std::printf("coverage:\n");
        for (const auto& [what, n] : lines) std::printf("  %-52s %7u\n", what, n);
        std::printf("calls replaced because no thread could have run after them: %u; full checks %u\n", replaced,
                    full_checks);
    }
};

inline UserCall invocation(word cap, word label, std::vector<word> mrs, std::vector<word> extra_caps = {}) {
    UserCall c;
    c.number = Sys::Call;
    c.cap = cap;
    ipc_model::set_message(c, label, mrs, extra_caps);
    return c;
}

// One sequence: a fresh kernel world and its mirror in the model.
class Sequence {
public:
    // `fastpath`: whether Call and ReplyRecv may take the fast path;
    // `us_per_step`: how far the clock moves before each call (0: it stands
    // still); `states`: if given, receives the raw kernel state after each call.
    Sequence(word seed, bool trace, bool fastpath = true, word us_per_step = 0,
             std::vector<std::string>* states = nullptr)
        : seed_(seed), trace_(trace), us_per_step_(us_per_step), states_(states), rng_(seed) {
        kern::fastpath::testing::set_enabled(fastpath);
        build();
    }
    ~Sequence() { kern::fastpath::testing::set_enabled(true); }
    Sequence(const Sequence&) = delete;
    Sequence& operator=(const Sequence&) = delete;

    // How often the fast path was taken or refused, by reason.
    const std::map<kern::fastpath::Refusal, unsigned>& fastpath_outcomes() const { return fastpath_outcomes_; }

    // Runs set-up and `steps` random calls; returns an empty string or the failure report.
    std::string run(unsigned steps, RunStats& stats) {
        std::string problem = set_up();
        unsigned step = 0;
        std::string text = "set-up";
        while (problem.empty() && step < steps) {
            ++step;
            GeneratedCall g;
            unsigned attempts = 0;
            for (;; ++attempts) {
                g = attempts < regeneration_attempts ? ipc_model::generate_call(model_, caps_, rng_)
                                                     : ipc_model::yield_call(model_);
                g.call.pc = sys_.next_syscall_pc();
                next_ = model_;
                next_.syscall(g.call);
                if (next_.current != none || attempts >= regeneration_attempts) break;
            }
            stats.replaced += attempts;
            text = g.text;
            if (trace_) std::printf("step %u: ", step);
            const unsigned faults_before = model_.coverage.faults;
            problem = perform(g, step % check_every == 0 || step == steps, stats);
            stats.count(g, model_.last_error, model_.coverage.faults != faults_before);
            for (const ipc_model::Thread& t : model_.threads) ++stats.states[{t.state, t.sc != none}];
        }
        stats.coverage.add(model_.coverage);
        if (problem.empty()) return {};
        std::ostringstream out;
        out << "TESSERA_SEED=" << seed_ << " (step " << step << ": " << text << ")\n  " << problem;
        if (!trace_) out << "\n  (replay with TESSERA_SEED=" << seed_ << " for a step trace)";
        return out.str();
    }

private:
    // The objects, caps and threads, made directly and by the root thread's
    // invocations; the model starts from the same world with every thread
    // Inactive but the root.
    void build() {
        kern::Tcb& root = sys_.root();
        add_thread(root, System::root_tcb_cptr, System::root_sc_cptr, &sys_.root_sc());
        caps_.cnode = sys_.new_cptr();
        kern::cdt::insert_child(root.slot(kern::TcbSlot::CTable), sys_.slot(caps_.cnode),
                                root.slot(kern::TcbSlot::CTable).cap);
        caps_.empty = sys_.new_cptr();
        using kern::CapRights;
        const CapRights write = CapRights::make(false, false, false, true);
        const CapRights read = CapRights::make(false, false, true, false);
        for (word k = 0; k < 2; ++k) {
            const word ep = sys_.make_endpoint();
            endpoint_originals_.push_back(ep);
            for (const word cptr : {ep, sys_.mint(ep, CapRights::all(), 0x101 + 0x100 * k),
                                    sys_.mint(ep, CapRights::make(true, false, false, true), 0x102 + 0x100 * k),
                                    sys_.mint(ep, write, 0x103 + 0x100 * k), sys_.mint(ep, read, 0)})
                caps_.endpoints.push_back(cptr);
            kernel_.endpoints.push_back(&sys_.object<kern::Endpoint>(ep));
        }
        // One cap each: deleting it finalises the object.
        const word lone_endpoint = sys_.make_endpoint();
        caps_.endpoints.push_back(lone_endpoint);
        kernel_.endpoints.push_back(&sys_.object<kern::Endpoint>(lone_endpoint));
        for (word k = 0; k < 2; ++k) {
            const word n = sys_.make_notification();
            notification_originals_.push_back(n);
            const word shift = 4 * k;
            for (const word cptr : {n, sys_.mint(n, write, word{1} << shift), sys_.mint(n, write, word{2} << shift),
                                    sys_.mint(n, CapRights::all(), word{4} << shift), sys_.mint(n, read, 0)})
                caps_.notifications.push_back(cptr);
            kernel_.notifications.push_back(&sys_.object<kern::Notification>(n));
        }
        const word lone_notification = sys_.make_notification();
        caps_.notifications.push_back(lone_notification);
        kernel_.notifications.push_back(&sys_.object<kern::Notification>(lone_notification));
        // The fault handlers' cap: Write and GrantReply (a valid handler, §7.1),
        // with the badge of endpoint 1's all-rights badged cap, so that
        // CancelBadgedSends reaches faulted threads too.
        const word fault_handler_cap =
            sys_.mint(endpoint_originals_[1], CapRights::make(true, false, false, true), 0x201);
        caps_.endpoints.push_back(fault_handler_cap);
        for (unsigned i = 1; i < std::size(plans); ++i) {
            const System::Thread t = sys_.make_thread();
            const word sc = sys_.make_sched_context();
            EXPECT_EQ(sys_.configure_sc(sc, 1000, 1000), 0u);
            const word fault_ep = plans[i].has_fault_handler ? fault_handler_cap : 0;
            EXPECT_EQ(sys_.set_sched_params(t, plans[i].priority, sc, fault_ep, plans[i].mcp), 0u);
            add_thread(*t.tcb, t.cptr, sc, &sys_.object<kern::SchedContext>(sc));
        }
        for (unsigned i = 0; i < spare_scs; ++i) {
            const word sc = sys_.make_sched_context();
            EXPECT_EQ(sys_.configure_sc(sc, 1000, 1000), 0u);
            kernel_.scs.push_back(&sys_.object<kern::SchedContext>(sc));
            caps_.sc.push_back(sc);
            model_.scs.push_back({none, none, none});
        }
        for (unsigned i = 0; i <= std::size(plans); ++i) {
            const word r = sys_.make_reply();
            if (i < std::size(plans)) caps_.own_reply.push_back(r);
            caps_.replies.push_back(r);
            kernel_.replies.push_back(&sys_.object<kern::Reply>(r));
        }
        const word copy = sys_.new_cptr();
        kern::cdt::insert_child(sys_.slot(caps_.replies[1]), sys_.slot(copy), sys_.slot(caps_.replies[1]).cap);
        caps_.replies.push_back(copy);
        caps_.priorities.assign(std::begin(set_priorities), std::end(set_priorities));
        for (const ThreadPlan& plan : plans) {
            caps_.serves.push_back(plan.serves == none ? 0 : endpoint_originals_[plan.serves]);
            caps_.works_on.push_back(plan.works_on == none ? 0 : notification_originals_[plan.works_on]);
        }

        kernel_.index_objects();
        for (unsigned i = 0; i < kernel_.endpoints.size(); ++i) model_.endpoints.emplace_back();
        for (unsigned i = 0; i < kernel_.notifications.size(); ++i) model_.notifications.emplace_back();
        for (unsigned i = 0; i < kernel_.replies.size(); ++i) model_.replies.emplace_back();
        for (word cptr = 0; cptr < (word{1} << System::root_radix); ++cptr) {
            const Cap c = kernel_.cap(sys_.slot(cptr).cap);
            if (c.kind == CapKind::Null) continue;
            model_.cspace.resize(std::max<std::size_t>(model_.cspace.size(), cptr + 1));
            model_.cspace[cptr] = c;
        }
        for (unsigned i = 0; i < kernel_.threads.size(); ++i)
            model_.threads[i].fault_handler = kernel_.cap(kernel_.threads[i]->slot(kern::TcbSlot::FaultHandler).cap);
        // Registers and buffers start clean (the set-up invocations wrote the root's).
        for (kern::Tcb* t : kernel_.threads) {
            for (unsigned r = 0; r < ipc_model::registers; ++r) t->context.set_reg(r, 0);
            std::memset(sys_.buffer_of(*t), 0, 1024);
        }
        model_.current = 0;
        model_.threads[0].state = ipc_model::State::Running;
        model_.threads[0].priority = model_.threads[0].mcp = 255;
    }

    void add_thread(kern::Tcb& t, word tcb_cptr, word sc_cptr, kern::SchedContext* sc) {
        const int index = static_cast<int>(model_.threads.size());
        kernel_.threads.push_back(&t);
        kernel_.scs.push_back(sc);
        caps_.tcb.push_back(tcb_cptr);
        caps_.sc.push_back(sc_cptr);
        ipc_model::Thread m;
        m.priority = plans[index].priority;
        m.mcp = plans[index].mcp;
        m.sc = index;
        model_.threads.push_back(m);
        model_.scs.push_back({index, none, none});
    }

    // The passive servers block in Recv and lose their SC; the passive
    // workers' SC is bound to their notification while they run on it, and
    // goes back to the notification when they wait on it (sel4-mcs.md §5.5).
    // Then every thread is resumed and the root thread drops to its priority.
    std::string set_up() {
        const word root_tcb = caps_.tcb[0];
        using namespace ipc_model::label;
        struct Step {
            int actor;
            UserCall call;
            std::string text;
        };
        std::vector<Step> script;
        const auto priority = [&](unsigned p) {
            return Step{0, invocation(root_tcb, tcb_set_priority, {p}, {root_tcb}),
                        "SetPriority T0 to " + std::to_string(p)};
        };
        const auto resume = [&](unsigned i) {
            return Step{0, invocation(caps_.tcb[i], tcb_resume, {}), "Resume T" + std::to_string(i)};
        };
        for (unsigned i = 1; i < std::size(plans); ++i) {
            const bool server = plans[i].serves != none;
            if (!server && plans[i].works_on == none) continue;
            const std::string sc = "sc" + std::to_string(i);
            UserCall wait;
            wait.number = server ? Sys::Recv : Sys::Wait;
            wait.cap = server ? caps_.serves[i] : caps_.works_on[i];
            wait.reply = server ? caps_.own_reply[i] : 0;
            if (!server)
                script.push_back({0, invocation(caps_.sc[i], sched_context_bind, {}, {caps_.works_on[i]}),
                                  "SC_Bind " + sc + " to " + ipc_model::describe_cap(model_, caps_.works_on[i])});
            script.push_back(resume(i));
            script.push_back(priority(0));
            script.push_back({static_cast<int>(i), wait,
                              (server ? "Recv " : "Wait ") + ipc_model::describe_cap(model_, wait.cap)});
            if (server)
                script.push_back({0, invocation(caps_.sc[i], sched_context_unbind, {}), "SC_Unbind " + sc});
            script.push_back(priority(255));
        }
        for (unsigned i = 1; i < std::size(plans); ++i)
            if (plans[i].serves == none && plans[i].works_on == none) script.push_back(resume(i));
        script.push_back(priority(plans[0].priority));
        for (const Step& step : script) {
            if (model_.current != step.actor) return "set-up: T" + std::to_string(step.actor) + " was expected to run";
            GeneratedCall g{step.call, "set-up", "set-up: T" + std::to_string(step.actor) + " " + step.text};
            g.call.pc = sys_.next_syscall_pc();
            next_ = model_;
            next_.syscall(g.call);
            RunStats ignored;
            if (std::string problem = perform(g, true, ignored); !problem.empty()) return g.text + ": " + problem;
        }
        return {};
    }

    // The call as the kernel sees it, then the model's prediction (next_)
    // becomes the model, and both are compared.
    std::string perform(const GeneratedCall& g, bool full_check, RunStats& stats) {
        kern::Tcb& t = *kernel_.threads[model_.current];
        if (kern::current_thread() != &t) return "the kernel runs another thread than the model";
        const UserCall& c = g.call;
        if (c.message)
            sys_.load_message(t, c.label, std::vector<word>(c.mrs, c.mrs + c.length),
                              std::vector<word>(c.caps, c.caps + c.extra_caps));
        if (us_per_step_ != 0) sys_.advance_us(us_per_step_);
        try {
            sys_.syscall(t, static_cast<kern::Syscall>(c.number), {{0, c.cap}, {6, c.reply}, {8, c.dest}});
        } catch (const arch::MachineExit& exit) {
            // A kernel panic (the fixture reported what the kernel printed).
            return "the kernel stopped the machine (status " + std::to_string(exit.status) + ")";
        }
        if (c.number == Sys::Call || c.number == Sys::ReplyRecv)
            ++fastpath_outcomes_[kern::fastpath::testing::last_outcome()];
        if (states_ != nullptr) states_->push_back(raw_state());
        std::swap(model_, next_);
        arch::host_console().clear();  // the cap-fault reports of threads without a handler
        if (trace_) std::printf("%s\n%s", g.text.c_str(), ipc_model::describe_threads(model_).c_str());
        if (!model_.problem.empty()) return "the model met a state seL4 asserts never happens: " + model_.problem;
        kernel_.snapshot(kernel_state_);
        std::string problem = ipc_model::compare(model_, kernel_state_);
        if (problem.empty() && (full_check || trace_)) {
            ++stats.full_checks;
            const kern::invariants::Violation v = kern::invariants::check({kern::invariants::ZeroScan::Full});
            if (v) problem = std::string("invariant ") + v.check + ": " + v.detail;
        }
        return problem;
    }

    // Every field of every object of the world and of the scheduler, with
    // objects named by their index (the two runs have different addresses).
    std::string raw_state() const {
        std::map<const void*, std::string> names{{nullptr, "-"}};
        const auto name_all = [&](const auto& objects, const char* kind) {
            for (std::size_t i = 0; i < objects.size(); ++i) names[objects[i]] = kind + std::to_string(i);
        };
        name_all(kernel_.threads, "T");
        name_all(kernel_.scs, "SC");
        name_all(kernel_.endpoints, "EP");
        name_all(kernel_.notifications, "N");
        name_all(kernel_.replies, "R");
        names[&kern::sched::idle_thread()] = "idle";
        const auto name = [&](const void* p) {
            const auto it = names.find(p);
            return it != names.end() ? it->second : std::string("unknown");
        };
        std::ostringstream out;
        for (kern::Tcb* t : kernel_.threads) {
            out << name(t) << ": state " << unsigned(t->state) << " prio " << unsigned(t->priority) << " mcp "
                << unsigned(t->mcp) << " queued " << t->in_ready_queue << t->in_release_queue << " on "
                << name(t->blocking_object) << " badge " << t->blocking_badge << " how " << t->blocking_can_grant
                << t->blocking_can_grant_reply << t->blocking_is_call << " reply " << name(t->reply) << " fault "
                << unsigned(t->fault.type) << " sc " << name(t->sc) << " yield_to " << name(t->yield_to)
                << " ntfn " << name(t->bound_notification) << " links " << name(t->sched_next) << name(t->sched_prev)
                << name(t->ep_next) << name(t->ep_prev) << " regs";
            for (const word r : t->context.regs) out << ' ' << std::hex << r << std::dec;
            // The whole IPC buffer, folded (FNV-1a); a deleted thread has none.
            if (t->slot(kern::TcbSlot::Buffer).cap.type() == kern::CapType::Frame) {
                const word* buffer = const_cast<System&>(sys_).buffer_of(*t);
                std::uint64_t hash = 0xcbf29ce484222325u;
                for (unsigned i = 0; i < 512; ++i) hash = (hash ^ buffer[i]) * 0x100000001b3u;
                out << " buffer " << hash;
            }
            out << '\n';
        }
        for (kern::SchedContext* sc : kernel_.scs) {
            out << name(sc) << ": tcb " << name(sc->tcb) << " reply " << name(sc->reply) << " ntfn "
                << name(sc->notification) << " yield_from " << name(sc->yield_from) << " consumed " << sc->consumed
                << " period " << sc->period << " refills " << sc->refill_max << '/' << sc->refill_head << '/'
                << sc->refill_tail << " sporadic " << sc->sporadic << " badge " << sc->badge << ':';
            for (word i = 0; i < sc->refill_max; ++i)
                out << ' ' << sc->refills()[i].release_time << '+' << sc->refills()[i].amount;
            out << '\n';
        }
        for (kern::Reply* r : kernel_.replies)
            out << name(r) << ": tcb " << name(r->tcb) << " prev " << name(r->prev) << " next " << name(r->next)
                << " next_is_sc " << r->next_is_sc << '\n';
        for (kern::Endpoint* ep : kernel_.endpoints) {
            out << name(ep) << ':';
            for (const kern::Tcb* t = ep->queue.head; t != nullptr; t = t->ep_next) out << ' ' << name(t);
            out << " tail " << name(ep->queue.tail) << '\n';
        }
        for (kern::Notification* n : kernel_.notifications) {
            out << name(n) << ": state " << word(n->state) << " word " << n->word << " bound " << name(n->bound_tcb)
                << " sc " << name(n->sc) << ':';
            for (const kern::Tcb* t = n->queue.head; t != nullptr; t = t->ep_next) out << ' ' << name(t);
            out << '\n';
        }
        const kern::sched::View v = kern::sched::view();
        out << "current " << name(kern::current_thread()) << " sc " << name(v.current_sc) << " now " << v.now
            << " unbilled " << kern::sched::unbilled() << " action " << unsigned(v.action) << " candidate "
            << name(v.candidate) << " bitmap " << v.bitmap_top;
        for (unsigned w = 0; w < kern::sched::bitmap_words; ++w) out << ' ' << v.bitmap_bottom[w];
        out << "\nready:";
        for (unsigned p = 0; p < kern::num_priorities; ++p)
            for (const kern::Tcb* t = v.ready[p].head; t != nullptr; t = t->sched_next) out << ' ' << p << ':' << name(t);
        out << "\nrelease:";
        for (const kern::Tcb* t = v.release->head; t != nullptr; t = t->sched_next) out << ' ' << name(t);
        out << '\n';
        return out.str();
    }

    word seed_;
    bool trace_;
    word us_per_step_;
    std::vector<std::string>* states_;
    std::map<kern::fastpath::Refusal, unsigned> fastpath_outcomes_;
    model::Rng rng_;
    System sys_{20};
    Model model_;
    Model next_;          // the model's prediction for the call being made
    Model kernel_state_;  // the kernel's state in the model's terms
    ipc_model::WorldCaps caps_;
    ipc_model::KernelObjects kernel_;
    std::vector<word> endpoint_originals_;
    std::vector<word> notification_originals_;
};

inline unsigned steps_for(word seed) { return 100 + static_cast<unsigned>(model::Rng(seed ^ 0x5eed).below(151)); }

inline std::string run_seed(word seed, bool trace, RunStats& stats) {
    Sequence sequence(seed, trace);
    return sequence.run(steps_for(seed), stats);
}

}  // namespace ipc_differential
