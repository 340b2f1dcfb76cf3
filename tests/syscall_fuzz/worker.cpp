// SPDX-License-Identifier: BSD-2-Clause
// A worker thread: random operations for ever, each counted in its
// progress counter, which the supervisor watches. The supervisor starts it
// here with its index in the first argument register.
#include "fuzz.hpp"

namespace fuzz {

bool selftest_lost_thread;

[[noreturn]] void worker_main(seL4_Word index) {
    WorkerShared& w = workers[index];
    Rng rng{w.seed};
    for (;;) {
        if (selftest_lost_thread && index == worker_count - 1 && w.progress >= 100 && !w.self_exposed) {
            selftest_lost_thread = false;
            // The harness self-check: this worker stops itself without
            // telling the supervisor, as a kernel that lost a thread would
            // look; the run must fail with a lost thread.
            const seL4_Word args[4] = {};
            (void)ring_begin(w, Op::Invoke, own_tcb_slot, cap_tag_thread, TCBSuspend, 0, 0, args);
            (void)seL4_TCB_Suspend(own_tcb_slot);
        }
        one_call(w, rng);
        w.progress = w.progress + 1;
    }
}

}  // namespace fuzz
