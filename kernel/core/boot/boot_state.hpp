// SPDX-License-Identifier: BSD-2-Clause
// The pure arithmetic of the root task's boot state (sel4-abi.md §14,
// sel4-mcs.md §10): how memory becomes boot untypeds and how the dynamic
// slots of the root CNode are laid out. Host-testable; root_cspace.hpp uses
// it to build the caps.
#pragma once

#include <kern/page_allocator.hpp>
#include <kern/types.hpp>
#include <sel4/bootinfo_types.h>

namespace kern::boot {

inline constexpr unsigned max_boot_untypeds = CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS;

struct UntypedRegion {
    paddr_t paddr;
    unsigned size_bits;
    bool device;
};

// Boot untypeds in the order seL4 hands them out (create_untypeds,
// sel4-abi.md §14.1): device untypeds for all physical space below
// `device_top` that is neither RAM nor a kernel device, in ascending address;
// then the reclaimed boot region; then the free RAM ranges in ascending
// address. Each range is cut into naturally aligned blocks of at most
// 2^max_bits bytes, each block the largest that is aligned at the current
// address and fits, walking up from the start (seL4
// create_untypeds_for_region); pieces under 2^seL4_MinUntypedBits are lost.
//
// What still differs from seL4 for the same machine, and why:
//  * RAM above the kernel window is left out entirely; seL4 clips it from
//    its free memory but then hands it out as device untypeds. Memory the
//    kernel cannot zero is not what a root task expects under "RAM", and
//    calling it a device would invite cacheable/uncached aliasing surprises.
//  * The root task's image is copied from the boot payload into freshly
//    allocated frames, and its CNode/TCB/SC/ASID pool/page tables come from
//    the lowest free RAM (kern::BootPageAllocator), so the free RAM ranges
//    have holes at other addresses than seL4's (which takes one block for
//    these objects from the top of the highest free region and keeps the
//    ELF loader's copy of the image). The reclaimed region is the boot
//    payload (the root task's ELF file, dead once copied), where seL4
//    reclaims the boot-only part of its kernel image.
//  * Firmware memory (OpenSBI, /reserved-memory) is RAM that is neither
//    free nor device: it is in no untyped, as in seL4 when the firmware
//    region is reserved in the device tree.
//  * Kernel devices are the ones this kernel drives (kern::KernelDeviceRegions):
//    on RISC-V that includes the ns16550a console and the sifive_test exit
//    device, which seL4 (SBI console) leaves to user level.
//  * seL4 stops at CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS; UntypedPlan::limit
//    drops the smallest blocks instead (never reached on QEMU virt).
class UntypedPlan {
public:
    static constexpr unsigned capacity = 512;

    void add_range(paddr_t base, paddr_t end, bool device, unsigned max_bits);
    // Keeps at most `max` entries by dropping the smallest (the last of equal
    // size first), preserving the order of the rest. seL4 would instead stop
    // at the limit; dropping the smallest keeps the most memory usable.
    void limit(unsigned max);

    unsigned count() const { return count_; }
    const UntypedRegion& operator[](unsigned i) const { return items_[i]; }
    unsigned dropped() const { return dropped_; }
    word_t dropped_bytes() const { return dropped_bytes_; }

private:
    void push(const UntypedRegion& r);
    UntypedRegion items_[capacity]{};
    unsigned count_ = 0;
    unsigned dropped_ = 0;
    word_t dropped_bytes_ = 0;
};

// What plan_untypeds decomposes. Range lists need not be sorted and may
// overlap; `free_ram` and `reclaimed` lie inside `ram`.
struct UntypedSources {
    const PhysRange* ram = nullptr;  // all RAM the device tree describes, usable or not
    unsigned ram_count = 0;
    const PhysRange* kernel_devices = nullptr;  // never in a device untyped
    unsigned kernel_device_count = 0;
    PhysRange reclaimed{0, 0};  // boot memory that is free again once boot ends
    const PhysRange* free_ram = nullptr;
    unsigned free_count = 0;
    paddr_t device_top = 0;  // CONFIG_PADDR_USER_DEVICE_TOP (exclusive)
    unsigned max_bits = 0;   // seL4_MaxUntypedBits
    unsigned max_count = 0;  // CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS
};

void plan_untypeds(const UntypedSources& sources, UntypedPlan& out);

// Dynamic slots from seL4_NumInitialCaps in seL4 MCS order.
struct SlotLayout {
    seL4_SlotRegion user_image_paging;
    seL4_SlotRegion extra_bi_pages;
    seL4_SlotRegion sched_control;
    seL4_SlotRegion user_image_frames;
    seL4_SlotRegion untyped;
    seL4_SlotRegion empty;
    bool fits;  // everything fits in the 2^cnode_bits slots
};
[[nodiscard]] SlotLayout compute_slot_layout(word_t paging_caps, word_t extra_bi_pages, word_t sched_controls,
                                             word_t image_frames, word_t untypeds, unsigned cnode_bits);

}  // namespace kern::boot
