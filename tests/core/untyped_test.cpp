// SPDX-License-Identifier: BSD-2-Clause
// Untyped_Retype (sel4-abi.md §6.3, sel4-mcs.md §2.3): every check in seL4's
// order with its error details, object placement and the watermark, the lazy
// reset of childless untypeds (§16 item 10) and its preemption. The host
// arch uses the RISC-V object numbering.
#include <cstring>

#include <gtest/gtest.h>

#include <kern/cdt.hpp>
#include <kern/invocation.hpp>
#include <kern/object/cnode.hpp>
#include <kern/object/tcb.hpp>
#include <kern/object/untyped.hpp>
#include <kern/preemption.hpp>

#include "support/kernel_fixture.hpp"

namespace {

using namespace kern;
using test_support::Arena;

// seL4 RISC-V MCS object type numbers.
enum : word_t {
    UntypedObject = 0, TCBObject = 1, EndpointObject = 2, NotificationObject = 3, CapTableObject = 4,
    SchedContextObject = 5, ReplyObject = 6, GigaPage = 7, SmallPage = 8, MegaPage = 9, PageTableObject = 10,
};

constexpr unsigned root_radix = 8;
constexpr word_t untyped_slot = 1;

class UntypedTest : public ::testing::Test {
protected:
    Arena arena{25};
    test_support::ThreadWithCSpace thread = test_support::make_current_thread(arena, root_radix);
    word_t ipc_buffer[128] = {};
    arch::UserContext regs{};

    void TearDown() override {
        kern::testing::preempt_after(0);
        reset_preemption_work();
    }

    // An untyped of 2^bits bytes in slot `slot`, memory filled with `fill`.
    UntypedCap add_untyped(unsigned bits, bool device = false, bool full = true, word_t slot = untyped_slot,
                           int fill = 0xa5) {
        const paddr_t base = arena.allocate(bits);
        std::memset(reinterpret_cast<void*>(base), fill, word_t{1} << bits);
        const UntypedCap cap = UntypedCap::make(base, bits, device, full ? word_t{1} << bits : 0);
        cdt::insert_root(*thread.slot(slot), cap);
        return cap;
    }
    UntypedCap untyped(word_t slot = untyped_slot) const { return thread.slot(slot)->cap.as<UntypedCap>(); }

    InvocationResult retype(word_t type, word_t size_bits, word_t node_index, word_t node_depth, word_t node_offset,
                            word_t count, word_t slot = untyped_slot, word_t label = 1, word_t length = 6,
                            bool with_root = true, Cap root = Cap::null()) {
        const word_t args[6] = {type, size_bits, node_index, node_depth, node_offset, count};
        for (unsigned i = 0; i < 4; ++i) regs.set_message_register(i, args[i]);
        ipc_buffer[1 + 4] = args[4];
        ipc_buffer[1 + 5] = args[5];
        InvocationMessage msg;
        msg.label = label;
        msg.length = length;
        msg.registers = &regs;
        msg.buffer_words = ipc_buffer;
        if (with_root) {
            msg.extra_caps[0] = {root.is_null() ? thread.root.cap() : root, nullptr};
            msg.extra_cap_count = 1;
        }
        InvocationReply reply;
        return decode_and_invoke(msg, {thread.slot(slot)->cap, thread.slot(slot)}, reply);
    }
    InvocationResult retype_into_root(word_t type, word_t size_bits, word_t offset, word_t count,
                                      word_t slot = untyped_slot) {
        return retype(type, size_bits, 0, 0, offset, count, slot);
    }
    static bool all_zero(paddr_t base, word_t bytes) {
        const auto* p = reinterpret_cast<const unsigned char*>(base);
        for (word_t i = 0; i < bytes; ++i)
            if (p[i] != 0) return false;
        return true;
    }
};

void expect_error(const InvocationResult& r, const SyscallError& e) {
    EXPECT_FALSE(r.preempted);
    EXPECT_EQ(r.error, e);
}

// ---- checks, in seL4's order ------------------------------------------------

TEST_F(UntypedTest, WrongLabelIsIllegalOperation) {
    add_untyped(12);
    expect_error(retype(EndpointObject, 0, 0, 0, 10, 1, untyped_slot, 2), SyscallError::illegal_operation());
    expect_error(retype(EndpointObject, 0, 0, 0, 10, 1, untyped_slot, 0), SyscallError::illegal_operation());
}

TEST_F(UntypedTest, ShortMessageOrMissingRootIsTruncated) {
    add_untyped(12);
    expect_error(retype(EndpointObject, 0, 0, 0, 10, 1, untyped_slot, 1, 5), SyscallError::truncated_message());
    expect_error(retype(EndpointObject, 0, 0, 0, 10, 1, untyped_slot, 1, 6, false), SyscallError::truncated_message());
    // Checked before the type: a bad type with a short message is still truncated.
    expect_error(retype(99, 0, 0, 0, 10, 1, untyped_slot, 1, 5), SyscallError::truncated_message());
}

TEST_F(UntypedTest, UnknownTypeIsInvalidArgumentZero) {
    add_untyped(12);
    for (word_t type : {word_t{11}, word_t{12}, word_t{0xfffe}, word_t{0xffffffff}, ~word_t{0}})
        expect_error(retype_into_root(type, 0, 10, 1), SyscallError::invalid_argument(0));
}

TEST_F(UntypedTest, SizeChecksAreRangeErrorsUpToMaxUntypedBits) {
    add_untyped(12);
    const SyscallError range = SyscallError::range_error(0, 38);
    expect_error(retype_into_root(UntypedObject, 64, 10, 1), range);
    expect_error(retype_into_root(EndpointObject, 64, 10, 1), range);  // ignored size, still checked
    expect_error(retype_into_root(UntypedObject, 39, 10, 1), range);
    expect_error(retype_into_root(CapTableObject, 34, 10, 1), range);  // 34 + 5 > 38
    expect_error(retype_into_root(SchedContextObject, 39, 10, 1), range);
    // The size check comes before the type-specific minimums.
    expect_error(retype_into_root(CapTableObject, 64, 10, 1), range);
}

TEST_F(UntypedTest, TooSmallVariableSizesAreInvalidArgumentOne) {
    add_untyped(12);
    expect_error(retype_into_root(CapTableObject, 0, 10, 1), SyscallError::invalid_argument(1));
    expect_error(retype_into_root(UntypedObject, 3, 10, 1), SyscallError::invalid_argument(1));
    expect_error(retype_into_root(SchedContextObject, 6, 10, 1), SyscallError::invalid_argument(1));
}

TEST_F(UntypedTest, DestinationLookupErrors) {
    add_untyped(12);
    // depth 0: the root cap itself must be a CNode.
    const Cap endpoint = EndpointCap::make(arena.allocate(4), 0, CapRights::all()).cap();
    expect_error(retype(EndpointObject, 0, 0, 0, 10, 1, untyped_slot, 1, 6, true, endpoint),
                 SyscallError::failed_lookup(false, LookupFailure::missing_capability(0)));
    // depth > 64
    expect_error(retype(EndpointObject, 0, 5, 65, 0, 1), SyscallError::range_error(1, 64));
    // a slot that holds no CNode: MissingCapability(depth)
    expect_error(retype(EndpointObject, 0, 5, 64, 0, 1),
                 SyscallError::failed_lookup(false, LookupFailure::missing_capability(64)));
    // a walk that fails: the root's guard is 56 bits of 0
    expect_error(retype(EndpointObject, 0, word_t{1} << 63, 64, 0, 1),
                 SyscallError::failed_lookup(false, LookupFailure::guard_mismatch(64, 0, 56)));
    // depth 0 with a non-CNode root as lookup root for depth > 0: InvalidRoot
    expect_error(retype(EndpointObject, 0, 5, 64, 0, 1, untyped_slot, 1, 6, true, endpoint),
                 SyscallError::failed_lookup(false, LookupFailure::invalid_root()));
}

TEST_F(UntypedTest, DestinationInASubCNode) {
    add_untyped(14);
    const CNodeCap sub = test_support::make_cnode(arena, 4);
    cdt::insert_root(*thread.slot(5), sub);
    // Slot 5 of the root at depth 64 names the CNode cap.
    const InvocationResult r = retype(EndpointObject, 0, 5, 64, 3, 2);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(cnode_slot(sub, 3)->cap.type(), CapType::Endpoint);
    EXPECT_EQ(cnode_slot(sub, 4)->cap.type(), CapType::Endpoint);
    // Offsets are checked against the sub-CNode's radix.
    expect_error(retype(EndpointObject, 0, 5, 64, 16, 1), SyscallError::range_error(0, 15));
    expect_error(retype(EndpointObject, 0, 5, 64, 10, 7), SyscallError::range_error(1, 6));
}

TEST_F(UntypedTest, OffsetAndCountRanges) {
    add_untyped(12);
    expect_error(retype_into_root(EndpointObject, 0, 256, 1), SyscallError::range_error(0, 255));
    expect_error(retype_into_root(EndpointObject, 0, 10, 0), SyscallError::range_error(1, 256));
    expect_error(retype_into_root(EndpointObject, 0, 0, 257), SyscallError::range_error(1, 256));
    expect_error(retype_into_root(EndpointObject, 0, 250, 7), SyscallError::range_error(1, 6));
}

TEST_F(UntypedTest, OccupiedDestinationIsDeleteFirst) {
    add_untyped(12);
    cdt::insert_root(*thread.slot(12), make_simple_cap(CapType::Domain));
    expect_error(retype_into_root(EndpointObject, 0, 10, 3), SyscallError::delete_first());
    EXPECT_TRUE(thread.slot(10)->empty());
    EXPECT_EQ(untyped().free_index(), word_t{1} << 12);  // nothing changed
}

TEST_F(UntypedTest, NotEnoughMemoryReportsFreeBytes) {
    add_untyped(12);
    // Childless: counts from 0 after the reset.
    expect_error(retype_into_root(TCBObject, 0, 10, 3), SyscallError::not_enough_memory(4096));
    expect_error(retype_into_root(CapTableObject, 8, 10, 1), SyscallError::not_enough_memory(4096));
    ASSERT_TRUE(retype_into_root(EndpointObject, 0, 10, 1).ok());
    // With a child the watermark counts (16 used); alignment padding is not counted.
    expect_error(retype_into_root(TCBObject, 0, 20, 2), SyscallError::not_enough_memory(4080));
    ASSERT_TRUE(retype_into_root(TCBObject, 0, 20, 1).ok());
    EXPECT_EQ(thread.slot(20)->cap.object(), untyped().base() + 2048);  // aligned up
    EXPECT_EQ(untyped().free_index(), 4096u);
    expect_error(retype_into_root(EndpointObject, 0, 30, 1), SyscallError::not_enough_memory(0));
}

TEST_F(UntypedTest, DeviceUntypedHoldsOnlyFramesAndUntypeds) {
    const UntypedCap ut = add_untyped(16, true, true, untyped_slot, 0x5a);
    for (word_t type : {TCBObject, EndpointObject, NotificationObject, CapTableObject, SchedContextObject,
                        ReplyObject, PageTableObject})
        expect_error(retype_into_root(type, type == CapTableObject ? 4 : type == SchedContextObject ? 7 : 0, 10, 1),
                     SyscallError::invalid_argument(1));
    ASSERT_TRUE(retype_into_root(SmallPage, 0, 10, 2).ok());
    ASSERT_TRUE(retype_into_root(UntypedObject, 12, 12, 1).ok());
    const FrameCap frame = thread.slot(10)->cap.as<FrameCap>();
    EXPECT_TRUE(frame.is_device());
    EXPECT_EQ(frame.base(), ut.base());
    EXPECT_TRUE(thread.slot(12)->cap.as<UntypedCap>().is_device());
    // Device memory is never zeroed, neither by the reset nor by creation.
    const auto* bytes = reinterpret_cast<const unsigned char*>(ut.base());
    for (word_t i = 0; i < ut.size(); i += 512) EXPECT_EQ(bytes[i], 0x5a);
}

// ---- success -------------------------------------------------------------------

TEST_F(UntypedTest, EveryObjectTypeIsCreatedWithSeL4Caps) {
    add_untyped(24);
    struct Case {
        word_t type;
        word_t size_bits;
        CapType cap;
        unsigned bits;
    };
    const Case cases[] = {
        {UntypedObject, 10, CapType::Untyped, 10},  {TCBObject, 0, CapType::Thread, 11},
        {EndpointObject, 0, CapType::Endpoint, 4},  {NotificationObject, 0, CapType::Notification, 6},
        {CapTableObject, 3, CapType::CNode, 8},     {SchedContextObject, 8, CapType::SchedContext, 8},
        {ReplyObject, 0, CapType::Reply, 5},        {SmallPage, 0, CapType::Frame, 12},
        {MegaPage, 0, CapType::Frame, 21},          {PageTableObject, 0, CapType::PageTable, 12},
    };
    word_t slot = 20;
    for (const Case& c : cases) {
        SCOPED_TRACE(c.type);
        const word_t before = cdt::has_children(*thread.slot(untyped_slot)) ? untyped().free_index() : 0;
        ASSERT_TRUE(retype_into_root(c.type, c.size_bits, slot, 2).ok());
        const Cte& first = *thread.slot(slot);
        const Cte& second = *thread.slot(slot + 1);
        EXPECT_EQ(first.cap.type(), c.cap);
        const paddr_t expected = untyped().base() + align_up(before, word_t{1} << c.bits);
        EXPECT_EQ(first.cap.object(), expected);
        EXPECT_EQ(second.cap.object(), expected + (word_t{1} << c.bits));
        EXPECT_EQ(untyped().free_index(), align_up(before, word_t{1} << c.bits) + 2 * (word_t{1} << c.bits));
        EXPECT_TRUE(cdt::is_mdb_parent_of(*thread.slot(untyped_slot), first));
        EXPECT_TRUE(cdt::is_mdb_parent_of(*thread.slot(untyped_slot), second));
        // seL4 insertNewCap: a fresh object's cap is an original, whatever its
        // type, so it is the CDT parent of its copies (CNODEOP0001/0003).
        EXPECT_TRUE(first.mdb.revocable());
        EXPECT_TRUE(first.mdb.first_badged());
        if (c.cap == CapType::Thread) {
            // Registers as Arch_initContext leaves them (the arch's initial
            // status register is not 0); everything else zero.
            arch::UserContext fresh{};
            fresh.init_user(0, 0);
            for (word_t k = 0; k < 2; ++k) {
                const paddr_t object = expected + (k << c.bits);
                const Tcb* tcb = tcb_of_object(object);
                EXPECT_EQ(std::memcmp(&tcb->context, &fresh, sizeof fresh), 0);
                EXPECT_TRUE(all_zero(object, tcb_offset));
                const auto after_context = reinterpret_cast<paddr_t>(&tcb->context + 1);
                EXPECT_TRUE(all_zero(after_context, object + (word_t{1} << c.bits) - after_context));
            }
        } else {
            EXPECT_TRUE(all_zero(expected, word_t{2} << c.bits));
        }
        slot += 2;
    }
    // Rights and fields of fresh caps.
    EXPECT_EQ(thread.slot(20)->cap.as<UntypedCap>().size_bits(), 10u);
    EXPECT_EQ(thread.slot(20)->cap.as<UntypedCap>().free_index(), 0u);
    EXPECT_FALSE(thread.slot(20)->cap.as<UntypedCap>().is_device());
    EXPECT_EQ(thread.slot(24)->cap.as<EndpointCap>().rights(), CapRights::all());
    EXPECT_EQ(thread.slot(24)->cap.as<EndpointCap>().badge(), 0u);
    EXPECT_EQ(thread.slot(26)->cap.as<NotificationCap>().rights(), CapRights::make(false, false, true, true));
    const CNodeCap cnode = thread.slot(28)->cap.as<CNodeCap>();
    EXPECT_EQ(cnode.radix(), 3u);
    EXPECT_EQ(cnode.guard_size(), 0u);
    EXPECT_EQ(cnode.guard(), 0u);
    EXPECT_EQ(thread.slot(30)->cap.as<SchedContextCap>().size_bits(), 8u);
    EXPECT_TRUE(thread.slot(32)->cap.as<ReplyCap>().can_grant());
    const FrameCap small = thread.slot(34)->cap.as<FrameCap>();
    EXPECT_EQ(small.size(), FrameSize::Small);
    EXPECT_EQ(small.rights(), VmRights::ReadWrite);
    EXPECT_FALSE(small.is_mapped());
    EXPECT_FALSE(small.is_device());
    EXPECT_EQ(thread.slot(36)->cap.as<FrameCap>().size(), FrameSize::Large);
    EXPECT_FALSE(thread.slot(38)->cap.as<PageTableCap>().is_mapped());
    // A new TCB: empty slots, zero registers.
    Tcb* tcb = tcb_of_object(thread.slot(22)->cap.object());
    EXPECT_TRUE(tcb->slot(TcbSlot::CTable).empty());
    EXPECT_EQ(tcb->ipc_buffer, 0u);
}

TEST_F(UntypedTest, GigaPageNeedsAGigabyte) {
    add_untyped(22);
    expect_error(retype_into_root(GigaPage, 0, 10, 1), SyscallError::not_enough_memory(word_t{1} << 22));
}

TEST_F(UntypedTest, FirstRetypeOfABootUntypedZeroesAllOfIt) {
    const UntypedCap ut = add_untyped(16);  // full watermark, garbage contents
    ASSERT_TRUE(retype_into_root(EndpointObject, 0, 10, 1).ok());
    EXPECT_TRUE(all_zero(ut.base(), ut.size()));
    EXPECT_EQ(untyped().free_index(), 16u);
}

TEST_F(UntypedTest, ChildlessUntypedIsResetAndReused) {
    const UntypedCap ut = add_untyped(14);
    ASSERT_TRUE(retype_into_root(NotificationObject, 0, 10, 4).ok());
    EXPECT_EQ(untyped().free_index(), 256u);
    // User data in the objects' memory; then all children go away.
    std::memset(reinterpret_cast<void*>(ut.base()), 0x77, 256);
    for (word_t s = 10; s < 14; ++s) cdt::remove(*thread.slot(s));
    EXPECT_FALSE(cdt::has_children(*thread.slot(untyped_slot)));
    ASSERT_TRUE(retype_into_root(EndpointObject, 0, 10, 1).ok());
    EXPECT_EQ(thread.slot(10)->cap.object(), ut.base());  // allocation restarts at 0
    EXPECT_EQ(untyped().free_index(), 16u);
    EXPECT_TRUE(all_zero(ut.base(), ut.size()));
}

TEST_F(UntypedTest, ResetIsPreemptibleAndRestartsWhereItStopped) {
    const UntypedCap ut = add_untyped(16);
    kern::testing::preempt_after(10);
    reset_preemption_work();
    InvocationResult r = retype_into_root(TCBObject, 0, 10, 1);
    EXPECT_TRUE(r.preempted);
    // 10 chunks of 256 bytes were zeroed from the top, and no cap was made.
    EXPECT_EQ(untyped().free_index(), ut.size() - 10 * 256);
    EXPECT_TRUE(all_zero(ut.base() + untyped().free_index(), 10 * 256));
    EXPECT_NE(*reinterpret_cast<const unsigned char*>(ut.base()), 0);
    EXPECT_TRUE(thread.slot(10)->empty());
    // The restarted system call continues (another preemption first).
    reset_preemption_work();
    r = retype_into_root(TCBObject, 0, 10, 1);
    EXPECT_TRUE(r.preempted);
    EXPECT_EQ(untyped().free_index(), ut.size() - 20 * 256);
    kern::testing::preempt_after(0);
    reset_preemption_work();
    r = retype_into_root(TCBObject, 0, 10, 1);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(thread.slot(10)->cap.object(), ut.base());
    EXPECT_EQ(untyped().free_index(), 2048u);
    // The TCB object itself was placement-constructed after the zeroing.
    EXPECT_TRUE(all_zero(ut.base() + 2048, ut.size() - 2048));
}

TEST_F(UntypedTest, SmallUntypedIsResetWithoutChunks) {
    const UntypedCap ut = add_untyped(7);
    kern::testing::preempt_after(1);
    reset_preemption_work();
    ASSERT_TRUE(retype_into_root(EndpointObject, 0, 10, 8).ok());
    EXPECT_TRUE(all_zero(ut.base(), ut.size()));
    EXPECT_EQ(untyped().free_index(), 128u);
}

TEST_F(UntypedTest, ChildUntypedRetypesFromItsOwnWatermark) {
    add_untyped(16);
    ASSERT_TRUE(retype_into_root(UntypedObject, 12, 10, 2).ok());
    // The child starts empty (free index 0) and is already zero.
    ASSERT_TRUE(retype(EndpointObject, 0, 0, 0, 20, 3, 11).ok());
    EXPECT_EQ(thread.slot(20)->cap.object(), thread.slot(11)->cap.object());
    EXPECT_EQ(thread.slot(11)->cap.as<UntypedCap>().free_index(), 48u);
    EXPECT_TRUE(cdt::is_mdb_parent_of(*thread.slot(11), *thread.slot(20)));
}

TEST_F(UntypedTest, SendAndCallReachRetypeThroughTheDispatcher) {
    add_untyped(12);
    // Invoking a null slot is InvalidCapability 0; an untyped decodes as Retype.
    InvocationMessage msg;
    msg.label = 1;
    InvocationReply reply;
    expect_error(decode_and_invoke(msg, {Cap::null(), thread.slot(3)}, reply), SyscallError::invalid_capability(0));
    expect_error(retype_into_root(EndpointObject, 0, 10, 1, 3), SyscallError::invalid_capability(0));
}

}  // namespace
