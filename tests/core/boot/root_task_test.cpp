// SPDX-License-Identifier: BSD-2-Clause
// Root-task layout and loading (sel4-abi.md §14.3) against a fake address
// space; frames come from host memory (the host kernel window is identity).
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "../../../kernel/core/boot/root_task.hpp"
#include "../../support/elf_builder.hpp"

namespace {

using kern::page_size;
using kern::boot::RootTaskLayout;
using test_support::ElfBuilder;

constexpr kern::vaddr_t user_top = 0x0000003ffffff000ull;
constexpr std::uint32_t rx = 5, rw = 6;

struct FakeSpace {
    struct Mapping {
        kern::paddr_t frame;
        kern::PagePermissions perms;
    };
    std::map<kern::vaddr_t, Mapping> pages;
    bool map_page(kern::vaddr_t va, kern::paddr_t pa, kern::PagePermissions perms, kern::BootPageAllocator&) {
        return pages.emplace(va, Mapping{pa, perms}).second;
    }
    const std::uint8_t* bytes(kern::vaddr_t va) const {
        const auto it = pages.find(kern::align_down(va, page_size));
        return it == pages.end() ? nullptr
                                 : reinterpret_cast<const std::uint8_t*>(it->second.frame) + (va & (page_size - 1));
    }
};

struct HostRam {
    static constexpr unsigned count = 64;
    std::unique_ptr<void, decltype(&std::free)> memory{std::aligned_alloc(page_size, count * page_size), &std::free};
    kern::BootPageAllocator pages;
    HostRam() {
        const auto base = reinterpret_cast<kern::paddr_t>(memory.get());
        const kern::PhysRange ram[] = {{base, base + count * page_size}};
        pages.init(ram, 1, nullptr, 0);
    }
};

// Copies `file` to 8-byte aligned storage (as the boot payload guarantees).
std::vector<std::uint64_t> aligned(const std::vector<std::uint8_t>& file) {
    std::vector<std::uint64_t> words((file.size() + 7) / 8);
    std::memcpy(words.data(), file.data(), file.size());
    return words;
}

TEST(RootTaskLayout, PlacesIpcBufferBootInfoAndExtraAfterTheImage) {
    const auto file = aligned(ElfBuilder().entry(0x10100).segment(0x10000, 0x1234, rx).segment(0x12000, 0x10, rw, 0x3000).build());
    RootTaskLayout layout{};
    ASSERT_EQ(kern::boot::compute_root_task_layout(reinterpret_cast<const std::uint8_t*>(file.data()), 0x1801,
                                                   user_top, layout),
              nullptr);
    EXPECT_EQ(layout.entry, 0x10100u);
    EXPECT_EQ(layout.image_start, 0x10000u);
    EXPECT_EQ(layout.image_end, 0x15000u);
    EXPECT_EQ(layout.ipc_buffer, 0x15000u);
    EXPECT_EQ(layout.boot_info, 0x16000u);
    EXPECT_EQ(layout.extra_boot_info, 0x17000u);
    EXPECT_EQ(layout.extra_boot_info_pages, 2u);
}

TEST(RootTaskLayout, RefusesWhatDoesNotFitBelowUserTop) {
    const auto file = aligned(ElfBuilder().entry(user_top - 0x2000).segment(user_top - 0x2000, 0x100, rx).build());
    RootTaskLayout layout{};
    EXPECT_NE(kern::boot::compute_root_task_layout(reinterpret_cast<const std::uint8_t*>(file.data()), 0, user_top,
                                                   layout),
              nullptr);
}

TEST(RootTaskBuild, LoadsSharedPagesMapsFramesAndFillsBootInfo) {
    // Text ends mid-page and data starts in the same page (a shared page).
    test_support::SegmentSpec text;
    text.vaddr = 0x10000;
    text.flags = rx;
    text.data.assign(0x1800, 0x11);
    test_support::SegmentSpec data;
    data.vaddr = 0x11800;
    data.flags = rw;
    data.data.assign(0x100, 0x22);
    data.memsz = 0x2000;  // .bss runs into a page with no file bytes
    data.align = 0x800;
    const auto words = aligned(ElfBuilder().entry(0x10000).segment(text).segment(data).build());
    const auto* file = reinterpret_cast<const std::uint8_t*>(words.data());

    std::vector<std::uint8_t> dtb(5000);
    for (std::size_t i = 0; i < dtb.size(); ++i) dtb[i] = static_cast<std::uint8_t>(i * 13);
    const kern::boot::ExtraBootInfo extra{dtb.data(), dtb.size()};

    HostRam ram;
    FakeSpace space;
    kern::boot::RootTask root{};
    ASSERT_EQ(kern::boot::build_root_task(file, extra, user_top, space, ram.pages, root), nullptr);

    EXPECT_EQ(root.image_pages_visited, 4u);  // the shared page once
    EXPECT_EQ(space.pages.size(), 4u + 1 + 1 + 2);  // image 0x10000-0x14000, IPC, BootInfo, 2 extra
    EXPECT_EQ(*space.bytes(0x10000), 0x11);
    EXPECT_EQ(*space.bytes(0x117ff), 0x11);
    EXPECT_EQ(*space.bytes(0x11800), 0x22);
    EXPECT_EQ(*space.bytes(0x118ff), 0x22);
    EXPECT_EQ(*space.bytes(0x11900), 0);  // .bss
    EXPECT_EQ(*space.bytes(0x12fff), 0);
    EXPECT_TRUE(space.pages.at(0x10000).perms.execute);
    EXPECT_TRUE(space.pages.at(0x10000).perms.write);
    const auto& layout = root.layout;
    EXPECT_FALSE(space.pages.at(layout.ipc_buffer).perms.execute);
    EXPECT_EQ(space.pages.at(layout.ipc_buffer).frame, root.ipc_buffer_frame);
    EXPECT_EQ(space.pages.at(layout.boot_info).frame, root.boot_info_frame);

    const auto& info = *reinterpret_cast<const seL4_BootInfo*>(space.bytes(layout.boot_info));
    EXPECT_EQ(info.extraLen, 16 + dtb.size());
    EXPECT_EQ(info.nodeID, 0u);
    EXPECT_EQ(info.numNodes, 1u);
    EXPECT_EQ(info.numIOPTLevels, 0u);
    EXPECT_EQ(reinterpret_cast<kern::vaddr_t>(info.ipcBuffer), layout.ipc_buffer);
    EXPECT_EQ(info.initThreadCNodeSizeBits, 12u);
    EXPECT_EQ(info.initThreadDomain, 0u);
    EXPECT_EQ(info.untyped.start, info.untyped.end);

    // Extra boot info: FDT chunk header, then the DTB, across two pages.
    const auto* header = reinterpret_cast<const seL4_BootInfoHeader*>(space.bytes(layout.extra_boot_info));
    EXPECT_EQ(header->id, static_cast<seL4_Word>(SEL4_BOOTINFO_HEADER_FDT));
    EXPECT_EQ(header->len, 16 + dtb.size());
    for (std::size_t i = 0; i < dtb.size(); ++i)
        ASSERT_EQ(*space.bytes(layout.extra_boot_info + 16 + i), dtb[i]) << "dtb byte " << i;
}

// The runs next_image_run() returns for `file`, in order.
std::vector<std::pair<kern::vaddr_t, kern::vaddr_t>> runs_of(const std::vector<std::uint8_t>& bytes) {
    const auto words = aligned(bytes);
    std::vector<std::pair<kern::vaddr_t, kern::vaddr_t>> runs;
    const auto* file = reinterpret_cast<const std::uint8_t*>(words.data());
    for (kern::boot::PageRun run{}; kern::boot::next_image_run(file, run);) runs.emplace_back(run.start, run.end);
    return runs;
}

TEST(RootTaskImageRuns, EachPageOnceInAddressOrder) {
    using Runs = std::vector<std::pair<kern::vaddr_t, kern::vaddr_t>>;
    // Segments out of address order, sharing a page, one inside another, one empty.
    test_support::SegmentSpec empty;
    empty.vaddr = 0x90000;
    empty.memsz = 0;
    const auto file = ElfBuilder()
                          .entry(0x10000)
                          .segment(0x40000, 0x100, rw, 0x3000)  // 0x40000-0x43000
                          .segment(0x10000, 0x1800, rx)         // 0x10000-0x12000
                          .segment(0x11800, 0x10, rw, 0x1000)   // 0x11000-0x13000, shares 0x11000
                          .segment(0x41000, 0x10, rw)           // inside the first
                          .segment(empty)
                          .build();
    EXPECT_EQ(runs_of(file), (Runs{{0x10000, 0x12000}, {0x12000, 0x13000}, {0x40000, 0x43000}}));
}

TEST(RootTaskBuild, WalksTheSegmentsNotTheGapBetweenThem) {
    // Two segments 252 GiB apart: walking every page between them took
    // ~2^26 steps (~459 M guest instructions at boot); boot must visit the
    // 3 pages of the image only.
    constexpr kern::vaddr_t far = 0x3f00000000;
    const auto words =
        aligned(ElfBuilder().entry(0x10000).segment(0x10000, 0x100, rx).segment(far, 0x10, rw, 0x2000).build());
    HostRam ram;
    FakeSpace space;
    kern::boot::RootTask root{};
    ASSERT_EQ(kern::boot::build_root_task(reinterpret_cast<const std::uint8_t*>(words.data()),
                                          kern::boot::ExtraBootInfo{nullptr, 0}, user_top, space, ram.pages, root),
              nullptr);
    EXPECT_EQ(root.layout.image_start, 0x10000u);
    EXPECT_EQ(root.layout.image_end, far + 0x2000);
    EXPECT_EQ(root.image_pages_visited, 3u);
    EXPECT_EQ(space.pages.size(), 3u + 2);  // image, IPC buffer, BootInfo
    EXPECT_EQ(space.pages.count(0x10000), 1u);
    EXPECT_EQ(space.pages.count(far), 1u);
    EXPECT_EQ(space.pages.count(far + 0x1000), 1u);
    EXPECT_EQ(*space.bytes(far + 1), 7);  // ElfBuilder's pattern: i * 7 + vaddr
    EXPECT_EQ(*space.bytes(far + 0x10), 0);  // .bss
}

TEST(RootTaskBuild, ReportsExhaustion) {
    const auto words = aligned(ElfBuilder().entry(0x10000).segment(0x10000, 100 * page_size, rx).build());
    HostRam ram;
    FakeSpace space;
    kern::boot::RootTask root{};
    EXPECT_NE(kern::boot::build_root_task(reinterpret_cast<const std::uint8_t*>(words.data()),
                                          kern::boot::ExtraBootInfo{nullptr, 0}, user_top, space, ram.pages, root),
              nullptr);
}

}  // namespace
