// SPDX-License-Identifier: BSD-2-Clause
// The seed handling shared by the randomized differential tests: a run is
// a list of seeds, each one sequence of calls that the test replays against
// the kernel and its reference model.
//
// - TESSERA_SEED=<n> replays that one seed with a step trace (what a failure
//   message asks for);
// - otherwise seeds 1..N run, N from the test's own sequence-count variable
//   (or its default); the first failing seed stops the run;
// - the test's stats variable set to 1 prints the call statistics.
//
// `run_seed(seed, trace, stats)` returns an empty string when the sequence
// agreed with the model, else the failure text (which names the seed).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <string>

namespace model {

struct SeedRun {
    const char* sequences_variable;  // e.g. TESSERA_DIFFERENTIAL_SEQUENCES
    const char* stats_variable;      // e.g. TESSERA_DIFFERENTIAL_STATS
    std::uint64_t default_sequences;
};

inline bool environment_flag(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && std::strcmp(value, "1") == 0;
}

// Runs the seeds of one test run (see above). `summary(sequences, seconds)`
// prints the totals of a full run; it is not called for a replay.
template <typename Stats, typename RunSeed, typename Summary>
void run_seeds(const SeedRun& run, Stats& stats, RunSeed run_seed, Summary summary) {
    if (const char* replay = std::getenv("TESSERA_SEED")) {
        const std::uint64_t seed = std::strtoull(replay, nullptr, 0);
        const std::string failure = run_seed(seed, true, stats);
        EXPECT_TRUE(failure.empty()) << failure;
        if (environment_flag(run.stats_variable)) stats.print();
        return;
    }
    std::uint64_t sequences = run.default_sequences;
    if (const char* count = std::getenv(run.sequences_variable)) sequences = std::strtoull(count, nullptr, 0);
    const auto start = std::chrono::steady_clock::now();
    for (std::uint64_t seed = 1; seed <= sequences; ++seed) {
        const std::string failure = run_seed(seed, false, stats);
        ASSERT_TRUE(failure.empty()) << failure;
    }
    summary(sequences, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (environment_flag(run.stats_variable)) stats.print();
}

// Seeds outside the default range (seeds that once failed are kept here).
template <typename Stats, typename RunSeed>
void run_fixed_seeds(std::initializer_list<std::uint64_t> seeds, Stats& stats, RunSeed run_seed) {
    for (const std::uint64_t seed : seeds) {
        const std::string failure = run_seed(seed, false, stats);
        EXPECT_TRUE(failure.empty()) << failure;
    }
}

}  // namespace model
