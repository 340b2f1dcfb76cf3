// SPDX-License-Identifier: BSD-2-Clause
// Helper processes (sel4test's helper process: a thread with a CSpace and a
// VSpace of its own). The process's VSpace root gets an ASID from a given
// pool and the root task's image is shared into it: every frame of the image
// is mapped at its own address (code, data, the root task's stack, and of the
// helper pools of thread.hpp only its own entry), so a process runs any
// function of the suite and its globals are the root task's. Its CNode has the root CNode's shape
// (radix and guard), so a CPtr names the same slot in both; it holds copies
// of the helper's own caps (TCB, completion notification, reply object) and
// of the caps the test shares with it, at the indices they have in the root
// CNode. Anything else the process names through a CPtr is an empty slot.
#pragma once

#include <sel4/sel4.h>

#include "test.hpp"
#include "thread.hpp"

namespace tessera_test {

struct HelperProcess {
    HelperThread thread;
    seL4_CPtr memory = 0;  // an untyped the CNode, VSpace and page tables come from
    seL4_CPtr cnode = 0;
    seL4_CPtr vspace = 0;
    static constexpr unsigned max_frames = 1024;
    static constexpr unsigned max_tables = 32;
    seL4_CPtr frames[max_frames] = {};  // copies of the image's frame caps, mapped in `vspace`
    unsigned frame_count = 0;
    seL4_CPtr tables[max_tables] = {};
    unsigned table_count = 0;
    seL4_CPtr extra_slots[8] = {};  // other caps the process was given, freed with it
    unsigned extra_count = 0;
};

// seL4_CNode_CapData of the process's CNode cap (its guard), for a
// TCB_SetSpace that moves a thread into the process.
inline constexpr seL4_Word process_cnode_guard_data = seL4_WordBits - 12;

// Creates the process (not started) at `priority`; its VSpace root is
// assigned an ASID from `asid_pool`. False (and a recorded failure) if
// anything runs out.
bool create_helper_process(Env& env, HelperProcess* p, seL4_Word priority = test_priority - 1,
                           seL4_CPtr asid_pool = seL4_CapInitThreadASIDPool);
// Copies `cap` (a slot of the root CNode) into the process's CNode at the
// same index, with `rights`.
bool share_cap(HelperProcess* p, seL4_CPtr cap, seL4_CapRights_t rights = seL4_AllRights);
// Maps a fresh 4 KiB frame at `va` in the process's VSpace (a page only it
// sees); false on failure.
bool map_private_page(HelperProcess* p, seL4_Word va);
// Stops the process and frees everything it had.
void cleanup_helper_process(Env& env, HelperProcess* p);

// Storage for a HelperProcess (too big for the root task's stack), or null
// when all are taken; release_process_storage gives it back.
HelperProcess* take_process_storage();
void release_process_storage(HelperProcess* p);

// A helper process cleaned up at the end of its scope.
class Process {
public:
    Process() = default;
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;
    ~Process() { cleanup(); }
    bool create(Env& env, seL4_Word priority = test_priority - 1, seL4_CPtr pool = seL4_CapInitThreadASIDPool) {
        cleanup();
        p_ = take_process_storage();
        if (p_ == nullptr) {
            record_failure(__FILE__, __LINE__, "too many helper processes at once");
            return false;
        }
        env_ = &env;
        return create_helper_process(env, p_, priority, pool);
    }
    bool share(seL4_CPtr cap, seL4_CapRights_t rights = seL4_AllRights) { return share_cap(p_, cap, rights); }
    bool map_private(seL4_Word va) { return map_private_page(p_, va); }
    void start(HelperFunction fn, seL4_Word a0 = 0, seL4_Word a1 = 0, seL4_Word a2 = 0, seL4_Word a3 = 0) {
        start_helper(*env_, &p_->thread, fn, a0, a1, a2, a3);
    }
    seL4_Word wait() { return wait_for_helper(&p_->thread); }
    void cleanup() {
        if (p_ != nullptr) {
            cleanup_helper_process(*env_, p_);
            release_process_storage(p_);
        }
        p_ = nullptr;
        env_ = nullptr;
    }
    seL4_CPtr tcb() const { return p_->thread.tcb; }
    seL4_CPtr reply() const { return p_->thread.reply; }
    HelperThread& thread() { return p_->thread; }

private:
    HelperProcess* p_ = nullptr;
    Env* env_ = nullptr;
};

}  // namespace tessera_test
