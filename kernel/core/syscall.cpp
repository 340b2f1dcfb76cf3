// SPDX-License-Identifier: BSD-2-Clause
// System-call dispatch under MCS (sel4-mcs.md §1.2, seL4 handleSyscall /
// handleUnknownSyscall): every API call first brings the clock up to date
// and checks the caller's budget; then its send phase invokes a cap
// (kernel object, endpoint, notification or reply object) and/or its
// receive phase waits on an endpoint or notification. Numbers outside the
// API range are the debug calls of debug kernels or an UnknownSyscall fault.
// Every entry ends with the scheduling decision.
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/cspace.hpp>
#include <kern/fastpath.hpp>
#include <kern/invariants.hpp>
#include <kern/invocation.hpp>
#include <kern/ipc.hpp>
#include <kern/irq.hpp>
#include <kern/preemption.hpp>
#include <kern/sched.hpp>
#include <kern/syscall.hpp>
#include <kern/thread.hpp>
#include <kern/trap.hpp>

namespace kern {

const char* syscall_name(sword_t number) {
    switch (number) {
#define TESSERA_SYSCALL_NAME(name, num, kind) \
    case num:                                 \
        return "seL4_Sys" #name;
        SEL4_SYSCALL_LIST(TESSERA_SYSCALL_NAME)
#undef TESSERA_SYSCALL_NAME
    default:
        return nullptr;
    }
}

namespace {

// How a send phase treats the invoked cap (handleInvocation's flags).
struct SendPhase {
    bool is_call = false;
    bool is_blocking = false;
    bool can_donate = false;
    bool first_phase = false;
};

// A kernel reply to Call (replyFromKernel): badge 0, the label and `length`
// MRs; without an IPC buffer only the register MRs exist.
void reply_from_kernel(Tcb& thread, word_t label, const word_t* mrs, unsigned length) {
    auto* buffer = reinterpret_cast<word_t*>(ipc_buffer_of(thread, true));
    if (buffer == nullptr && length > arch::message_registers_in_cpu) length = arch::message_registers_in_cpu;
    for (unsigned i = 0; i < length; ++i) {
        if (i < arch::message_registers_in_cpu) thread.context.set_message_register(i, mrs[i]);
        else buffer[1 + i] = mrs[i];
    }
    thread.context.set_badge_register(0);
    thread.context.set_info_register(MessageInfo::make(label, 0, 0, length).raw());
}

// Caps a first phase (the send half of ReplyRecv, NBSendRecv, NBSendWait)
// may not invoke (sel4-mcs.md §1.2).
bool refused_in_first_phase(CapType type) {
    return type == CapType::Thread || type == CapType::CNode || type == CapType::Domain ||
           type == CapType::SchedControl || type == CapType::SchedContext;
}

// The IPC objects: endpoints and notifications need Write; a reply cap
// replies. Errors are the invocation's (only Call sees them).
InvocationResult invoke_ipc_object(Tcb& thread, const InvocationTarget& target, const SendPhase& phase) {
    const Cap& cap = target.cap;
    switch (cap.type()) {
    case CapType::Endpoint: {
        const EndpointCap ep = cap.as<EndpointCap>();
        if (!ep.rights().can_write()) return InvocationResult::failure(SyscallError::invalid_capability(0));
        sched::set_thread_state(thread, ThreadState::Restart);
        SendOptions how;
        how.blocking = phase.is_blocking;
        how.is_call = phase.is_call;
        how.can_grant = ep.rights().can_grant();
        how.can_grant_reply = ep.rights().can_grant_reply();
        how.can_donate = phase.can_donate;
        how.badge = ep.badge();
        send_ipc(thread, *phys_to_virt<Endpoint>(ep.object()), how);
        return InvocationResult::success();
    }
    case CapType::Notification: {
        const NotificationCap n = cap.as<NotificationCap>();
        if (!n.rights().can_write()) return InvocationResult::failure(SyscallError::invalid_capability(0));
        sched::set_thread_state(thread, ThreadState::Restart);
        send_signal(*phys_to_virt<Notification>(n.object()), n.badge());
        return InvocationResult::success();
    }
    default: {
        const ReplyCap reply = cap.as<ReplyCap>();
        sched::set_thread_state(thread, ThreadState::Restart);
        do_reply_transfer(thread, *phys_to_virt<Reply>(reply.object()), reply.can_grant());
        return InvocationResult::success();
    }
    }
}

// The end of an invocation that ran to completion: an error is the reply
// to a Call; still in the Restart state the invocation began with, it
// completed without blocking or stopping the caller, which gets its reply.
void finish_invocation(Tcb& thread, const SendPhase& phase, const InvocationResult& result, const word_t* reply_mrs,
                       unsigned reply_length) {
    if (!result.ok()) {
        if (phase.is_call) {
            word_t mrs[8];
            const unsigned length = result.error.encode(mrs);
            reply_from_kernel(thread, static_cast<word_t>(result.error.type), mrs, length);
        }
        return;
    }
    if (thread.state == ThreadState::Restart) {
        if (phase.is_call) reply_from_kernel(thread, 0, reply_mrs, reply_length);
        sched::set_thread_state(thread, ThreadState::Running);
    }
}

// handleInvocation. Returns false when the invocation was preempted (the
// thread is in Restart and re-executes the system call).
bool handle_invocation(Tcb& thread, word_t cptr, const SendPhase& phase) {
    const MessageInfo info{thread.context.info_register()};
    const CapLookup invoked = lookup_cap_and_slot(thread, cptr);
    if (!invoked.ok()) {
        if (phase.is_blocking) handle_fault(thread, Fault::cap_fault(cptr, false, invoked.failure));
        return true;
    }
    const CapType type = invoked.cap.type();
    const bool ipc_object = type == CapType::Endpoint || type == CapType::Notification || type == CapType::Reply;
    // An IPC object invoked without extra caps (the common case of Send,
    // Signal and the reply phase) needs no decoded message: there is
    // nothing to look up first, and no IPC object is refused in a first
    // phase. An IPC invocation never fails but for a missing Write right.
    if (ipc_object && info.extra_caps() == 0) {
        finish_invocation(thread, phase, invoke_ipc_object(thread, {invoked.cap, invoked.slot}, phase), nullptr, 0);
        return true;
    }

    const auto* buffer = reinterpret_cast<const word_t*>(ipc_buffer_of(thread, false));
    InvocationMessage msg;
    msg.caller = &thread;
    msg.is_call = phase.is_call;
    msg.registers = &thread.context;
    msg.buffer_words = buffer;
    msg.label = info.label();
    msg.length = info.length();
    if (buffer == nullptr && msg.length > arch::message_registers_in_cpu) msg.length = arch::message_registers_in_cpu;
    // Extra caps are looked up before anything else; a failure is a cap
    // fault for blocking calls and drops the message otherwise.
    if (buffer != nullptr) {
        const word_t count = info.extra_caps();
        for (word_t i = 0; i < count; ++i) {
            const word_t extra_cptr = buffer[ipc_buffer_caps_word + i];
            const CapLookup extra = lookup_cap_and_slot(thread, extra_cptr);
            if (!extra.ok()) {
                if (phase.is_blocking) handle_fault(thread, Fault::cap_fault(extra_cptr, false, extra.failure));
                return true;
            }
            msg.extra_caps[msg.extra_cap_count++] = {extra.cap, extra.slot};
        }
    }

    const InvocationTarget target{invoked.cap, invoked.slot};
    InvocationReply reply;
    InvocationResult result;
    if (phase.first_phase && refused_in_first_phase(type)) {
        result = InvocationResult::failure(SyscallError::invalid_capability(0));
    } else if (ipc_object) {
        result = invoke_ipc_object(thread, target, phase);
    } else {
        result = decode_and_invoke(msg, target, reply);
    }

    if (result.preempted) return false;
    finish_invocation(thread, phase, result, reply.mrs, reply.length);
    return true;
}

// A preempted send phase: charge what was used (mcsPreemptionPoint).
void after_preemption() { sched::preemption_charge(); }

// handleRecv: the receive phase on the cap in the cap register.
void handle_recv(Tcb& thread, bool blocking, bool can_reply) {
    const word_t cptr = thread.context.cap_register();
    const CapLookup found = lookup_cap_and_slot(thread, cptr);
    if (!found.ok()) {
        handle_fault(thread, Fault::cap_fault(cptr, true, found.failure));
        return;
    }
    const Fault missing = Fault::cap_fault(cptr, true, LookupFailure::missing_capability(0));
    switch (found.cap.type()) {
    case CapType::Endpoint: {
        const EndpointCap ep = found.cap.as<EndpointCap>();
        if (!ep.rights().can_read()) {
            handle_fault(thread, missing);
            return;
        }
        Reply* reply = nullptr;
        if (can_reply) {
            const word_t reply_cptr = thread.context.reply_register();
            const CapLookup r = lookup_cap_and_slot(thread, reply_cptr);
            if (!r.ok()) {
                handle_fault(thread, Fault::cap_fault(reply_cptr, true, r.failure));
                return;
            }
            if (r.cap.type() != CapType::Reply) {
                handle_fault(thread, Fault::cap_fault(reply_cptr, true, LookupFailure::missing_capability(0)));
                return;
            }
            reply = phys_to_virt<Reply>(r.cap.object());
        }
        receive_ipc(thread, *phys_to_virt<Endpoint>(ep.object()), blocking, reply);
        return;
    }
    case CapType::Notification: {
        const NotificationCap cap = found.cap.as<NotificationCap>();
        Notification& n = *phys_to_virt<Notification>(cap.object());
        if (!cap.rights().can_read() || (n.bound_tcb != nullptr && n.bound_tcb != &thread)) {
            handle_fault(thread, missing);
            return;
        }
        receive_signal(thread, n, blocking);
        return;
    }
    default:
        handle_fault(thread, missing);
        return;
    }
}

void dispatch_api_syscall(Tcb& thread, Syscall number) {
    switch (number) {
    case Syscall::Send:
        if (!handle_invocation(thread, thread.context.cap_register(), {false, true, false, false})) after_preemption();
        return;
    case Syscall::NBSend:
        if (!handle_invocation(thread, thread.context.cap_register(), {false, false, false, false}))
            after_preemption();
        return;
    case Syscall::Call:
        if (!handle_invocation(thread, thread.context.cap_register(), {true, true, true, false})) after_preemption();
        return;
    case Syscall::Recv:
        handle_recv(thread, true, true);
        return;
    case Syscall::NBRecv:
        handle_recv(thread, false, true);
        return;
    case Syscall::Wait:
        handle_recv(thread, true, false);
        return;
    case Syscall::NBWait:
        handle_recv(thread, false, false);
        return;
    case Syscall::ReplyRecv:
        if (!handle_invocation(thread, thread.context.reply_register(), {false, false, true, true})) {
            after_preemption();
            return;
        }
        handle_recv(thread, true, true);
        return;
    case Syscall::NBSendRecv:
        if (!handle_invocation(thread, thread.context.nbsendrecv_dest_register(), {false, false, true, true})) {
            after_preemption();
            return;
        }
        handle_recv(thread, true, true);
        return;
    case Syscall::NBSendWait:
        if (!handle_invocation(thread, thread.context.reply_register(), {false, false, true, true})) {
            after_preemption();
            return;
        }
        handle_recv(thread, true, false);
        return;
    case Syscall::Yield:
        sched::yield();
        return;
    default:
        return;
    }
}

// seL4_DebugNameThread: the name is NUL-terminated in the caller's IPC
// buffer from msg[0]; any problem halts the machine, as seL4 does.
TrapOutcome debug_name_thread(Tcb& thread) {
    const CapLookup target = lookup_cap_and_slot(thread, thread.context.cap_register());
    if (!target.ok() || target.cap.type() != CapType::Thread) {
        kprintf("Tessera: seL4_DebugNameThread: cap is not a TCB; halting\n");
        return TrapOutcome::halt(exit_status_user_fault);
    }
    // seL4 looks the buffer up as a receiver's (lookupIPCBuffer(true)): a
    // read-only buffer counts as none.
    const auto* buffer = reinterpret_cast<const char*>(ipc_buffer_of(thread, true));
    if (buffer == nullptr) {
        kprintf("Tessera: seL4_DebugNameThread: the caller has no writable IPC buffer; halting\n");
        return TrapOutcome::halt(exit_status_user_fault);
    }
    const char* name = buffer + sizeof(word_t);
    const word_t limit = MessageInfo::max_length * sizeof(word_t);
    word_t length = 0;
    while (length < limit && name[length] != 0) ++length;
    if (length == limit) {
        kprintf("Tessera: seL4_DebugNameThread: the name is not NUL-terminated; halting\n");
        return TrapOutcome::halt(exit_status_user_fault);
    }
    char* dest = tcb_of_object(target.cap.object())->name();
    if (length >= tcb_name_length) length = tcb_name_length - 1;
    for (word_t i = 0; i < length; ++i) dest[i] = name[i];
    dest[length] = 0;
    return TrapOutcome::resume();
}

// The debug calls of debug kernels; nullopt-like `handled = false` when
// `number` is not one of them.
struct DebugOutcome {
    bool handled = false;
    TrapOutcome outcome{};
};

DebugOutcome debug_syscall(Tcb& thread, sword_t number) {
    if constexpr (!config::printing) return {};
    arch::UserContext& ctx = thread.context;
    switch (static_cast<Syscall>(number)) {
    case Syscall::DebugPutChar:
        // sel4-abi.md §1.4: the character is in the cap register; nothing is returned.
        kprintf("%c", static_cast<char>(ctx.cap_register()));
        return {true, TrapOutcome::resume()};
    case Syscall::DebugDumpScheduler:
        sched::dump();
        return {true, TrapOutcome::resume()};
    case Syscall::DebugHalt:
        kprintf("Tessera: seL4_DebugHalt called at user pc 0x%lx; halting\n", ctx.fault_ip());
        return {true, TrapOutcome::halt(0)};
    case Syscall::DebugCapIdentify: {
        // The cap type tag of the slot (0 for a null cap or a failed lookup).
        const CapLookup found = lookup_cap_and_slot(thread, ctx.cap_register());
        ctx.set_badge_register(found.ok() ? static_cast<word_t>(found.cap.type()) : 0);
        return {true, TrapOutcome::resume()};
    }
    case Syscall::DebugNameThread:
        return {true, debug_name_thread(thread)};
    default:
        return {};
    }
}

// seL4 would idle for ever; on a machine where nothing else can happen
// Tessera stops it instead, saying why, so a system (or a test) that
// deadlocked ends at once with a non-zero status. While an IRQ with a
// notification is live a device interrupt may still wake a thread, so the
// machine idles as seL4's would.
void stop_if_idle_forever() {
    if (!sched::idle_forever()) return;
    // A device may still signal a notification a thread waits on.
    if (irq::may_signal()) return;
    kprintf("Tessera: no thread can run any more (all are stopped or blocked, none waits for time); stopping\n");
    arch::machine_exit(exit_status_nothing_runnable);
}

// Debug builds: every invariant holds whenever the kernel returns to user
// (invariants.md §2). The checker only observes: its time is billed to no
// scheduling context, so budgets, refills and the timing a thread sees from
// them are those of a kernel without it (a check can take far longer than
// the kernel's minimum budget).
void check_invariants_at_exit() {
    if constexpr (config::invariant_checks) {
        const ticks_t start = arch::timer_now();
        invariants::check_at_kernel_exit();
        sched::exclude_from_billing(arch::timer_now() - start);
    }
}

TrapOutcome finish_entry(TrapOutcome outcome) {
    sched::schedule_and_activate();
    stop_if_idle_forever();
    if (outcome == TrapOutcome::resume()) check_invariants_at_exit();
    return outcome;
}

// Call and ReplyRecv first try the fast path, which either does the whole
// system call, scheduling decision included, or changes nothing.
bool took_fastpath(Tcb& thread, Syscall number) {
    if (number != Syscall::Call && number != Syscall::ReplyRecv) return false;
    if (!fastpath::enabled()) {
#if TESSERA_FASTPATH_RUNTIME_SWITCH
        fastpath::testing::note_outcome(fastpath::Refusal::Disabled);
#endif
        return false;
    }
    const fastpath::Refusal r =
        number == Syscall::Call ? fastpath::try_call(thread) : fastpath::try_reply_recv(thread);
    if (r != fastpath::Refusal::Taken) return false;
    check_invariants_at_exit();
    return true;
}

}  // namespace

TrapOutcome handle_syscall(arch::UserContext&) {
    reset_preemption_work();
    Tcb& thread = *current_thread();
    const sword_t number = thread.context.syscall_number();
    if (number >= syscall_min && number <= syscall_max) {
        sched::update_timestamp();
        if (took_fastpath(thread, static_cast<Syscall>(number))) return TrapOutcome::resume();
        if (sched::check_budget_restart()) dispatch_api_syscall(thread, static_cast<Syscall>(number));
        return finish_entry(TrapOutcome::resume());
    }
    const DebugOutcome debug = debug_syscall(thread, number);
    if (debug.handled) {
        if (debug.outcome != TrapOutcome::resume()) return debug.outcome;
        return finish_entry(TrapOutcome::resume());
    }
    sched::update_timestamp();
    if (sched::check_budget_restart()) handle_fault(thread, Fault::unknown_syscall(static_cast<word_t>(number)));
    return finish_entry(TrapOutcome::resume());
}

TrapOutcome handle_user_fault(arch::UserContext&, const UserFault& fault) {
    reset_preemption_work();
    Tcb& thread = *current_thread();
    sched::update_timestamp();
    if (sched::check_budget_restart()) {
        if (fault.kind == UserFault::Kind::VMFault) {
            // The kernel never resolves a VM fault itself (seL4 handleVMFault):
            // the handler gets it (§10.3) and its reply restarts the thread.
            handle_fault(thread, Fault::vm_fault(fault.address, fault.code, fault.instruction));
        } else {
            handle_fault(thread, Fault::user_exception(fault.code, 0));
        }
    }
    return finish_entry(TrapOutcome::resume());
}

void handle_interrupt(word_t irq) {
    reset_preemption_work();
    sched::update_timestamp();
    (void)sched::check_budget();
    irq::deliver(irq);
    (void)finish_entry(TrapOutcome::resume());
}

void handle_timer_interrupt() {
    reset_preemption_work();
    sched::update_timestamp();
    (void)sched::check_budget();
    sched::request_reprogram();
    (void)finish_entry(TrapOutcome::resume());
}

}  // namespace kern
