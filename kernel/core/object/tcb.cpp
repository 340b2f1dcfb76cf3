// SPDX-License-Identifier: BSD-2-Clause
// TCB invocations under MCS (sel4-mcs.md §7.2, sel4-abi.md §7.2): each
// decode_* checks in seL4's order and changes nothing; the perform step
// (after msg.begin_perform()) cannot fail except by preemption while it
// deletes the caps a slot held.
#include <kern/cdt.hpp>
#include <kern/invocation.hpp>
#include <kern/invocation_label.hpp>
#include <kern/ipc.hpp>
#include <kern/refill.hpp>
#include <kern/sc.hpp>
#include <kern/sched.hpp>
#include <kern/thread.hpp>

namespace kern {

namespace {

constexpr unsigned frame_registers = arch::UserContext::frame_register_count;
constexpr unsigned user_registers = arch::UserContext::frame_register_count + arch::UserContext::gp_register_count;
constexpr word_t ipc_buffer_size_bits = 10;  // seL4_IPCBufferSizeBits

// slotCapLongRunningDelete: deleting this cap could take a long time.
bool long_running_delete(const Cte& slot) {
    if (slot.cap.is_null() || !cdt::is_final(slot)) return false;
    const CapType t = slot.cap.type();
    return t == CapType::Thread || t == CapType::Zombie || t == CapType::CNode;
}

// isValidVTableRoot: an AArch64 VSpace or a RISC-V top-level page table,
// assigned an ASID.
bool is_valid_vtable_root(const Cap& cap) {
    if (cap.type() == CapType::VSpace) return cap.as<VSpaceCap>().is_mapped();
    if (cap.type() == CapType::PageTable && !arch_has_vspace_object()) return cap.as<PageTableCap>().is_mapped();
    return false;
}

// checkValidIPCBuffer: a non-device frame and a 1 KiB-aligned address
// (then the buffer lies inside the frame, which is at least 4 KiB).
Status check_valid_ipc_buffer(vaddr_t address, const Cap& cap) {
    if (cap.type() != CapType::Frame || cap.as<FrameCap>().is_device()) return SyscallError::illegal_operation();
    if (!is_aligned(address, word_t{1} << ipc_buffer_size_bits)) return SyscallError::alignment_error();
    return Status::success();
}

// checkPrio: at most the authority's MCP.
Status check_priority(word_t priority, const Tcb& authority) {
    if (priority > authority.mcp) return SyscallError::range_error(0, authority.mcp);
    return Status::success();
}

// The new CSpace and VSpace roots of Configure / SetSpace.
struct SpaceRoots {
    Cap cspace;
    Cap vspace;
};

Result<SpaceRoots> decode_space(Tcb& target, word_t cspace_data, word_t vspace_data, const ExtraCap& cspace,
                                const ExtraCap& vspace) {
    if (long_running_delete(target.slot(TcbSlot::CTable)) || long_running_delete(target.slot(TcbSlot::VTable)))
        return SyscallError::illegal_operation();
    Cap croot = cspace.cap;
    if (cspace_data != 0) croot = cdt::update_cap_data(false, cspace_data, croot);
    const Result<Cap> cderived = cdt::derive(*cspace.slot, croot);
    if (!cderived.ok()) return cderived.error();
    if (cderived.value().type() != CapType::CNode) return SyscallError::illegal_operation();
    Cap vroot = vspace.cap;
    if (vspace_data != 0) vroot = cdt::update_cap_data(false, vspace_data, vroot);
    const Result<Cap> vderived = cdt::derive(*vspace.slot, vroot);
    if (!vderived.ok()) return vderived.error();
    if (!is_valid_vtable_root(vderived.value())) return SyscallError::illegal_operation();
    return SpaceRoots{cderived.value(), vderived.value()};
}

struct BufferChange {
    vaddr_t address = 0;
    Cap cap;
    Cte* source = nullptr;  // null: the buffer is removed
};

Result<BufferChange> decode_buffer(word_t address, const ExtraCap& frame) {
    if (address == 0) return BufferChange{};
    const Result<Cap> derived = cdt::derive(*frame.slot, frame.cap);
    if (!derived.ok()) return derived.error();
    const Status valid = check_valid_ipc_buffer(address, derived.value());
    if (!valid.ok()) return valid.error();
    return BufferChange{address, derived.value(), frame.slot};
}

// installTCBCap: empty the slot (preemptible), then put the new cap there
// as a child of its source, if the source still holds it and the TCB cap
// that was invoked still exists.
Completion install_cap(Tcb& target, const Cte& invoked, TcbSlot index, const Cap& cap, Cte* source) {
    Cte& slot = target.slot(index);
    if (cdt::delete_slot(slot) == Completion::Preempted) return Completion::Preempted;
    const Cap self = ThreadCap::make(target.object()).cap();
    if (source != nullptr && !cap.is_null() && cdt::same_object_as(cap, source->cap) &&
        cdt::same_object_as(self, invoked.cap))
        cdt::insert_child(*source, slot, cap);
    return Completion::Done;
}

Completion install_buffer(Tcb& target, const Cte& invoked, const BufferChange& buffer) {
    if (install_cap(target, invoked, TcbSlot::Buffer, buffer.cap, buffer.source) == Completion::Preempted)
        return Completion::Preempted;
    target.ipc_buffer = buffer.address;
    if (&target == current_thread()) sched::reschedule_required();
    return Completion::Done;
}

InvocationResult done(Completion c) {
    return c == Completion::Preempted ? InvocationResult::restart() : InvocationResult::success();
}

InvocationResult fail(const SyscallError& e) { return InvocationResult::failure(e); }

// ---- the invocations -----------------------------------------------------------

InvocationResult read_registers(const InvocationMessage& msg, Tcb& target, InvocationReply& reply) {
    if (msg.length < 2) return fail(SyscallError::truncated_message());
    const word_t flags = msg.mr(0);
    const word_t count = msg.mr(1);
    if (count < 1 || count > user_registers) return fail(SyscallError::range_error(1, user_registers));
    if (&target == msg.caller) return fail(SyscallError::illegal_operation());
    msg.begin_perform();
    if (flags & 1) suspend(target);
    reply.length = static_cast<unsigned>(count);
    for (unsigned i = 0; i < count; ++i) reply.mrs[i] = target.context.user_register(i);
    return InvocationResult::success();
}

InvocationResult write_registers(const InvocationMessage& msg, Tcb& target) {
    if (msg.length < 2) return fail(SyscallError::truncated_message());
    const word_t flags = msg.mr(0);
    word_t count = msg.mr(1);
    if (msg.length - 2 < count) return fail(SyscallError::truncated_message());
    if (&target == msg.caller) return fail(SyscallError::illegal_operation());
    msg.begin_perform();
    if (count > user_registers) count = user_registers;
    for (unsigned i = 0; i < count; ++i) target.context.set_user_register(i, msg.mr(2 + i));
    // The thread resumes where its (possibly new) PC says.
    target.context.set_next_ip(target.context.fault_ip());
    if (flags & 1) restart(target);
    if (&target == current_thread()) sched::reschedule_required();
    return InvocationResult::success();
}

InvocationResult copy_registers(const InvocationMessage& msg, Tcb& target) {
    if (msg.length < 1 || msg.extra_cap_count < 1) return fail(SyscallError::truncated_message());
    const word_t flags = msg.mr(0);
    const Cap& source_cap = msg.extra_caps[0].cap;
    if (source_cap.type() != CapType::Thread) return fail(SyscallError::invalid_capability(1));
    Tcb& source = *tcb_of_object(source_cap.object());
    msg.begin_perform();
    if (flags & 1) suspend(source);
    if (flags & 2) restart(target);
    if (flags & 4) {
        for (unsigned i = 0; i < frame_registers; ++i)
            target.context.set_user_register(i, source.context.user_register(i));
        target.context.set_next_ip(target.context.fault_ip());
    }
    if (flags & 8) {
        for (unsigned i = frame_registers; i < user_registers; ++i)
            target.context.set_user_register(i, source.context.user_register(i));
    }
    if (&target == current_thread()) sched::reschedule_required();
    return InvocationResult::success();
}

InvocationResult configure(const InvocationMessage& msg, Tcb& target, const InvocationTarget& invoked) {
    if (msg.length < 3 || msg.extra_cap_count < 3) return fail(SyscallError::truncated_message());
    const Result<BufferChange> buffer = decode_buffer(msg.mr(2), msg.extra_caps[2]);
    if (!buffer.ok()) return fail(buffer.error());
    const Result<SpaceRoots> roots = decode_space(target, msg.mr(0), msg.mr(1), msg.extra_caps[0], msg.extra_caps[1]);
    if (!roots.ok()) return fail(roots.error());
    msg.begin_perform();
    if (install_cap(target, *invoked.slot, TcbSlot::CTable, roots.value().cspace, msg.extra_caps[0].slot) ==
            Completion::Preempted ||
        install_cap(target, *invoked.slot, TcbSlot::VTable, roots.value().vspace, msg.extra_caps[1].slot) ==
            Completion::Preempted)
        return InvocationResult::restart();
    return done(install_buffer(target, *invoked.slot, buffer.value()));
}

InvocationResult set_space(const InvocationMessage& msg, Tcb& target, const InvocationTarget& invoked) {
    if (msg.length < 2 || msg.extra_cap_count < 3) return fail(SyscallError::truncated_message());
    const Result<SpaceRoots> roots = decode_space(target, msg.mr(0), msg.mr(1), msg.extra_caps[1], msg.extra_caps[2]);
    if (!roots.ok()) return fail(roots.error());
    const ExtraCap& handler = msg.extra_caps[0];
    if (!is_valid_fault_handler(handler.cap)) return fail(SyscallError::invalid_capability(1));
    msg.begin_perform();
    if (install_cap(target, *invoked.slot, TcbSlot::FaultHandler, handler.cap, handler.slot) == Completion::Preempted ||
        install_cap(target, *invoked.slot, TcbSlot::CTable, roots.value().cspace, msg.extra_caps[1].slot) ==
            Completion::Preempted)
        return InvocationResult::restart();
    return done(install_cap(target, *invoked.slot, TcbSlot::VTable, roots.value().vspace, msg.extra_caps[2].slot));
}

InvocationResult set_ipc_buffer(const InvocationMessage& msg, Tcb& target, const InvocationTarget& invoked) {
    if (msg.length < 1 || msg.extra_cap_count < 1) return fail(SyscallError::truncated_message());
    const Result<BufferChange> buffer = decode_buffer(msg.mr(0), msg.extra_caps[0]);
    if (!buffer.ok()) return fail(buffer.error());
    msg.begin_perform();
    return done(install_buffer(target, *invoked.slot, buffer.value()));
}

Result<const Tcb*> authority_of(const InvocationMessage& msg) {
    const Cap& auth = msg.extra_caps[0].cap;
    if (auth.type() != CapType::Thread) return SyscallError::invalid_capability(1);
    return static_cast<const Tcb*>(tcb_of_object(auth.object()));
}

InvocationResult set_priority(const InvocationMessage& msg, Tcb& target, bool mcp) {
    if (msg.length < 1 || msg.extra_cap_count < 1) return fail(SyscallError::truncated_message());
    const word_t value = msg.mr(0);
    const Result<const Tcb*> authority = authority_of(msg);
    if (!authority.ok()) return fail(authority.error());
    const Status allowed = check_priority(value, *authority.value());
    if (!allowed.ok()) return fail(allowed.error());
    msg.begin_perform();
    if (mcp) sched::set_mcp(target, value);
    else sched::set_priority(target, value);
    return InvocationResult::success();
}

// sc_released: active and its head refill ready.
bool released(const SchedContext& sc) { return sc.active() && refill::ready(sc, sched::now()); }

InvocationResult set_sched_params(const InvocationMessage& msg, Tcb& target, const InvocationTarget& invoked) {
    if (msg.length < 2 || msg.extra_cap_count < 3) return fail(SyscallError::truncated_message());
    const word_t new_mcp = msg.mr(0);
    const word_t new_priority = msg.mr(1);
    const Result<const Tcb*> authority = authority_of(msg);
    if (!authority.ok()) return fail(authority.error());
    for (const word_t value : {new_mcp, new_priority}) {
        const Status allowed = check_priority(value, *authority.value());
        if (!allowed.ok()) return fail(allowed.error());
    }
    const Cap& sc_cap = msg.extra_caps[1].cap;
    SchedContext* sc = nullptr;
    if (sc_cap.type() == CapType::SchedContext) {
        sc = phys_to_virt<SchedContext>(sc_cap.object());
        if (target.sc != nullptr) {
            if (target.sc != sc) return fail(SyscallError::illegal_operation());
        } else if (sc->tcb != nullptr) {
            return fail(SyscallError::illegal_operation());
        }
        if (is_blocked(target.state) && !released(*sc)) return fail(SyscallError::illegal_operation());
    } else if (sc_cap.is_null()) {
        if (&target == current_thread()) return fail(SyscallError::illegal_operation());
    } else {
        return fail(SyscallError::invalid_capability(2));
    }
    const ExtraCap& handler = msg.extra_caps[2];
    if (!is_valid_fault_handler(handler.cap)) return fail(SyscallError::invalid_capability(3));

    msg.begin_perform();
    if (install_cap(target, *invoked.slot, TcbSlot::FaultHandler, handler.cap, handler.slot) == Completion::Preempted)
        return InvocationResult::restart();
    sched::set_mcp(target, new_mcp);
    sched::set_priority(target, new_priority);
    if (sc != nullptr && sc != target.sc) sc::bind_tcb(*sc, target);
    else if (sc == nullptr && target.sc != nullptr) sc::unbind_tcb(*target.sc);
    return InvocationResult::success();
}

InvocationResult set_timeout_endpoint(const InvocationMessage& msg, Tcb& target, const InvocationTarget& invoked) {
    if (msg.extra_cap_count < 1) return fail(SyscallError::truncated_message());
    const ExtraCap& handler = msg.extra_caps[0];
    if (!is_valid_fault_handler(handler.cap)) return fail(SyscallError::invalid_capability(1));
    msg.begin_perform();
    return done(install_cap(target, *invoked.slot, TcbSlot::TimeoutHandler, handler.cap, handler.slot));
}

InvocationResult bind_notification(const InvocationMessage& msg, Tcb& target) {
    if (msg.extra_cap_count < 1) return fail(SyscallError::truncated_message());
    if (target.bound_notification != nullptr) return fail(SyscallError::illegal_operation());
    const Cap& cap = msg.extra_caps[0].cap;
    if (cap.type() != CapType::Notification || !cap.as<NotificationCap>().rights().can_read())
        return fail(SyscallError::illegal_operation());
    Notification& n = *phys_to_virt<Notification>(cap.object());
    if (!n.queue.empty() || n.bound_tcb != nullptr) return fail(SyscallError::illegal_operation());
    msg.begin_perform();
    kern::bind_notification(target, n);
    return InvocationResult::success();
}

InvocationResult unbind_notification(const InvocationMessage& msg, Tcb& target) {
    if (target.bound_notification == nullptr) return fail(SyscallError::illegal_operation());
    msg.begin_perform();
    kern::unbind_notification(target);
    return InvocationResult::success();
}

InvocationResult set_tls_base(const InvocationMessage& msg, Tcb& target) {
    if (msg.length < 1) return fail(SyscallError::truncated_message());
    msg.begin_perform();
    target.context.set_tls_base(msg.mr(0));
    if (&target == current_thread()) sched::reschedule_required();
    return InvocationResult::success();
}

InvocationResult set_flags(const InvocationMessage& msg, Tcb& target, InvocationReply& reply) {
    if (msg.length < 2) return fail(SyscallError::truncated_message());
    const word_t clear = msg.mr(0);
    const word_t set = msg.mr(1);
    msg.begin_perform();
    target.flags = (target.flags & ~clear) | (set & tcb_flags_mask);
    if (target.flags & tcb_flag_fpu_disabled) arch::fpu_release(target);
    reply.length = 1;
    reply.mrs[0] = target.flags;
    return InvocationResult::success();
}

}  // namespace

InvocationResult invoke_tcb(const InvocationMessage& msg, const InvocationTarget& invoked, InvocationReply& reply) {
    Tcb& target = *tcb_of_object(invoked.cap.object());
    switch (static_cast<Label>(msg.label)) {
    case Label::TCBReadRegisters:
        return read_registers(msg, target, reply);
    case Label::TCBWriteRegisters:
        return write_registers(msg, target);
    case Label::TCBCopyRegisters:
        return copy_registers(msg, target);
    case Label::TCBConfigure:
        return configure(msg, target, invoked);
    case Label::TCBSetPriority:
        return set_priority(msg, target, false);
    case Label::TCBSetMCPriority:
        return set_priority(msg, target, true);
    case Label::TCBSetSchedParams:
        return set_sched_params(msg, target, invoked);
    case Label::TCBSetTimeoutEndpoint:
        return set_timeout_endpoint(msg, target, invoked);
    case Label::TCBSetIPCBuffer:
        return set_ipc_buffer(msg, target, invoked);
    case Label::TCBSetSpace:
        return set_space(msg, target, invoked);
    case Label::TCBSuspend:
        msg.begin_perform();
        suspend(target);
        return InvocationResult::success();
    case Label::TCBResume:
        msg.begin_perform();
        restart(target);
        return InvocationResult::success();
    case Label::TCBBindNotification:
        return bind_notification(msg, target);
    case Label::TCBUnbindNotification:
        return unbind_notification(msg, target);
    case Label::TCBSetTLSBase:
        return set_tls_base(msg, target);
    case Label::TCBSetFlags:
        return set_flags(msg, target, reply);
    default:
        return fail(SyscallError::illegal_operation());
    }
}

}  // namespace kern
