// SPDX-License-Identifier: BSD-2-Clause
// User address spaces: the 4-level TTBR0 table tree boot builds for the root
// task [arm/ARM DDI0487 D8.2], switching TTBR0_EL1 to the current thread's
// VSpace, and the first return to EL0.
#include <arch/machine.hpp>
#include <arch/page_table_entry.hpp>
#include <kern/boot_address_space.hpp>
#include <kern/cap.hpp>
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/object/tcb.hpp>
#include <kern/thread.hpp>
#include <kern/vspace.hpp>

#include "../boot/kernel_mappings.hpp"
#include "../sysreg.hpp"
#include "../trap/activation.hpp"

extern "C" [[noreturn]] void aarch64_restore_user(arch::UserContext* ctx);

namespace arch {
namespace {

// seL4 gives the root task's VSpace ASID 1 (ASID pool 0, sel4-abi.md §14.1).
constexpr std::uint64_t root_task_asid = 1;

std::uint64_t* table_memory(kern::paddr_t paddr) {
    return reinterpret_cast<std::uint64_t*>(paddr + kernel_window_offset);
}

}  // namespace

bool AddressSpace::init(kern::BootPageAllocator& pages) {
    root_ = pages.alloc_zeroed_page();
    return root_ != 0;
}

bool AddressSpace::map_page(kern::vaddr_t va, kern::paddr_t pa, kern::PagePermissions perms,
                            kern::BootPageAllocator& pages) {
    if (root_ == 0 || va >= user_top || !kern::is_aligned(va, kern::page_size) ||
        !kern::is_aligned(pa, kern::page_size))
        return false;
    kern::paddr_t table = root_;
    for (unsigned level = 0; level + 1 < page_table_levels; ++level) {
        std::uint64_t& entry = table_memory(table)[table_index(va, level)];
        Descriptor descriptor{entry};
        if (!descriptor.valid()) {
            const kern::paddr_t next = pages.alloc_zeroed_page();
            if (next == 0) return false;
            descriptor = Descriptor::table(next);
            entry = descriptor.raw();
        } else if (!descriptor.is_table()) {
            return false;
        }
        table = descriptor.output_address();
    }
    std::uint64_t& leaf = table_memory(table)[table_index(va, page_table_levels - 1)];
    if (Descriptor{leaf}.valid()) return false;
    leaf = Descriptor::user_page(pa, perms).raw();
    return true;
}

unsigned AddressSpace::levels() const { return page_table_levels; }

kern::paddr_t AddressSpace::table_at(kern::vaddr_t va, unsigned depth) const {
    if (root_ == 0 || depth > page_table_levels) return 0;
    kern::paddr_t table = root_;
    for (unsigned level = 0; level < depth; ++level) {
        const Descriptor descriptor{table_memory(table)[table_index(va, level)]};
        // Level 3 page descriptors share the "table" encoding (bits[1:0] = 0b11).
        if (!descriptor.is_table()) return 0;
        table = descriptor.output_address();
    }
    return table;
}

namespace platform {
namespace {

// The root a thread without a valid VSpace runs in: no translations at all,
// so every EL0 access faults (seL4's global kernel-only user table). ASID 0
// is never given to a VSpace.
alignas(kern::page_size) std::uint64_t kernel_only_root[entries_per_table];
constexpr std::uint64_t kernel_only_asid = 0;
// What TTBR0_EL1 holds; boot's identity map until the first switch.
std::uint64_t active_ttbr0 = ~std::uint64_t{0};

std::uint64_t kernel_only_ttbr0() {
    return Ttbr::make(reinterpret_cast<kern::vaddr_t>(kernel_only_root) - kernel_window_offset, kernel_only_asid)
        .raw();
}

void write_ttbr0(std::uint64_t value) {
    AARCH64_WRITE_SYSREG(ttbr0_el1, value);
    cpu::isb();
    active_ttbr0 = value;
}

}  // namespace

// A valid root is a VSpace cap assigned to an ASID that still names it
// (seL4 isValidVTableRoot and setVMRoot); its ASID tags the TLB entries.
std::uint64_t ttbr0_for(const kern::Tcb& thread) {
    const kern::vspace::ActiveRoot root = kern::vspace::thread_root(thread);
    if (root.root == 0) return kernel_only_ttbr0();
    return Ttbr::make(root.root, root.asid).raw();
}

// Every change to a VSpace flushes its ASID (vspace/maintenance.cpp), so a
// switch needs no flush when the TLB holds 16-bit ASIDs; with 8-bit ASIDs
// (ID_AA64MMFR0_EL1.ASIDBits) seL4's ASIDs would alias, so each switch
// flushes the non-global entries instead [arm/ARM DDI0487 D8.16].
void switch_address_space(const kern::Tcb& thread) {
    const std::uint64_t ttbr0 = ttbr0_for(thread);
    if (ttbr0 == active_ttbr0) return;
    write_ttbr0(ttbr0);
    if (!uses_16bit_asids()) asm volatile("tlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
}

void use_kernel_only_address_space() { write_ttbr0(kernel_only_ttbr0()); }

}  // namespace platform

// Boot's first return to EL0, through the same activation as every
// exception return: it resumes kern::current_thread(), which boot set up
// with `ctx` and `space`.
void enter_user(UserContext& ctx, const AddressSpace& space) {
    const kern::Tcb* thread = kern::current_thread();
    if (thread != nullptr && &thread->context == &ctx &&
        platform::ttbr0_for(*thread) != Ttbr::make(space.root(), root_task_asid).raw())
        kern::panic("boot: the root thread's VTable cap does not name its address space");
    // Make the table writes visible to the walker, drop the boot identity map
    // from TTBR0, and discard TLB entries (its blocks are global) and
    // instruction-cache contents from before the root task image was written.
    cpu::dsb_ishst();
    platform::use_kernel_only_address_space();
    asm volatile("tlbi vmalle1\n\tdsb nsh\n\tic iallu\n\tdsb nsh\n\tisb" ::: "memory");
    UserContext* resumed = platform::activate_current_thread();
    // With the root task's address space active: a requested probe of the
    // kernel's mapping rules ends here in a kernel fault (debug kernel).
    if constexpr (kern::config::debug_build) run_mapping_probe(resumed->next_ip());
    aarch64_restore_user(resumed);
}

}  // namespace arch
