// SPDX-License-Identifier: BSD-2-Clause
// CDT primitives and derivation rules (sel4-abi.md §5.1–5.4, sel4-mcs.md §2.4).
#include <gtest/gtest.h>

#include <kern/cdt.hpp>
#include <kern/object_type.hpp>
#include <support/kernel_fixture.hpp>

namespace {

using namespace kern;
namespace cdt = kern::cdt;

class CdtTest : public ::testing::Test {
protected:
    test_support::Arena arena{20};
    CNodeCap node = test_support::make_cnode(arena, 6);
    Cte& slot(word_t i) { return *cnode_slot(node, i); }
    // The list starting at `first`, as slot indices.
    std::vector<word_t> chain(Cte& first) {
        std::vector<word_t> out;
        for (Cte* c = &first; c != nullptr; c = c->mdb.next()) {
            out.push_back(static_cast<word_t>(c - &slot(0)));
            if (c->mdb.next() != nullptr) EXPECT_EQ(c->mdb.next()->mdb.prev(), c);
        }
        return out;
    }
};

TEST_F(CdtTest, UntypedRegionContainment) {
    const paddr_t base = arena.allocate(12);
    const Cap ut = UntypedCap::make(base, 12, false, 0);
    EXPECT_TRUE(cdt::same_region_as(ut, EndpointCap::make(base + 0x100, 0, {})));
    EXPECT_TRUE(cdt::same_region_as(ut, FrameCap::make(base, FrameSize::Small, VmRights::ReadWrite, false)));
    EXPECT_TRUE(cdt::same_region_as(ut, UntypedCap::make(base, 12, false, 0)));
    EXPECT_TRUE(cdt::same_region_as(ut, CNodeCap::make(base + 0x800, 6, 0, 0)));
    EXPECT_FALSE(cdt::same_region_as(ut, CNodeCap::make(base + 0x800, 7, 0, 0)));  // runs past the end
    EXPECT_FALSE(cdt::same_region_as(ut, EndpointCap::make(base + 0x1000, 0, {})));
    EXPECT_FALSE(cdt::same_region_as(ut, IrqHandlerCap::make(3)));
    EXPECT_FALSE(cdt::same_region_as(ut, SchedControlCap::make(0)));
    EXPECT_TRUE(cdt::same_region_as(ut, ZombieCap::make(base, true, 4, 5)));
    // Untyped caps are never "the same object" as anything.
    EXPECT_FALSE(cdt::same_object_as(ut, ut));
}

TEST_F(CdtTest, SameObjectRules) {
    const paddr_t a = arena.allocate(12), b = arena.allocate(12);
    EXPECT_TRUE(cdt::same_object_as(EndpointCap::make(a, 1, {}), EndpointCap::make(a, 2, CapRights::all())));
    EXPECT_FALSE(cdt::same_object_as(EndpointCap::make(a, 0, {}), NotificationCap::make(a, 0, {})));
    EXPECT_TRUE(cdt::same_object_as(CNodeCap::make(a, 4, 0, 0), CNodeCap::make(a, 4, 60, 3)));
    EXPECT_FALSE(cdt::same_object_as(CNodeCap::make(a, 4, 0, 0), CNodeCap::make(a, 5, 0, 0)));
    EXPECT_TRUE(cdt::same_object_as(SchedContextCap::make(a, 8), SchedContextCap::make(a, 8)));
    EXPECT_FALSE(cdt::same_object_as(SchedContextCap::make(a, 8), SchedContextCap::make(a, 9)));
    EXPECT_TRUE(cdt::same_object_as(SchedControlCap::make(0), SchedControlCap::make(1)));
    EXPECT_TRUE(cdt::same_object_as(ReplyCap::make(a, true), ReplyCap::make(a, false)));
    EXPECT_FALSE(cdt::same_object_as(ReplyCap::make(a, true), ReplyCap::make(b, true)));
    EXPECT_TRUE(cdt::same_object_as(ThreadCap::make(a), ThreadCap::make(a)));
    // Frames: same base and size (and device flag); a region may contain a smaller frame.
    const Cap f = FrameCap::make(a, FrameSize::Small, VmRights::ReadWrite, false);
    EXPECT_TRUE(cdt::same_object_as(f, FrameCap::make(a, FrameSize::Small, VmRights::ReadOnly, false).with_mapping(1, 0x1000)));
    EXPECT_FALSE(cdt::same_object_as(f, FrameCap::make(a, FrameSize::Small, VmRights::ReadWrite, true)));
    const Cap big = FrameCap::make(align_down(a, word_t{1} << 21), FrameSize::Large, VmRights::ReadWrite, false);
    EXPECT_TRUE(cdt::same_region_as(big, f));
    EXPECT_FALSE(cdt::same_object_as(big, f));
    // IRQ control covers handlers' regions but is not the same object.
    EXPECT_TRUE(cdt::same_region_as(make_simple_cap(CapType::IrqControl), IrqHandlerCap::make(5)));
    EXPECT_FALSE(cdt::same_object_as(make_simple_cap(CapType::IrqControl), IrqHandlerCap::make(5)));
    EXPECT_TRUE(cdt::same_object_as(IrqHandlerCap::make(5), IrqHandlerCap::make(5)));
    EXPECT_FALSE(cdt::same_object_as(IrqHandlerCap::make(5), IrqHandlerCap::make(6)));
    EXPECT_TRUE(cdt::same_object_as(make_simple_cap(CapType::AsidControl), make_simple_cap(CapType::AsidControl)));
    EXPECT_TRUE(cdt::same_object_as(AsidPoolCap::make(a, 0), AsidPoolCap::make(a, 0)));
    EXPECT_FALSE(cdt::same_object_as(AsidPoolCap::make(a, 0), AsidPoolCap::make(b, 0)));
    EXPECT_TRUE(cdt::same_object_as(PageTableCap::make(a), PageTableCap::make(a).with_mapping(1, 0)));
    EXPECT_TRUE(cdt::same_object_as(VSpaceCap::make(a), VSpaceCap::make(a)));
    EXPECT_TRUE(cdt::same_object_as(make_simple_cap(CapType::Domain), make_simple_cap(CapType::Domain)));
    EXPECT_FALSE(cdt::same_object_as(Cap::null(), Cap::null()));
    EXPECT_FALSE(cdt::same_object_as(ZombieCap::make(a, false, 4, 16), ZombieCap::make(a, false, 4, 16)));
}

TEST_F(CdtTest, InsertChildPlacesAfterParentWithRevocableRules) {
    const paddr_t ep = arena.allocate(4);
    cdt::insert_root(slot(0), EndpointCap::make(ep, 0, CapRights::all()));
    EXPECT_TRUE(slot(0).mdb.revocable());
    EXPECT_TRUE(slot(0).mdb.first_badged());
    cdt::insert_child(slot(0), slot(1), EndpointCap::make(ep, 0, CapRights::all()));  // plain copy
    EXPECT_FALSE(slot(1).mdb.revocable());
    cdt::insert_child(slot(0), slot(2), EndpointCap::make(ep, 7, CapRights::all()));  // badged mint
    EXPECT_TRUE(slot(2).mdb.revocable());
    EXPECT_TRUE(slot(2).mdb.first_badged());
    cdt::insert_child(slot(2), slot(3), EndpointCap::make(ep, 7, CapRights::all()));  // copy of badged
    EXPECT_FALSE(slot(3).mdb.revocable());
    EXPECT_EQ(chain(slot(0)), (std::vector<word_t>{0, 2, 3, 1}));
    EXPECT_TRUE(cdt::is_mdb_parent_of(slot(0), slot(2)));
    EXPECT_TRUE(cdt::is_mdb_parent_of(slot(0), slot(1)));
    EXPECT_TRUE(cdt::is_mdb_parent_of(slot(2), slot(3)));
    EXPECT_FALSE(cdt::is_mdb_parent_of(slot(2), slot(1)));  // different badge
    EXPECT_FALSE(cdt::is_mdb_parent_of(slot(3), slot(1)));  // not revocable
    EXPECT_TRUE(cdt::has_children(slot(0)));
    EXPECT_TRUE(cdt::has_children(slot(2)));
    EXPECT_FALSE(cdt::has_children(slot(3)));
    // A second badged mint with the same badge is first_badged: not a child of slot 2.
    cdt::insert_child(slot(0), slot(4), EndpointCap::make(ep, 7, CapRights::all()));
    EXPECT_EQ(chain(slot(0)), (std::vector<word_t>{0, 4, 2, 3, 1}));
    EXPECT_FALSE(cdt::is_mdb_parent_of(slot(4), slot(2)));
    EXPECT_FALSE(cdt::is_final(slot(2)));
}

TEST_F(CdtTest, RevocableKinds) {
    const paddr_t base = arena.allocate(12);
    const Cap ut = UntypedCap::make(base, 12, false, 0);
    EXPECT_TRUE(cdt::is_cap_revocable(UntypedCap::make(base, 11, false, 0), ut));
    EXPECT_TRUE(cdt::is_cap_revocable(IrqHandlerCap::make(4), make_simple_cap(CapType::IrqControl)));
    EXPECT_FALSE(cdt::is_cap_revocable(IrqHandlerCap::make(4), IrqHandlerCap::make(4)));
    EXPECT_FALSE(cdt::is_cap_revocable(NotificationCap::make(base, 0, {}), NotificationCap::make(base, 0, {})));
    EXPECT_TRUE(cdt::is_cap_revocable(NotificationCap::make(base, 2, {}), NotificationCap::make(base, 0, {})));
    EXPECT_FALSE(cdt::is_cap_revocable(CNodeCap::make(base, 4, 0, 0), CNodeCap::make(base, 4, 0, 0)));
    EXPECT_FALSE(cdt::is_cap_revocable(FrameCap::make(base, FrameSize::Small, VmRights::ReadWrite, false),
                                       FrameCap::make(base, FrameSize::Small, VmRights::ReadWrite, false)));
}

TEST_F(CdtTest, InsertingAFullCopyOfAnUntypedMarksTheSourceFull) {
    const paddr_t base = arena.allocate(12);
    cdt::insert_root(slot(0), UntypedCap::make(base, 12, false, 0x40));
    cdt::insert_child(slot(0), slot(1), UntypedCap::make(base, 12, false, 0x40));
    EXPECT_EQ(slot(0).cap.as<UntypedCap>().free_index(), 0x1000u);
    EXPECT_TRUE(slot(1).mdb.revocable());
    EXPECT_TRUE(cdt::has_children(slot(0)));
    // A child untyped of a smaller region leaves the parent alone.
    cdt::insert_root(slot(2), UntypedCap::make(base, 12, false, 0x40));
    cdt::insert_child(slot(2), slot(3), UntypedCap::make(base, 11, false, 0));
    EXPECT_EQ(slot(2).cap.as<UntypedCap>().free_index(), 0x40u);
}

TEST_F(CdtTest, MoveKeepsPositionAndFlags) {
    const paddr_t ep = arena.allocate(4);
    cdt::insert_root(slot(0), EndpointCap::make(ep, 0, CapRights::all()));
    cdt::insert_child(slot(0), slot(1), EndpointCap::make(ep, 5, CapRights::all()));
    cdt::insert_child(slot(1), slot(2), EndpointCap::make(ep, 5, CapRights::all()));
    const MdbNode before = slot(1).mdb;
    cdt::move(slot(1), slot(9), slot(1).cap);
    EXPECT_TRUE(slot(1).empty());
    EXPECT_TRUE(slot(1).mdb.is_clear());
    EXPECT_EQ(slot(9).mdb, before);
    EXPECT_EQ(chain(slot(0)), (std::vector<word_t>{0, 9, 2}));
    EXPECT_TRUE(cdt::is_mdb_parent_of(slot(9), slot(2)));
}

TEST_F(CdtTest, SwapExchangesPositionsIncludingAdjacentSlots) {
    const paddr_t e1 = arena.allocate(4), e2 = arena.allocate(4);
    cdt::insert_root(slot(0), EndpointCap::make(e1, 0, CapRights::all()));
    cdt::insert_child(slot(0), slot(1), EndpointCap::make(e1, 0, CapRights::all()));
    cdt::insert_child(slot(1), slot(2), EndpointCap::make(e1, 0, CapRights::all()));
    slot(1).mdb.set_first_badged(true);  // mark to see the flags travel with the cap
    const Cap c0 = slot(0).cap, c1 = slot(1).cap;
    cdt::swap(slot(0), c0, slot(1), c1);  // adjacent, 0 before 1
    EXPECT_EQ(chain(slot(1)), (std::vector<word_t>{1, 0, 2}));
    EXPECT_EQ(slot(1).mdb.prev(), nullptr);
    EXPECT_TRUE(slot(1).mdb.revocable());
    EXPECT_TRUE(slot(0).mdb.first_badged());
    EXPECT_FALSE(slot(0).mdb.revocable());
    cdt::swap(slot(0), slot(0).cap, slot(1), slot(1).cap);  // adjacent, 0 after 1
    EXPECT_EQ(chain(slot(0)), (std::vector<word_t>{0, 1, 2}));
    // Non-adjacent swap across two lists.
    cdt::insert_root(slot(5), EndpointCap::make(e2, 0, CapRights::all()));
    cdt::insert_child(slot(5), slot(6), EndpointCap::make(e2, 0, CapRights::all()));
    cdt::swap(slot(1), slot(1).cap, slot(6), slot(6).cap);
    EXPECT_EQ(chain(slot(0)), (std::vector<word_t>{0, 6, 2}));
    EXPECT_EQ(chain(slot(5)), (std::vector<word_t>{5, 1}));
    EXPECT_EQ(slot(6).cap.object(), e1);
}

TEST_F(CdtTest, RemoveUnlinksAndPassesOnFirstBadged) {
    const paddr_t ep = arena.allocate(4);
    cdt::insert_root(slot(0), EndpointCap::make(ep, 0, CapRights::all()));
    cdt::insert_child(slot(0), slot(1), EndpointCap::make(ep, 3, CapRights::all()));
    cdt::insert_child(slot(1), slot(2), EndpointCap::make(ep, 3, CapRights::all()));
    EXPECT_FALSE(slot(2).mdb.first_badged());
    EXPECT_TRUE(cdt::is_final(slot(0)) == false);
    cdt::remove(slot(1));
    EXPECT_TRUE(slot(1).empty());
    EXPECT_TRUE(slot(1).mdb.is_clear());
    EXPECT_EQ(chain(slot(0)), (std::vector<word_t>{0, 2}));
    EXPECT_TRUE(slot(2).mdb.first_badged());
    cdt::remove(slot(2));
    EXPECT_TRUE(cdt::is_final(slot(0)));
    EXPECT_EQ(slot(0).mdb.next(), nullptr);
    cdt::remove(slot(3));  // empty: nothing happens
}

TEST_F(CdtTest, IsFinalLooksAtBothNeighbours) {
    const paddr_t a = arena.allocate(4), b = arena.allocate(4);
    cdt::insert_root(slot(0), EndpointCap::make(a, 0, CapRights::all()));
    cdt::insert_child(slot(0), slot(1), EndpointCap::make(b, 0, CapRights::all()));  // artificial neighbour
    EXPECT_TRUE(cdt::is_final(slot(0)));
    EXPECT_TRUE(cdt::is_final(slot(1)));
    cdt::insert_child(slot(1), slot(2), EndpointCap::make(b, 0, CapRights::all()));
    EXPECT_FALSE(cdt::is_final(slot(1)));
    EXPECT_FALSE(cdt::is_final(slot(2)));
}

// --- derive / update_cap_data / mask_rights ----------------------------------

TEST_F(CdtTest, DeriveTable) {
    const paddr_t p = arena.allocate(12);
    const Cte& any = slot(10);
    auto derived = [&](const Cap& c) { return cdt::derive(any, c); };
    EXPECT_EQ(derived(Cap::null()).error(), SyscallError::illegal_operation());
    EXPECT_EQ(derived(ZombieCap::make(p, false, 2, 4)).error(), SyscallError::illegal_operation());
    EXPECT_EQ(derived(make_simple_cap(CapType::IrqControl)).error(), SyscallError::illegal_operation());
    EXPECT_EQ(derived(PageTableCap::make(p)).error(), SyscallError::illegal_operation());
    EXPECT_EQ(derived(VSpaceCap::make(p)).error(), SyscallError::illegal_operation());
    const Cap mapped_pt = PageTableCap::make(p).with_mapping(3, 0x200000);
    EXPECT_EQ(derived(mapped_pt).value(), mapped_pt);
    const Cap vs = VSpaceCap::make(p).with_asid(1);
    EXPECT_EQ(derived(vs).value(), vs);
    const FrameCap frame = FrameCap::make(p, FrameSize::Small, VmRights::ReadOnly, false);
    EXPECT_EQ(derived(frame.with_mapping(2, 0x4000)).value(), Cap{frame});
    const Cap reply = ReplyCap::make(p, true);
    EXPECT_EQ(derived(reply).value(), reply);  // MCS: reply caps copy
    for (const Cap c : {Cap{EndpointCap::make(p, 9, CapRights::all())}, Cap{IrqHandlerCap::make(3)},
                        make_simple_cap(CapType::AsidControl), Cap{AsidPoolCap::make(p, 0)},
                        Cap{SchedControlCap::make(0)}, Cap{SchedContextCap::make(p, 8)}, Cap{ThreadCap::make(p)},
                        make_simple_cap(CapType::Domain)})
        EXPECT_EQ(derived(c).value(), c);
}

TEST_F(CdtTest, DeriveUntypedNeedsNoChildren) {
    const paddr_t p = arena.allocate(12);
    const Cap ut = UntypedCap::make(p, 12, false, 0);
    cdt::insert_root(slot(0), ut);
    EXPECT_EQ(cdt::derive(slot(0), ut).value(), ut);
    cdt::insert_child(slot(0), slot(1), EndpointCap::make(p, 0, CapRights::all()));
    EXPECT_EQ(cdt::derive(slot(0), ut).error(), SyscallError::revoke_first());
}

TEST_F(CdtTest, UpdateCapDataBadges) {
    const paddr_t p = arena.allocate(6);
    const Cap ep = EndpointCap::make(p, 0, CapRights::all());
    EXPECT_EQ(cdt::update_cap_data(false, 42, ep), Cap{EndpointCap::make(p, 42, CapRights::all())});
    EXPECT_EQ(cdt::update_cap_data(false, 0, ep), ep);
    EXPECT_TRUE(cdt::update_cap_data(true, 42, ep).is_null());  // Mutate never badges
    const Cap badged = EndpointCap::make(p, 5, CapRights::all());
    EXPECT_TRUE(cdt::update_cap_data(false, 5, badged).is_null());  // no re-badging, even to the same
    EXPECT_TRUE(cdt::update_cap_data(false, 0, badged).is_null());
    const Cap ntfn = NotificationCap::make(p, 0, CapRights::make(false, false, true, true));
    EXPECT_EQ(cdt::update_cap_data(false, 3, ntfn).as<NotificationCap>().badge(), 3u);
    EXPECT_TRUE(cdt::update_cap_data(true, 3, ntfn).is_null());
    const Cap tcb = ThreadCap::make(p);
    EXPECT_EQ(cdt::update_cap_data(false, 99, tcb), tcb);
    EXPECT_EQ(cdt::update_cap_data(true, 99, tcb), tcb);
}

TEST_F(CdtTest, UpdateCapDataCNodeGuard) {
    const paddr_t p = arena.allocate(10);
    const Cap cn = CNodeCap::make(p, 5, 0, 0);
    // guardSize 3, guard 0b101 (extra high bits are masked off)
    const word_t data = 3 | (word_t{0xfd} << 6);
    const Cap r = cdt::update_cap_data(true, data, cn);
    ASSERT_EQ(r.type(), CapType::CNode);
    EXPECT_EQ(r.as<CNodeCap>().guard_size(), 3u);
    EXPECT_EQ(r.as<CNodeCap>().guard(), 0x5u);
    EXPECT_EQ(r.as<CNodeCap>().radix(), 5u);
    EXPECT_EQ(cdt::update_cap_data(false, data, cn), r);
    EXPECT_EQ(cdt::update_cap_data(true, 59, cn).as<CNodeCap>().guard_size(), 59u);  // 59 + 5 = 64
    EXPECT_TRUE(cdt::update_cap_data(true, 60, cn).is_null());                         // 65 > 64
    EXPECT_EQ(cdt::update_cap_data(true, 0, CNodeCap::make(p, 5, 7, 3)), cn);           // data 0 clears
}

TEST_F(CdtTest, MaskRights) {
    const paddr_t p = arena.allocate(12);
    const Cap ep = EndpointCap::make(p, 1, CapRights::all());
    EXPECT_EQ(cdt::mask_rights(CapRights{0x5}, ep).as<EndpointCap>().rights(), CapRights{0x5});
    EXPECT_EQ(cdt::mask_rights(CapRights::all(), EndpointCap::make(p, 1, CapRights{0x2})).as<EndpointCap>().rights(),
              CapRights{0x2});
    const Cap ntfn = NotificationCap::make(p, 0, CapRights{0x3});
    EXPECT_EQ(cdt::mask_rights(CapRights{0xd}, ntfn).as<NotificationCap>().rights(), CapRights{0x1});
    EXPECT_TRUE(cdt::mask_rights(CapRights{0x4}, ReplyCap::make(p, true)).as<ReplyCap>().can_grant());
    EXPECT_FALSE(cdt::mask_rights(CapRights{0xb}, ReplyCap::make(p, true)).as<ReplyCap>().can_grant());
    auto vm = [&](VmRights from, word_t rights) {
        return cdt::mask_rights(CapRights{rights}, FrameCap::make(p, FrameSize::Small, from, false))
            .as<FrameCap>()
            .rights();
    };
    EXPECT_EQ(vm(VmRights::ReadWrite, 0x3), VmRights::ReadWrite);
    EXPECT_EQ(vm(VmRights::ReadWrite, 0x2), VmRights::ReadOnly);
    EXPECT_EQ(vm(VmRights::ReadWrite, 0x1), VmRights::KernelOnly);  // no write-only mappings
    EXPECT_EQ(vm(VmRights::ReadWrite, 0x0), VmRights::KernelOnly);
    EXPECT_EQ(vm(VmRights::ReadOnly, 0xf), VmRights::ReadOnly);
    EXPECT_EQ(vm(VmRights::ReadOnly, 0x1), VmRights::KernelOnly);
    EXPECT_EQ(vm(VmRights::KernelOnly, 0xf), VmRights::KernelOnly);
    const Cap cn = CNodeCap::make(p, 4, 0, 0);
    EXPECT_EQ(cdt::mask_rights(CapRights::none(), cn), cn);
    const Cap ut = UntypedCap::make(p, 12, false, 0);
    EXPECT_EQ(cdt::mask_rights(CapRights::none(), ut), ut);
}

}  // namespace
