// SPDX-License-Identifier: BSD-2-Clause
// CSpace addressing: resolve_address_bits and lookup_target_slot
// (sel4-abi.md §4.2–4.3).
#include <gtest/gtest.h>

#include <vector>

#include <kern/cspace.hpp>
#include <support/kernel_fixture.hpp>

namespace {

using kern::Cap;
using kern::CNodeCap;
using kern::Error;
using kern::LookupFailure;
using kern::word_t;

class CSpaceTest : public ::testing::Test {
protected:
    test_support::Arena arena{20};
};

TEST_F(CSpaceTest, SingleLevelGuardCoversTheWord) {
    const CNodeCap root = test_support::make_cnode(arena, 8, 56, 0);
    const auto r = kern::resolve_address_bits(root, 0x2a, 64);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.resolved.slot, kern::cnode_slot(root, 0x2a));
    EXPECT_EQ(r.resolved.bits_remaining, 0u);
}

TEST_F(CSpaceTest, InvalidRootWhenNotACNode) {
    const auto r = kern::resolve_address_bits(kern::ThreadCap::make(arena.allocate(11)), 0, 64);
    EXPECT_EQ(r.failure, LookupFailure::invalid_root());
    EXPECT_EQ(kern::resolve_address_bits(Cap::null(), 0, 64).failure.kind, LookupFailure::Kind::InvalidRoot);
}

TEST_F(CSpaceTest, GuardMismatchReportsBitsLeftGuardAndSize) {
    const CNodeCap root = test_support::make_cnode(arena, 4, 4, 0x5);
    // depth 8: top 4 bits are the guard, low 4 the index
    EXPECT_TRUE(kern::resolve_address_bits(root, 0x53, 8).ok());
    const auto r = kern::resolve_address_bits(root, 0x63, 8);
    EXPECT_EQ(r.failure, LookupFailure::guard_mismatch(8, 0x5, 4));
    EXPECT_EQ(r.failure.bits_left, 8u);
    EXPECT_EQ(r.failure.guard_found, 0x5u);
    EXPECT_EQ(r.failure.bits_found, 4u);
}

TEST_F(CSpaceTest, GuardLargerThanRemainingBitsIsGuardMismatch) {
    const CNodeCap root = test_support::make_cnode(arena, 4, 10, 0);
    EXPECT_EQ(kern::resolve_address_bits(root, 0, 8).failure, LookupFailure::guard_mismatch(8, 0, 10));
}

TEST_F(CSpaceTest, DepthMismatchWhenLevelExceedsBits) {
    const CNodeCap root = test_support::make_cnode(arena, 4, 2, 0);
    EXPECT_EQ(kern::resolve_address_bits(root, 0, 5).failure, LookupFailure::depth_mismatch(5, 6));
}

TEST_F(CSpaceTest, TwoLevelsAndStopAtNonCNodeWithBitsLeft) {
    const CNodeCap top = test_support::make_cnode(arena, 4, 0, 0);
    const CNodeCap second = test_support::make_cnode(arena, 4, 0, 0);
    kern::cdt::insert_root(*kern::cnode_slot(top, 3), second);
    const Cap ep = kern::EndpointCap::make(arena.allocate(4), 0, kern::CapRights::all());
    kern::cdt::insert_root(*kern::cnode_slot(second, 7), ep);
    auto r = kern::resolve_address_bits(top, 0x37, 8);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.resolved.slot, kern::cnode_slot(second, 7));
    EXPECT_EQ(r.resolved.bits_remaining, 0u);
    // Exactly 4 bits: the slot holding the second-level CNode cap itself.
    r = kern::resolve_address_bits(top, 0x3, 4);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.resolved.slot, kern::cnode_slot(top, 3));
    // 12 bits: the walk stops at the endpoint with 4 bits left.
    r = kern::resolve_address_bits(top, 0x37f, 12);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.resolved.slot, kern::cnode_slot(second, 7));
    EXPECT_EQ(r.resolved.bits_remaining, 4u);
    // An empty slot with bits left also stops the walk.
    r = kern::resolve_address_bits(top, 0x5f, 8);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.resolved.slot, kern::cnode_slot(top, 5));
    EXPECT_EQ(r.resolved.bits_remaining, 4u);
}

TEST_F(CSpaceTest, SixtyFourLevelsOfOneBit) {
    // 64 CNodes of radix 1, each slot 1 pointing to the next: CPtr all ones.
    std::vector<CNodeCap> nodes;
    for (unsigned i = 0; i < 64; ++i) nodes.push_back(test_support::make_cnode(arena, 1, 0, 0));
    for (unsigned i = 0; i + 1 < 64; ++i) kern::cdt::insert_root(*kern::cnode_slot(nodes[i], 1), nodes[i + 1]);
    const auto r = kern::resolve_address_bits(nodes[0], ~word_t{0}, 64);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.resolved.slot, kern::cnode_slot(nodes[63], 1));
    EXPECT_EQ(r.resolved.bits_remaining, 0u);
    // Bit 62 clear: stops at nodes[1] slot 0 (empty) with 62 bits left.
    const auto stop = kern::resolve_address_bits(nodes[0], ~(word_t{1} << 62), 64);
    ASSERT_TRUE(stop.ok());
    EXPECT_EQ(stop.resolved.slot, kern::cnode_slot(nodes[1], 0));
    EXPECT_EQ(stop.resolved.bits_remaining, 62u);
}

TEST_F(CSpaceTest, LookupTargetSlotErrors) {
    const CNodeCap root = test_support::make_cnode(arena, 4, 0, 0);
    const CNodeCap second = test_support::make_cnode(arena, 4, 0, 0);
    kern::cdt::insert_root(*kern::cnode_slot(root, 1), second);

    auto r = kern::lookup_target_slot(kern::EndpointCap::make(arena.allocate(4), 0, {}), 0, 4, true);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), kern::SyscallError::failed_lookup(true, LookupFailure::invalid_root()));

    for (word_t depth : {word_t{0}, word_t{65}, ~word_t{0}}) {
        r = kern::lookup_target_slot(root, 0, depth, false);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error(), kern::SyscallError::range_error(1, 64));
    }
    // Root checked before depth.
    r = kern::lookup_target_slot(Cap::null(), 0, 0, false);
    EXPECT_EQ(r.error().type, Error::FailedLookup);

    r = kern::lookup_target_slot(root, 2, 3, false);
    EXPECT_EQ(r.error(), kern::SyscallError::failed_lookup(false, LookupFailure::depth_mismatch(3, 4)));

    // Walk stops at a non-CNode (empty) slot with 4 bits left.
    r = kern::lookup_target_slot(root, 0x25, 8, true);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), kern::SyscallError::failed_lookup(true, LookupFailure::depth_mismatch(4, 0)));
    word_t mrs[8];
    ASSERT_EQ(r.error().encode(mrs), 4u);
    EXPECT_EQ(mrs[0], 1u);
    EXPECT_EQ(mrs[1], 3u);  // DepthMismatch
    EXPECT_EQ(mrs[2], 4u);  // bitsLeft
    EXPECT_EQ(mrs[3], 0u);  // bitsFound

    r = kern::lookup_target_slot(root, 0x15, 8, false);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value(), kern::cnode_slot(second, 5));
    r = kern::lookup_target_slot(root, 1, 4, false);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value(), kern::cnode_slot(root, 1));
}

}  // namespace

namespace {

// The receive slot of IPC cap transfer (sel4-abi.md §4.4).
class ReceiveSlotTest : public ::testing::Test {
protected:
    test_support::Arena arena{20};
    test_support::ThreadWithCSpace thread = test_support::make_current_thread(arena, 8);
};

TEST_F(ReceiveSlotTest, ResolvesAnEmptySlotInANamedCNode) {
    // A second CNode (radix 4) in root slot 10; receive into its slot 3.
    const kern::CNodeCap inner = test_support::make_cnode(arena, 4);
    kern::cdt::insert_root(*thread.slot(10), inner);
    EXPECT_EQ(kern::lookup_receive_slot(*thread.tcb, 10, 3, 4), kern::cnode_slot(inner, 3));
    // The root CNode itself, at depth 64 (cptr 20 is slot 20).
    EXPECT_EQ(kern::lookup_receive_slot(*thread.tcb, 0, 20, 64), nullptr)  // cptr 0: slot 0 is null, not a CNode
        << "a null receive CNode is no receive slot";
}

TEST_F(ReceiveSlotTest, EveryFailureMeansNoSlot) {
    const kern::CNodeCap inner = test_support::make_cnode(arena, 4);
    kern::cdt::insert_root(*thread.slot(10), inner);
    kern::cdt::insert_root(*kern::cnode_slot(inner, 5), kern::ThreadCap::make(arena.allocate(kern::tcb_bits)));
    EXPECT_EQ(kern::lookup_receive_slot(*thread.tcb, 10, 5, 4), nullptr);   // occupied
    EXPECT_EQ(kern::lookup_receive_slot(*thread.tcb, 10, 3, 0), nullptr);   // depth 0
    EXPECT_EQ(kern::lookup_receive_slot(*thread.tcb, 10, 3, 65), nullptr);  // depth > 64
    EXPECT_EQ(kern::lookup_receive_slot(*thread.tcb, 10, 3, 3), nullptr);   // depth mismatch
    EXPECT_EQ(kern::lookup_receive_slot(*thread.tcb, 11, 3, 4), nullptr);   // receive CNode slot empty
    // A receive CNode cptr that does not resolve (guard mismatch in the root).
    EXPECT_EQ(kern::lookup_receive_slot(*thread.tcb, ~kern::word_t{0}, 3, 4), nullptr);
}

}  // namespace
