// SPDX-License-Identifier: BSD-2-Clause
// Tessera's own checks of the root task's boot state (sel4-abi.md §14.2–14.3):
// where the IPC buffer and BootInfo are mapped and what BootInfo says.
#include <cstdint>

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

}  // namespace

DEFINE_TEST(TESSERA_BOOTINFO0001, "IPC buffer and BootInfo are mapped where seL4 maps them", bootinfo_layout, true);
DEFINE_TEST(TESSERA_BOOTINFO0002, "The root task's IPC buffer is readable and writable", ipc_buffer_is_usable, true);
DEFINE_TEST(TESSERA_BOOTINFO0003, "The extra boot info carries the device tree", extra_bootinfo_has_the_device_tree,
            true);
