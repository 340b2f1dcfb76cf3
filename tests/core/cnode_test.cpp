// SPDX-License-Identifier: BSD-2-Clause
// CNode invocations through the system-call path (sel4-abi.md §5.5, §15.3):
// every operation on success and on each error, with seL4's error codes and
// detail words.
#include <gtest/gtest.h>

#include <vector>

#include <arch/machine.hpp>
#include <kern/cdt.hpp>
#include <kern/cnode_ops.hpp>
#include <kern/invocation_label.hpp>
#include <kern/message_info.hpp>
#include <kern/preemption.hpp>
#include <kern/syscall.hpp>
#include <kern/trap.hpp>
#include <support/kernel_fixture.hpp>

namespace {

using namespace kern;
namespace cdt = kern::cdt;

constexpr word_t L(Label l) { return static_cast<word_t>(l); }

struct CallReply {
    word_t label;
    std::vector<word_t> mrs;
};

// seL4 error numbers
constexpr word_t IllegalOperation = 3, RangeError = 4, FailedLookup = 6, TruncatedMessage = 7, DeleteFirst = 8,
                 RevokeFirst = 9, InvalidCapability = 2;

class CNodeTest : public ::testing::Test {
protected:
    void SetUp() override {
        buffer_page = arena.allocate(12);
        cdt::insert_root(thread.tcb->slot(TcbSlot::Buffer),
                         FrameCap::make(buffer_page, FrameSize::Small, VmRights::ReadWrite, false));
        // Slot 1: a copy of the root CNode cap, used as the source/pivot root.
        cdt::insert_child(thread.tcb->slot(TcbSlot::CTable), slot(1), thread.root);
        ep = arena.allocate(4);
        cdt::insert_root(slot(10), EndpointCap::make(ep, 0, CapRights::all()));
    }
    void TearDown() override {
        kern::testing::preempt_after(0);
        set_current_thread(nullptr);
    }

    Cte& slot(word_t i) { return *thread.slot(i); }
    word_t* buffer() { return reinterpret_cast<word_t*>(buffer_page); }

    // seL4_Call(cptr, label, mrs, extra caps) as the libsel4 stub would issue it.
    CallReply call(word_t cptr, word_t label, const std::vector<word_t>& mrs, const std::vector<word_t>& caps = {},
               sword_t syscall = -1) {
        ctx.set_pc(0x1000);
        ctx.set_syscall(syscall, cptr);
        ctx.set_info_register(MessageInfo::make(label, 0, caps.size(), mrs.size()).raw());
        for (unsigned i = 0; i < mrs.size(); ++i) {
            if (i < 4) ctx.set_message_register(i, mrs[i]);
            else buffer()[1 + i] = mrs[i];
        }
        auto* ipc = reinterpret_cast<seL4_IPCBuffer*>(buffer_page);
        for (unsigned i = 0; i < caps.size(); ++i) ipc->caps_or_badges[i] = caps[i];
        last_outcome = handle_syscall(ctx);
        const MessageInfo info{ctx.info_register()};
        CallReply r{info.label(), {}};
        for (unsigned i = 0; i < info.length(); ++i) r.mrs.push_back(i < 4 ? ctx.reg(2 + i) : buffer()[1 + i]);
        return r;
    }
    // Invocation on the root CNode (CPtr 0 is not it: use slot 1's copy).
    CallReply cnode(word_t label, const std::vector<word_t>& mrs, const std::vector<word_t>& caps = {}) {
        return call(1, label, mrs, caps);
    }

    test_support::Arena arena{20};
    test_support::ThreadWithCSpace thread = test_support::make_current_thread(arena, 8);
    paddr_t buffer_page = 0;
    paddr_t ep = 0;
    arch::UserContext& ctx = thread.tcb->context;
    TrapOutcome last_outcome = TrapOutcome::resume();
};

void expect_ok(const CallReply& r) {
    EXPECT_EQ(r.label, 0u);
    EXPECT_TRUE(r.mrs.empty());
}
void expect_error(const CallReply& r, word_t error, const std::vector<word_t>& mrs = {}) {
    EXPECT_EQ(r.label, error);
    EXPECT_EQ(r.mrs, mrs);
}

// --- common checks ------------------------------------------------------------

TEST_F(CNodeTest, LabelsOutsideRevokeToRotateAreIllegal) {
    for (word_t label : {word_t{0}, word_t{1}, word_t{17}, word_t{26}, word_t{39}, word_t{5000}})
        expect_error(cnode(label, {20, 64}), IllegalOperation);
}

TEST_F(CNodeTest, ShortMessageIsTruncated) {
    for (word_t label = L(Label::CNodeRevoke); label <= L(Label::CNodeRotate); ++label) {
        expect_error(cnode(label, {}), TruncatedMessage);
        expect_error(cnode(label, {20}), TruncatedMessage);
    }
}

TEST_F(CNodeTest, DestinationLookupErrors) {
    expect_error(cnode(L(Label::CNodeDelete), {20, 0}), RangeError, {1, 64});
    expect_error(cnode(L(Label::CNodeDelete), {20, 65}), RangeError, {1, 64});
    // Depth 8 is less than the root's 56-bit guard: GuardMismatch(8, 0, 56).
    expect_error(cnode(L(Label::CNodeDelete), {20, 8}), FailedLookup, {0, 4, 8, 0, 56});
    // A two-level path that stops at an empty slot with bits left: DepthMismatch(bitsLeft, 0).
    cdt::insert_root(slot(50), test_support::make_cnode(arena, 4, 0, 0));
    expect_error(call(50, L(Label::CNodeDelete), {0x23, 8}), FailedLookup, {0, 3, 4, 0});
    expect_ok(call(50, L(Label::CNodeDelete), {0x2, 4}));
    // A guard bit set: GuardMismatch(bitsLeft 64, guard 0, guard size 56).
    expect_error(cnode(L(Label::CNodeDelete), {word_t{1} << 63, 64}), FailedLookup, {0, 4, 64, 0, 56});
}

TEST_F(CNodeTest, InvokingNullOrNonCNodeCaps) {
    expect_error(call(77, L(Label::CNodeDelete), {20, 64}), InvalidCapability, {0});
    cdt::insert_root(slot(30), ThreadCap::make(arena.allocate(tcb_bits)));
    expect_error(call(30, L(Label::CNodeDelete), {20, 64}), IllegalOperation);
}

// --- Copy -----------------------------------------------------------------

TEST_F(CNodeTest, CopyMasksRightsAndInsertsAsChild) {
    expect_ok(cnode(L(Label::CNodeCopy), {20, 64, 10, 64, 0x3}, {1}));
    ASSERT_EQ(slot(20).cap.type(), CapType::Endpoint);
    EXPECT_EQ(slot(20).cap.as<EndpointCap>().rights(), CapRights{0x3});
    EXPECT_EQ(slot(10).mdb.next(), &slot(20));
    EXPECT_FALSE(slot(20).mdb.revocable());
    EXPECT_TRUE(cdt::has_children(slot(10)));
}

TEST_F(CNodeTest, CopyErrorsInSeL4Order) {
    const word_t copy = L(Label::CNodeCopy);
    expect_error(cnode(copy, {20, 64, 10}, {1}), TruncatedMessage);          // length < 4
    expect_error(cnode(copy, {20, 64, 10, 64, 0xf}), TruncatedMessage);      // no source root
    expect_error(cnode(copy, {10, 64, 10, 64, 0xf}, {1}), DeleteFirst);      // dest occupied
    expect_error(cnode(copy, {10, 64, 99, 0, 0xf}, {30}), DeleteFirst);      // ... before the source lookup
    expect_error(cnode(copy, {20, 64, 10, 64, 0xf}, {30}), FailedLookup, {1, 1});  // null root: InvalidRoot
    expect_error(cnode(copy, {20, 64, 10, 0, 0xf}, {1}), RangeError, {1, 64});
    expect_error(cnode(copy, {20, 64, 10, 8, 0xf}, {1}), FailedLookup, {1, 4, 8, 0, 56});
    expect_error(cnode(copy, {20, 64, 11, 64, 0xf}, {1}), FailedLookup, {1, 2, 64});  // empty source
    expect_error(cnode(copy, {20, 64, 10, 64}, {1}), TruncatedMessage);              // Copy needs 5
    EXPECT_TRUE(slot(20).empty());
}

TEST_F(CNodeTest, CopyOfUnderivableCaps) {
    cdt::insert_root(slot(12), make_simple_cap(CapType::IrqControl));
    expect_error(cnode(L(Label::CNodeCopy), {20, 64, 12, 64, 0xf}, {1}), IllegalOperation);
    const paddr_t pt = arena.allocate(12);
    cdt::insert_root(slot(13), PageTableCap::make(pt));
    expect_error(cnode(L(Label::CNodeCopy), {20, 64, 13, 64, 0xf}, {1}), IllegalOperation);
    EXPECT_TRUE(slot(20).empty());
}

TEST_F(CNodeTest, CopyOfAnUntyped) {
    const paddr_t mem = arena.allocate(12);
    cdt::insert_root(slot(14), UntypedCap::make(mem, 12, false, 0x100));
    expect_ok(cnode(L(Label::CNodeCopy), {20, 64, 14, 64, 0}, {1}));
    EXPECT_EQ(slot(14).cap.as<UntypedCap>().free_index(), 0x1000u);  // parent can no longer be retyped
    EXPECT_EQ(slot(20).cap.as<UntypedCap>().free_index(), 0x100u);
    EXPECT_TRUE(slot(20).mdb.revocable());
    // Now it has a child: a second copy needs a revoke first, and nothing changes.
    expect_error(cnode(L(Label::CNodeCopy), {21, 64, 14, 64, 0}, {1}), RevokeFirst);
    EXPECT_TRUE(slot(21).empty());
}

TEST_F(CNodeTest, ReplyCapsCanBeCopiedUnderMcs) {
    cdt::insert_root(slot(15), ReplyCap::make(arena.allocate(5), true));
    expect_ok(cnode(L(Label::CNodeCopy), {20, 64, 15, 64, 0x3}, {1}));
    EXPECT_FALSE(slot(20).cap.as<ReplyCap>().can_grant());
}

TEST_F(CNodeTest, CopyOfAFrameIsUnmapped) {
    const paddr_t page = arena.allocate(12);
    cdt::insert_root(slot(16), FrameCap::make(page, FrameSize::Small, VmRights::ReadWrite, false).with_mapping(1, 0x40000));
    expect_ok(cnode(L(Label::CNodeCopy), {20, 64, 16, 64, 0x1}, {1}));
    const FrameCap copy = slot(20).cap.as<FrameCap>();
    EXPECT_FALSE(copy.is_mapped());
    EXPECT_EQ(copy.rights(), VmRights::KernelOnly);
}

// --- Mint -----------------------------------------------------------------

TEST_F(CNodeTest, MintBadgesOnce) {
    const word_t mint = L(Label::CNodeMint);
    expect_ok(cnode(mint, {20, 64, 10, 64, 0xf, 0x55}, {1}));
    EXPECT_EQ(slot(20).cap.as<EndpointCap>().badge(), 0x55u);
    EXPECT_TRUE(slot(20).mdb.revocable());
    EXPECT_TRUE(slot(20).mdb.first_badged());
    // Re-badging fails whatever the badge; so does Mint with length 5.
    expect_error(cnode(mint, {21, 64, 20, 64, 0xf, 0x55}, {1}), IllegalOperation);
    expect_error(cnode(mint, {21, 64, 20, 64, 0xf, 0}, {1}), IllegalOperation);
    expect_error(cnode(mint, {21, 64, 10, 64, 0xf}, {1}), TruncatedMessage);
    // Mint with badge 0 from an unbadged cap is a plain (non-revocable) copy.
    expect_ok(cnode(mint, {21, 64, 10, 64, 0x1, 0}, {1}));
    EXPECT_FALSE(slot(21).mdb.revocable());
    EXPECT_EQ(slot(21).cap.as<EndpointCap>().rights(), CapRights{0x1});
}

TEST_F(CNodeTest, MintSetsACNodeGuard) {
    const word_t mint = L(Label::CNodeMint);
    const CNodeCap other = test_support::make_cnode(arena, 4);
    cdt::insert_root(slot(17), other);
    expect_ok(cnode(mint, {20, 64, 17, 64, 0, (word_t{0x3} << 6) | 4}, {1}));
    EXPECT_EQ(slot(20).cap.as<CNodeCap>().guard_size(), 4u);
    EXPECT_EQ(slot(20).cap.as<CNodeCap>().guard(), 3u);
    expect_error(cnode(mint, {21, 64, 17, 64, 0, 61}, {1}), IllegalOperation);  // 61 + 4 > 64
}

// --- Move / Mutate ----------------------------------------------------------

TEST_F(CNodeTest, MoveKeepsTheCdtPosition) {
    expect_ok(cnode(L(Label::CNodeMint), {20, 64, 10, 64, 0xf, 7}, {1}));
    expect_ok(cnode(L(Label::CNodeCopy), {21, 64, 20, 64, 0xf}, {1}));
    expect_ok(cnode(L(Label::CNodeMove), {30, 64, 20, 64}, {1}));
    EXPECT_TRUE(slot(20).empty());
    EXPECT_EQ(slot(30).cap.as<EndpointCap>().badge(), 7u);
    EXPECT_TRUE(cdt::is_mdb_parent_of(slot(30), slot(21)));
    EXPECT_EQ(slot(10).mdb.next(), &slot(30));
    // Moving onto itself: the destination is occupied.
    expect_error(cnode(L(Label::CNodeMove), {30, 64, 30, 64}, {1}), DeleteFirst);
    expect_error(cnode(L(Label::CNodeMove), {31, 64, 20, 64}, {1}), FailedLookup, {1, 2, 64});
    expect_error(cnode(L(Label::CNodeMove), {31, 64, 20}, {1}), TruncatedMessage);
    // IRQControl cannot be copied but can be moved.
    cdt::insert_root(slot(12), make_simple_cap(CapType::IrqControl));
    expect_ok(cnode(L(Label::CNodeMove), {32, 64, 12, 64}, {1}));
    EXPECT_EQ(slot(32).cap.type(), CapType::IrqControl);
}

TEST_F(CNodeTest, MutateSetsGuardsOnlyAndNeverBadges) {
    const word_t mutate = L(Label::CNodeMutate);
    const CNodeCap other = test_support::make_cnode(arena, 4);
    cdt::insert_root(slot(17), other);
    expect_ok(cnode(mutate, {20, 64, 17, 64, (word_t{1} << 6) | 2}, {1}));
    EXPECT_TRUE(slot(17).empty());
    EXPECT_EQ(slot(20).cap.as<CNodeCap>().guard_size(), 2u);
    EXPECT_EQ(slot(20).cap.as<CNodeCap>().guard(), 1u);
    EXPECT_TRUE(slot(20).mdb.revocable());  // the position (a boot-style root) moved with it
    expect_error(cnode(mutate, {21, 64, 10, 64, 0}, {1}), IllegalOperation);
    EXPECT_FALSE(slot(10).empty());
    expect_error(cnode(mutate, {21, 64, 10, 64}, {1}), TruncatedMessage);
    const paddr_t tcb = arena.allocate(tcb_bits);
    cdt::insert_root(slot(18), ThreadCap::make(tcb));
    expect_ok(cnode(mutate, {21, 64, 18, 64, 0x1234}, {1}));  // data ignored
    EXPECT_EQ(slot(21).cap, Cap{ThreadCap::make(tcb)});
}

// --- Rotate -----------------------------------------------------------------

TEST_F(CNodeTest, RotateThroughThreeSlots) {
    const CNodeCap a = test_support::make_cnode(arena, 3);
    const CNodeCap b = test_support::make_cnode(arena, 2);
    cdt::insert_root(slot(40), a);  // src
    cdt::insert_root(slot(41), b);  // pivot
    // dest 42 ← pivot (guard data MR2), pivot 41 ← src (guard data MR5)
    expect_ok(cnode(L(Label::CNodeRotate), {42, 64, 1 | (1 << 6), 41, 64, 2, 40, 64}, {1, 1}));
    EXPECT_TRUE(slot(40).empty());
    ASSERT_EQ(slot(42).cap.type(), CapType::CNode);
    EXPECT_EQ(slot(42).cap.object(), b.object());
    EXPECT_EQ(slot(42).cap.as<CNodeCap>().guard_size(), 1u);
    EXPECT_EQ(slot(42).cap.as<CNodeCap>().guard(), 1u);
    EXPECT_EQ(slot(41).cap.object(), a.object());
    EXPECT_EQ(slot(41).cap.as<CNodeCap>().guard_size(), 2u);
}

TEST_F(CNodeTest, RotateWithDestEqualToSourceSwaps) {
    const paddr_t t1 = arena.allocate(tcb_bits), t2 = arena.allocate(tcb_bits);
    cdt::insert_root(slot(40), ThreadCap::make(t1));
    cdt::insert_root(slot(41), ThreadCap::make(t2));
    expect_ok(cnode(L(Label::CNodeRotate), {40, 64, 0, 41, 64, 0, 40, 64}, {1, 1}));
    EXPECT_EQ(slot(40).cap.object(), t2);
    EXPECT_EQ(slot(41).cap.object(), t1);
}

TEST_F(CNodeTest, RotateErrors) {
    const word_t rot = L(Label::CNodeRotate);
    const paddr_t t1 = arena.allocate(tcb_bits), t2 = arena.allocate(tcb_bits);
    cdt::insert_root(slot(40), ThreadCap::make(t1));
    cdt::insert_root(slot(41), ThreadCap::make(t2));
    expect_error(cnode(rot, {42, 64, 0, 41, 64, 0, 40}, {1, 1}), TruncatedMessage);
    expect_error(cnode(rot, {42, 64, 0, 41, 64, 0, 40, 64}, {1}), TruncatedMessage);
    // Source looked up before the pivot; both report the source flag.
    expect_error(cnode(rot, {42, 64, 0, 41, 0, 0, 40, 8}, {1, 1}), FailedLookup, {1, 4, 8, 0, 56});
    expect_error(cnode(rot, {42, 64, 0, 41, 0, 0, 40, 64}, {1, 1}), RangeError, {1, 64});
    expect_error(cnode(rot, {42, 64, 0, 41, 8, 0, 40, 64}, {1, 1}), FailedLookup, {1, 4, 8, 0, 56});
    expect_error(cnode(rot, {42, 64, 0, 41, 64, 0, 40, 64}, {30, 1}), FailedLookup, {1, 1});
    expect_error(cnode(rot, {42, 64, 0, 40, 64, 0, 40, 64}, {1, 1}), IllegalOperation);  // pivot == src
    expect_error(cnode(rot, {41, 64, 0, 41, 64, 0, 40, 64}, {1, 1}), IllegalOperation);  // pivot == dest
    expect_error(cnode(rot, {10, 64, 0, 41, 64, 0, 40, 64}, {1, 1}), DeleteFirst);
    expect_error(cnode(rot, {42, 64, 0, 41, 64, 0, 43, 64}, {1, 1}), FailedLookup, {1, 2, 64});  // empty src
    expect_error(cnode(rot, {42, 64, 0, 44, 64, 0, 40, 64}, {1, 1}), FailedLookup, {0, 2, 64});  // empty pivot
    // Badgeable caps cannot be rotated (updateCapData with preserve is null).
    expect_error(cnode(rot, {42, 64, 0, 10, 64, 0, 40, 64}, {1, 1}), IllegalOperation);
    expect_error(cnode(rot, {42, 64, 0, 41, 64, 0, 10, 64}, {1, 1}), IllegalOperation);
    EXPECT_EQ(slot(40).cap.object(), t1);
    EXPECT_EQ(slot(41).cap.object(), t2);
    EXPECT_TRUE(slot(42).empty());
}

// --- Revoke / Delete / CancelBadgedSends -----------------------------------

TEST_F(CNodeTest, DeleteAndRevoke) {
    expect_ok(cnode(L(Label::CNodeMint), {20, 64, 10, 64, 0xf, 3}, {1}));
    expect_ok(cnode(L(Label::CNodeCopy), {21, 64, 20, 64, 0xf}, {1}));
    expect_ok(cnode(L(Label::CNodeCopy), {22, 64, 10, 64, 0xf}, {1}));
    expect_ok(cnode(L(Label::CNodeRevoke), {20, 64}));
    EXPECT_FALSE(slot(20).empty());
    EXPECT_TRUE(slot(21).empty());
    EXPECT_FALSE(slot(22).empty());
    expect_ok(cnode(L(Label::CNodeDelete), {20, 64}));
    EXPECT_TRUE(slot(20).empty());
    expect_ok(cnode(L(Label::CNodeDelete), {20, 64}));  // empty slot: success
    expect_ok(cnode(L(Label::CNodeRevoke), {10, 64}));
    EXPECT_TRUE(slot(22).empty());
    expect_ok(cnode(L(Label::CNodeRevoke), {99, 64}));  // empty slot: nothing to revoke
}

TEST_F(CNodeTest, PreemptedRevokeRestartsTheSyscall) {
    for (word_t i = 20; i < 220; ++i) expect_ok(cnode(L(Label::CNodeCopy), {i, 64, 10, 64, 0xf}, {1}));
    kern::testing::preempt_after(10);
    unsigned runs = 0;
    for (;;) {
        ++runs;
        ASSERT_LT(runs, 1000u);
        const word_t info_before = 0xdead;
        ctx.set_info_register(info_before);
        call(1, L(Label::CNodeRevoke), {10, 64});
        if (ctx.next_ip() == ctx.fault_ip()) continue;  // restarted: NextIP = FaultIP
        break;
    }
    EXPECT_GT(runs, 10u);
    EXPECT_EQ(MessageInfo{ctx.info_register()}.label(), 0u);
    for (word_t i = 20; i < 220; ++i) EXPECT_TRUE(slot(i).empty()) << i;
    EXPECT_EQ(slot(10).mdb.next(), nullptr);
}

TEST_F(CNodeTest, CancelBadgedSendsNeedsAnEndpointWithAllRights) {
    const word_t cbs = L(Label::CNodeCancelBadgedSends);
    expect_ok(cnode(cbs, {10, 64}));
    expect_ok(cnode(L(Label::CNodeMint), {20, 64, 10, 64, 0xf, 9}, {1}));
    expect_ok(cnode(cbs, {20, 64}));
    for (word_t rights : {word_t{0x7}, word_t{0xb}, word_t{0xd}, word_t{0xe}}) {
        expect_ok(cnode(L(Label::CNodeCopy), {21, 64, 20, 64, rights}, {1}));
        expect_error(cnode(cbs, {21, 64}), IllegalOperation);
        expect_ok(cnode(L(Label::CNodeDelete), {21, 64}));
    }
    expect_error(cnode(cbs, {99, 64}), IllegalOperation);  // empty
    cdt::insert_root(slot(22), NotificationCap::make(arena.allocate(6), 0, CapRights{0x3}));
    expect_error(cnode(cbs, {22, 64}), IllegalOperation);
}

TEST_F(CNodeTest, SendDropsErrorsWithoutReplying) {
    ctx.set_info_register(0);
    const CallReply r = call(1, 0, {20, 64}, {}, -5);  // seL4_Send, illegal label
    EXPECT_EQ(last_outcome, TrapOutcome::resume());
    EXPECT_EQ(r.label, 0u);
    expect_ok(cnode(L(Label::CNodeCopy), {20, 64, 10, 64, 0xf}, {1}));
    call(1, L(Label::CNodeDelete), {20, 64}, {}, -6);  // NBSend still performs it
    EXPECT_TRUE(slot(20).empty());
}

TEST_F(CNodeTest, DecodeChangesNothing) {
    const paddr_t mem = arena.allocate(12);
    cdt::insert_root(slot(14), UntypedCap::make(mem, 12, false, 0x100));
    InvocationMessage msg;
    msg.registers = &ctx;
    msg.label = L(Label::CNodeCopy);
    msg.length = 5;
    msg.extra_cap_count = 1;
    msg.extra_caps[0] = {slot(1).cap, &slot(1)};
    for (unsigned i = 0; i < 4; ++i) ctx.set_message_register(i, std::vector<word_t>{20, 64, 14, 64}[i]);
    word_t words[8] = {0, 0, 0, 0, 0, 0xf, 0, 0};
    msg.buffer_words = words;
    const auto op = decode_cnode_invocation(msg, thread.root);
    ASSERT_TRUE(op.ok());
    EXPECT_EQ(op.value().kind, CNodeOperation::Kind::Insert);
    EXPECT_EQ(op.value().dest, &slot(20));
    EXPECT_TRUE(slot(20).empty());
    EXPECT_EQ(slot(14).cap.as<UntypedCap>().free_index(), 0x100u);  // set only by perform
    EXPECT_EQ(perform_cnode_operation(op.value()), Completion::Done);
    EXPECT_EQ(slot(14).cap.as<UntypedCap>().free_index(), 0x1000u);
}

}  // namespace
