// SPDX-License-Identifier: BSD-2-Clause
// The invariant checker's interrupt and VSpace checks (invariants.md §2.6
// valid_irq_states, §2.7): an address space built through the system calls
// (an ASID pool, a root, two page tables, a mapped frame) passes, and each
// deliberate corruption is caught by exactly the check it breaks. The host
// arch uses the RISC-V (Sv39) entry format.
#include <gtest/gtest.h>

#include <arch/machine.hpp>
#include <arch/vspace_arch.hpp>
#include <kern/invariants.hpp>
#include <kern/irq.hpp>
#include <kern/vspace.hpp>

#include "support/system_fixture.hpp"

namespace {

using namespace kern;
using test_support::System;

constexpr auto labels = arch::VSpaceArch::labels;
using Format = arch::VSpaceArch::Format;
constexpr vaddr_t va = 0x12345000;

class InvariantsVSpaceTest : public ::testing::Test {
protected:
    void SetUp() override {
        asid::reset_table();
        cnode_ = sys.make_root_cnode_cap();
        control = put(make_simple_cap(CapType::AsidControl));
        const word_t untyped = put(UntypedCap::make(sys.allocate(12), 12, false, 0));
        pool = sys.new_cptr();
        ASSERT_EQ(call(control, labels.asid_control_make_pool, {pool, 64}, {untyped, cnode_}), 0u);
        root_table = sys.allocate(12);
        root = put(PageTableCap::make(root_table));
        ASSERT_EQ(call(pool, labels.asid_pool_assign, {}, {root}), 0u);
        asid = sys.slot(root).cap.as<PageTableCap>().mapped_asid();
        for (word_t& t : tables) {
            t = put(PageTableCap::make(sys.allocate(12)));
            ASSERT_EQ(call(t, labels.page_table_map, {va, 0}, {root}), 0u);
        }
        frame_memory = sys.allocate(12);
        frame = put(FrameCap::make(frame_memory, FrameSize::Small, VmRights::ReadWrite, false));
        ASSERT_EQ(call(frame, labels.page_map, {va, 0xf, 0}, {root}), 0u);
        spare_table = put(PageTableCap::make(sys.allocate(12)));
        ASSERT_FALSE(check()) << check().check << ": " << check().detail;
    }
    void TearDown() override { asid::reset_table(); }

    word_t call(word_t cptr, word_t label, const std::vector<word_t>& mrs, const std::vector<word_t>& caps = {}) {
        return sys.invoke(sys.current(), cptr, label, mrs, caps);
    }
    word_t put(const Cap& cap) { return sys.put(cap); }
    static invariants::Violation check() { return invariants::check({invariants::ZeroScan::Full}); }
    static void expect_caught(const char* name) {
        const invariants::Violation v = check();
        ASSERT_TRUE(v) << "no violation found, expected " << name;
        EXPECT_STREQ(v.check, name) << v.detail;
    }
    word_t* frame_entry() { return vspace::lookup_slot<Format>(root_table, va).slot; }
    word_t* root_entry(vaddr_t at) { return vspace::table_entries(root_table) + Format::index(at, 0); }
    Cap& cap(word_t cptr) { return sys.slot(cptr).cap; }

    System sys;
    word_t cnode_ = 0, control = 0, pool = 0, root = 0, frame = 0, spare_table = 0, asid = 0;
    word_t tables[2] = {};
    paddr_t root_table = 0, frame_memory = 0;
};

TEST_F(InvariantsVSpaceTest, WalksTheMappings) {
    invariants::Stats stats;
    ASSERT_FALSE(invariants::check({}, &stats));
    EXPECT_EQ(stats.vspace_entries, 3u);  // two tables and the frame
}

TEST_F(InvariantsVSpaceTest, InactiveIrqEnabledInHardware) {
    const word_t irq = arch::irq_first + 3;
    ASSERT_EQ(irq::state(irq), irq::IrqState::Inactive);
    arch::irq_enable(irq, true);
    expect_caught("valid_irq_states");
    arch::irq_enable(irq, false);
}

TEST_F(InvariantsVSpaceTest, EntryToNoFrame) {
    *frame_entry() = Format::page(sys.allocate(12), 2, VmRights::ReadWrite, 0, false);
    expect_caught("valid_vspace_objs");
}

TEST_F(InvariantsVSpaceTest, EntryToFrameOfOtherSize) {
    // A 4 KiB frame entered at the 2 MiB level.
    vspace::SlotLookup leaf = vspace::lookup_slot<Format>(root_table, va);
    word_t* level1 = vspace::table_entries(root_table) + Format::index(va, 0);
    word_t* mid = vspace::table_entries(Format::address(*level1)) + Format::index(va, 1);
    (void)leaf;
    *mid = Format::page(frame_memory, 1, VmRights::ReadWrite, 0, false);
    expect_caught("valid_vspace_objs");
}

TEST_F(InvariantsVSpaceTest, EntryToNoTable) {
    *root_entry(0x40000000) = Format::table(sys.allocate(12));
    expect_caught("valid_vspace_objs");
}

TEST_F(InvariantsVSpaceTest, MalformedEntry) {
    // A pointer to a next-level table at the last level (Sv39: valid, not a leaf).
    *frame_entry() = Format::table(sys.allocate(12));
    expect_caught("valid_vspace_objs");
}

TEST_F(InvariantsVSpaceTest, FrameCapForgetsItsMapping) {
    cap(frame) = FrameCap{cap(frame)}.unmapped().cap();
    expect_caught("valid_vs_lookup");
}

TEST_F(InvariantsVSpaceTest, FrameEnteredTwice) {
    *(frame_entry() + 1) = *frame_entry();
    expect_caught("valid_vs_lookup");
}

TEST_F(InvariantsVSpaceTest, TableCapRecordsOtherAddress) {
    // Copying a mapped table's cap is allowed; here the original is moved.
    const PageTableCap t{cap(tables[0])};
    cap(tables[0]) = t.with_mapping(t.mapped_asid(), t.mapped_address() + 0x40000000).cap();
    expect_caught("valid_vs_lookup");
}

TEST_F(InvariantsVSpaceTest, FrameMappedThroughAsidZero) {
    const word_t other = put(FrameCap::make(sys.allocate(12), FrameSize::Small, VmRights::ReadWrite, false));
    cap(other) = FrameCap{cap(other)}.with_mapping(asid_invalid, 0x1000).cap();
    expect_caught("valid_vs_lookup");
}

// seL4's AArch64 overmapping: the entry now maps another frame; the first
// frame's cap still records the mapping. Allowed: only the entry's own cap
// must record it.
TEST_F(InvariantsVSpaceTest, StaleFrameCapIsAllowed) {
    const paddr_t other_memory = sys.allocate(12);
    const word_t other = put(FrameCap::make(other_memory, FrameSize::Small, VmRights::ReadWrite, false));
    cap(other) = FrameCap{cap(other)}.with_mapping(asid, va).cap();
    *frame_entry() = Format::page(other_memory, 2, VmRights::ReadWrite, 0, false);
    EXPECT_FALSE(check()) << check().check << ": " << check().detail;
}

TEST_F(InvariantsVSpaceTest, AsidTableNamesNoPool) {
    asid::set_pool(5, sys.allocate(12));
    expect_caught("valid_asid_pool_caps");
}

TEST_F(InvariantsVSpaceTest, AsidTableNotInjective) {
    const PageTableCap dummy{cap(root)};
    (void)dummy;
    asid::set_pool(5, reinterpret_cast<word_t>(asid::pool(asid_pool_number(asid))) - arch::kernel_window_offset);
    expect_caught("valid_asid_table");
}

TEST_F(InvariantsVSpaceTest, AsidZeroAssigned) {
    asid::pool(0)->roots[0] = root_table;
    expect_caught("valid_asid_table");
}

TEST_F(InvariantsVSpaceTest, PoolCapWithWrongBase) {
    cap(pool) = AsidPoolCap::make(cap(pool).object(), word_t{3} << asid_pool_index_bits).cap();
    expect_caught("valid_asid_pool_caps");
}

TEST_F(InvariantsVSpaceTest, AssignedRootWithoutCap) {
    asid::pool(asid_pool_number(asid))->roots[asid_pool_index(asid) + 1] = sys.allocate(12);
    expect_caught("valid_asid_map");
}

TEST_F(InvariantsVSpaceTest, RootCapOfOtherAsid) {
    cap(root) = PageTableCap{cap(root)}.with_mapping(asid + 1, 0).cap();
    expect_caught("valid_asid_map");
}

TEST_F(InvariantsVSpaceTest, UnmappedTableWithValidEntry) {
    vspace::table_entries(cap(spare_table).object())[7] = Format::page(frame_memory, 2, VmRights::ReadWrite, 0, false);
    expect_caught("valid_table_caps");
}

TEST_F(InvariantsVSpaceTest, CopyOfUnmappedTableCap) {
    const word_t copy = sys.new_cptr();
    cdt::insert_child(sys.slot(spare_table), sys.slot(copy), cap(spare_table));
    expect_caught("unique_table_caps");
}

TEST_F(InvariantsVSpaceTest, TableCapsDisagreeOnMapping) {
    const word_t copy = sys.new_cptr();
    const PageTableCap t{cap(tables[1])};
    cdt::insert_child(sys.slot(tables[1]), sys.slot(copy), t.with_mapping(t.mapped_asid(), 0x80000000).cap());
    expect_caught("unique_table_refs");
}

TEST_F(InvariantsVSpaceTest, KernelHalfDiffers) {
    vspace::table_entries(root_table)[300] = Format::table(sys.allocate(12));
    expect_caught("equal_kernel_mappings");
}

}  // namespace
