// SPDX-License-Identifier: BSD-2-Clause
// Deletion, finalisation through Zombies, revocation, and their preemption
// (sel4-abi.md §5.4).
#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include <kern/cdt.hpp>
#include <kern/preemption.hpp>
#include <support/kernel_fixture.hpp>

namespace {

using namespace kern;
namespace cdt = kern::cdt;
using test_support::Arena;

// One slot's content with addresses made relative to the arena, so that two
// runs in different arenas can be compared.
struct SlotImage {
    word_t type, object, small_and_word1_hash, prev, next, flags;
    friend bool operator==(const SlotImage&, const SlotImage&) = default;
};

word_t relative(const Arena& arena, word_t address) { return address == 0 ? 0 : address - arena.base() + 1; }

std::vector<SlotImage> image(const Arena& arena) {
    std::vector<SlotImage> out;
    const Cte* slots = reinterpret_cast<const Cte*>(arena.base());
    for (std::size_t i = 0; i < arena.used() / sizeof(Cte); ++i) {
        const Cte& c = slots[i];
        const word_t obj = c.cap.is_null() ? 0 : relative(arena, c.cap.object());
        const word_t w0_low = c.cap.word0() & ~Cap::ObjectField::mask;
        out.push_back({static_cast<word_t>(c.cap.type()), obj, w0_low ^ (c.cap.word1() * 31),
                       relative(arena, reinterpret_cast<word_t>(c.mdb.prev())),
                       relative(arena, reinterpret_cast<word_t>(c.mdb.next())),
                       word_t{c.mdb.revocable()} | word_t{c.mdb.first_badged()} << 1});
    }
    return out;
}

class DeleteTest : public ::testing::Test {
protected:
    void TearDown() override {
        kern::testing::preempt_after(0);
        reset_preemption_work();
    }
};

// Runs `op` to completion; with `preempt_every` > 0, preempts it after that
// many work units each time and re-invokes it. Returns the number of runs.
unsigned run_to_completion(const std::function<Completion()>& op, word_t preempt_every) {
    kern::testing::preempt_after(preempt_every);
    unsigned runs = 1;
    for (;;) {
        reset_preemption_work();
        if (op() == Completion::Done) break;
        ++runs;
        if (runs > 1000000) {
            ADD_FAILURE() << "no progress";
            break;
        }
    }
    kern::testing::preempt_after(0);
    return runs;
}

TEST_F(DeleteTest, EmptySlotAndNonFinalCap) {
    Arena arena(16);
    const CNodeCap node = test_support::make_cnode(arena, 4);
    Cte* s = cnode_slots(node.object());
    EXPECT_EQ(cdt::delete_slot(s[0]), Completion::Done);
    const paddr_t ep = arena.allocate(4);
    cdt::insert_root(s[1], EndpointCap::make(ep, 0, CapRights::all()));
    cdt::insert_child(s[1], s[2], EndpointCap::make(ep, 0, CapRights::all()));
    EXPECT_EQ(cdt::delete_slot(s[1]), Completion::Done);
    EXPECT_TRUE(s[1].empty());
    EXPECT_TRUE(s[1].mdb.is_clear());
    EXPECT_EQ(s[2].mdb.prev(), nullptr);
    EXPECT_TRUE(cdt::is_final(s[2]));
}

TEST_F(DeleteTest, FinalCNodeCapDeletesItsSlotsRecursively) {
    Arena arena(18);
    const CNodeCap root = test_support::make_cnode(arena, 4);
    Cte* r = cnode_slots(root.object());
    const CNodeCap inner = test_support::make_cnode(arena, 3);
    Cte* in = cnode_slots(inner.object());
    const paddr_t ep = arena.allocate(4);
    cdt::insert_root(r[0], EndpointCap::make(ep, 0, CapRights::all()));
    cdt::insert_root(r[1], inner);
    // The inner CNode holds copies of the endpoint and a further CNode.
    const CNodeCap leaf = test_support::make_cnode(arena, 2);
    cdt::insert_root(in[5], leaf);
    cdt::insert_child(r[0], in[2], EndpointCap::make(ep, 0, CapRights::all()));
    cdt::insert_child(r[0], cnode_slots(leaf.object())[3], EndpointCap::make(ep, 9, CapRights::all()));
    ASSERT_EQ(cdt::delete_slot(r[1]), Completion::Done);
    EXPECT_TRUE(r[1].empty());
    for (unsigned i = 0; i < 8; ++i) EXPECT_TRUE(in[i].empty()) << i;
    // The leaf's last cap was inside the CNode being deleted: like seL4, it
    // is moved aside as a cyclic Zombie in the leaf's own slot 0, and its
    // remaining slots go when the memory is revoked.
    Cte* lf = cnode_slots(leaf.object());
    ASSERT_EQ(lf[0].cap.type(), CapType::Zombie);
    EXPECT_EQ(lf[0].cap.as<ZombieCap>().object(), leaf.object());
    EXPECT_EQ(cdt::delete_slot(lf[0]), Completion::Done);
    for (unsigned i = 0; i < 4; ++i) EXPECT_TRUE(lf[i].empty()) << i;
    EXPECT_EQ(r[0].mdb.next(), nullptr);  // every copy of the endpoint is gone
}

TEST_F(DeleteTest, CNodeHoldingTheOnlyCapToItself) {
    for (word_t k : {word_t{0}, word_t{5}, word_t{15}}) {
        Arena arena(16);
        const CNodeCap node = test_support::make_cnode(arena, 4);
        Cte* s = cnode_slots(node.object());
        const paddr_t ep = arena.allocate(4);
        for (word_t i = 0; i < 16; ++i)
            if (i != k) cdt::insert_root(s[i], EndpointCap::make(ep + 0, i + 1, CapRights::all()));
        cdt::insert_root(s[k], node);
        ASSERT_EQ(cdt::delete_slot(s[k]), Completion::Done) << k;
        // Slots above k are cleared; the CNode keeps a cyclic Zombie in slot
        // 0 that remembers the k + 1 slots still to clear.
        for (word_t i = k + 1; i < 16; ++i) EXPECT_TRUE(s[i].empty()) << k << " " << i;
        if (k == 0) {
            EXPECT_TRUE(s[0].empty());
            continue;
        }
        ASSERT_EQ(s[0].cap.type(), CapType::Zombie);
        EXPECT_EQ(s[0].cap.as<ZombieCap>().remaining(), k + 1);
        ASSERT_EQ(cdt::delete_slot(s[0]), Completion::Done);
        for (word_t i = 0; i < 16; ++i) EXPECT_TRUE(s[i].empty()) << k << " " << i;
    }
}

TEST_F(DeleteTest, FinalThreadCapClearsItsFiveSlots) {
    Arena arena(16);
    const CNodeCap node = test_support::make_cnode(arena, 4);
    Cte* s = cnode_slots(node.object());
    const paddr_t tcb_object = arena.allocate(tcb_bits);
    Cte* ts = cnode_slots(tcb_object);
    const paddr_t ep = arena.allocate(4);
    cdt::insert_root(s[0], EndpointCap::make(ep, 0, CapRights::all()));
    cdt::insert_root(s[1], ThreadCap::make(tcb_object));
    cdt::insert_root(s[2], node);
    cdt::insert_child(s[2], ts[0], node);  // CTable: a copy of the CNode cap
    cdt::insert_child(s[0], ts[3], EndpointCap::make(ep, 0, CapRights::all()));
    cdt::insert_child(s[0], ts[4], EndpointCap::make(ep, 0, CapRights::all()));
    EXPECT_EQ(cdt::delete_slot(s[1]), Completion::Done);
    EXPECT_TRUE(s[1].empty());
    for (unsigned i = 0; i < tcb_slot_count; ++i) EXPECT_TRUE(ts[i].empty()) << i;
    EXPECT_EQ(s[0].mdb.next(), nullptr);
    EXPECT_EQ(s[2].mdb.next(), nullptr);
    EXPECT_EQ(s[2].cap, Cap{node});
}

TEST_F(DeleteTest, RevokeDeletesDescendantsOnly) {
    Arena arena(16);
    const CNodeCap node = test_support::make_cnode(arena, 5);
    Cte* s = cnode_slots(node.object());
    const paddr_t ep = arena.allocate(4);
    cdt::insert_root(s[0], EndpointCap::make(ep, 0, CapRights::all()));
    cdt::insert_child(s[0], s[1], EndpointCap::make(ep, 4, CapRights::all()));
    cdt::insert_child(s[1], s[2], EndpointCap::make(ep, 4, CapRights::all()));
    cdt::insert_child(s[0], s[3], EndpointCap::make(ep, 4, CapRights::all()));  // another badge-4 original
    cdt::insert_child(s[3], s[4], EndpointCap::make(ep, 4, CapRights::all()));
    cdt::insert_root(s[9], EndpointCap::make(arena.allocate(4), 0, CapRights::all()));
    // Revoking the first badged original (now after s[3]'s group) leaves the other group.
    EXPECT_EQ(cdt::revoke(s[1]), Completion::Done);
    EXPECT_FALSE(s[1].empty());
    EXPECT_TRUE(s[2].empty());
    EXPECT_FALSE(s[3].empty());
    EXPECT_FALSE(s[4].empty());
    EXPECT_EQ(cdt::revoke(s[0]), Completion::Done);
    for (unsigned i = 1; i < 5; ++i) EXPECT_TRUE(s[i].empty()) << i;
    EXPECT_FALSE(s[0].empty());
    EXPECT_FALSE(s[9].empty());
    EXPECT_EQ(cdt::revoke(s[9]), Completion::Done);  // no children
}

// A scenario big enough to be preempted many times: an untyped covering the
// arena's tail, a thread, CNodes inside CNodes, many endpoint copies.
struct Scenario {
    Cte* root_slots;
    Cte* untyped_slot;
    Cte* cnode_cap_slot;
};

Scenario build(Arena& arena) {
    const CNodeCap root = test_support::make_cnode(arena, 4);
    Cte* r = cnode_slots(root.object());
    const unsigned ut_bits = 16;
    const paddr_t ut_base = arena.allocate(ut_bits);
    cdt::insert_root(r[0], UntypedCap::make(ut_base, ut_bits, false, 0));
    // Objects inside the untyped: a big CNode, a small CNode, a thread, endpoints.
    paddr_t cursor = ut_base;
    auto take = [&](unsigned bits) {
        const paddr_t at = align_up(cursor, word_t{1} << bits);
        cursor = at + (word_t{1} << bits);
        return at;
    };
    const CNodeCap big = CNodeCap::make(take(8 + slot_bits), 8, 0, 0);
    const CNodeCap small = CNodeCap::make(take(3 + slot_bits), 3, 0, 0);
    const paddr_t tcb = take(tcb_bits);
    const paddr_t ep = take(4);
    cdt::insert_child(r[0], r[1], big);
    cdt::insert_child(r[0], r[2], ThreadCap::make(tcb));
    cdt::insert_child(r[0], r[3], EndpointCap::make(ep, 0, CapRights::all()));
    Cte* b = cnode_slots(big.object());
    cdt::insert_child(r[0], b[200], small);  // the small CNode's only cap lives in the big one
    for (unsigned i = 0; i < 256; ++i)
        if (i != 200) cdt::insert_child(r[3], b[i], EndpointCap::make(ep, 0, CapRights::all()));
    Cte* sm = cnode_slots(small.object());
    for (unsigned i = 0; i < 8; ++i) cdt::insert_child(r[3], sm[i], EndpointCap::make(ep, i + 1, CapRights::all()));
    cdt::insert_child(r[1], cnode_slots(tcb)[0], big);
    return {r, &r[0], &r[1]};
}

TEST_F(DeleteTest, PreemptedDeleteEndsInTheSameStateAsAnUnpreemptedOne) {
    Arena reference(18);
    const Scenario ref = build(reference);
    // Deleting r[1] is not final (the TCB's CTable holds a copy); delete the copy first.
    ASSERT_EQ(run_to_completion([&] { return cdt::delete_slot(cnode_slots(ref.root_slots[2].cap.object())[0]); }, 0), 1u);
    ASSERT_EQ(run_to_completion([&] { return cdt::delete_slot(*ref.cnode_cap_slot); }, 0), 1u);
    const auto expected = image(reference);
    EXPECT_TRUE(ref.cnode_cap_slot->empty());

    for (word_t every : {word_t{1}, word_t{2}, word_t{7}, word_t{100}}) {
        Arena arena(18);
        const Scenario sc = build(arena);
        run_to_completion([&] { return cdt::delete_slot(cnode_slots(sc.root_slots[2].cap.object())[0]); }, every);
        const unsigned runs = run_to_completion([&] { return cdt::delete_slot(*sc.cnode_cap_slot); }, every);
        EXPECT_GT(runs, 1u) << every;
        EXPECT_EQ(image(arena), expected) << "preempting every " << every << " units";
    }
}

TEST_F(DeleteTest, PreemptedRevokeOfAnUntypedClearsEverything) {
    Arena reference(18);
    const Scenario ref = build(reference);
    ASSERT_EQ(run_to_completion([&] { return cdt::revoke(*ref.untyped_slot); }, 0), 1u);
    const auto expected = image(reference);
    EXPECT_EQ(ref.untyped_slot->mdb.next(), nullptr);
    // Nothing of the untyped's memory holds a cap any more.
    const Cte* mem = cnode_slots(ref.untyped_slot->cap.object());
    for (word_t i = 0; i < (word_t{1} << 16) / sizeof(Cte); ++i) ASSERT_TRUE(mem[i].empty()) << i;

    for (word_t every : {word_t{1}, word_t{3}, word_t{50}}) {
        Arena arena(18);
        const Scenario sc = build(arena);
        const unsigned runs = run_to_completion([&] { return cdt::revoke(*sc.untyped_slot); }, every);
        EXPECT_GT(runs, 1u) << every;
        EXPECT_EQ(image(arena), expected) << "preempting every " << every << " units";
    }
}

TEST_F(DeleteTest, PreemptedRevokeOfAnEndpoint) {
    auto make = [](Arena& arena) {
        const CNodeCap node = test_support::make_cnode(arena, 9);
        Cte* s = cnode_slots(node.object());
        const paddr_t ep = arena.allocate(4);
        cdt::insert_root(s[0], EndpointCap::make(ep, 0, CapRights::all()));
        for (unsigned i = 1; i < 512; ++i) cdt::insert_child(s[i - 1], s[i], EndpointCap::make(ep, i % 3, CapRights::all()));
        return s;
    };
    Arena reference(16);
    Cte* rs = make(reference);
    ASSERT_EQ(cdt::revoke(rs[0]), Completion::Done);
    Arena arena(16);
    Cte* s = make(arena);
    EXPECT_GT(run_to_completion([&] { return cdt::revoke(s[0]); }, 5), 100u);
    EXPECT_EQ(image(arena), image(reference));
    for (unsigned i = 1; i < 512; ++i) EXPECT_TRUE(s[i].empty());
}

}  // namespace
