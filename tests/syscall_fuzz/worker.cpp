// SPDX-License-Identifier: BSD-2-Clause
// A worker thread: random operations for ever, each counted in its
// progress counter, which the supervisor watches. The supervisor starts it
// here with its index in the first argument register.
#include "fuzz.hpp"

namespace fuzz {

[[noreturn]] void worker_main(seL4_Word index) {
    WorkerShared& w = workers[index];
    Rng rng{w.seed};
    for (;;) {
        one_call(w, rng);
        w.progress = w.progress + 1;
    }
}

}  // namespace fuzz
