// SPDX-License-Identifier: BSD-2-Clause
// sel4test inc_untyped.c (sel4test.md §3.4: RETYPE0000–0002), against
// sel4-abi.md §6.3 (Untyped_Retype checks in kernel order).
#include "../framework/alloc.hpp"
#include "../framework/caps.hpp"
#include "../framework/test.hpp"

namespace {

using namespace tessera_test;

#if defined(CONFIG_ARCH_AARCH64)
constexpr seL4_Word small_page_object = seL4_ARM_SmallPageObject;
#else
constexpr seL4_Word small_page_object = seL4_RISCV_4K_Page;
#endif

// Retype into a CNode cap given as root with node_depth 0 (the CNode itself).
seL4_Error retype_into(seL4_CPtr untyped, seL4_Word type, seL4_Word size_bits, seL4_CPtr cnode, seL4_Word offset,
                       seL4_Word count) {
    return seL4_Untyped_Retype(untyped, type, size_bits, cnode, 0, 0, offset, count);
}

Result test_retype(Env&) {
    const seL4_CPtr untyped = allocator().alloc_untyped(seL4_TCBBits + 3);  // room for 8 TCBs
    const seL4_CPtr cnode = allocator().alloc_cnode(2);                     // 4 slots
    test_assert_fatal(untyped != 0 && cnode != 0);
    const auto tcbs = [&](seL4_Word offset, seL4_Word count) {
        return retype_into(untyped, seL4_TCBObject, 0, cnode, offset, count);
    };

    test_eq(tcbs(0, 0), seL4_RangeError);
    test_eq(seL4_GetMR(0), 1u);
    test_eq(seL4_GetMR(1), static_cast<seL4_Word>(seL4_UntypedRetypeMaxObjects));
    test_eq(tcbs(3, 2), seL4_RangeError);  // past the end of the CNode
    for (seL4_Word slot = 0; slot < 4; ++slot) test_eq(tcbs(slot, 1), seL4_NoError);
    test_eq(tcbs(4, 2), seL4_RangeError);  // offset outside the CNode
    test_eq(seL4_GetMR(0), 0u);
    test_eq(seL4_GetMR(1), 3u);
    for (seL4_Word slot = 0; slot < 4; ++slot) test_eq(tcbs(slot, 1), seL4_DeleteFirst);
    for (seL4_Word slot = 0; slot < 4; ++slot) test_eq(seL4_CNode_Delete(cnode, slot, 2), seL4_NoError);
    test_eq(tcbs(0, seL4_Word{1} << 31), seL4_RangeError);
    test_eq(tcbs(0, 5), seL4_RangeError);  // more objects than the CNode has slots
    test_eq(tcbs(0, 3), seL4_NoError);
    for (seL4_Word slot = 0; slot < 3; ++slot) test_eq(tcbs(slot, 1), seL4_DeleteFirst);
    test_eq(tcbs(3, 1), seL4_NoError);

    allocator().free_object(untyped);  // revoking it deletes the TCBs in the CNode
    allocator().free_object(cnode);
    return test_result();
}

// The largest untyped the allocator gives for this test: 2^13 bytes.
constexpr seL4_Word incremental_untyped_bits = 13;

Result test_incremental_retype(Env&) {
    const seL4_CPtr untyped = allocator().alloc_untyped(incremental_untyped_bits);
    const seL4_CPtr dest = allocator().alloc_slot();
    test_assert_fatal(untyped != 0 && dest != 0);
    // A CNode of 2^k slots takes 2^(k + seL4_SlotBits) bytes.
    const seL4_Word fitting_slot_bits = incremental_untyped_bits - seL4_SlotBits;
    for (seL4_Word i = 40; i > 0; --i) {
        // Slot 0 of the root CNode is the permanently empty null slot.
        const seL4_Error error =
            seL4_Untyped_Retype(untyped, seL4_CapTableObject, fitting_slot_bits + i, root_cnode, 0, 0, 0, 1);
        if (error == seL4_NoError) {
            record_failure(__FILE__, __LINE__, "a CNode 2^%lu times the untyped's size was created",
                           static_cast<unsigned long>(i));
            (void)seL4_CNode_Delete(root_cnode, 0, root_depth);
        }
    }
    test_eq(seL4_Untyped_Retype(untyped, seL4_CapTableObject, fitting_slot_bits, root_cnode, 0, 0, dest, 1),
            seL4_NoError);
    test_eq(cap_tag(dest), static_cast<seL4_Uint32>(cap_tag_cnode));
    allocator().free_object(untyped);
    allocator().free_slot(dest);
    return test_result();
}

Result test_incremental_retype_2(Env&) {
    constexpr seL4_Word untyped_bits = 16;  // 64 KiB: 16 pages
    const seL4_CPtr untyped = allocator().alloc_untyped(untyped_bits);
    const seL4_CPtr cnode = allocator().alloc_cnode(5);  // 32 slots, 17 used
    test_assert_fatal(untyped != 0 && cnode != 0);
    const auto pages = [&](seL4_Word offset, seL4_Word count) {
        return retype_into(untyped, small_page_object, 0, cnode, offset, count);
    };
    for (seL4_Word slot = 0; slot < 16; ++slot) test_eq(pages(slot, 1), seL4_NoError);
    test_eq(pages(16, seL4_Word{1} << 20), seL4_RangeError);  // fan-out limit
    test_eq(pages(0, 8), seL4_DeleteFirst);                   // occupancy before free space
    test_eq(pages(16, 1), seL4_NotEnoughMemory);
    test_eq(seL4_GetMR(0), 0u);  // bytes left
    allocator().free_object(untyped);
    allocator().free_object(cnode);
    return test_result();
}

}  // namespace

DEFINE_TEST(RETYPE0000, "Retype test", test_retype, true);
DEFINE_TEST(RETYPE0001, "Incremental retype test", test_incremental_retype, true);
DEFINE_TEST(RETYPE0002, "Incremental retype test #2", test_incremental_retype_2, true);
