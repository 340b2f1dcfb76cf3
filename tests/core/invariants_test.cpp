// SPDX-License-Identifier: BSD-2-Clause
// The invariant checker (kern/invariants.hpp): a valid hand-built state
// passes, and each deliberate corruption is caught by exactly the check named
// after the l4v invariant it breaks (invariants.md §2.1–2.4). The state is
// built by hand (not through kern::cdt) so these tests do not depend on the
// code the checker is meant to police.
#include <gtest/gtest.h>

#include <cstring>

#include <kern/invariants.hpp>
#include <kern/object/cnode.hpp>
#include <kern/object/tcb.hpp>
#include <kern/thread.hpp>

#include "support/kernel_fixture.hpp"

namespace {

using namespace kern;

void link_root(Cte& slot, const Cap& cap) {
    slot.cap = cap;
    slot.mdb.clear();
    slot.mdb.set_revocable(true);
    slot.mdb.set_first_badged(true);
}

// Puts `cap` into `dest` right after `after` in its CDT list.
void link_after(Cte& after, Cte& dest, const Cap& cap, bool revocable) {
    dest.cap = cap;
    dest.mdb.clear();
    dest.mdb.set_revocable(revocable);
    dest.mdb.set_first_badged(revocable);
    Cte* next = after.mdb.next();
    dest.mdb.set_prev(&after);
    dest.mdb.set_next(next);
    if (next != nullptr) next->mdb.set_prev(&dest);
    after.mdb.set_next(&dest);
}

void unlink(Cte& slot) {
    if (slot.mdb.prev() != nullptr) slot.mdb.prev()->mdb.set_next(slot.mdb.next());
    if (slot.mdb.next() != nullptr) slot.mdb.next()->mdb.set_prev(slot.mdb.prev());
    slot.mdb.clear();
}

class InvariantsTest : public ::testing::Test {
protected:
    // Root CNode (radix 8): 1 TCB, 2 CNode, 3 untyped U (64 KiB) with children
    // 4 endpoint E, 5 badged E1, 6 notification N, 7 CNode C2 (radix 2, whose
    // slot 0 holds a copy of N), 8 untyped U2 (4 KiB), 9 frame F; 10 IRQControl.
    void SetUp() override {
        tcb_object = arena.allocate(tcb_bits);
        tcb = tcb_of_object(tcb_object);
        new (tcb) Tcb{};
        root = CNodeCap::make(arena.allocate(8 + slot_bits), 8, 56, 0);
        link_root(slot(2), root);
        link_after(slot(2), tcb->slot(TcbSlot::CTable), root, false);
        link_root(slot(1), ThreadCap::make(tcb_object));
        ut_base = arena.allocate(16);
        link_root(slot(3), UntypedCap::make(ut_base, 16, false, 12288));
        // Children in the order Retype would leave them (later ones first after U).
        link_after(slot(3), slot(9), FrameCap::make(ut_base + 8192, FrameSize::Small, VmRights::ReadWrite, false), true);
        link_after(slot(3), slot(8), UntypedCap::make(ut_base + 4096, 12, false, 0), true);
        c2 = CNodeCap::make(ut_base + 256, 2, 0, 0);
        link_after(slot(3), slot(7), c2, true);
        link_after(slot(3), slot(6), NotificationCap::make(ut_base + 64, 0, CapRights::make(false, false, true, true)), true);
        link_after(slot(6), *cnode_slot(c2, 0), slot(6).cap, false);
        link_after(slot(3), slot(4), EndpointCap::make(ut_base, 0, CapRights::all()), true);
        link_after(slot(4), slot(5), EndpointCap::make(ut_base, 5, CapRights::all()), true);
        link_root(slot(10), make_simple_cap(CapType::IrqControl));
        set_current_thread(tcb);
        invariants::testing::forget_zero_scan_history();
    }
    void TearDown() override { set_current_thread(nullptr); }

    Cte& slot(word_t i) { return *cnode_slot(root, i); }
    invariants::Violation check() { return invariants::check({invariants::ZeroScan::Full}); }
    void expect_caught(const char* name) {
        const invariants::Violation v = check();
        ASSERT_TRUE(v) << "no violation found, expected " << name;
        EXPECT_STREQ(v.check, name) << v.detail;
    }

    test_support::Arena arena{22};
    paddr_t tcb_object = 0;
    Tcb* tcb = nullptr;
    CNodeCap root = CNodeCap::make(0, 1, 0, 0);
    CNodeCap c2 = CNodeCap::make(0, 1, 0, 0);
    paddr_t ut_base = 0;
};

TEST_F(InvariantsTest, ValidStatePasses) {
    invariants::Stats stats;
    const invariants::Violation v = invariants::check({invariants::ZeroScan::Full}, &stats);
    EXPECT_FALSE(v) << v.check << ": " << v.detail;
    EXPECT_EQ(stats.containers, 3u);  // TCB, root CNode, C2
    EXPECT_EQ(stats.caps, 12u);
    EXPECT_EQ(stats.chains, 4u);  // CNode + TCB copy, the Thread cap, the tree of U, IRQControl
}

TEST_F(InvariantsTest, NoCurrentThreadNothingToCheck) {
    set_current_thread(nullptr);
    EXPECT_FALSE(check());
}

TEST_F(InvariantsTest, PspaceAligned) {
    set_current_thread(reinterpret_cast<Tcb*>(reinterpret_cast<char*>(tcb) + 32));
    expect_caught("pspace_aligned");
}

TEST_F(InvariantsTest, PspaceDistinct) {
    // An endpoint inside C2's memory, made from U.
    link_after(slot(3), slot(20), EndpointCap::make(ut_base + 256 + 16, 0, CapRights::all()), true);
    expect_caught("pspace_distinct");
}

TEST_F(InvariantsTest, No0Obj) {
    link_root(slot(20), EndpointCap::make(0, 0, CapRights::all()));
    expect_caught("no_0_obj");
}

TEST_F(InvariantsTest, CapRefsInKernelWindow) {
    link_root(slot(20), EndpointCap::make(0x9000'0000'0000ull, 0, CapRights::all()));
    expect_caught("cap_refs_in_kernel_window");
}

TEST_F(InvariantsTest, CapAligned) {
    slot(6).cap = NotificationCap::make(ut_base + 64 + 16, 0, CapRights::make(false, false, true, true));
    expect_caught("cap_aligned");
}

TEST_F(InvariantsTest, WellformedCapNotificationWithGrant) {
    slot(6).cap = NotificationCap::make(ut_base + 64, 0, CapRights::all());
    expect_caught("wellformed_cap");
}

TEST_F(InvariantsTest, WellformedCapUntypedFreeIndexBeyondSize) {
    slot(8).cap = UntypedCap::make(ut_base + 4096, 12, false, 8192);
    expect_caught("wellformed_cap");
}

TEST_F(InvariantsTest, ValidCsRadixZero) {
    link_after(slot(7), slot(20), CNodeCap::make(ut_base + 256, 0, 0, 0), false);
    expect_caught("valid_cs");
}

TEST_F(InvariantsTest, ValidCsCapsDisagreeOnRadix) {
    link_after(slot(7), slot(20), CNodeCap::make(ut_base + 256, 1, 0, 0), false);
    expect_caught("valid_cs");
}

TEST_F(InvariantsTest, ValidCapTwoTypesAtOneAddress) {
    link_after(slot(6), slot(20), ReplyCap::make(ut_base + 64, false), true);
    expect_caught("valid_cap");
}

TEST_F(InvariantsTest, ValidTcbSlotKinds) {
    tcb->slot(TcbSlot::VTable).cap = slot(6).cap;  // a notification is no VSpace root
    expect_caught("valid_tcb");
}

TEST_F(InvariantsTest, ValidNullcaps) {
    slot(100).mdb.set_revocable(true);
    expect_caught("valid_nullcaps");
}

TEST_F(InvariantsTest, No0Link) {
    slot(4).mdb.set_next(reinterpret_cast<Cte*>(0x40));
    expect_caught("no_0");
}

TEST_F(InvariantsTest, MdbCteAt) {
    slot(9).mdb.set_next(&slot(200));
    expect_caught("mdb_cte_at");
}

TEST_F(InvariantsTest, NoMloop) {
    slot(200).cap = make_simple_cap(CapType::AsidControl);
    slot(201).cap = make_simple_cap(CapType::AsidControl);
    slot(200).mdb.set_next(&slot(201));
    slot(201).mdb.set_prev(&slot(200));
    slot(201).mdb.set_next(&slot(200));
    slot(200).mdb.set_prev(&slot(201));
    expect_caught("no_mloop");
}

TEST_F(InvariantsTest, MdbChain0) {
    link_root(slot(200), make_simple_cap(CapType::AsidControl));
    link_after(slot(200), slot(201), make_simple_cap(CapType::AsidControl), false);
    link_after(slot(201), slot(202), make_simple_cap(CapType::AsidControl), false);
    slot(202).mdb.set_next(&slot(201));  // back into the middle; 201's prev still says 200
    expect_caught("mdb_chain_0");
}

TEST_F(InvariantsTest, ValidDlist) {
    slot(5).mdb.set_prev(&slot(6));
    expect_caught("valid_dlist");
}

TEST_F(InvariantsTest, UtRevocable) {
    slot(8).mdb.set_revocable(false);
    expect_caught("ut_revocable");
}

TEST_F(InvariantsTest, IrqControlNotRevocable) {
    slot(10).mdb.set_revocable(false);
    expect_caught("irq_control");
}

TEST_F(InvariantsTest, IrqControlTwice) {
    link_root(slot(11), make_simple_cap(CapType::IrqControl));
    expect_caught("irq_control");
}

TEST_F(InvariantsTest, MdbChunked) {
    Cte& copy = *cnode_slot(c2, 0);
    const Cap cap = copy.cap;
    unlink(copy);
    link_after(slot(9), copy, cap, false);  // N's copy now follows F, away from N
    expect_caught("mdb_chunked");
}

TEST_F(InvariantsTest, ValidBadges) {
    slot(5).mdb.set_first_badged(false);
    expect_caught("valid_badges");
}

TEST_F(InvariantsTest, DescendantsIncObjectStraddlesUntyped) {
    // A childless 4 KiB untyped and an 8 KiB CNode that contains it.
    const paddr_t block = arena.allocate(13);
    link_root(slot(20), UntypedCap::make(block, 12, false, 0));
    link_root(slot(21), CNodeCap::make(block, 8, 0, 0));
    expect_caught("descendants_inc");
}

TEST_F(InvariantsTest, PspaceRespectsDeviceRegion) {
    slot(8).cap = UntypedCap::make(ut_base + 4096, 12, true, 0);
    expect_caught("pspace_respects_device_region");
}

TEST_F(InvariantsTest, UntypedIncInnerReachesIntoFreePart) {
    slot(3).cap = UntypedCap::make(ut_base, 16, false, 6144);
    expect_caught("untyped_inc");
}

TEST_F(InvariantsTest, UntypedIncNestedButUnrelated) {
    Cte& u2 = slot(8);
    const Cap cap = u2.cap;
    unlink(u2);
    link_root(u2, cap);
    expect_caught("untyped_inc");
}

TEST_F(InvariantsTest, UntypedMdb) {
    link_root(slot(20), EndpointCap::make(ut_base + 16, 0, CapRights::all()));
    expect_caught("untyped_mdb");
}

TEST_F(InvariantsTest, ValidUntyped) {
    slot(3).cap = UntypedCap::make(ut_base, 16, false, 8192);  // F at 8192 now lies in the free part
    expect_caught("valid_untyped");
}

TEST_F(InvariantsTest, UntypedRangesZero) {
    phys_to_virt<unsigned char>(ut_base)[40000] = 1;
    expect_caught("untyped_ranges_zero");
}

TEST_F(InvariantsTest, UntypedRangesZeroSampledModeScansOnlyChangedUntypeds) {
    EXPECT_FALSE(invariants::check());  // remembers every untyped's watermark
    phys_to_virt<unsigned char>(ut_base + 4096)[100] = 1;  // U2's free part, U2 unchanged
    EXPECT_FALSE(invariants::check());
    slot(8).cap = UntypedCap::make(ut_base + 4096, 12, false, 16);  // a watermark move: rescanned
    const invariants::Violation v = invariants::check();
    ASSERT_TRUE(v);
    EXPECT_STREQ(v.check, "untyped_ranges_zero");
}

TEST_F(InvariantsTest, ViolationAtKernelExitPanics) {
    slot(5).mdb.set_first_badged(false);
    arch::host_console().clear();
    try {
        invariants::check_at_kernel_exit();
        FAIL() << "no panic";
    } catch (const arch::MachineExit&) {
    }
    EXPECT_NE(arch::host_console().find("INVARIANT VIOLATION: valid_badges: "), std::string::npos)
        << arch::host_console();
}

}  // namespace
