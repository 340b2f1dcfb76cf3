// SPDX-License-Identifier: BSD-2-Clause
#include <kern/thread.hpp>

namespace kern {

namespace {
Tcb* current = nullptr;
}

Tcb* current_thread() { return current; }
void set_current_thread(Tcb* tcb) { current = tcb; }
bool is_idle_thread(const Tcb& tcb) { return tcb.state == ThreadState::IdleThreadState; }

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
