// SPDX-License-Identifier: BSD-2-Clause
// VSpace invocations through the system-call path of the host kernel (the
// host arch decodes them as RISC-V, arch/vspace_arch.hpp): dispatch by cap
// type, replies, deletion through CNode_Delete, and the root a thread runs
// in (kern::vspace::thread_root).
#include <gtest/gtest.h>

#include <arch/vspace_arch.hpp>
#include <kern/vspace.hpp>

#include "support/system_fixture.hpp"

namespace {

using namespace kern;
using test_support::System;

constexpr auto labels = arch::VSpaceArch::labels;
using Format = arch::VSpaceArch::Format;

class VSpaceSystemTest : public ::testing::Test {
protected:
    void SetUp() override {
        asid::reset_table();
        arch::host_tlb_flushes().clear();
        arch::host_initialised_roots().clear();
        cnode_ = sys.make_root_cnode_cap();
    }
    void TearDown() override { asid::reset_table(); }

    word_t error_of(word_t cptr, word_t label, const std::vector<word_t>& mrs, const std::vector<word_t>& caps = {}) {
        return sys.invoke(sys.current(), cptr, label, mrs, caps);
    }
    word_t put(const Cap& cap) { return sys.put(cap); }

    System sys;
    word_t cnode_ = 0;
};

TEST_F(VSpaceSystemTest, PoolRootTablesFrameAndDeletion) {
    const word_t control = put(make_simple_cap(CapType::AsidControl));
    const word_t untyped = put(UntypedCap::make(sys.allocate(12), 12, false, 0));
    const word_t pool = sys.new_cptr();
    ASSERT_EQ(error_of(control, labels.asid_control_make_pool, {pool, 64}, {untyped, cnode_}), 0u);
    ASSERT_EQ(sys.slot(pool).cap.type(), CapType::AsidPool);

    const paddr_t root_table = sys.allocate(12);
    const word_t root = put(PageTableCap::make(root_table));
    ASSERT_EQ(error_of(pool, labels.asid_pool_assign, {}, {root}), 0u);
    EXPECT_EQ(arch::host_initialised_roots(), std::vector<paddr_t>{root_table});
    const word_t asid = sys.slot(root).cap.as<PageTableCap>().mapped_asid();
    EXPECT_EQ(asid, 1u);

    const vaddr_t va = 0x12345000;
    for (int i = 0; i < 2; ++i) {
        const word_t table = put(PageTableCap::make(sys.allocate(12)));
        ASSERT_EQ(error_of(table, labels.page_table_map, {va, 0}, {root}), 0u);
    }
    const paddr_t frame_memory = sys.allocate(12);
    const word_t frame = put(FrameCap::make(frame_memory, FrameSize::Small, VmRights::ReadWrite, false));
    ASSERT_EQ(error_of(frame, labels.page_map, {va, 0xf, 0}, {root}), 0u);
    const word_t entry = *vspace::lookup_slot<Format>(root_table, va).slot;
    EXPECT_EQ(entry, Format::page(frame_memory, 2, VmRights::ReadWrite, 0, false));

    // GetAddress replies with the frame's physical address.
    ASSERT_EQ(error_of(frame, labels.page_get_address, {}), 0u);
    const auto got = sys.received(sys.current());
    ASSERT_EQ(got.mrs.size(), 1u);
    EXPECT_EQ(got.mrs[0], frame_memory);

    // A thread whose VTable is the root runs in it with its ASID.
    const auto thread = sys.make_thread();
    cdt::insert_child(sys.slot(root), thread->slot(TcbSlot::VTable), sys.slot(root).cap);
    EXPECT_EQ(vspace::thread_root(*thread), (vspace::ActiveRoot{root_table, asid}));

    // Deleting the frame cap removes the mapping (and flushes it).
    arch::host_tlb_flushes().clear();
    ASSERT_EQ(sys.invoke(sys.current(), cnode_, Label::CNodeDelete, {frame, 64}), 0u);
    EXPECT_FALSE(Format::is_valid(*vspace::lookup_slot<Format>(root_table, va).slot));
    EXPECT_EQ(arch::host_tlb_flushes(), (std::vector<arch::HostTlbFlush>{{asid, va}}));

    // Deleting the pool invalidates its ASIDs: the thread falls back to the
    // kernel-only root.
    ASSERT_EQ(sys.invoke(sys.current(), cnode_, Label::CNodeDelete, {pool, 64}), 0u);
    EXPECT_EQ(vspace::thread_root(*thread), vspace::ActiveRoot{});
    const word_t other = put(FrameCap::make(sys.allocate(12), FrameSize::Small, VmRights::ReadWrite, false));
    EXPECT_EQ(error_of(other, labels.page_map, {va, 0xf, 0}, {root}), static_cast<word_t>(Error::FailedLookup));
}

// Invocations a cap type does not have answer IllegalOperation.
TEST_F(VSpaceSystemTest, UnknownLabels) {
    const word_t frame = put(FrameCap::make(sys.allocate(12), FrameSize::Small, VmRights::ReadWrite, false));
    EXPECT_EQ(error_of(frame, labels.page_table_map, {0, 0}, {}), static_cast<word_t>(Error::IllegalOperation));
    const word_t table = put(PageTableCap::make(sys.allocate(12)));
    EXPECT_EQ(error_of(table, labels.page_map, {0, 0, 0}, {}), static_cast<word_t>(Error::IllegalOperation));
    const word_t control = put(make_simple_cap(CapType::AsidControl));
    EXPECT_EQ(error_of(control, labels.asid_pool_assign, {}, {}), static_cast<word_t>(Error::IllegalOperation));
}

}  // namespace
