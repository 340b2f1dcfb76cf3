// SPDX-License-Identifier: BSD-2-Clause
// Helper threads for on-target tests, shaped like sel4test's helper-thread
// API (create_helper_thread, start_helper, wait_for_helper, cleanup_helper):
// a thread in the root task's CSpace and VSpace with its own TCB, scheduling
// context (unless passive), stack, TLS block and IPC buffer, made only with
// the libsel4 + sel4runtime API, as any seL4 program makes one.
//
// A helper's IPC buffer is a page the root task's image already maps (a
// page-aligned page of its .bss, the frame cap from BootInfo's
// userImageFrames), so helpers need no mapping of their own; helper
// processes (process.hpp) share the same pages.
#pragma once

#include <sel4/sel4.h>

#include "test.hpp"

namespace tessera_test {

// The priority the driver runs tests at (sel4test's OUR_PRIO): helpers can
// be made above and below it.
inline constexpr seL4_Word test_priority = 200;
// A helper's round-robin budget (= period), in µs.
inline constexpr seL4_Word helper_budget_us = CONFIG_BOOT_THREAD_TIME_SLICE * 1000;

using HelperFunction = seL4_Word (*)(seL4_Word, seL4_Word, seL4_Word, seL4_Word);

struct HelperThread {
    seL4_CPtr tcb = 0;
    seL4_CPtr sc = 0;    // 0: the thread is passive (no scheduling context)
    seL4_CPtr done = 0;  // notification the thread signals when its function returned
    seL4_CPtr reply = 0; // a reply object for the thread's own receives (sel4test's thread.reply)
    seL4_Word priority = 0;
    int pool_index = -1;  // stack / IPC buffer / TLS block in use
    // Filled by start_helper; read by the thread itself.
    HelperFunction function = nullptr;
    seL4_Word args[4] = {};
    seL4_Word result = 0;
    seL4_Word ipc_buffer = 0;  // user address of its IPC buffer
};

// A thread at `priority` (default test_priority - 1) with a round-robin SC
// of helper_budget_us, or no SC when `passive`. Fails the test (fatal) if
// objects run out.
bool create_helper_thread(Env& env, HelperThread* t, seL4_Word priority = test_priority - 1, bool passive = false);
// Starts `fn(a0, a1, a2, a3)` in the thread (seL4_TCB_Resume).
void start_helper(Env& env, HelperThread* t, HelperFunction fn, seL4_Word a0 = 0, seL4_Word a1 = 0,
                  seL4_Word a2 = 0, seL4_Word a3 = 0);
// Waits for the function to return and gives its result.
seL4_Word wait_for_helper(HelperThread* t);
// Stops the thread and frees everything it had.
void cleanup_helper(Env& env, HelperThread* t);
void set_helper_priority(Env& env, HelperThread* t, seL4_Word priority);
// The maximum controlled priority of a helper (authority: the root task).
void set_helper_mcp(Env& env, HelperThread* t, seL4_Word mcp);
// sel4test's set_helper_sched_params: reconfigures the helper's SC with a
// budget and period in µs and the SC's data word (`badge`, the MR0 of its
// timeout faults); budget < period gets the most extra refills the SC holds.
seL4_Error set_helper_sched_params(Env& env, HelperThread* t, seL4_Word budget_us, seL4_Word period_us,
                                   seL4_Word badge = 0);
// sel4test's create_passive_thread: creates and starts `fn(ep, a1, a2, a3)`,
// waits on `ep` until the thread reports it is initialised (it must send
// there, then block), and takes its SC away (SchedContext_Unbind). The SC
// stays in t->sc, unbound. False (and a recorded failure) if any step fails.
bool create_passive_thread(Env& env, HelperThread* t, HelperFunction fn, seL4_CPtr ep, seL4_Word a1 = 0,
                           seL4_Word a2 = 0, seL4_Word a3 = 0);

// sel4test's restart_after_syscall: moves a helper stopped in a system
// call past the syscall instruction (ReadRegisters reports its address)
// and resumes it there, as if the call had returned.
void restart_after_syscall(HelperThread* t);

// sel4utils' thread checkpoint: a helper's registers and the used part of
// its stack, taken while it is blocked, so that it can later be reset to
// exactly that point (the registers go back with a TCB write or a
// TimeoutReply, the stack with restore_helper_stack).
struct HelperCheckpoint {
    static constexpr unsigned max_stack_bytes = 2048;
    seL4_UserContext regs;
    seL4_Word sp;
    seL4_Word stack_bytes;
    alignas(16) unsigned char stack[max_stack_bytes];
};
// Reads the registers (without suspending) and copies the stack from the
// stack pointer to its top; false (and a recorded failure) if that fails.
bool checkpoint_helper(const HelperThread* t, HelperCheckpoint* cp);
void restore_helper_stack(const HelperCheckpoint* cp);

// The frame cap of a page of the root task's image (BootInfo.userImageFrames
// lists them by address), or 0 if `page` is not in the image.
seL4_CPtr image_frame_cap(const seL4_BootInfo* bootinfo, const void* page);

// Which helper the page at `page` (page aligned) of the helper pools
// (IPC buffers, stacks, TLS blocks) belongs to: its pool_index, or -1 for a
// page outside the pools.
int helper_pool_owner(seL4_Word page);

// The SchedControl cap of core 0.
seL4_CPtr sched_control(const Env& env);

}  // namespace tessera_test
