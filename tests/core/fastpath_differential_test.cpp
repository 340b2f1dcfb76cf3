// SPDX-License-Identifier: BSD-2-Clause
// The IPC fast path (kern/fastpath.hpp) against the general path on the
// random sequences of the IPC differential test (ipc_differential_test.cpp,
// tests/core/model/ipc_sequence.hpp): each seed runs once with the fast path
// and once without, the clock advancing a little at every step so that
// billing is exercised, and after every call the two kernels' whole states
// (every field of every thread, SC, reply object, endpoint and notification,
// the IPC buffers, the scheduler's queues, clock and unbilled time) must be
// identical. Both runs are also checked against the model as usual.
#include "core/model/ipc_sequence.hpp"

namespace {

using namespace ipc_differential;

// The fast path against the general path: the same seed, one run each way,
// the whole kernel state equal after every call. The fast path must have
// been taken (and refused) often enough for the comparison to mean something.
TEST(IpcDifferentialTest, FastPathLeavesTheSameStateAsTheGeneralPath) {
    constexpr word us_per_step = 1;  // a sequence's calls stay far inside every SC's budget
    std::map<kern::fastpath::Refusal, unsigned> outcomes;
    for (word seed = 0; seed < 16; ++seed) {
        const unsigned steps = steps_for(seed);
        RunStats ignored;
        std::vector<std::string> slow_states;
        std::vector<std::string> fast_states;
        {
            Sequence slow(seed, false, false, us_per_step, &slow_states);
            ASSERT_EQ(slow.run(steps, ignored), "") << "general path, seed " << seed;
        }
        {
            Sequence fast(seed, false, true, us_per_step, &fast_states);
            ASSERT_EQ(fast.run(steps, ignored), "") << "fast path, seed " << seed;
            for (const auto& [r, n] : fast.fastpath_outcomes()) outcomes[r] += n;
        }
        ASSERT_EQ(slow_states.size(), fast_states.size()) << "seed " << seed;
        for (std::size_t i = 0; i < slow_states.size(); ++i)
            ASSERT_EQ(slow_states[i], fast_states[i]) << "TESSERA_SEED=" << seed << ", call " << i + 1
                                                      << " (set-up included)";
    }
    EXPECT_GT(outcomes[kern::fastpath::Refusal::Taken], 200u);
    EXPECT_GT(outcomes.size(), 5u) << "too few different refusals";
    if (std::getenv("TESSERA_IPC_DIFFERENTIAL_STATS") != nullptr)
        for (const auto& [r, n] : outcomes) std::printf("fast path outcome %u: %u\n", unsigned(r), n);
}

}  // namespace
