// SPDX-License-Identifier: BSD-2-Clause
#include <kern/ipc.hpp>
#include <kern/sc.hpp>
#include <kern/sched.hpp>
#include <kern/thread.hpp>

namespace kern {

Tcb* current_tcb = nullptr;

bool is_idle_thread(const Tcb& tcb) { return tcb.state == ThreadState::IdleThreadState; }

void suspend(Tcb& t) {
    cancel_ipc(t);
    // A Running thread resumes at NextIP; remember that as its restart
    // point, since whoever resumes it will make it Restart.
    if (t.state == ThreadState::Running) t.context.set_fault_ip(t.context.next_ip());
    sched::set_thread_state(t, ThreadState::Inactive);
    sched::dequeue(t);
    sched::release_remove(t);
    sc::cancel_yield_to(t);
}

void restart(Tcb& t) {
    if (!is_stopped(t.state)) return;
    cancel_ipc(t);
    sched::set_thread_state(t, ThreadState::Restart);
    sched::wake_unblock_check(t.sc);
    sched::resume_sc(t.sc);
    if (sched::is_schedulable(t)) sched::possible_switch_to(t);
}

seL4_IPCBuffer* ipc_buffer_of(Tcb& tcb, bool receiver) {
    const Cap& cap = tcb.slot(TcbSlot::Buffer).cap;
    if (cap.type() != CapType::Frame) return nullptr;
    const FrameCap frame = cap.as<FrameCap>();
    if (frame.is_device()) return nullptr;
    const VmRights rights = frame.rights();
    if (rights == VmRights::KernelOnly || (receiver && rights != VmRights::ReadWrite)) return nullptr;
    const word_t offset = tcb.ipc_buffer & ((word_t{1} << frame_size_bits(frame.size())) - 1);
    return phys_to_virt<seL4_IPCBuffer>(frame.base() + offset);
}

}  // namespace kern
