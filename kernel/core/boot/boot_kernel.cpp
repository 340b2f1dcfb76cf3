// SPDX-License-Identifier: BSD-2-Clause
// kern::boot_kernel: the architecture-independent boot path (kern/boot.hpp).
// Every failure is a panic that says what is wrong, since nothing can run
// without a valid device tree and root task.
#include <bootimage/payload.hpp>
#include <elf/elf.hpp>
#include <fdt/fdt.hpp>
#include <fdt/platform.hpp>

#include "boot_state.hpp"
#include "root_cspace.hpp"
#include "root_task.hpp"
#include <arch/machine.hpp>
#include <arch/user_context.hpp>
#include <kern/boot_address_space.hpp>
#include <kern/arch_contract.hpp>
#include <kern/boot.hpp>
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/mapping_probe.hpp>
#include <kern/page_allocator.hpp>
#include <kern/sched.hpp>
#include <kern/thread.hpp>

namespace kern {

namespace {

constexpr unsigned max_memory_ranges = 16;
constexpr unsigned max_reserved_ranges = 24;
// QEMU's device trees are far smaller; the cap only bounds what parse() may
// read when the header's size field is garbage.
constexpr std::size_t max_dtb_size = 4u << 20;

BootPageAllocator boot_pages;
arch::AddressSpace root_space;
boot::UntypedPlan untyped_plan;

// seL4's CONFIG_PADDR_USER_DEVICE_TOP for these configurations: Sv39 limits
// physical addresses to 39 bits ((1 << 39) - 1, exclusive); the Cortex-A53
// has a 40-bit physical address space (1 << 40). Device untypeds cover all
// non-RAM physical space below it (sel4-abi.md §14.3).
constexpr paddr_t paddr_user_device_top =
    arch::elf_machine == 243 ? (paddr_t{1} << 39) - 1 : paddr_t{1} << 40;

std::uint32_t read_be32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

fdt::Tree parse_device_tree(paddr_t dtb_paddr) {
    if (dtb_paddr == 0) panic("boot: no device tree was passed to the kernel");
    const auto* blob = phys_to_virt<const std::uint8_t>(dtb_paddr);
    std::size_t size = read_be32(blob + 4);  // totalsize [DTSpec 5.2]
    if (size > max_dtb_size) size = max_dtb_size;
    fdt::Tree tree = fdt::Tree::parse(blob, size);
    if (!tree.valid()) panic("boot: device tree at 0x%lx is corrupt: %s", dtb_paddr, fdt::describe(tree.error()));
    return tree;
}

struct MemoryMap {
    PhysRange ram[max_memory_ranges];  // clipped to the kernel window: what the kernel can use
    unsigned ram_count = 0;
    PhysRange all_ram[max_memory_ranges];  // as the device tree says: never device memory
    unsigned all_ram_count = 0;
    PhysRange reserved[max_reserved_ranges];
    unsigned reserved_count = 0;

    void reserve(paddr_t base, paddr_t end) {
        if (reserved_count == max_reserved_ranges) panic("boot: too many reserved memory ranges");
        reserved[reserved_count++] = {base, end};
    }
    // The RAM range holding `paddr`, or nullptr.
    const PhysRange* ram_containing(paddr_t paddr) const {
        for (unsigned i = 0; i < ram_count; ++i)
            if (paddr >= ram[i].base && paddr < ram[i].end) return &ram[i];
        return nullptr;
    }
};

void read_memory_map(const fdt::Tree& tree, MemoryMap& map) {
    fdt::Reg regs[max_reserved_ranges];
    const std::size_t ram = fdt::memory_ranges(tree, regs, max_memory_ranges);
    word_t beyond_window = 0;
    for (std::size_t i = 0; i < ram; ++i) {
        const paddr_t base = regs[i].address;
        paddr_t end = base + regs[i].size;
        if (end < base) end = ~paddr_t{0};
        if (end == base) continue;
        map.all_ram[map.all_ram_count++] = {base, end};
        // RAM the kernel window does not map cannot be zeroed or handed out
        // as RAM; it is not device memory either, so it is in no untyped.
        if (end > arch::kernel_window_size) beyond_window += end - (base > arch::kernel_window_size ? base : arch::kernel_window_size);
        if (base >= arch::kernel_window_size) continue;
        if (end > arch::kernel_window_size) end = arch::kernel_window_size;
        map.ram[map.ram_count++] = {base, end};
    }
    if (map.ram_count == 0) panic("boot: the device tree describes no memory");
    if (beyond_window != 0)
        kprintf("Tessera: %lu MiB of RAM above the kernel window (0x%lx) is not used\n", beyond_window >> 20,
                arch::kernel_window_size);
    const std::size_t reserved = fdt::reserved_ranges(tree, regs, max_reserved_ranges);
    for (std::size_t i = 0; i < reserved; ++i) map.reserve(regs[i].address, regs[i].address + regs[i].size);
}

// The boot payload once the root task is copied out of it: free RAM again,
// handed out as the "reclaimed boot region" untyped (sel4-abi.md §14.1).
// Widened to its last page when no other reserved range shares that page.
PhysRange reclaimable_payload(const MemoryMap& map, PhysRange payload) {
    const PhysRange widened{payload.base, align_up(payload.end, page_size)};
    for (unsigned i = 0; i < map.reserved_count; ++i) {
        const PhysRange& r = map.reserved[i];
        if (r.base == payload.base && r.end == payload.end) continue;
        if (r.base < widened.end && r.end > widened.base) return payload;
    }
    return widened;
}

struct Payload {
    const std::uint8_t* root_task;
    word_t root_task_size;
    word_t total_size;
};

Payload find_payload(const BootHandoff& handoff, const MemoryMap& map) {
    const PhysRange* ram = map.ram_containing(handoff.kernel_paddr_end);
    if (ram == nullptr) panic("boot: no RAM after the kernel image at 0x%lx for the boot payload", handoff.kernel_paddr_end);
    const auto* header = phys_to_virt<const bootimage::PayloadHeader>(handoff.kernel_paddr_end);
    if (const char* why = bootimage::validate(*header, ram->end - handoff.kernel_paddr_end))
        panic("boot: bad boot payload at 0x%lx: %s", handoff.kernel_paddr_end, why);
    const auto* file = reinterpret_cast<const std::uint8_t*>(header) + header->root_task_offset;
    // The CRC is not re-computed here: at ~10 instructions per byte it would
    // cost more than the rest of boot for an ELF with debug info, and the ELF
    // checker below validates every structure the kernel relies on.
    if ((reinterpret_cast<std::uintptr_t>(file) & 7) != 0)
        panic("boot: root task ELF in the boot payload is not 8-byte aligned (offset %lu)", header->root_task_offset);
    return {file, header->root_task_size, header->total_size};
}

void check_root_task(const Payload& payload) {
    const elf::Diagnosis diagnosis = elf::check_executable(payload.root_task, payload.root_task_size,
                                                           static_cast<elf::Machine>(arch::elf_machine), arch::user_top);
    if (diagnosis.ok()) return;
    char text[160];
    elf::describe(diagnosis, payload.root_task, text, sizeof(text));
    panic("boot: the root task is not a loadable executable: %s", text);
}

}  // namespace

void boot_kernel(const BootHandoff& handoff) {
    // Debug builds only: through the SBI console each character costs the
    // boot hundreds of instructions (the release boot prints one line, last).
    if constexpr (config::debug_build)
        kprintf("Tessera: kernel at 0x%lx-0x%lx, device tree at 0x%lx\n", handoff.kernel_paddr_start,
                handoff.kernel_paddr_end, handoff.dtb_paddr);
    const fdt::Tree tree = parse_device_tree(handoff.dtb_paddr);

    static MemoryMap map;
    read_memory_map(tree, map);
    arch::init_platform(tree);
    if constexpr (config::debug_build) mapping_probe::request(fdt::bootargs(tree));

    const Payload payload = find_payload(handoff, map);
    map.reserve(handoff.kernel_paddr_start, handoff.kernel_paddr_end);
    const PhysRange payload_range{handoff.kernel_paddr_end, handoff.kernel_paddr_end + payload.total_size};
    map.reserve(payload_range.base, payload_range.end);
    map.reserve(handoff.dtb_paddr, handoff.dtb_paddr + tree.total_size());
    boot_pages.init(map.ram, map.ram_count, map.reserved, map.reserved_count);

    check_root_task(payload);
    // The root task's objects, largest first so alignment wastes nothing.
    boot::RootServerObjects objects{};
    objects.cnode = boot_pages.alloc_zeroed(boot::root_cnode_size_bits + slot_bits);
    objects.asid_pool = boot_pages.alloc_zeroed(boot::asid_pool_bits);
    objects.tcb = boot_pages.alloc_zeroed(tcb_bits);
    objects.sched_context = boot_pages.alloc_zeroed(boot::root_sched_context_bits);
    if (objects.cnode == 0 || objects.asid_pool == 0 || objects.tcb == 0 || objects.sched_context == 0)
        panic("boot: out of memory for the root task's CNode, TCB, scheduling context and ASID pool");
    if (!root_space.init(boot_pages)) panic("boot: out of memory for the root task's page table");
    const boot::ExtraBootInfo extra{phys_to_virt<const std::uint8_t>(handoff.dtb_paddr), tree.total_size()};
    boot::RootTask root{};
    if (const char* why = boot::build_root_task(payload.root_task, extra, arch::user_top, root_space, boot_pages, root))
        panic("boot: %s", why);

    // Everything the kernel and the root task use is allocated: the rest of
    // RAM, the boot payload and the device space the kernel does not drive
    // become untyped memory.
    PhysRange free_ram[BootPageAllocator::max_ranges];
    for (unsigned i = 0; i < boot_pages.free_range_count(); ++i) free_ram[i] = boot_pages.free_range(i);
    PhysRange kernel_devices[KernelDeviceRegions::capacity];
    boot::UntypedSources sources{};
    sources.ram = map.all_ram;
    sources.ram_count = map.all_ram_count;
    sources.kernel_devices = kernel_devices;
    sources.kernel_device_count = arch::kernel_device_regions(kernel_devices, KernelDeviceRegions::capacity);
    sources.reclaimed = reclaimable_payload(map, payload_range);
    sources.free_ram = free_ram;
    sources.free_count = boot_pages.free_range_count();
    sources.device_top = paddr_user_device_top;
    sources.max_bits = max_untyped_bits;
    sources.max_count = boot::max_boot_untypeds;
    boot::plan_untypeds(sources, untyped_plan);
    if (untyped_plan.dropped() != 0)
        kprintf("Tessera: more than %u boot untypeds; dropped the %u smallest (%lu bytes)\n", boot::max_boot_untypeds,
                untyped_plan.dropped(), untyped_plan.dropped_bytes());
    boot::BootCSpace cspace{};
    if (const char* why = boot::build_root_cspace(root_space, payload.root_task, root, objects, untyped_plan, cspace))
        panic("boot: %s", why);
    // The root thread runs on its round-robin SC (sel4-mcs.md §10).
    sched::init(*cspace.tcb, *phys_to_virt<SchedContext>(objects.sched_context));

    const std::uint64_t instructions = arch::read_instruction_counter() - handoff.entry_instruction_count;
    // The counter's value at kernel entry lets user-level benchmarks that
    // read the same counter measure from kernel entry (./tessera bench).
    kprintf("Tessera: entering root task at 0x%lx after %lu instructions (%lu boot pages used; counter at kernel "
            "entry: %lu)\n",
            root.layout.entry, instructions, boot_pages.pages_allocated(), handoff.entry_instruction_count);
    arch::enter_user(cspace.tcb->context, root_space);
}

}  // namespace kern
