// SPDX-License-Identifier: BSD-2-Clause
// Properties of the refill arithmetic (kern/refill.hpp) over long
// pseudo-random runs with fixed seeds: the invariants of sel4-mcs.md §4.1
// hold after every operation.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>

#include <kern/refill.hpp>

#include "refill_support.hpp"

namespace {

using namespace refill_test;

// Refills are in release order and do not overlap (sel4-mcs.md §4.5, §4.6).
void expect_ordered(const SchedContext& sc) {
    const Refills refills = contents(sc);
    for (std::size_t i = 0; i + 1 < refills.size(); ++i) {
        ASSERT_LE(refills[i].release_time + refills[i].amount, refills[i + 1].release_time)
            << "refill " << i << " overlaps the next";
    }
}

// A thread on a sporadic SC runs, is charged, yields, blocks and wakes, and
// is sometimes reconfigured; the sum of the refills must stay the
// configured budget and the head must keep MIN_BUDGET after each charge.
template <unsigned SizeBits>
void run_sporadic_property(std::uint64_t seed) {
    ScObject<SizeBits> object;
    SchedContext& sc = object.sc();
    std::mt19937_64 random(seed);
    auto pick = [&random](ticks_t low, ticks_t high) {
        return std::uniform_int_distribution<ticks_t>(low, high)(random);
    };

    ticks_t budget = 1000;
    ticks_t period = 5000;
    ticks_t now = 0;
    refill::reset(sc, ScObject<SizeBits>::slots, budget, period, now);

    int full_steps = 0;
    for (int step = 0; step < 20000; ++step) {
        SCOPED_TRACE(testing::Message() << "seed " << seed << " step " << step);
        // Wait for the next release, and sometimes block for a while.
        if (!refill::ready(sc, now)) now = refill::head(sc).release_time;
        if (pick(0, 1) == 0) now += pick(0, period / 4);
        if (pick(0, 1) == 0) {
            EXPECT_TRUE(refill::unblock_check(sc, now));
            ASSERT_TRUE(refill::sufficient(sc, 0));
        }

        const ticks_t action = pick(0, 99);
        if (action < 1) {
            budget = pick(kern::min_budget, 3000);
            period = pick(budget, 8000);
            refill::update(sc, period, budget, pick(kern::min_refills, ScObject<SizeBits>::slots), now);
        } else if (action < 15) {
            refill::budget_check(sc, refill::head(sc).amount);  // Yield
        } else {
            // Short bursts (many small refills, so the buffer fills up), then
            // any part of the head, then overruns across several refills.
            const ticks_t head_amount = refill::head(sc).amount;
            const ticks_t usage = action < 50   ? pick(0, head_amount / 4)
                                  : action < 80 ? pick(0, head_amount)
                                                : pick(0, 2 * budget);
            refill::budget_check(sc, usage);
            now += usage;
            ASSERT_GE(refill::head(sc).amount, kern::min_budget);
        }
        ASSERT_EQ(refill::total(sc), budget);
        ASSERT_LE(refill::size(sc), sc.refill_max);
        ASSERT_LT(sc.refill_head, sc.refill_max);
        ASSERT_LT(sc.refill_tail, sc.refill_max);
        ASSERT_NO_FATAL_FAILURE(expect_ordered(sc));
        if (refill::full(sc)) ++full_steps;
    }
    // The run must reach full buffers, or schedule_used's tail delay went untested.
    EXPECT_GT(full_steps, 100);
}

TEST(RefillProperty, SporadicTotalStaysTheBudgetWithTwoRefills) { run_sporadic_property<7>(0x5eed'0001); }
TEST(RefillProperty, SporadicTotalStaysTheBudgetWithTenRefills) { run_sporadic_property<8>(0x5eed'0002); }

TEST(RefillProperty, RoundRobinTotalStaysTheBudget) {
    Small object;
    SchedContext& sc = object.sc();
    std::mt19937_64 random(0x5eed'0003);
    refill::reset(sc, 2, 1000, 0, 0);
    for (int step = 0; step < 10000; ++step) {
        if (refill::sufficient(sc, 0) && random() % 4 != 0) {
            const ticks_t usage = random() % (refill::capacity(sc, 0) + 1);
            refill::round_robin_commit(sc, usage);
            EXPECT_EQ(refill::tail(sc).amount, 1000 - refill::head(sc).amount);
        } else {
            refill::round_robin_refresh(sc);
            EXPECT_EQ(contents(sc), (Refills{{0, 1000}, {0, 0}}));
        }
        ASSERT_EQ(refill::total(sc), 1000u);
        ASSERT_EQ(refill::size(sc), 2u);
    }
}

}  // namespace
