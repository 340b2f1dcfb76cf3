// SPDX-License-Identifier: BSD-2-Clause
// The boot hand-off from the arch layer to the generic kernel.
//
// Boot order on every arch:
//  1. arch entry code (physical addresses, MMU off): set up a stack, build the
//     boot page tables (kernel window: virt = phys + arch::kernel_window_offset
//     over all of RAM, plus an identity map of the boot code), enable the MMU,
//     jump to the high kernel window, clear .bss, replace the boot tables with
//     the kernel's final mappings (W^X, kern/kernel_mappings.hpp), run global
//     constructors.
//  2. arch calls kern::boot_kernel(handoff) (generic, kernel/core/boot/).
//  3. generic boot: validates the device tree, reads RAM and reserved ranges,
//     calls arch::init_platform(tree) (console, interrupt controller, timer),
//     finds the boot payload at handoff.kernel_paddr_end, checks and loads the
//     root task ELF, builds its address space, IPC buffer and BootInfo, and
//     calls arch::enter_user() which never returns.
#pragma once

#include <cstdint>

#include <kern/page_allocator.hpp>
#include <kern/types.hpp>

namespace kern {

// The device regions the kernel itself drives (console, interrupt controller,
// exit device), as each arch's init_platform() finds them in the device tree.
// Generic boot keeps them out of the root task's device untypeds, as seL4
// reserves the frames of its kernel devices (map_kernel_devices) so that user
// level can never map the kernel's interrupt controller or console
// (sel4-abi.md §14.3). Regions are widened to whole pages, since a device
// untyped can only be mapped in pages.
class KernelDeviceRegions {
public:
    static constexpr unsigned capacity = 8;

    // Records [base, base + size) widened to page boundaries; a region that
    // is already covered, empty, or beyond the capacity is ignored (the
    // capacity exceeds what any supported platform needs).
    void add(paddr_t base, word_t size) {
        if (size == 0 || count_ == capacity) return;
        const PhysRange r{align_down(base, page_size), align_up(base + size, page_size)};
        for (unsigned i = 0; i < count_; ++i)
            if (items_[i].base <= r.base && r.end <= items_[i].end) return;
        items_[count_++] = r;
    }
    // Copies at most `max` regions to `out`; returns how many.
    unsigned copy_to(PhysRange* out, unsigned max) const {
        unsigned n = 0;
        for (; n < count_ && n < max; ++n) out[n] = items_[n];
        return n;
    }
    unsigned count() const { return count_; }

private:
    PhysRange items_[capacity]{};
    unsigned count_ = 0;
};

struct BootHandoff {
    paddr_t dtb_paddr;           // flattened device tree from firmware / QEMU
    paddr_t kernel_paddr_start;  // first byte of the kernel image
    paddr_t kernel_paddr_end;    // page-aligned end incl. .bss; the boot payload starts here
    // arch::read_instruction_counter() as early as possible in the arch entry
    // code, so the boot log can report the cost of the whole boot path.
    std::uint64_t entry_instruction_count;
};

[[noreturn]] void boot_kernel(const BootHandoff& handoff);

}  // namespace kern
