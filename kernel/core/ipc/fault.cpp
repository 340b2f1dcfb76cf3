// SPDX-License-Identifier: BSD-2-Clause
// Faults delivered as IPC under MCS (sel4-mcs.md §8): the fault handler and
// timeout handler are endpoint caps held in the thread's TCB slots 3 and 4;
// a fault is sent like a Call on that endpoint (its badge, no caps), a
// thread without a handler stops with seL4's debug print, and the handler's
// reply restarts the thread or rewrites its registers.
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/ipc.hpp>
#include <kern/message_info.hpp>
#include <kern/sc.hpp>
#include <kern/sched.hpp>
#include <kern/thread.hpp>

namespace kern {

namespace {

// Word positions in the MCS fault messages (libsel4 seL4_CapFault_* etc.).
constexpr unsigned cap_fault_ip = 0, cap_fault_addr = 1, cap_fault_in_recv_phase = 2, cap_fault_lookup_type = 3;
constexpr unsigned vm_fault_ip = 0, vm_fault_addr = 1, vm_fault_prefetch = 2, vm_fault_fsr = 3;
constexpr unsigned timeout_data = 0, timeout_consumed = 1;

// seL4's print of a fault (print_fault), for the no-handler message.
void print_fault(const Fault& f) {
    switch (f.type) {
    case FaultType::CapFault:
        kprintf("cap fault in %s phase at address %p\n", f.in_receive_phase ? "receive" : "send",
                reinterpret_cast<void*>(f.address));
        break;
    case FaultType::VMFault:
        kprintf("vm fault on %s at address %p with status %p\n", f.instruction ? "code" : "data",
                reinterpret_cast<void*>(f.address), reinterpret_cast<void*>(f.code));
        break;
    case FaultType::UnknownSyscall:
        kprintf("unknown syscall %p\n", reinterpret_cast<void*>(f.number));
        break;
    case FaultType::UserException:
        kprintf("user exception %p code %p\n", reinterpret_cast<void*>(f.number), reinterpret_cast<void*>(f.code));
        break;
    case FaultType::Timeout:
        kprintf("Timeout fault for 0x%lx\n", f.number);
        break;
    case FaultType::Null:
        kprintf("null fault\n");
        break;
    }
}

void handle_no_fault_handler(Tcb& t, const Fault& fault) {
    if constexpr (config::printing) {
        kprintf("Found thread has no fault handler while trying to handle:\n");
        print_fault(fault);
        kprintf("in thread %p \"%s\" at address %p\n", static_cast<void*>(&t), t.name(),
                reinterpret_cast<void*>(t.context.fault_ip()));
    }
    sched::set_thread_state(t, ThreadState::Inactive);
}

// sendFaultIPC: a blocking "call" on the handler endpoint. Returns false
// when the slot is empty (no handler).
bool send_fault_ipc(Tcb& t, const Cap& handler, const Fault& fault, bool can_donate) {
    if (handler.type() != CapType::Endpoint) return false;
    const EndpointCap ep = handler.as<EndpointCap>();
    t.fault = fault;
    SendOptions how;
    how.blocking = true;
    how.badge = ep.badge();
    how.can_grant = ep.rights().can_grant();
    how.can_grant_reply = ep.rights().can_grant_reply();
    how.can_donate = can_donate;
    send_ipc(t, *phys_to_virt<Endpoint>(ep.object()), how);
    return true;
}

}  // namespace

bool is_valid_fault_handler(const Cap& cap) {
    if (cap.is_null()) return true;
    if (cap.type() != CapType::Endpoint) return false;
    const CapRights r = cap.as<EndpointCap>().rights();
    return r.can_write() && (r.can_grant() || r.can_grant_reply());
}

void handle_fault(Tcb& t, const Fault& fault) {
    if (!send_fault_ipc(t, t.slot(TcbSlot::FaultHandler).cap, fault, t.sc != nullptr))
        handle_no_fault_handler(t, fault);
}

bool has_valid_timeout_handler(const Tcb& t) {
    return t.slot(TcbSlot::TimeoutHandler).cap.type() == CapType::Endpoint;
}

void send_timeout_fault(Tcb& t, word_t sc_badge) {
    (void)send_fault_ipc(t, t.slot(TcbSlot::TimeoutHandler).cap, Fault::timeout(sc_badge), false);
}

unsigned fault_message(const Tcb& sender, word_t* mrs) {
    const Fault& f = sender.fault;
    switch (f.type) {
    case FaultType::CapFault: {
        mrs[cap_fault_ip] = sender.context.fault_ip();
        mrs[cap_fault_addr] = f.address;
        mrs[cap_fault_in_recv_phase] = f.in_receive_phase ? 1 : 0;
        return cap_fault_lookup_type + f.lookup.encode(mrs + cap_fault_lookup_type);
    }
    case FaultType::VMFault:
        mrs[vm_fault_ip] = sender.context.fault_ip();
        mrs[vm_fault_addr] = f.address;
        mrs[vm_fault_prefetch] = f.instruction ? 1 : 0;
        mrs[vm_fault_fsr] = f.code;
        return 4;
    case FaultType::UnknownSyscall:
        return sender.context.unknown_syscall_message(mrs);
    case FaultType::UserException:
        return sender.context.user_exception_message(mrs, f.number, f.code);
    case FaultType::Timeout:
        mrs[timeout_data] = f.number;
        // The consumed time of the SC the thread has now, if any (sel4-mcs.md §8.2).
        if (sender.sc == nullptr) return 1;
        mrs[timeout_consumed] = sc::take_consumed_us(*sender.sc);
        return 2;
    case FaultType::Null:
        break;
    }
    return 0;
}

bool handle_fault_reply(Tcb& faulted, Tcb& replier) {
    const MessageInfo info{replier.context.info_register()};
    const word_t label = info.label();
    // The reply's MRs as far as the replier has them (4 without a buffer).
    const auto* buffer = reinterpret_cast<const word_t*>(ipc_buffer_of(replier, false));
    word_t mrs[MessageInfo::max_length];
    unsigned n = static_cast<unsigned>(info.length());
    if (buffer == nullptr && n > arch::message_registers_in_cpu) n = arch::message_registers_in_cpu;
    for (unsigned i = 0; i < n; ++i)
        mrs[i] = i < arch::message_registers_in_cpu ? replier.context.message_register(i) : buffer[1 + i];

    switch (faulted.fault.type) {
    case FaultType::CapFault:
    case FaultType::VMFault:
        return true;
    case FaultType::UnknownSyscall:
        faulted.context.set_unknown_syscall_reply(mrs, n);
        return label == 0;
    case FaultType::UserException:
        faulted.context.set_user_exception_reply(mrs, n);
        return label == 0;
    case FaultType::Timeout: {
        const unsigned count = n < arch::UserContext::timeout_reply_registers ? n : arch::UserContext::timeout_reply_registers;
        for (unsigned i = 0; i < count; ++i) faulted.context.set_user_register(i, mrs[i]);
        return label == 0;
    }
    case FaultType::Null:
        break;
    }
    return true;
}

}  // namespace kern
