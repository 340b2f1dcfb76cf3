// SPDX-License-Identifier: BSD-2-Clause
// Host fixture for threads, scheduling and IPC: the kernel core as a
// deterministic state machine. Objects are placed in an arena as Retype
// would place them, threads share one CSpace (the root CNode), each has its
// own IPC buffer frame, and the fake clock (arch::set_host_time) decides
// budgets. A test acts as the thread the scheduler chose: syscall() checks
// that the thread is current, loads its registers as the libsel4 stub would
// and enters the kernel.
#pragma once

#include <gtest/gtest.h>

#include <vector>

#include <arch/machine.hpp>
#include <kern/cdt.hpp>
#include <kern/invocation_label.hpp>
#include <kern/message_info.hpp>
#include <kern/object/endpoint.hpp>
#include <kern/object/notification.hpp>
#include <kern/object/reply.hpp>
#include <kern/object/sched_context.hpp>
#include <kern/refill.hpp>
#include <kern/sched.hpp>
#include <kern/syscall.hpp>
#include <kern/thread.hpp>
#include <kern/trap.hpp>
#include <support/kernel_fixture.hpp>

namespace test_support {

inline constexpr kern::word_t label_of(kern::Label l) { return static_cast<kern::word_t>(l); }

// What a receive or a Call returned in the registers (and buffer).
struct Received {
    kern::word_t badge = 0;
    kern::MessageInfo info{0};
    std::vector<kern::word_t> mrs;  // info.length() words
};

class System {
public:
    static constexpr unsigned root_radix = 10;
    // CPtrs of the objects a test makes count up from here.
    static constexpr kern::word_t first_free_cptr = 16;

    // The arena holds every object a test makes (2^arena_bits bytes, zeroed).
    explicit System(unsigned arena_bits = 24) : arena_(arena_bits), root_(boot(arena_, time_)) {
        give_ipc_buffer(*root_.tcb);
        root_sc_ = kern::phys_to_virt<kern::SchedContext>(root_.sc_object);
        kern::cdt::insert_root(*root_.slot(1), kern::ThreadCap::make(root_.tcb->object()));
        kern::cdt::insert_root(*root_.slot(2), kern::SchedContextCap::make(root_.sc_object, root_sc_bits));
        kern::cdt::insert_root(*root_.slot(3), kern::SchedControlCap::make(0));
    }
    ~System() { kern::set_current_thread(nullptr); }

    kern::Tcb& root() { return *root_.tcb; }
    kern::SchedContext& root_sc() { return *root_sc_; }
    static constexpr kern::word_t root_tcb_cptr = 1;
    static constexpr kern::word_t root_sc_cptr = 2;
    static constexpr kern::word_t sched_control_cptr = 3;
    kern::Cte& slot(kern::word_t cptr) { return *root_.slot(cptr); }
    kern::Tcb& current() { return *kern::current_thread(); }

    // ---- objects ---------------------------------------------------------------
    kern::word_t new_cptr() { return next_cptr_++; }
    // Naturally aligned, zeroed memory of 2^bits bytes (e.g. a frame).
    kern::paddr_t allocate(unsigned bits) { return arena_.allocate(bits); }

    kern::word_t make_endpoint(kern::CapRights rights = kern::CapRights::all(), kern::word_t badge = 0) {
        const kern::paddr_t p = arena_.allocate(kern::endpoint_bits);
        const kern::word_t cptr = new_cptr();
        kern::cdt::insert_root(slot(cptr), kern::EndpointCap::make(p, badge, rights));
        return cptr;
    }
    kern::word_t make_notification(kern::CapRights rights = kern::CapRights::make(false, false, true, true),
                                   kern::word_t badge = 0) {
        const kern::paddr_t p = arena_.allocate(kern::notification_bits);
        const kern::word_t cptr = new_cptr();
        kern::cdt::insert_root(slot(cptr), kern::NotificationCap::make(p, badge, rights));
        return cptr;
    }
    kern::word_t make_reply() {
        const kern::paddr_t p = arena_.allocate(kern::reply_bits);
        const kern::word_t cptr = new_cptr();
        kern::cdt::insert_root(slot(cptr), kern::ReplyCap::make(p, true));
        return cptr;
    }
    kern::word_t make_sched_context(unsigned bits = kern::min_sched_context_bits) {
        const kern::paddr_t p = arena_.allocate(bits);
        const kern::word_t cptr = new_cptr();
        kern::cdt::insert_root(slot(cptr), kern::SchedContextCap::make(p, bits));
        return cptr;
    }
    // `cap` in a new slot of the root CNode, as a CDT root.
    kern::word_t put(const kern::Cap& cap) {
        const kern::word_t cptr = new_cptr();
        kern::cdt::insert_root(slot(cptr), cap);
        return cptr;
    }
    // A cap to the shared root CNode (the CNode argument of invocations).
    kern::word_t make_root_cnode_cap() {
        const kern::word_t cptr = new_cptr();
        kern::Cte& root_slot = root_.tcb->slot(kern::TcbSlot::CTable);
        kern::cdt::insert_child(root_slot, slot(cptr), root_slot.cap);
        return cptr;
    }
    // A non-device untyped of 2^bits bytes, nothing allocated from it yet.
    kern::word_t make_untyped(unsigned bits) {
        const kern::paddr_t p = arena_.allocate(bits);
        const kern::word_t cptr = new_cptr();
        kern::cdt::insert_root(slot(cptr), kern::UntypedCap::make(p, bits, false, 0));
        return cptr;
    }
    // A copy of the cap in `cptr` with other rights / badge (as Mint would).
    kern::word_t mint(kern::word_t cptr, kern::CapRights rights, kern::word_t badge) {
        const kern::word_t dest = new_cptr();
        const kern::Cap src = slot(cptr).cap;
        kern::Cap cap = src;
        if (src.type() == kern::CapType::Endpoint)
            cap = src.as<kern::EndpointCap>().with_rights(rights).with_badge(badge).cap();
        else if (src.type() == kern::CapType::Notification)  // notification caps have no Grant rights
            cap = src.as<kern::NotificationCap>()
                      .with_rights(rights.masked_by(kern::CapRights::make(false, false, true, true)))
                      .with_badge(badge)
                      .cap();
        kern::cdt::insert_child(slot(cptr), slot(dest), cap);
        return dest;
    }
    template <typename T>
    T& object(kern::word_t cptr) {
        return *kern::phys_to_virt<T>(slot(cptr).cap.object());
    }

    // A thread (Inactive, priority 0) sharing the root CSpace, with its own
    // IPC buffer; its TCB cap at the returned thread's cptr.
    struct Thread {
        kern::Tcb* tcb;
        kern::word_t cptr;
        kern::Tcb& operator*() const { return *tcb; }
        kern::Tcb* operator->() const { return tcb; }
    };
    Thread make_thread() {
        const kern::paddr_t object = arena_.allocate(kern::tcb_bits);
        kern::Tcb* tcb = new (kern::tcb_of_object(object)) kern::Tcb{};
        tcb->context.init_user(0x10000, 0);
        const kern::word_t cptr = new_cptr();
        kern::cdt::insert_root(slot(cptr), kern::ThreadCap::make(object));
        kern::cdt::insert_child(root_.tcb->slot(kern::TcbSlot::CTable), tcb->slot(kern::TcbSlot::CTable), root_.root);
        give_ipc_buffer(*tcb);
        return {tcb, cptr};
    }

    // Runs a kernel entry; a kernel panic (the host machine_exit throws)
    // fails the test with what the kernel printed.
    template <typename F>
    decltype(auto) enter(F&& entry) {
        try {
            return entry();
        } catch (const arch::MachineExit& exit) {
            ADD_FAILURE() << "the kernel stopped the machine (status " << exit.status << "):\n"
                          << arch::host_console();
            throw;
        }
    }

    // ---- acting as a thread ------------------------------------------------------
    // Enters the kernel with system call `number` as `t`, which must be the
    // thread the scheduler runs. `regs` are argument registers 0..8 as the
    // host context numbers them (0 cap, 1 info, 2..5 MR0..3, 6 reply, 8 dest).
    // The PC (FaultIP) the next syscall() traps at; every call gets its own.
    kern::vaddr_t next_syscall_pc() const { return pc_; }
    kern::TrapOutcome syscall(kern::Tcb& t, kern::Syscall number, std::initializer_list<std::pair<unsigned, kern::word_t>> regs) {
        EXPECT_EQ(&t, kern::current_thread()) << "the test acts as a thread that is not running";
        t.context.set_pc(pc_);
        pc_ += 0x100;
        t.context.set_reg(7, static_cast<kern::word_t>(number));
        for (const auto& [index, value] : regs) t.context.set_reg(index, value);
        return enter([&]() -> kern::TrapOutcome { return kern::handle_syscall(t.context); });
    }

    // seL4_Call / Send / NBSend of `label` with `mrs` (MR4.. go to the IPC
    // buffer) and extra caps, as libsel4 marshals them.
    void load_message(kern::Tcb& t, kern::word_t label, const std::vector<kern::word_t>& mrs,
                      const std::vector<kern::word_t>& caps = {}) {
        t.context.set_info_register(kern::MessageInfo::make(label, 0, caps.size(), mrs.size()).raw());
        for (unsigned i = 0; i < mrs.size(); ++i) {
            if (i < 4) t.context.set_message_register(i, mrs[i]);
            else buffer_of(t)[1 + i] = mrs[i];
        }
        for (unsigned i = 0; i < caps.size(); ++i) buffer_of(t)[kern::ipc_buffer_caps_word + i] = caps[i];
    }
    kern::TrapOutcome send_like(kern::Tcb& t, kern::Syscall number, kern::word_t cptr, kern::word_t label,
                                const std::vector<kern::word_t>& mrs, const std::vector<kern::word_t>& caps = {}) {
        load_message(t, label, mrs, caps);
        return syscall(t, number, {{0, cptr}, {6, 0}});
    }
    kern::TrapOutcome call(kern::Tcb& t, kern::word_t cptr, kern::word_t label,
                           const std::vector<kern::word_t>& mrs = {}, const std::vector<kern::word_t>& caps = {}) {
        return send_like(t, kern::Syscall::Call, cptr, label, mrs, caps);
    }
    kern::TrapOutcome send(kern::Tcb& t, kern::word_t cptr, kern::word_t label, const std::vector<kern::word_t>& mrs = {}) {
        return send_like(t, kern::Syscall::Send, cptr, label, mrs);
    }
    kern::TrapOutcome recv(kern::Tcb& t, kern::word_t src, kern::word_t reply) {
        return syscall(t, kern::Syscall::Recv, {{0, src}, {6, reply}});
    }
    kern::TrapOutcome wait(kern::Tcb& t, kern::word_t src) { return syscall(t, kern::Syscall::Wait, {{0, src}, {6, 0}}); }
    kern::TrapOutcome reply_recv(kern::Tcb& t, kern::word_t src, kern::word_t reply, kern::word_t label,
                                 const std::vector<kern::word_t>& mrs = {}) {
        load_message(t, label, mrs);
        return syscall(t, kern::Syscall::ReplyRecv, {{0, src}, {6, reply}});
    }
    kern::TrapOutcome signal(kern::Tcb& t, kern::word_t ntfn) {
        return syscall(t, kern::Syscall::Send, {{0, ntfn}, {1, 0}});
    }

    // What `t` holds after a receive / Call returned: badge, info, MRs.
    Received received(kern::Tcb& t) {
        Received r;
        r.badge = t.context.reg(0);
        r.info = kern::MessageInfo{t.context.reg(1)};
        for (unsigned i = 0; i < r.info.length(); ++i)
            r.mrs.push_back(i < 4 ? t.context.message_register(i) : buffer_of(t)[1 + i]);
        return r;
    }

    // A kernel invocation by `t` with Call; returns the reply's label (error).
    kern::word_t invoke(kern::Tcb& t, kern::word_t cptr, kern::Label label, const std::vector<kern::word_t>& mrs = {},
                        const std::vector<kern::word_t>& caps = {}) {
        return invoke(t, cptr, label_of(label), mrs, caps);
    }
    // The same with the label as a number (e.g. an architecture's VSpace labels).
    kern::word_t invoke(kern::Tcb& t, kern::word_t cptr, kern::word_t label, const std::vector<kern::word_t>& mrs = {},
                        const std::vector<kern::word_t>& caps = {}) {
        (void)call(t, cptr, label, mrs, caps);
        return kern::MessageInfo{t.context.reg(1)}.label();
    }

    // ---- set-up through the real invocations (as the root thread) ------------------
    // ConfigureFlags(sc, budget_us, period_us, extra, badge, flags); returns the error.
    kern::word_t configure_sc(kern::word_t sc, kern::word_t budget_us, kern::word_t period_us,
                              kern::word_t extra_refills = 0, kern::word_t badge = 0, kern::word_t flags = 0) {
        return invoke(current(), sched_control_cptr, kern::Label::SchedControlConfigureFlags,
                      {budget_us, period_us, extra_refills, badge, flags}, {sc});
    }
    // SetSchedParams(thread, authority = root, mcp, prio, sc, fault_ep = null).
    kern::word_t set_sched_params(const Thread& t, kern::word_t priority, kern::word_t sc, kern::word_t fault_ep = 0,
                                  kern::word_t mcp = 0) {
        return invoke(current(), t.cptr, kern::Label::TCBSetSchedParams, {mcp, priority},
                      {root_tcb_cptr, sc, fault_ep});
    }
    kern::word_t resume(const Thread& t) { return invoke(current(), t.cptr, kern::Label::TCBResume); }
    // A thread at `priority` with its own configured SC (budget == period
    // = round-robin unless told otherwise), started at `entry`.
    Thread spawn(kern::word_t priority, bool with_sc = true, kern::word_t budget_us = 1000,
                 kern::word_t period_us = 1000) {
        Thread t = make_thread();
        kern::word_t sc = 0;
        if (with_sc) {
            sc = make_sched_context();
            EXPECT_EQ(configure_sc(sc, budget_us, period_us), 0u);
        }
        EXPECT_EQ(set_sched_params(t, priority, sc), 0u);
        EXPECT_EQ(resume(t), 0u);
        return t;
    }

    // ---- time ----------------------------------------------------------------------
    void advance_us(kern::word_t us) {
        time_ += arch::us_to_ticks(us);
        arch::set_host_time(time_);
    }
    // The kernel timer interrupt (after advancing time to the deadline).
    void timer_interrupt() { enter([] { kern::handle_timer_interrupt(); }); }

    kern::word_t* buffer_of(kern::Tcb& t) {
        const kern::Cap& cap = t.slot(kern::TcbSlot::Buffer).cap;
        return kern::phys_to_virt<kern::word_t>(cap.as<kern::FrameCap>().base());
    }

private:
    static ThreadWithCSpace boot(Arena& arena, kern::word_t time) {
        arch::host_console().clear();
        arch::set_host_time(time);
        return make_current_thread(arena, root_radix);
    }
    void give_ipc_buffer(kern::Tcb& t) {
        const kern::paddr_t page = arena_.allocate(12);
        kern::cdt::insert_root(t.slot(kern::TcbSlot::Buffer),
                               kern::FrameCap::make(page, kern::FrameSize::Small, kern::VmRights::ReadWrite, false));
        t.ipc_buffer = 0x200000 + (page & 0xfff);
    }

    kern::word_t time_ = 1'000'000;
    Arena arena_;
    ThreadWithCSpace root_;
    kern::SchedContext* root_sc_ = nullptr;
    kern::word_t next_cptr_ = first_free_cptr;
    kern::vaddr_t pc_ = 0x400000;
};

}  // namespace test_support
