// SPDX-License-Identifier: BSD-2-Clause
// The running thread, and the kernel's view of a thread's IPC buffer.
#pragma once

#include <sel4/shared_types.h>

#include <kern/object/tcb.hpp>

namespace kern {

// ksCurThread. Inline: every kernel entry reads it several times.
extern Tcb* current_tcb;
inline Tcb* current_thread() { return current_tcb; }
inline void set_current_thread(Tcb* tcb) { current_tcb = tcb; }
// The kernel's idle thread runs no user code: the arch waits for an
// interrupt instead of returning to user mode.
bool is_idle_thread(const Tcb& tcb);

// seL4 suspend (sel4-mcs.md §7.3): cancel its IPC, leave the scheduler's
// queues, drop a pending YieldTo; Inactive. Its SC stays bound.
void suspend(Tcb& t);
// seL4 restart: a stopped thread (Inactive or blocked) re-executes the
// system call it was in; it runs if it has an SC with budget.
void restart(Tcb& t);

// The thread's IPC buffer seen through the kernel window, or nullptr when it
// has none usable (sel4-abi.md §2.3): the Buffer slot must hold a non-device
// frame cap with Read+Write (`receiver`) or at least Read access to
// the buffer (sender), and the address is taken modulo the frame size.
seL4_IPCBuffer* ipc_buffer_of(Tcb& tcb, bool receiver);

// Word indices in seL4_IPCBuffer (sel4-abi.md §3.2): MR i is word 1 + i.
inline constexpr unsigned ipc_buffer_caps_word = 122;  // caps_or_badges[0..2]
inline constexpr unsigned ipc_buffer_receive_cnode_word = 125;
inline constexpr unsigned ipc_buffer_receive_index_word = 126;
inline constexpr unsigned ipc_buffer_receive_depth_word = 127;
static_assert(offsetof(seL4_IPCBuffer, caps_or_badges) == ipc_buffer_caps_word * sizeof(word_t));
static_assert(offsetof(seL4_IPCBuffer, receiveCNode) == ipc_buffer_receive_cnode_word * sizeof(word_t));

}  // namespace kern
