// SPDX-License-Identifier: BSD-2-Clause
// System-call dispatch (seL4 `handleSyscall` / `handleUnknownSyscall`).
// MCS numbering (sel4-mcs.md §1.1). Only the debug console calls exist so
// far; every other syscall is reported by name and stops the machine, so an
// unimplemented call is never silently ignored.
#include <kern/console.hpp>
#include <kern/cspace.hpp>
#include <kern/invariants.hpp>
#include <kern/invocation.hpp>
#include <kern/preemption.hpp>
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

TrapOutcome not_implemented(const arch::UserContext& ctx) {
    const sword_t number = ctx.syscall_number();
    const char* name = syscall_name(number);
    if (name != nullptr) {
        kprintf("Tessera: system call %s (%ld) at user pc 0x%lx is not implemented yet; stopping\n", name,
                number, ctx.fault_ip());
    } else {
        // seL4 raises an UnknownSyscall fault here; fault delivery does not exist yet.
        kprintf("Tessera: unknown system call number %ld at user pc 0x%lx (an UnknownSyscall fault; "
                "fault delivery is not implemented yet); stopping\n",
                number, ctx.fault_ip());
    }
    return TrapOutcome::halt(exit_status_unimplemented);
}

// A cap fault (sel4-abi.md §1.3, §10): delivered to the thread's fault
// handler, which does not exist until #4. Until then the machine stops.
TrapOutcome cap_fault(const arch::UserContext& ctx, word_t cptr, const LookupFailure& failure) {
    kprintf("Tessera: cap fault on CPtr 0x%lx at user pc 0x%lx (lookup failure %lu, %lu bits left); "
            "fault delivery is not implemented yet; stopping\n",
            cptr, ctx.fault_ip(), static_cast<word_t>(failure.kind), failure.bits_left);
    return TrapOutcome::halt(exit_status_user_fault);
}

// A kernel reply to Call (seL4 replyFromKernel): badge 0, the label, and
// `length` message registers; without an IPC buffer only the four register
// MRs exist.
void reply_from_kernel(arch::UserContext& ctx, word_t* buffer_words, word_t label, const word_t* mrs,
                       unsigned length) {
    if (buffer_words == nullptr && length > arch::message_registers_in_cpu) length = arch::message_registers_in_cpu;
    for (unsigned i = 0; i < length; ++i) {
        if (i < arch::message_registers_in_cpu) ctx.set_message_register(i, mrs[i]);
        else buffer_words[1 + i] = mrs[i];
    }
    ctx.set_badge_register(0);
    ctx.set_info_register(MessageInfo::make(label, 0, 0, length).raw());
}

// Call / Send / NBSend on a cap (seL4 handleInvocation). Only kernel-object
// invocations exist so far; IPC objects (endpoints, notifications, replies)
// come with #4.
TrapOutcome handle_invocation(arch::UserContext& ctx, bool is_call, bool is_blocking) {
    if (current_thread() == nullptr) return not_implemented(ctx);  // boot created no thread object
    Tcb& thread = *current_thread();
    const MessageInfo info{ctx.info_register()};
    const word_t cptr = ctx.cap_register();

    const CapLookup invoked = lookup_cap_and_slot(thread, cptr);
    if (!invoked.ok()) return is_blocking ? cap_fault(ctx, cptr, invoked.failure) : TrapOutcome::resume();

    switch (invoked.cap.type()) {
    case CapType::Endpoint:
    case CapType::Notification:
    case CapType::Reply:
        kprintf("Tessera: IPC on an %s cap at user pc 0x%lx is not implemented yet; stopping\n",
                invoked.cap.type() == CapType::Endpoint ? "endpoint"
                : invoked.cap.type() == CapType::Notification ? "notification" : "reply",
                ctx.fault_ip());
        return TrapOutcome::halt(exit_status_unimplemented);
    default:
        break;
    }

    seL4_IPCBuffer* buffer = ipc_buffer_of(thread, false);
    auto* buffer_words = reinterpret_cast<word_t*>(buffer);
    InvocationMessage msg;
    msg.registers = &ctx;
    msg.buffer_words = buffer_words;
    msg.label = info.label();
    msg.length = info.length();
    if (buffer == nullptr && msg.length > arch::message_registers_in_cpu) msg.length = arch::message_registers_in_cpu;

    // Extra caps are looked up before decoding; a failure is a cap fault for
    // blocking calls and drops the message otherwise (seL4 lookupExtraCaps).
    if (buffer != nullptr) {
        const word_t count = info.extra_caps();
        for (word_t i = 0; i < count; ++i) {
            const word_t extra_cptr = buffer->caps_or_badges[i];
            const CapLookup extra = lookup_cap_and_slot(thread, extra_cptr);
            if (!extra.ok()) return is_blocking ? cap_fault(ctx, extra_cptr, extra.failure) : TrapOutcome::resume();
            msg.extra_caps[msg.extra_cap_count++] = {extra.cap, extra.slot};
        }
    }

    InvocationReply reply;
    const InvocationResult result = decode_and_invoke(msg, {invoked.cap, invoked.slot}, reply);
    if (result.preempted) {
        ctx.set_next_ip(ctx.fault_ip());  // Restart: re-execute the syscall (sel4-abi.md §1.3)
        return TrapOutcome::resume();
    }
    if (!is_call) return TrapOutcome::resume();  // errors of Send/NBSend vanish
    if (!result.ok()) {
        word_t mrs[8];
        const unsigned length = result.error.encode(mrs);
        reply_from_kernel(ctx, buffer_words, static_cast<word_t>(result.error.type), mrs, length);
    } else {
        reply_from_kernel(ctx, buffer_words, 0, reply.mrs, reply.length);
    }
    return TrapOutcome::resume();
}

// seL4_DebugCapIdentify: the cap type tag of the slot (0 for a null cap or a
// failed lookup), sel4-abi.md §1.4.
TrapOutcome debug_cap_identify(arch::UserContext& ctx) {
    if (current_thread() == nullptr) return not_implemented(ctx);
    const CapLookup found = lookup_cap_and_slot(*current_thread(), ctx.cap_register());
    ctx.set_badge_register(found.ok() ? static_cast<word_t>(found.cap.type()) : 0);
    return TrapOutcome::resume();
}

TrapOutcome dispatch_syscall(arch::UserContext& ctx) {
    switch (static_cast<Syscall>(ctx.syscall_number())) {
    case Syscall::Call:
        return handle_invocation(ctx, true, true);
    case Syscall::Send:
        return handle_invocation(ctx, false, true);
    case Syscall::NBSend:
        return handle_invocation(ctx, false, false);
    case Syscall::DebugCapIdentify:
        return debug_cap_identify(ctx);
    case Syscall::DebugPutChar:
        // sel4-abi.md §1.4: the character is in the cap register; nothing is returned.
        kprintf("%c", static_cast<char>(ctx.cap_register()));
        return TrapOutcome::resume();
    case Syscall::DebugHalt:
        kprintf("Tessera: seL4_DebugHalt called at user pc 0x%lx; halting\n", ctx.fault_ip());
        return TrapOutcome::halt(0);
    default:
        return not_implemented(ctx);
    }
}

}  // namespace

TrapOutcome handle_syscall(arch::UserContext& ctx) {
    reset_preemption_work();
    const TrapOutcome outcome = dispatch_syscall(ctx);
    // Debug builds: every invariant holds whenever the kernel returns to user (invariants.md §2).
    if (outcome == TrapOutcome::resume()) invariants::check_at_kernel_exit();
    return outcome;
}

void handle_timer_interrupt() {}

TrapOutcome handle_user_fault(arch::UserContext&, const UserFault& fault) {
    if (fault.kind == UserFault::Kind::VMFault) {
        kprintf("Tessera: user VM fault (%s) at pc 0x%lx, address 0x%lx, fsr 0x%lx; no fault handler yet; "
                "stopping\n",
                fault.what, fault.fault_ip, fault.address, fault.code);
    } else {
        kprintf("Tessera: user exception (%s) at pc 0x%lx, code 0x%lx; no fault handler yet; stopping\n",
                fault.what, fault.fault_ip, fault.code);
    }
    return TrapOutcome::halt(exit_status_user_fault);
}

}  // namespace kern
