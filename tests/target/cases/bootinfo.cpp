// SPDX-License-Identifier: BSD-2-Clause
// Tessera's own checks of the root task's boot state (sel4-abi.md §14.2–14.3):
// where the IPC buffer and BootInfo are mapped and what BootInfo says.
#include <cstdint>
#include <optional>

#include <fdt/fdt.hpp>
#include <fdt/platform.hpp>

#include "../framework/test.hpp"

extern "C" char _end[];  // end of the root task's image (lld-defined)

namespace {

using tessera_test::Env;
using tessera_test::Result;

constexpr std::uintptr_t page = std::uintptr_t{1} << seL4_PageBits;

Result bootinfo_layout(Env& env) {
    const auto* bi = env.bootinfo;
    test_assert_fatal(bi != nullptr);
    const auto image_end = (reinterpret_cast<std::uintptr_t>(_end) + page - 1) & ~(page - 1);
    const auto ipc = reinterpret_cast<std::uintptr_t>(bi->ipcBuffer);
    // IPC buffer: the first page after the image; BootInfo: the next page.
    test_eq(ipc, image_end);
    test_eq(reinterpret_cast<std::uintptr_t>(bi), image_end + page);
    test_eq(bi->nodeID, 0u);
    test_eq(bi->numNodes, 1u);
    test_eq(bi->numIOPTLevels, 0u);
    test_eq(bi->initThreadDomain, 0u);
    test_eq(reinterpret_cast<std::uintptr_t>(seL4_GetIPCBuffer()), ipc);
    return test_result();
}

Result ipc_buffer_is_usable(Env& env) {
    seL4_IPCBuffer* buffer = env.bootinfo->ipcBuffer;
    for (unsigned i = 0; i < seL4_MsgMaxLength; ++i) seL4_SetMR(static_cast<int>(i), 0x1000 + i);
    for (unsigned i = 0; i < seL4_MsgMaxLength; ++i) test_eq(buffer->msg[i], 0x1000u + i);
    buffer->userData = 0xfeedu;
    test_eq(seL4_GetUserData(), 0xfeedu);
    return test_result();
}

Result extra_bootinfo_has_the_device_tree(Env& env) {
    const auto* bi = env.bootinfo;
    test_assert_fatal(bi->extraLen >= sizeof(seL4_BootInfoHeader));
    const auto* header = reinterpret_cast<const seL4_BootInfoHeader*>(reinterpret_cast<std::uintptr_t>(bi) + page);
    test_eq(header->id, static_cast<seL4_Word>(SEL4_BOOTINFO_HEADER_FDT));
    test_assert_fatal(header->len > sizeof(*header) && header->len <= bi->extraLen);
    const auto tree = fdt::Tree::parse(header + 1, header->len - sizeof(*header));
    test_assert_fatal(tree.valid());
    fdt::Reg ram[4];
    const auto n = fdt::memory_ranges(tree, ram, 4);
    test_assert(n >= 1);
    test_assert(n >= 1 && ram[0].size >= (std::uint64_t{64} << 20));
    return test_result();
}


// Untypeds: RAM ones inside RAM, device ones outside, none overlapping
// (sel4-abi.md §14.3); the list matches the untyped slot region.
Result untypeds_match_the_device_tree(Env& env) {
    const auto* bi = env.bootinfo;
    const auto* header = reinterpret_cast<const seL4_BootInfoHeader*>(reinterpret_cast<std::uintptr_t>(bi) + page);
    const auto tree = fdt::Tree::parse(header + 1, header->len - sizeof(*header));
    test_assert_fatal(tree.valid());
    fdt::Reg ram[8];
    const auto ram_count = fdt::memory_ranges(tree, ram, 8);
    const seL4_Word count = bi->untyped.end - bi->untyped.start;
    test_assert_fatal(count > 0 && count <= CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS);
    bool seen_ram = false;
    bool ram_restarted = false;
    std::uint64_t ram_bytes = 0;
    std::uint64_t previous_end = 0;
    for (seL4_Word i = 0; i < count; ++i) {
        const seL4_UntypedDesc& u = bi->untypedList[i];
        const std::uint64_t end = u.paddr + (std::uint64_t{1} << u.sizeBits);
        test_assert(u.sizeBits >= seL4_MinUntypedBits && u.sizeBits <= seL4_MaxUntypedBits);
        test_eq(u.paddr & ((std::uint64_t{1} << u.sizeBits) - 1), 0u);
        // Device untypeds first in ascending address order, then the
        // reclaimed boot region, then free RAM in ascending address order
        // (sel4-abi.md §14.1): among RAM untypeds the address goes down at
        // most once, where the reclaimed region ends.
        if (!u.isDevice) {
            if (!seen_ram) previous_end = 0;
            seen_ram = true;
            ram_bytes += end - u.paddr;
            if (u.paddr < previous_end) {
                test_assert(!ram_restarted);
                ram_restarted = true;
                previous_end = 0;
            }
        }
        test_assert(!(u.isDevice && seen_ram));
        test_assert(u.paddr >= previous_end);
        previous_end = end;
        bool inside_ram = false;
        bool touches_ram = false;
        for (std::size_t r = 0; r < ram_count; ++r) {
            const std::uint64_t ram_end = ram[r].address + ram[r].size;
            if (u.paddr >= ram[r].address && end <= ram_end) inside_ram = true;
            if (u.paddr < ram_end && end > ram[r].address) touches_ram = true;
        }
        test_assert(u.isDevice ? !touches_ram : inside_ram);
        test_eq(seL4_DebugCapIdentify(bi->untyped.start + i), 2u);
    }
    // Most of RAM is handed out (the kernel, the device tree and the root
    // task's own frames are not): at least half of the 512 MiB default.
    test_assert(ram_bytes >= ram[0].size / 2);
    return test_result();
}

// The devices the kernel keeps to itself (interrupt controller, exit
// device), read from the device tree in the extra boot info, are in no
// device untyped: the root task cannot map them (seL4 reserves its kernel
// devices the same way). The console UART is the root task's on both
// arches, a device untyped, as seL4 exposes it: on RISC-V the kernel prints
// through the SBI, on AArch64 it shares the PL011 with a user-level driver.
Result kernel_devices_are_in_no_untyped(Env& env) {
    const auto* bi = env.bootinfo;
    const auto* header = reinterpret_cast<const seL4_BootInfoHeader*>(reinterpret_cast<std::uintptr_t>(bi) + page);
    const auto tree = fdt::Tree::parse(header + 1, header->len - sizeof(*header));
    test_assert_fatal(tree.valid());
    fdt::Reg kernel_devices[8];
    unsigned count = 0;
    auto note = [&](const std::optional<fdt::Node>& node, unsigned regs) {
        if (!node) return;
        for (unsigned r = 0; r < regs && count < 8; ++r)
            if (const auto reg = node->reg(r)) kernel_devices[count++] = *reg;
    };
    const auto console = fdt::stdout_node(tree);
    // Interrupt controllers: PLIC (RISC-V), GICv2 distributor + CPU
    // interface or GICv3 distributor + redistributors (AArch64).
    for (const char* compatible :
         {"riscv,plic0", "sifive,plic-1.0.0", "arm,cortex-a15-gic", "arm,gic-400", "arm,gic-v3"})
        note(tree.find_compatible(compatible), 2);
    const unsigned controller_regions = count;
    note(tree.find_compatible("sifive,test1"), 1);
    test_assert(controller_regions >= 1);
    bool console_in_untyped = false;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; ++i) {
        const seL4_UntypedDesc& u = bi->untypedList[i];
        if (!u.isDevice) continue;
        const std::uint64_t end = u.paddr + (std::uint64_t{1} << u.sizeBits);
        for (unsigned d = 0; d < count; ++d) {
            const std::uint64_t base = kernel_devices[d].address & ~(page - 1);
            const std::uint64_t device_end = kernel_devices[d].address + kernel_devices[d].size;
            test_assert(end <= base || u.paddr >= device_end);
        }
        if (console) {
            if (const auto reg = console->reg(0)) console_in_untyped |= u.paddr <= reg->address && reg->address < end;
        }
    }
    test_assert(console != std::nullopt);
    test_assert(console_in_untyped);
    return test_result();
}

Result initial_caps_are_in_their_slots(Env& env) {
    const auto* bi = env.bootinfo;
    const bool riscv = sizeof(void*) == 8 && seL4_ObjectTypeCount == 11;
    test_eq(seL4_DebugCapIdentify(seL4_CapNull), 0u);
    test_eq(seL4_DebugCapIdentify(seL4_CapInitThreadTCB), 12u);
    test_eq(seL4_DebugCapIdentify(seL4_CapInitThreadCNode), 10u);
    test_eq(seL4_DebugCapIdentify(seL4_CapInitThreadVSpace), riscv ? 3u : 9u);
    test_eq(seL4_DebugCapIdentify(seL4_CapIRQControl), 14u);
    test_eq(seL4_DebugCapIdentify(seL4_CapASIDControl), 11u);
    test_eq(seL4_DebugCapIdentify(seL4_CapInitThreadASIDPool), 13u);
    test_eq(seL4_DebugCapIdentify(seL4_CapIOPortControl), 0u);
    test_eq(seL4_DebugCapIdentify(seL4_CapIOSpace), 0u);
    test_eq(seL4_DebugCapIdentify(seL4_CapBootInfoFrame), 1u);
    test_eq(seL4_DebugCapIdentify(seL4_CapInitThreadIPCBuffer), 1u);
    test_eq(seL4_DebugCapIdentify(seL4_CapDomain), 20u);
    test_eq(seL4_DebugCapIdentify(seL4_CapSMMUSIDControl), 0u);
    test_eq(seL4_DebugCapIdentify(seL4_CapSMMUCBControl), 0u);
    test_eq(seL4_DebugCapIdentify(seL4_CapInitThreadSC), 22u);
    test_eq(seL4_DebugCapIdentify(seL4_CapSMC), 0u);
    for (seL4_Word s = bi->userImagePaging.start; s < bi->userImagePaging.end; ++s)
        test_eq(seL4_DebugCapIdentify(s), 3u);
    for (seL4_Word s = bi->extraBIPages.start; s < bi->extraBIPages.end; ++s) test_eq(seL4_DebugCapIdentify(s), 1u);
    for (seL4_Word s = bi->schedcontrol.start; s < bi->schedcontrol.end; ++s) test_eq(seL4_DebugCapIdentify(s), 24u);
    for (seL4_Word s = bi->userImageFrames.start; s < bi->userImageFrames.end; ++s)
        test_eq(seL4_DebugCapIdentify(s), 1u);
    test_eq(seL4_DebugCapIdentify(bi->empty.start), 0u);
    test_eq(seL4_DebugCapIdentify(bi->empty.end - 1), 0u);
    return test_result();
}

Result slot_regions_are_contiguous_in_sel4_order(Env& env) {
    const auto* bi = env.bootinfo;
    test_eq(bi->initThreadCNodeSizeBits, 12u);
    test_eq(bi->userImagePaging.start, static_cast<seL4_Word>(seL4_NumInitialCaps));
    test_assert(bi->userImagePaging.end > bi->userImagePaging.start);
    test_eq(bi->extraBIPages.start, bi->userImagePaging.end);
    test_eq(bi->extraBIPages.end - bi->extraBIPages.start, (bi->extraLen + page - 1) / page);
    test_eq(bi->schedcontrol.start, bi->extraBIPages.end);
    test_eq(bi->schedcontrol.end, bi->schedcontrol.start + 1);
    test_eq(bi->userImageFrames.start, bi->schedcontrol.end);
    test_assert(bi->userImageFrames.end > bi->userImageFrames.start);
    test_eq(bi->untyped.start, bi->userImageFrames.end);
    test_eq(bi->empty.start, bi->untyped.end);
    test_eq(bi->empty.end, seL4_Word{1} << 12);
    test_eq(bi->sharedFrames.start, bi->sharedFrames.end);
    test_eq(bi->ioSpaceCaps.start, bi->ioSpaceCaps.end);
    return test_result();
}

}  // namespace

DEFINE_TEST(TESSERA_BOOTINFO0001, "IPC buffer and BootInfo are mapped where seL4 maps them", bootinfo_layout, true);
DEFINE_TEST(TESSERA_BOOTINFO0002, "The root task's IPC buffer is readable and writable", ipc_buffer_is_usable, true);
DEFINE_TEST(TESSERA_BOOTINFO0003, "The extra boot info carries the device tree", extra_bootinfo_has_the_device_tree,
            true);
DEFINE_TEST(TESSERA_BOOTINFO0004, "Boot untypeds lie in RAM or device space as the device tree says, sorted, disjoint",
            untypeds_match_the_device_tree, true);
DEFINE_TEST(TESSERA_BOOTINFO0007, "No device untyped covers a device the kernel keeps; the console UART is the user's",
            kernel_devices_are_in_no_untyped, true);
DEFINE_TEST(TESSERA_BOOTINFO0005, "The initial caps are in seL4's slots", initial_caps_are_in_their_slots, true);
DEFINE_TEST(TESSERA_BOOTINFO0006, "BootInfo slot regions are contiguous, in seL4 MCS order, up to 2^12",
            slot_regions_are_contiguous_in_sel4_order, true);
