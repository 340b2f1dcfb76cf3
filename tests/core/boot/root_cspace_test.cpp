// SPDX-License-Identifier: BSD-2-Clause
// The real root CSpace builder (build_root_cspace, sel4-abi.md §14.1–14.2,
// sel4-mcs.md §10) against a fake 3-level address space in host memory:
// fixed slots 1..15, the dynamic regions in seL4 MCS order, BootInfo, CDT roots.
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "../../../kernel/core/boot/root_cspace.hpp"
#include "../../support/elf_builder.hpp"

namespace {

using kern::CapType;
using kern::page_size;

constexpr kern::vaddr_t user_top = 0x0000003ffffff000ull;

// Sv39-shaped: root (depth 0), two table levels, frames at depth 3.
struct FakeSpace {
    kern::paddr_t root_table = 0;
    std::map<std::pair<unsigned, kern::vaddr_t>, kern::paddr_t> tables;  // (depth, region base) -> table
    std::map<kern::vaddr_t, kern::paddr_t> frames;
    static kern::word_t region(unsigned depth) { return kern::word_t{1} << (kern::page_bits + 9 * (3 - depth)); }

    unsigned levels() const { return 3; }
    kern::paddr_t root() const { return root_table; }
    bool map_page(kern::vaddr_t va, kern::paddr_t pa, kern::PagePermissions, kern::BootPageAllocator& pages) {
        for (unsigned depth = 1; depth < 3; ++depth) {
            auto& t = tables[{depth, kern::align_down(va, region(depth))}];
            if (t == 0) t = pages.alloc_zeroed_page();
            if (t == 0) return false;
        }
        return frames.emplace(va, pa).second;
    }
    mutable unsigned table_lookups = 0;
    kern::paddr_t table_at(kern::vaddr_t va, unsigned depth) const {
        ++table_lookups;
        if (depth == 0) return root_table;
        if (depth == 3) {
            const auto it = frames.find(kern::align_down(va, page_size));
            return it == frames.end() ? 0 : it->second;
        }
        const auto it = tables.find({depth, kern::align_down(va, region(depth))});
        return it == tables.end() ? 0 : it->second;
    }
};

struct HostMemory {
    static constexpr std::size_t size = 4u << 20;
    std::unique_ptr<void, decltype(&std::free)> memory{std::aligned_alloc(1u << 20, size), &std::free};
    kern::BootPageAllocator pages;
    HostMemory() {
        const auto base = reinterpret_cast<kern::paddr_t>(memory.get());
        const kern::PhysRange ram[] = {{base, base + size}};
        pages.init(ram, 1, nullptr, 0);
    }
};

std::vector<std::uint64_t> aligned(const std::vector<std::uint8_t>& file) {
    std::vector<std::uint64_t> words((file.size() + 7) / 8);
    std::memcpy(words.data(), file.data(), file.size());
    return words;
}

bool is_cdt_root(const kern::Cte& slot) {
    // No parent: the previous slot in the CDT list is not its MDB parent.
    return slot.mdb.prev() == nullptr || !kern::cdt::is_mdb_parent_of(*slot.mdb.prev(), slot);
}

TEST(RootCSpace, SlotsRegionsBootInfoAndCdtAsSeL4) {
    const auto words = aligned(test_support::ElfBuilder().entry(0x10000).segment(0x10000, 0x2800, 5).build());
    const auto* file = reinterpret_cast<const std::uint8_t*>(words.data());
    std::vector<std::uint8_t> dtb(5000, 0xd7);
    HostMemory mem;
    FakeSpace space;
    space.root_table = mem.pages.alloc_zeroed_page();
    kern::boot::RootServerObjects objects{};
    objects.cnode = mem.pages.alloc_zeroed(kern::boot::root_cnode_size_bits + kern::slot_bits);
    objects.asid_pool = mem.pages.alloc_zeroed(kern::boot::asid_pool_bits);
    objects.tcb = mem.pages.alloc_zeroed(kern::tcb_bits);
    objects.sched_context = mem.pages.alloc_zeroed(kern::boot::root_sched_context_bits);
    kern::boot::RootTask root{};
    ASSERT_EQ(kern::boot::build_root_task(file, {dtb.data(), dtb.size()}, user_top, space, mem.pages, root), nullptr);

    kern::boot::UntypedPlan plan;
    plan.add_range(0x10000000, 0x10300000, true, 38);   // 2 device untypeds
    plan.add_range(0x80000000, 0x80010000, false, 38);  // 1 RAM untyped
    kern::boot::BootCSpace out{};
    ASSERT_EQ(kern::boot::build_root_cspace(space, file, root, objects, plan, out), nullptr);

    const kern::Cte* slots = kern::cnode_slots(objects.cnode);
    const CapType fixed[16] = {CapType::Null,     CapType::Thread,       CapType::CNode,  CapType::PageTable,
                               CapType::IrqControl, CapType::AsidControl, CapType::AsidPool, CapType::Null,
                               CapType::Null,     CapType::Frame,        CapType::Frame,  CapType::Domain,
                               CapType::Null,     CapType::Null,         CapType::SchedContext, CapType::Null};
    for (unsigned i = 0; i < 16; ++i) EXPECT_EQ(slots[i].cap.type(), fixed[i]) << "slot " << i;
    const auto cnode = slots[seL4_CapInitThreadCNode].cap.as<kern::CNodeCap>();
    EXPECT_EQ(cnode.radix(), 12u);
    EXPECT_EQ(cnode.guard_size(), 52u);
    EXPECT_EQ(cnode.guard(), 0u);
    EXPECT_EQ(slots[seL4_CapBootInfoFrame].cap.as<kern::FrameCap>().mapped_address(), root.layout.boot_info);
    EXPECT_EQ(slots[seL4_CapInitThreadIPCBuffer].cap.as<kern::FrameCap>().base(), root.ipc_buffer_frame);

    // Image 0x10000-0x13000 (3 frames), IPC 0x13000, BootInfo 0x14000, extra
    // 0x15000-0x17000: one table at each of the two lower levels.
    const auto& l = out.layout;
    EXPECT_EQ(l.user_image_paging.start, 16u);
    EXPECT_EQ(l.user_image_paging.end, 18u);
    EXPECT_EQ(l.extra_bi_pages.end, 20u);
    EXPECT_EQ(l.sched_control.end, 21u);
    EXPECT_EQ(l.user_image_frames.end, 24u);
    EXPECT_EQ(l.untyped.end, 27u);
    EXPECT_EQ(l.empty.start, 27u);
    EXPECT_EQ(l.empty.end, 4096u);
    // Larger levels first.
    EXPECT_EQ(slots[16].cap.object(), space.table_at(0x10000, 1));
    EXPECT_EQ(slots[17].cap.object(), space.table_at(0x10000, 2));
    for (unsigned s = 18; s < 20; ++s) {
        EXPECT_EQ(slots[s].cap.type(), CapType::Frame);
        EXPECT_EQ(slots[s].cap.as<kern::FrameCap>().mapped_address(), root.layout.extra_boot_info + (s - 18) * page_size);
    }
    EXPECT_EQ(slots[20].cap.type(), CapType::SchedControl);
    for (unsigned s = 21; s < 24; ++s) {
        EXPECT_EQ(slots[s].cap.type(), CapType::Frame);
        EXPECT_EQ(slots[s].cap.as<kern::FrameCap>().mapped_address(), 0x10000 + (s - 21) * page_size);
        EXPECT_EQ(slots[s].cap.as<kern::FrameCap>().base(), space.table_at(0x10000 + (s - 21) * page_size, 3));
    }
    for (unsigned s = 24; s < 27; ++s) {
        const auto u = slots[s].cap.as<kern::UntypedCap>();
        EXPECT_EQ(slots[s].cap.type(), CapType::Untyped);
        EXPECT_EQ(u.base(), plan[s - 24].paddr);
        EXPECT_EQ(u.free_index(), u.size());  // full watermark: reset on first use
        EXPECT_EQ(u.is_device(), plan[s - 24].device);
    }
    for (unsigned s = 27; s < 4096; ++s) ASSERT_EQ(slots[s].cap.type(), CapType::Null) << s;

    const auto& info = *reinterpret_cast<const seL4_BootInfo*>(root.boot_info_frame);
    EXPECT_EQ(info.userImagePaging.start, l.user_image_paging.start);
    EXPECT_EQ(info.extraBIPages.start, l.extra_bi_pages.start);
    EXPECT_EQ(info.schedcontrol.start, l.sched_control.start);
    EXPECT_EQ(info.userImageFrames.end, l.user_image_frames.end);
    EXPECT_EQ(info.untyped.start, 24u);
    EXPECT_EQ(info.untyped.end, 27u);
    EXPECT_EQ(info.empty.start, 27u);
    EXPECT_EQ(info.extraLen, 16 + dtb.size());
    for (unsigned i = 0; i < 3; ++i) {
        EXPECT_EQ(info.untypedList[i].paddr, plan[i].paddr);
        EXPECT_EQ(info.untypedList[i].sizeBits, plan[i].size_bits);
        EXPECT_EQ(info.untypedList[i].isDevice, plan[i].device ? 1 : 0);
    }

    // Every boot cap is a revocable CDT root; the TCB's CSpace/VSpace/buffer
    // slots are children of the root CNode's slots 2, 3 and 10.
    for (unsigned s = 1; s < 27; ++s) {
        if (slots[s].cap.type() == CapType::Null) continue;
        EXPECT_TRUE(is_cdt_root(slots[s])) << "slot " << s;
        EXPECT_TRUE(slots[s].mdb.revocable()) << "slot " << s;
    }
    ASSERT_NE(out.tcb, nullptr);
    EXPECT_TRUE(kern::cdt::is_mdb_parent_of(slots[seL4_CapInitThreadCNode], out.tcb->slot(kern::TcbSlot::CTable)));
    EXPECT_TRUE(kern::cdt::is_mdb_parent_of(slots[seL4_CapInitThreadVSpace], out.tcb->slot(kern::TcbSlot::VTable)));
    EXPECT_FALSE(out.tcb->slot(kern::TcbSlot::Buffer).cap.as<kern::FrameCap>().is_mapped());
    EXPECT_EQ(out.tcb->ipc_buffer, root.layout.ipc_buffer);
}

TEST(RootCSpace, SegmentsFarApartCostTheirPagesNotTheGap) {
    // 0x10000 and 252 GiB higher: stepping through every page (or every
    // 2 MiB region) between them made boot take ~459 M guest instructions.
    constexpr kern::vaddr_t far = 0x3f00000000;
    const auto words = aligned(
        test_support::ElfBuilder().entry(0x10000).segment(0x10000, 0x100, 5).segment(far, 0x10, 6, 0x2000).build());
    const auto* file = reinterpret_cast<const std::uint8_t*>(words.data());
    HostMemory mem;
    FakeSpace space;
    space.root_table = mem.pages.alloc_zeroed_page();
    kern::boot::RootServerObjects objects{};
    objects.cnode = mem.pages.alloc_zeroed(kern::boot::root_cnode_size_bits + kern::slot_bits);
    objects.asid_pool = mem.pages.alloc_zeroed(kern::boot::asid_pool_bits);
    objects.tcb = mem.pages.alloc_zeroed(kern::tcb_bits);
    objects.sched_context = mem.pages.alloc_zeroed(kern::boot::root_sched_context_bits);
    kern::boot::RootTask root{};
    ASSERT_EQ(kern::boot::build_root_task(file, {nullptr, 0}, user_top, space, mem.pages, root), nullptr);
    EXPECT_EQ(root.image_pages_visited, 3u);

    space.table_lookups = 0;
    kern::boot::UntypedPlan plan;
    kern::boot::BootCSpace out{};
    ASSERT_EQ(kern::boot::build_root_cspace(space, file, root, objects, plan, out), nullptr);
    // Two tables per part (a 1 GiB and a 2 MiB region each), 3 image frames
    // (0x10000, far, far + 0x1000); the IPC buffer and BootInfo share far's tables.
    const auto& l = out.layout;
    EXPECT_EQ(l.user_image_paging.end - l.user_image_paging.start, 4u);
    EXPECT_EQ(l.user_image_frames.end - l.user_image_frames.start, 3u);
    const kern::Cte* slots = kern::cnode_slots(objects.cnode);
    const kern::vaddr_t frames[] = {0x10000, far, far + 0x1000};
    for (unsigned i = 0; i < 3; ++i)
        EXPECT_EQ(slots[l.user_image_frames.start + i].cap.as<kern::FrameCap>().mapped_address(), frames[i]);
    EXPECT_EQ(slots[l.user_image_paging.start + 0].cap.object(), space.table_at(0x10000, 1));
    EXPECT_EQ(slots[l.user_image_paging.start + 1].cap.object(), space.table_at(far, 1));
    EXPECT_EQ(slots[l.user_image_paging.start + 2].cap.object(), space.table_at(0x10000, 2));
    EXPECT_EQ(slots[l.user_image_paging.start + 3].cap.object(), space.table_at(far, 2));
    // Lookups: a few per mapped page and region, none for the gap (which
    // holds 126 1-GiB and 64512 2-MiB regions).
    EXPECT_LT(space.table_lookups, 40u + 4);
}

}  // namespace
