// SPDX-License-Identifier: BSD-2-Clause
// Building the root task's address space from its (already checked) ELF
// file, as seL4 does at boot (sel4-abi.md §14.3): the image in 4 KiB frames
// at its linked addresses, RW and executable; then the IPC buffer frame, the
// BootInfo frame and the extra boot info pages, each RW and not executable.
// Templated on the address space so host tests can use a fake one; frames
// come from BootPageAllocator and are written through the kernel window.
#pragma once

#include <cstdint>

#include <kern/arch_contract.hpp>
#include <kern/page_allocator.hpp>
#include <kern/page_permissions.hpp>
#include <kern/types.hpp>
#include <sel4/bootinfo_types.h>

namespace kern::boot {

struct RootTaskLayout {
    vaddr_t entry;
    vaddr_t image_start;      // page-aligned first byte of the lowest PT_LOAD
    vaddr_t image_end;        // page-aligned end of the highest PT_LOAD
    vaddr_t ipc_buffer;       // = image_end
    vaddr_t boot_info;        // = image_end + 1 page
    vaddr_t extra_boot_info;  // = image_end + 2 pages
    word_t extra_boot_info_pages;
};

// The extra boot info seL4 passes on Arm/RISC-V: one FDT chunk
// (SEL4_BOOTINFO_HEADER_FDT, header included in its length, sel4-abi.md §14.2).
struct ExtraBootInfo {
    const std::uint8_t* dtb;
    word_t dtb_size;
    word_t length() const { return dtb_size == 0 ? 0 : sizeof(seL4_BootInfoHeader) + dtb_size; }
};

// Layout for a file that passed elf::check_executable. Returns nullptr or
// the reason it does not fit below `user_top`.
[[nodiscard]] const char* compute_root_task_layout(const std::uint8_t* file, word_t extra_length, vaddr_t user_top,
                                                   RootTaskLayout& out);

// A run of whole pages of the image, [start, end), page-aligned.
struct PageRun {
    vaddr_t start;
    vaddr_t end;
};

// The image's pages as runs in ascending order, each page in exactly one run
// (segments may share or overlap pages). Start with run = {0, 0} and call
// while it returns true; `run` must be the previous result:
//     for (PageRun run{}; next_image_run(file, run);) ...
// Boot walks the image this way, so its work is proportional to the pages
// of the segments, not to the distance between them: O(pages + segments²).
[[nodiscard]] bool next_image_run(const std::uint8_t* file, PageRun& run);

// Copies the bytes of the segments of `file` that fall in the page at
// `page_vaddr` into `page` (4 KiB, already zeroed). Two segments may share a page.
void fill_image_page(const std::uint8_t* file, vaddr_t page_vaddr, std::uint8_t* page);

// Writes the part of the extra boot info stream that falls in
// [offset, offset + page_size) into `page` (already zeroed).
void fill_extra_boot_info_page(const ExtraBootInfo& extra, word_t offset, std::uint8_t* page);

void fill_boot_info(seL4_BootInfo& info, const RootTaskLayout& layout, word_t extra_length);

inline constexpr word_t root_cnode_size_bits = 12;  // seL4's default KernelRootCNodeSizeBits

struct RootTask {
    RootTaskLayout layout;
    paddr_t boot_info_frame;
    paddr_t ipc_buffer_frame;
    // Pages the image loop visited: exactly the image frames it mapped
    // (host tests check that boot never walks the gaps between segments).
    word_t image_pages_visited;
};

// Allocates, fills and maps everything; returns nullptr or what went wrong.
template <typename Space>
[[nodiscard]] const char* build_root_task(const std::uint8_t* file, const ExtraBootInfo& extra, vaddr_t user_top,
                                          Space& space, BootPageAllocator& pages, RootTask& out) {
    if (const char* why = compute_root_task_layout(file, extra.length(), user_top, out.layout)) return why;
    const RootTaskLayout& layout = out.layout;
    const PagePermissions image_perms{.read = true, .write = true, .execute = true};
    const PagePermissions data_perms{.read = true, .write = true, .execute = false};

    out.image_pages_visited = 0;
    for (PageRun run{}; next_image_run(file, run);) {
        for (vaddr_t va = run.start; va < run.end; va += page_size) {
            ++out.image_pages_visited;
            const paddr_t frame = pages.alloc_zeroed_page();
            if (frame == 0) return "out of memory for the root task image";
            fill_image_page(file, va, phys_to_virt<std::uint8_t>(frame));
            if (!space.map_page(va, frame, image_perms, pages)) return "cannot map the root task image";
        }
    }

    out.ipc_buffer_frame = pages.alloc_zeroed_page();
    if (out.ipc_buffer_frame == 0 || !space.map_page(layout.ipc_buffer, out.ipc_buffer_frame, data_perms, pages))
        return "cannot map the root task IPC buffer";

    out.boot_info_frame = pages.alloc_zeroed_page();
    if (out.boot_info_frame == 0 || !space.map_page(layout.boot_info, out.boot_info_frame, data_perms, pages))
        return "cannot map the BootInfo frame";
    fill_boot_info(*phys_to_virt<seL4_BootInfo>(out.boot_info_frame), layout, extra.length());

    for (word_t i = 0; i < layout.extra_boot_info_pages; ++i) {
        const paddr_t frame = pages.alloc_zeroed_page();
        if (frame == 0) return "out of memory for the extra boot info";
        fill_extra_boot_info_page(extra, i * page_size, phys_to_virt<std::uint8_t>(frame));
        if (!space.map_page(layout.extra_boot_info + i * page_size, frame, data_perms, pages))
            return "cannot map the extra boot info";
    }
    return nullptr;
}

}  // namespace kern::boot
