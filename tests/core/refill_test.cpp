// SPDX-License-Identifier: BSD-2-Clause
// Refill arithmetic of scheduling contexts (kern/refill.hpp) against
// sel4-mcs.md §4.1, §4.5, §4.6 and §9.3. Every expected buffer is worked out
// by hand in the comments; the host clock is RISC-V's 10 MHz, so
// min_budget is 200 ticks.
#include <gtest/gtest.h>

#include <arch/machine.hpp>
#include <kern/refill.hpp>

#include "refill_support.hpp"

namespace {

using namespace refill_test;

// ---------------------------------------------------------------- buffer

TEST(Refill, SizeSingleFullWithWrapAround) {
    Large object;
    SchedContext& sc = object.sc();
    object.set(10, 5000, 3, {{0, 1000}});
    EXPECT_EQ(refill::size(sc), 1u);
    EXPECT_TRUE(refill::single(sc));
    EXPECT_FALSE(refill::full(sc));

    // Slots 8, 9, 0, 1.
    object.set(10, 5000, 8, {{0, 250}, {1000, 250}, {2000, 250}, {3000, 250}});
    EXPECT_EQ(sc.refill_tail, 1u);
    EXPECT_EQ(refill::size(sc), 4u);
    EXPECT_FALSE(refill::single(sc));
    EXPECT_EQ(refill::head(sc), (Refill{0, 250}));
    EXPECT_EQ(refill::tail(sc), (Refill{3000, 250}));
    EXPECT_EQ(refill::total(sc), 1000u);

    // Head 5, tail 4: all ten slots.
    Refills ten;
    for (ticks_t i = 0; i < 10; ++i) ten.push_back({i * 1000, 100});
    object.set(10, 20000, 5, ten);
    EXPECT_EQ(sc.refill_tail, 4u);
    EXPECT_EQ(refill::size(sc), 10u);
    EXPECT_TRUE(refill::full(sc));
    EXPECT_EQ(refill::total(sc), 1000u);

    // A max below the object's capacity counts as full at max.
    object.set(3, 5000, 2, {{0, 400}, {1000, 300}, {2000, 300}});
    EXPECT_EQ(sc.refill_tail, 1u);
    EXPECT_TRUE(refill::full(sc));
}

TEST(Refill, InactiveScHasNoRefills) {
    Large object;
    EXPECT_FALSE(object.sc().active());
    EXPECT_EQ(refill::size(object.sc()), 0u);
    EXPECT_EQ(refill::total(object.sc()), 0u);
}

TEST(Refill, ReadyCapacitySufficient) {
    Large object;
    SchedContext& sc = object.sc();
    object.set(10, 5000, 0, {{100, 500}, {5000, 500}});
    EXPECT_FALSE(refill::ready(sc, 99));
    EXPECT_TRUE(refill::ready(sc, 100));
    EXPECT_TRUE(refill::ready(sc, 101));

    EXPECT_EQ(refill::capacity(sc, 0), 500u);
    EXPECT_EQ(refill::capacity(sc, 300), 200u);
    EXPECT_EQ(refill::capacity(sc, 500), 0u);
    EXPECT_EQ(refill::capacity(sc, 501), 0u);
    EXPECT_EQ(refill::capacity(sc, UINT64_MAX), 0u);

    // Capacity exactly MIN_BUDGET is sufficient (sel4-mcs.md §4.1).
    EXPECT_TRUE(refill::sufficient(sc, 0));
    EXPECT_TRUE(refill::sufficient(sc, 300));
    EXPECT_FALSE(refill::sufficient(sc, 301));
    EXPECT_FALSE(refill::sufficient(sc, 600));
}

// ---------------------------------------------------------------- refill_new

TEST(Refill, ResetSporadic) {
    Large object;
    SchedContext& sc = object.sc();
    object.set(10, 7000, 6, {{1, 100}, {2, 100}, {3, 800}});  // any earlier state
    refill::reset(sc, 4, 1000, 5000, 42);
    EXPECT_TRUE(sc.active());
    EXPECT_EQ(sc.refill_max, 4u);
    EXPECT_EQ(sc.period, 5000u);
    EXPECT_EQ(sc.refill_head, 0u);
    EXPECT_EQ(sc.refill_tail, 0u);
    EXPECT_EQ(contents(sc), (Refills{{42, 1000}}));
}

TEST(Refill, ResetRoundRobinAddsEmptyTail) {
    Small object;
    SchedContext& sc = object.sc();
    refill::reset(sc, 2, 1000, 0, 42);
    EXPECT_TRUE(sc.round_robin());
    EXPECT_EQ(sc.refill_head, 0u);
    EXPECT_EQ(sc.refill_tail, 1u);
    EXPECT_TRUE(refill::full(sc));
    EXPECT_EQ(contents(sc), (Refills{{42, 1000}, {42, 0}}));
    EXPECT_EQ(refill::total(sc), 1000u);
}

// ---------------------------------------------------------------- round-robin

TEST(Refill, RoundRobinCommitMovesTimeToTheTail) {
    Small object;
    SchedContext& sc = object.sc();
    refill::reset(sc, 2, 1000, 0, 0);
    refill::round_robin_commit(sc, 300);
    EXPECT_EQ(contents(sc), (Refills{{0, 700}, {0, 300}}));
    refill::round_robin_commit(sc, 200);
    EXPECT_EQ(contents(sc), (Refills{{0, 500}, {0, 500}}));
    refill::round_robin_commit(sc, 0);
    EXPECT_EQ(contents(sc), (Refills{{0, 500}, {0, 500}}));
    EXPECT_EQ(refill::total(sc), 1000u);
}

TEST(Refill, RoundRobinRefreshGivesAFullSlice) {
    Small object;
    SchedContext& sc = object.sc();
    refill::reset(sc, 2, 1000, 0, 10);
    refill::round_robin_commit(sc, 650);
    refill::round_robin_refresh(sc);
    EXPECT_EQ(contents(sc), (Refills{{10, 1000}, {10, 0}}));
    refill::round_robin_refresh(sc);  // nothing used: unchanged
    EXPECT_EQ(contents(sc), (Refills{{10, 1000}, {10, 0}}));
}

TEST(Refill, RoundRobinCommitNeverBillsMoreThanTheSlice) {
    // Out of contract (commits follow a sufficient() check): the head is
    // emptied instead of wrapping, so the sum stays the budget.
    Small object;
    SchedContext& sc = object.sc();
    refill::reset(sc, 2, 1000, 0, 0);
    refill::round_robin_commit(sc, 500);
    refill::round_robin_commit(sc, 800);
    EXPECT_EQ(contents(sc), (Refills{{0, 0}, {0, 1000}}));
    refill::round_robin_refresh(sc);
    EXPECT_EQ(contents(sc), (Refills{{0, 1000}, {0, 0}}));
}

// ---------------------------------------------------------------- schedule_used

TEST(Refill, ScheduleUsedMergesTouchingAndOverlapping) {
    Large object;
    SchedContext& sc = object.sc();
    object.set(10, 5000, 0, {{0, 700}, {1000, 300}});
    refill::schedule_used(sc, {1300, 100});  // 1000 + 300 >= 1300: touching
    EXPECT_EQ(contents(sc), (Refills{{0, 700}, {1000, 400}}));
    refill::schedule_used(sc, {1200, 50});  // overlapping: tail keeps its time
    EXPECT_EQ(contents(sc), (Refills{{0, 700}, {1000, 450}}));
}

TEST(Refill, ScheduleUsedAppendsAfterAGap) {
    Large object;
    SchedContext& sc = object.sc();
    object.set(10, 5000, 9, {{0, 600}, {1000, 300}});  // tail in slot 0
    refill::schedule_used(sc, {1301, 100});
    EXPECT_EQ(sc.refill_tail, 1u);
    EXPECT_EQ(contents(sc), (Refills{{0, 600}, {1000, 300}, {1301, 100}}));
}

TEST(Refill, ScheduleUsedDelaysTheTailOfAFullBuffer) {
    Small object;
    SchedContext& sc = object.sc();
    object.set(2, 5000, 0, {{0, 500}, {1000, 300}});
    refill::schedule_used(sc, {2000, 200});
    // tail.rTime = 2000 - 300; it now ends at 2200, where {2000, 200} would.
    EXPECT_EQ(contents(sc), (Refills{{0, 500}, {1700, 500}}));
}

// ---------------------------------------------------------------- budget_check

TEST(Refill, BudgetCheckSmallerThanHeadSplitsItThenMergesIntoTheTail) {
    Large object;
    SchedContext& sc = object.sc();
    refill::reset(sc, 10, 1000, 5000, 0);
    // Partial: used {0 + 5000, 300}; head {300, 700}; appended (700 + 300 < 5000).
    refill::budget_check(sc, 300);
    EXPECT_EQ(contents(sc), (Refills{{300, 700}, {5000, 300}}));
    // Partial again: used {300 + 5000, 200} starts where the tail ends
    // (5000 + 300) and merges; head {500, 500}.
    refill::budget_check(sc, 200);
    EXPECT_EQ(contents(sc), (Refills{{500, 500}, {5000, 500}}));
    EXPECT_EQ(refill::total(sc), 1000u);
}

TEST(Refill, BudgetCheckZeroChangesNothing) {
    Large object;
    SchedContext& sc = object.sc();
    object.set(10, 5000, 0, {{300, 700}, {5000, 300}});
    refill::budget_check(sc, 0);
    EXPECT_EQ(contents(sc), (Refills{{300, 700}, {5000, 300}}));
}

TEST(Refill, BudgetCheckEqualToASingleHeadMovesItOnePeriod) {
    Large object;
    SchedContext& sc = object.sc();
    refill::reset(sc, 10, 1000, 5000, 0);
    // `<=`: charged whole in the overrun loop, not as a partial of 0 left.
    refill::budget_check(sc, 1000);
    EXPECT_EQ(contents(sc), (Refills{{5000, 1000}}));
}

TEST(Refill, BudgetCheckEqualToHeadPopsAndReschedulesIt) {
    Large object;
    SchedContext& sc = object.sc();
    object.set(10, 5000, 0, {{0, 400}, {2000, 600}});
    // Pop {0, 400} -> {5000, 400}; tail {2000, 600} ends at 2600 < 5000: append.
    refill::budget_check(sc, 400);
    EXPECT_EQ(contents(sc), (Refills{{2000, 600}, {5000, 400}}));
}

TEST(Refill, BudgetCheckEqualToHeadOfAFullBufferFreesItsSlotFirst) {
    Small object;
    SchedContext& sc = object.sc();
    object.set(2, 5000, 0, {{0, 600}, {3000, 400}});
    // `<=`: the exhausted head is popped before it is rescheduled, so there is
    // a free slot for {5000, 600} and the tail is not delayed. (Charged as a
    // partial, it would have delayed the tail to {4600, 1000}.)
    refill::budget_check(sc, 600);
    EXPECT_EQ(contents(sc), (Refills{{3000, 400}, {5000, 600}}));
}

TEST(Refill, BudgetCheckSpanningSeveralRefills) {
    Large object;
    SchedContext& sc = object.sc();
    object.set(10, 5000, 8, {{0, 300}, {1000, 300}, {2000, 400}});
    refill::budget_check(sc, 700);
    // Pop {0,300} -> {5000,300} appended (2400 < 5000), 400 left;
    // pop {1000,300} -> {6000,300} appended (5300 < 6000), 100 left;
    // partial on {2000,400}: used {7000,100} appended (6300 < 7000), head {2100,300}.
    EXPECT_EQ(contents(sc), (Refills{{2100, 300}, {5000, 300}, {6000, 300}, {7000, 100}}));
    EXPECT_EQ(refill::total(sc), 1000u);
}

TEST(Refill, BudgetCheckWithAFullBufferDelaysTheTail) {
    Small object;
    SchedContext& sc = object.sc();
    object.set(2, 5000, 1, {{0, 600}, {3000, 400}});
    // Partial: used {5000, 100}, head {100, 500}; tail {3000, 400} ends at
    // 3400 < 5000 and there is no free slot: tail {5000 - 400, 500}.
    refill::budget_check(sc, 100);
    EXPECT_EQ(contents(sc), (Refills{{100, 500}, {4600, 500}}));
    EXPECT_EQ(refill::total(sc), 1000u);
}

TEST(Refill, BudgetCheckMergesASmallNewHeadForward) {
    Large object;
    SchedContext& sc = object.sc();
    object.set(10, 5000, 0, {{0, 250}, {1000, 150}, {2000, 600}});
    // Pop {0,250} -> {5000,250} appended. New head {1000,150} < 200: folded
    // into {2000,600}, which starts 150 earlier: {1850, 750}.
    refill::budget_check(sc, 250);
    EXPECT_EQ(contents(sc), (Refills{{1850, 750}, {5000, 250}}));
}

TEST(Refill, BudgetCheckPartialLeavingTooLittleMergesTheHeadAway) {
    Large object;
    SchedContext& sc = object.sc();
    refill::reset(sc, 10, 1000, 5000, 0);
    // Partial: head {900, 100}, used {5000, 900} appended; the head is below
    // MIN_BUDGET and folds into it: {5000 - 100, 1000}, which ends at 5900
    // like the used refill did.
    refill::budget_check(sc, 900);
    EXPECT_EQ(contents(sc), (Refills{{4900, 1000}}));
}

TEST(Refill, BudgetCheckLeavingExactlyMinBudgetKeepsTheHead) {
    Large object;
    SchedContext& sc = object.sc();
    refill::reset(sc, 10, 1000, 5000, 0);
    refill::budget_check(sc, 800);
    EXPECT_EQ(contents(sc), (Refills{{800, 200}, {5000, 800}}));
}

TEST(Refill, BudgetCheckStopsAtMaxReleaseTime) {
    Large object;
    SchedContext& sc = object.sc();
    const ticks_t limit = kern::max_release_time;
    object.set(10, 5000, 0, {{limit, 1000}});
    refill::budget_check(sc, 5000);  // neither loop nor partial may move it
    EXPECT_EQ(contents(sc), (Refills{{limit, 1000}}));

    // One period pushes the head past the limit; the rest of an enormous
    // usage is dropped instead of walking release times towards 2^64.
    object.set(10, 5000, 0, {{limit - 1, 1000}});
    refill::budget_check(sc, UINT64_MAX);
    EXPECT_EQ(contents(sc), (Refills{{limit + 4999, 1000}}));
}

// ---------------------------------------------------------------- Yield (§9.3)

TEST(Refill, YieldWithASingleRefillMovesItOnePeriod) {
    Large object;
    SchedContext& sc = object.sc();
    object.set(10, 5000, 4, {{1200, 1000}});
    refill::budget_check(sc, refill::head(sc).amount);
    EXPECT_EQ(contents(sc), (Refills{{6200, 1000}}));
}

TEST(Refill, YieldWithSeveralRefills) {
    Large object;
    SchedContext& sc = object.sc();
    object.set(10, 5000, 0, {{0, 400}, {2000, 100}, {3000, 500}});
    refill::budget_check(sc, refill::head(sc).amount);
    // Pop {0,400} -> {5000,400} appended (3500 < 5000); new head {2000,100}
    // < 200 folds into {3000,500}: {2900, 600}.
    EXPECT_EQ(contents(sc), (Refills{{2900, 600}, {5000, 400}}));
    EXPECT_EQ(refill::total(sc), 1000u);
}

TEST(Refill, YieldMergesIntoATouchingTail) {
    Small object;
    SchedContext& sc = object.sc();
    object.set(2, 5000, 0, {{0, 600}, {4600, 400}});
    // Pop {0,600} -> {5000,600}; {4600,400} ends at 5000: merged.
    refill::budget_check(sc, refill::head(sc).amount);
    EXPECT_EQ(contents(sc), (Refills{{4600, 1000}}));
}

// ---------------------------------------------------------------- unblock_check

TEST(Refill, UnblockCheckFutureHeadDoesNothing) {
    Large object;
    SchedContext& sc = object.sc();
    object.set(10, 5000, 0, {{1000, 500}, {6000, 500}});
    EXPECT_FALSE(refill::unblock_check(sc, 999));
    EXPECT_EQ(contents(sc), (Refills{{1000, 500}, {6000, 500}}));
}

TEST(Refill, UnblockCheckMovesAReadyHeadToNow) {
    Large object;
    SchedContext& sc = object.sc();
    object.set(10, 5000, 0, {{1000, 500}, {6000, 500}});
    EXPECT_TRUE(refill::unblock_check(sc, 1200));
    EXPECT_EQ(contents(sc), (Refills{{1200, 500}, {6000, 500}}));
    EXPECT_TRUE(refill::unblock_check(sc, 1200));  // head.rTime == now is ready
    EXPECT_EQ(contents(sc), (Refills{{1200, 500}, {6000, 500}}));
}

TEST(Refill, UnblockCheckMergesEveryRefillTheHeadNowReaches) {
    Large object;
    SchedContext& sc = object.sc();
    object.set(10, 5000, 9, {{1000, 300}, {2000, 200}, {2500, 500}});
    // Head {2200,300} ends at 2500 >= 2000: {2200,500}, ends at 2700 >= 2500:
    // {2200,1000}.
    EXPECT_TRUE(refill::unblock_check(sc, 2200));
    EXPECT_EQ(contents(sc), (Refills{{2200, 1000}}));
    EXPECT_TRUE(refill::single(sc));
}

TEST(Refill, UnblockCheckStopsAtTheFirstGap) {
    Large object;
    SchedContext& sc = object.sc();
    object.set(10, 5000, 0, {{1000, 300}, {2000, 200}, {3000, 500}});
    // {2200,300} absorbs {2000,200} -> {2200,500}, ends at 2700 < 3000.
    EXPECT_TRUE(refill::unblock_check(sc, 2200));
    EXPECT_EQ(contents(sc), (Refills{{2200, 500}, {3000, 500}}));
}

TEST(Refill, UnblockCheckMergesAnExactlyTouchingRefill) {
    Large object;
    SchedContext& sc = object.sc();
    object.set(10, 5000, 0, {{1000, 300}, {1500, 700}});
    EXPECT_TRUE(refill::unblock_check(sc, 1200));  // {1200,300} ends at 1500
    EXPECT_EQ(contents(sc), (Refills{{1200, 1000}}));
}

TEST(Refill, UnblockCheckIgnoresRoundRobin) {
    Small object;
    SchedContext& sc = object.sc();
    refill::reset(sc, 2, 1000, 0, 10);
    refill::round_robin_commit(sc, 300);
    EXPECT_FALSE(refill::unblock_check(sc, 500));
    EXPECT_EQ(contents(sc), (Refills{{10, 700}, {10, 300}}));
}

// ---------------------------------------------------------------- refill_update

TEST(Refill, UpdateReadyHeadBiggerThanNewBudgetIsCapped) {
    Large object;
    SchedContext& sc = object.sc();
    object.set(10, 5000, 7, {{100, 700}, {5000, 300}});
    refill::update(sc, 2000, 500, 4, 400);
    EXPECT_EQ(sc.period, 2000u);
    EXPECT_EQ(sc.refill_max, 4u);
    EXPECT_EQ(sc.refill_head, 0u);
    EXPECT_EQ(sc.refill_tail, 0u);
    EXPECT_EQ(contents(sc), (Refills{{400, 500}}));
}

TEST(Refill, UpdateReadyHeadEqualToNewBudgetStaysSingle) {
    Large object;
    SchedContext& sc = object.sc();
    object.set(10, 5000, 0, {{100, 700}, {5000, 300}});
    refill::update(sc, 2000, 700, 3, 400);
    EXPECT_EQ(contents(sc), (Refills{{400, 700}}));
}

TEST(Refill, UpdateReadyHeadSmallerThanNewBudgetAddsTheRestOnePeriodLater) {
    Large object;
    SchedContext& sc = object.sc();
    object.set(10, 5000, 9, {{100, 700}, {5000, 300}});
    refill::update(sc, 2000, 900, 3, 400);
    EXPECT_EQ(sc.refill_head, 0u);
    EXPECT_EQ(sc.refill_tail, 1u);
    EXPECT_EQ(contents(sc), (Refills{{400, 700}, {2400, 200}}));
}

TEST(Refill, UpdateFutureHeadKeepsItsReleaseTime) {
    Large object;
    SchedContext& sc = object.sc();
    object.set(10, 5000, 5, {{3000, 600}, {5000, 400}});
    refill::update(sc, 4000, 800, 2, 1000);
    EXPECT_EQ(sc.refill_max, 2u);
    EXPECT_EQ(contents(sc), (Refills{{3000, 600}, {7000, 200}}));

    object.set(10, 5000, 5, {{3000, 600}, {5000, 400}});
    refill::update(sc, 4000, 300, 2, 1000);
    EXPECT_EQ(contents(sc), (Refills{{3000, 300}}));
}

TEST(Refill, UpdateFromRoundRobinDropsTheUsedTail) {
    Small object;
    SchedContext& sc = object.sc();
    refill::reset(sc, 2, 1000, 0, 0);
    refill::round_robin_commit(sc, 300);
    refill::update(sc, 5000, 1000, 2, 50);
    EXPECT_FALSE(sc.round_robin());
    EXPECT_EQ(contents(sc), (Refills{{50, 700}, {5050, 300}}));
}

// ---------------------------------------------------------------- misuse

TEST(Refill, BudgetCheckOnRoundRobinIsAKernelBug) {
    Small object;
    refill::reset(object.sc(), 2, 1000, 0, 0);
    EXPECT_THROW(refill::budget_check(object.sc(), 100), arch::MachineExit);
    arch::host_console().clear();
}

}  // namespace
