// SPDX-License-Identifier: BSD-2-Clause
// The running thread, and the kernel's view of a thread's IPC buffer.
#pragma once

#include <sel4/shared_types.h>

#include <kern/object/tcb.hpp>

namespace kern {

Tcb* current_thread();
void set_current_thread(Tcb* tcb);
// The kernel's idle thread runs no user code: the arch waits for an
// interrupt instead of returning to user mode.
bool is_idle_thread(const Tcb& tcb);

// The thread's IPC buffer seen through the kernel window, or nullptr when it
// has none usable (sel4-abi.md §2.3): the Buffer slot must hold a non-device
// frame cap with Read+Write (`receiver`) or at least Read access to
// the buffer (sender), and the address is taken modulo the frame size.
seL4_IPCBuffer* ipc_buffer_of(Tcb& tcb, bool receiver);

}  // namespace kern
