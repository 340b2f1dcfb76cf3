// SPDX-License-Identifier: BSD-2-Clause
// The kernel window with the image's sections mapped apart (W^X), built in
// place of entry.S's boot gigapages [riscv/priv 4.4 Sv39]. All physical
// memory below arch::kernel_window_size stays mapped read-write and
// non-executable (the kernel reaches frames and page tables through it); only
// the 2 MiB regions holding the kernel image are split into 4 KiB pages.
//
// Rule 2 (kern/kernel_mappings.hpp) needs nothing here: S-mode can never
// execute from a page with U = 1, whatever sstatus.SUM says [riscv/priv
// 4.1.1 "Memory Privilege in sstatus Register"]. Rule 3: entry.S clears
// sstatus.SUM and nothing sets it, so S-mode loads and stores to U pages
// fault [riscv/priv 4.1.1, 4.3.1].
#include "kernel_mappings.hpp"

#include <arch/kernel_window.hpp>
#include <arch/machine.hpp>
#include <kern/console.hpp>

extern "C" {
extern std::uint64_t boot_root_table[];  // entry.S
extern char __kernel_start[], __text_start[], __text_end[], __rodata_start[], __rodata_end[], __kernel_end[];
}

namespace arch::riscv {
namespace {

// The gigapage holding the kernel image, in 2 MiB pieces, and the image's
// 2 MiB pieces in 4 KiB pages. In .bss: read-write, non-executable.
alignas(kern::page_size) std::uint64_t image_gigapage_table[pt_entries];
alignas(kern::page_size) std::uint64_t image_page_tables[kernel_image_page_tables][pt_entries];

constexpr unsigned window_root_first = pt_entries / 2;  // root entry of kernel_window_offset
constexpr unsigned window_gigapages = static_cast<unsigned>(kernel_window_size / gigapage_size);
static_assert(pt_index(kernel_window_offset, 2) == window_root_first);

kern::paddr_t paddr_of(const void* kernel_object) {
    return reinterpret_cast<kern::vaddr_t>(kernel_object) - kernel_window_offset;
}

kern::vaddr_t address(const char* symbol) { return reinterpret_cast<kern::vaddr_t>(symbol); }

// table[first, end) = leaf, leaf + step, ...: leaves of consecutive pages.
void fill_leaves(std::uint64_t* table, unsigned first, unsigned end, std::uint64_t leaf, std::uint64_t step) {
    for (unsigned i = first; i < end; ++i, leaf += step) table[i] = leaf;
}

// The first section bound of the image above `va`, or `limit` if none is
// below it: kern::kernel_memory_at answers the same for every page between.
kern::vaddr_t next_section_bound(const kern::KernelImageLayout& image, kern::vaddr_t va, kern::vaddr_t limit) {
    const kern::vaddr_t bounds[] = {image.image_start, image.text_start, image.text_end,
                                    image.rodata_start, image.rodata_end, image.image_end};
    for (const kern::vaddr_t bound : bounds)
        if (bound > va && bound < limit) return bound;
    return limit;
}

}  // namespace

kern::KernelAddressMap kernel_address_map() {
    return {
        .user_top = user_top,
        .window_start = kernel_window_offset,
        .image = {address(__kernel_start), address(__text_start), address(__text_end), address(__rodata_start),
                  address(__rodata_end), address(__kernel_end)},
    };
}

void map_kernel_window() {
    const kern::KernelImageLayout image = kernel_address_map().image;
    const kern::paddr_t image_start = image.image_start - kernel_window_offset;
    const kern::paddr_t image_end = image.image_end - kernel_window_offset;
    const kern::paddr_t gigapage = kern::align_down(image_start, gigapage_size);
    const unsigned first_piece = static_cast<unsigned>((image_start - gigapage) / megapage_size);
    const unsigned last_piece = static_cast<unsigned>((image_end - 1 - gigapage) / megapage_size);
    if (!kern::well_formed(image) || last_piece >= pt_entries || last_piece - first_piece >= kernel_image_page_tables)
        kern::panic("boot: the kernel image 0x%lx-0x%lx does not fit its page tables", image_start, image_end);

    // Read-write megapages around the image's pieces: consecutive leaves
    // differ only in the PPN, one megapage apart.
    const std::uint64_t megapage_leaf = kernel_window_leaf(gigapage, kern::KernelMemory::ReadWrite).raw();
    const std::uint64_t megapage_step =
        kernel_window_leaf(gigapage + megapage_size, kern::KernelMemory::ReadWrite).raw() - megapage_leaf;
    fill_leaves(image_gigapage_table, 0, first_piece, megapage_leaf, megapage_step);
    fill_leaves(image_gigapage_table, last_piece + 1, pt_entries, megapage_leaf + (last_piece + 1) * megapage_step,
                megapage_step);
    for (unsigned piece = first_piece; piece <= last_piece; ++piece) {
        std::uint64_t* pages = image_page_tables[piece - first_piece];
        // Run by run of pages of one kind (the image's section bounds end
        // runs): consecutive leaves differ only in the PPN, one page apart.
        const kern::vaddr_t piece_va = gigapage + piece * megapage_size + kernel_window_offset;
        for (unsigned page = 0; page < pt_entries;) {
            const kern::vaddr_t va = piece_va + page * kern::page_size;
            const kern::vaddr_t run_end = next_section_bound(image, va, piece_va + megapage_size);
            const unsigned end = static_cast<unsigned>((run_end - piece_va) / kern::page_size);
            const kern::KernelMemory kind = kern::kernel_memory_at(image, va);
            const std::uint64_t leaf = kernel_window_leaf(va - kernel_window_offset, kind).raw();
            fill_leaves(pages, page, end, leaf,
                        kernel_window_leaf(va - kernel_window_offset + kern::page_size, kind).raw() - leaf);
            page = end;
        }
        image_gigapage_table[piece] = Pte::table(paddr_of(pages)).raw();
    }
    // Entries for other gigapages first, the image's own last: until the
    // sfence.vma the hart may use the old or the new translation of the code
    // running here, and both map it to the same place.
    for (unsigned i = 0; i < window_gigapages; ++i) {
        const kern::paddr_t base = i * gigapage_size;
        if (base != gigapage)
            boot_root_table[window_root_first + i] = kernel_window_leaf(base, kern::KernelMemory::ReadWrite).raw();
    }
    boot_root_table[window_root_first + gigapage / gigapage_size] = Pte::table(paddr_of(image_gigapage_table)).raw();
    // entry.S's identity gigapage of the boot code: nothing runs there any more.
    boot_root_table[pt_index(image_start, 2)] = 0;
    asm volatile("sfence.vma" ::: "memory");
}

}  // namespace arch::riscv
