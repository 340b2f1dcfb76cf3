// SPDX-License-Identifier: BSD-2-Clause
// The TTBR1 kernel window with the image's sections mapped apart (W^X)
// [arm/ARM DDI0487 D8.3]: all physical memory entry.S's boot map covers stays
// mapped read-write and non-executable (the kernel reaches frames and page
// tables through it), device memory as before; the gigabyte holding the
// kernel image is split into 2 MiB blocks, and the image's 2 MiB blocks into
// 4 KiB pages. The tables are new: entry.S switches TTBR1_EL1 to them from
// the identity map (aarch64_switch_kernel_window), so no live descriptor is
// ever changed in place.
//
// Rule 2 (kern/kernel_mappings.hpp): Descriptor::user_page sets PXN on every
// user page. Rule 3: PSTATE.PAN where the CPU has it (QEMU cortex-a53, the
// runner's default CPU, is ARMv8.0 and has not; -cpu max has).
#include "kernel_mappings.hpp"

#include <arch/kernel_window.hpp>
#include <arch/machine.hpp>
#include <kern/arch_contract.hpp>
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/mapping_probe.hpp>

#include "../sysreg.hpp"

extern "C" char __kernel_window_start[], __text_start[], __text_end[], __rodata_start[], __rodata_end[],
    __kernel_window_end[];

namespace arch {
namespace {

// In .bss: read-write, non-executable once in use.
alignas(kern::page_size) std::uint64_t window_level0[entries_per_table];
alignas(kern::page_size) std::uint64_t window_level1[entries_per_table];
alignas(kern::page_size) std::uint64_t image_level2[entries_per_table];
alignas(kern::page_size) std::uint64_t image_level3[kernel_image_page_tables][entries_per_table];

kern::paddr_t paddr_of(const void* kernel_object) {
    return reinterpret_cast<kern::vaddr_t>(kernel_object) - kernel_window_offset;
}

kern::vaddr_t address(const char* symbol) { return reinterpret_cast<kern::vaddr_t>(symbol); }

}  // namespace

kern::KernelAddressMap kernel_address_map() {
    return {
        .user_top = user_top,
        .window_start = kernel_window_offset,
        // .text.boot's page(s) before __text_start: the window maps them read-only.
        .image = {address(__kernel_window_start), address(__text_start), address(__text_end),
                  address(__rodata_start), address(__rodata_end), address(__kernel_window_end)},
    };
}

bool enable_privileged_access_never() {
    if (!implements_pan(AARCH64_READ_SYSREG(id_aa64mmfr1_el1))) return false;
    AARCH64_WRITE_SYSREG(sctlr_el1, AARCH64_READ_SYSREG(sctlr_el1) & ~sctlr_span);
    cpu::isb();
    asm volatile(".inst 0xd500419f" ::: "memory");  // MSR PAN, #1 (ARMv8.1 encoding; the assembler targets v8.0)
    return true;
}

namespace {

// Every page of the root task is writable at EL0, and the architecture
// treats such pages as PXN whatever their PXN bit [arm/ARM DDI0487,
// "Instruction access permissions"]. So that the exec-user probe tests the
// PXN bit Descriptor::user_page sets, its target page becomes read-only at
// EL0 first (the machine stops right after the probe). Debug kernel only.
[[maybe_unused]] void make_user_page_read_only(kern::vaddr_t va) {
    kern::paddr_t table = AARCH64_READ_SYSREG(ttbr0_el1) & Ttbr::BaseAddress::mask;
    for (unsigned level = 0; level + 1 < page_table_levels; ++level) {
        const Descriptor entry{kern::phys_to_virt<std::uint64_t>(table)[table_index(va, level)]};
        if (!entry.is_table()) kern::panic("mapping probe: 0x%lx is not mapped by a user page", va);
        table = entry.output_address();
    }
    std::uint64_t& page = kern::phys_to_virt<std::uint64_t>(table)[table_index(va, page_table_levels - 1)];
    page = Descriptor{page}.with<Descriptor::AccessPermissions>(Descriptor::ap_user_ro).raw();
    asm volatile("dsb ishst\n\ttlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
}

}  // namespace

void run_mapping_probe(kern::vaddr_t user_address) {
    if constexpr (kern::config::debug_build) {
        if (kern::mapping_probe::requested_probe() == kern::mapping_probe::Probe::ExecUser)
            make_user_page_read_only(user_address);
        kern::mapping_probe::run_requested(user_address);
    }
}

}  // namespace arch

kern::paddr_t aarch64_map_kernel_window() {
    using namespace arch;
    const kern::KernelImageLayout image = kernel_address_map().image;
    const kern::paddr_t image_start = image.image_start - kernel_window_offset;
    const kern::paddr_t image_end = image.image_end - kernel_window_offset;
    const kern::paddr_t gigabyte = kern::align_down(image_start, level1_block_size);
    const unsigned first_block = static_cast<unsigned>((image_start - gigabyte) / level2_block_size);
    const unsigned last_block = static_cast<unsigned>((image_end - 1 - gigabyte) / level2_block_size);
    // kernel.ld's ASSERT keeps this from happening; the early UART can say it.
    if (!kern::well_formed(image) || last_block >= entries_per_table ||
        last_block - first_block >= kernel_image_page_tables)
        kern::panic("boot: the kernel image 0x%lx-0x%lx does not fit its page tables", image_start, image_end);

    for (unsigned block = 0; block < entries_per_table; ++block) {
        const kern::paddr_t base = gigabyte + block * level2_block_size;
        if (block < first_block || block > last_block) {
            image_level2[block] = kernel_window_block(base, false).raw();
            continue;
        }
        std::uint64_t* pages = image_level3[block - first_block];
        for (unsigned page = 0; page < entries_per_table; ++page) {
            const kern::paddr_t paddr = base + page * kern::page_size;
            pages[page] = kernel_image_page(paddr, kern::kernel_memory_at(image, paddr + kernel_window_offset)).raw();
        }
        image_level2[block] = Descriptor::table(paddr_of(pages)).raw();
    }
    for (unsigned i = 0; i < entries_per_table; ++i) {
        const kern::paddr_t base = i * level1_block_size;
        window_level1[i] = base == gigabyte ? Descriptor::table(paddr_of(image_level2)).raw()
                                            : kernel_window_block(base, !window_gigabyte_is_normal(base)).raw();
    }
    window_level0[table_index(kernel_window_offset, 0)] = Descriptor::table(paddr_of(window_level1)).raw();
    // The walker reads the tables from memory (TCR_EL1: cacheable walks).
    cpu::dsb_ishst();
    return paddr_of(window_level0);
}
