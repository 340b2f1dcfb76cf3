// SPDX-License-Identifier: BSD-2-Clause
// The kernel-exit shortcut of the invariant checker (kern/invariants.hpp
// check_at_kernel_exit): exits after which nothing changed skip the full
// check, but any change made through a mutation primitive (kern::cdt,
// object creation) is checked at the very next exit, a switch to a thread
// the last check did not reach forces a check, and even a write that
// bypasses every primitive is caught within full_check_interval exits. A
// state with more than large_state_caps caps is checked on every
// large_state_check_interval-th exit only.
#include <gtest/gtest.h>

#include <kern/cdt.hpp>
#include <kern/invariants.hpp>
#include <kern/object/cnode.hpp>
#include <kern/object/tcb.hpp>
#include <kern/object/untyped.hpp>
#include <kern/object_type.hpp>
#include <kern/thread.hpp>

#include "support/kernel_fixture.hpp"

namespace {

using namespace kern;

class InvariantsExitTest : public ::testing::Test {
protected:
    // Root CNode (radix 6) with a TCB cap, itself, and an untyped with one
    // endpoint made from it.
    void SetUp() override {
        tcb_object = arena.allocate(tcb_bits);
        tcb = tcb_of_object(tcb_object);
        new (tcb) Tcb{};
        root = CNodeCap::make(arena.allocate(6 + slot_bits), 6, 58, 0);
        cdt::insert_root(slot(2), root);
        cdt::insert_child(slot(2), tcb->slot(TcbSlot::CTable), root);
        cdt::insert_root(slot(1), ThreadCap::make(tcb_object));
        ut_base = arena.allocate(14);
        cdt::insert_root(slot(3), UntypedCap::make(ut_base, 14, false, 64));
        cdt::insert_new_object(slot(3), slot(4), EndpointCap::make(ut_base, 0, CapRights::all()));
        set_current_thread(tcb);
        invariants::testing::forget_zero_scan_history();
        invariants::testing::reset_exit_shortcut();
        exit_ok();  // the first exit checks everything
    }
    void TearDown() override { set_current_thread(nullptr); }

    Cte& slot(word_t i) { return *cnode_slot(root, i); }
    word_t full_checks() { return invariants::testing::full_checks_at_exit(); }
    void exit_ok() {
        arch::host_console().clear();
        invariants::check_at_kernel_exit();
    }
    // Runs kernel exits until one panics; returns how many ran (0 if none
    // panicked within `limit`).
    unsigned exits_until_panic(unsigned limit, const char* expected) {
        arch::host_console().clear();
        for (unsigned i = 1; i <= limit; ++i) {
            try {
                invariants::check_at_kernel_exit();
            } catch (const arch::MachineExit&) {
                EXPECT_NE(arch::host_console().find(std::string("INVARIANT VIOLATION: ") + expected),
                          std::string::npos)
                    << arch::host_console();
                return i;
            }
        }
        return 0;
    }

    test_support::Arena arena{20};
    paddr_t tcb_object = 0;
    Tcb* tcb = nullptr;
    CNodeCap root = CNodeCap::make(0, 1, 0, 0);
    paddr_t ut_base = 0;
};

TEST_F(InvariantsExitTest, UnchangedStateSkipsTheFullCheck) {
    const word_t before = full_checks();
    for (int i = 0; i < 10; ++i) exit_ok();
    EXPECT_EQ(full_checks(), before);
}

TEST_F(InvariantsExitTest, EveryIntervalRunsTheFullCheckAnyway) {
    const word_t before = full_checks();
    for (unsigned i = 0; i < invariants::full_check_interval; ++i) exit_ok();
    EXPECT_EQ(full_checks(), before + 1);
}

TEST_F(InvariantsExitTest, CorruptionThroughInsertIsCaughtAtTheNextExit) {
    // An endpoint inside the untyped that is no CDT descendant of it.
    cdt::insert_root(slot(10), EndpointCap::make(ut_base + 16, 0, CapRights::all()));
    EXPECT_EQ(exits_until_panic(1, "untyped_mdb"), 1u);
}

TEST_F(InvariantsExitTest, AnyPrimitiveMakesTheNextExitCheck) {
    // A raw corruption (no primitive) followed by an unrelated, valid change
    // through a primitive: the next exit runs the full check and finds both.
    slot(3).mdb.set_revocable(false);
    cdt::insert_root(slot(11), make_simple_cap(CapType::AsidControl));
    EXPECT_EQ(exits_until_panic(1, "ut_revocable"), 1u);
}

TEST_F(InvariantsExitTest, MoveAndRemoveMarkTheStateChanged) {
    word_t before = full_checks();
    cdt::move(slot(4), slot(20), slot(4).cap);
    exit_ok();
    EXPECT_EQ(full_checks(), before + 1);
    before = full_checks();
    cdt::remove(slot(20));
    exit_ok();
    EXPECT_EQ(full_checks(), before + 1);
}

TEST_F(InvariantsExitTest, ObjectCreationMarksTheStateChanged) {
    // create_object initialises the object; the cap is not inserted
    // yet, so the state is still valid, but the exit must check.
    const word_t before = full_checks();
    (void)create_object(*object_type_info(2), 0, ut_base + 64, false);  // an endpoint
    exit_ok();
    EXPECT_EQ(full_checks(), before + 1);
}

TEST_F(InvariantsExitTest, ThreadSwitchForcesTheFullCheck) {
    const word_t before = full_checks();
    set_current_thread(nullptr);
    exit_ok();
    EXPECT_EQ(full_checks(), before + 1);
}

TEST_F(InvariantsExitTest, RawCorruptionIsCaughtWithinTheInterval) {
    // A write that bypasses every primitive (a kernel bug) is not seen by
    // the shortcut, but the periodic full check still finds it.
    slot(4).mdb.set_prev(&slot(40));  // disagrees with slot 3's next link
    const unsigned n = exits_until_panic(invariants::full_check_interval, "valid_dlist");
    EXPECT_GE(n, 1u);
    EXPECT_LE(n, invariants::full_check_interval);
}

TEST_F(InvariantsExitTest, SwitchingToAThreadTheLastCheckReachedSkipsTheFullCheck) {
    // A second thread whose TCB cap is in the root CNode: the last check
    // walked its CSpace, so with nothing changed it needs no new check.
    const paddr_t other_object = arena.allocate(tcb_bits);
    Tcb* other = tcb_of_object(other_object);
    new (other) Tcb{};
    cdt::insert_root(slot(6), ThreadCap::make(other_object));
    exit_ok();
    const word_t before = full_checks();
    set_current_thread(other);
    exit_ok();
    set_current_thread(tcb);
    exit_ok();
    EXPECT_EQ(full_checks(), before);
}

TEST_F(InvariantsExitTest, ALargeStateIsCheckedOnlyEveryLargeStateInterval) {
    // More copies of the endpoint than large_state_caps, in a CNode of 2^11 slots.
    const unsigned radix = 11;
    const CNodeCap big = CNodeCap::make(arena.allocate(radix + slot_bits), radix, 64 - radix, 0);
    cdt::insert_root(slot(5), big);
    const word_t copies = invariants::large_state_caps + 100;
    for (word_t i = 0; i < copies; ++i) cdt::insert_child(slot(4), *cnode_slot(big, i), slot(4).cap);
    word_t before = full_checks();
    exit_ok();  // the change is checked at once
    EXPECT_EQ(full_checks(), before + 1);

    // Further changes wait for the interval.
    word_t removed = 0;
    for (unsigned i = 1; i < invariants::large_state_check_interval; ++i) {
        cdt::remove(*cnode_slot(big, copies - 1 - removed++));
        exit_ok();
    }
    EXPECT_EQ(full_checks(), before + 1);
    exit_ok();
    EXPECT_EQ(full_checks(), before + 2);

    // Back under the limit, every change is checked at the next exit again.
    while (removed < 200) cdt::remove(*cnode_slot(big, copies - 1 - removed++));
    for (unsigned i = 0; i < invariants::large_state_check_interval; ++i) exit_ok();
    before = full_checks();
    cdt::remove(*cnode_slot(big, copies - 1 - removed++));
    exit_ok();
    EXPECT_EQ(full_checks(), before + 1);
}

}  // namespace
