// SPDX-License-Identifier: BSD-2-Clause
// sel4test trivial.c (sel4test.md §3.4: TRIVIAL0000–0002).
#include "../framework/alloc.hpp"
#include "../framework/caps.hpp"
#include "../framework/test.hpp"

namespace {

using tessera_test::allocator;
using tessera_test::Env;
using tessera_test::Result;

Result test_framework_sanity(Env&) {
    test_assert(2 >= 1);
    return test_result();
}

constexpr int allocator_rounds = 100;

// 100 rounds of allocate-an-endpoint / free-it through the allocator. Upstream's
// allocator only relies on untyped reset implicitly; here the endpoints come
// from an untyped with room for exactly one endpoint, so round 2 onwards only
// succeeds if the kernel resets an untyped whose children are all deleted
// (sel4-abi.md §5.4, §6.3 step 9).
Result test_allocator(Env&) {
    for (int i = 0; i < allocator_rounds; ++i) {
        const seL4_CPtr endpoint = allocator().alloc_object(seL4_EndpointObject, 0);
        test_assert_fatal(endpoint != 0);
        test_eq(tessera_test::cap_tag(endpoint), tessera_test::cap_tag_endpoint);
        allocator().free_object(endpoint);
    }

    const seL4_CPtr untyped = allocator().alloc_untyped(seL4_EndpointBits);
    test_assert_fatal(untyped != 0);
    const seL4_CPtr slot = allocator().alloc_slot();
    test_assert_fatal(slot != 0);
    for (int i = 0; i < allocator_rounds; ++i) {
        const seL4_Error error = seL4_Untyped_Retype(untyped, seL4_EndpointObject, 0, tessera_test::root_cnode, 0, 0,
                                                     slot, 1);
        test_eq(error, seL4_NoError);
        if (error != seL4_NoError) break;
        test_eq(seL4_CNode_Delete(tessera_test::root_cnode, slot, tessera_test::root_depth), seL4_NoError);
    }
    // The untyped is full while its only child exists.
    test_eq(seL4_Untyped_Retype(untyped, seL4_EndpointObject, 0, tessera_test::root_cnode, 0, 0, slot, 1),
            seL4_NoError);
    const seL4_CPtr second = allocator().alloc_slot();
    test_eq(seL4_Untyped_Retype(untyped, seL4_EndpointObject, 0, tessera_test::root_cnode, 0, 0, second, 1),
            seL4_NotEnoughMemory);
    test_eq(seL4_GetMR(0), 0u);  // bytes left
    allocator().free_slot(second);
    allocator().free_slot(slot);
    allocator().free_object(untyped);
    return test_result();
}

}  // namespace

DEFINE_TEST(TRIVIAL0000, "Ensure the test framework functions", test_framework_sanity, true);
DEFINE_TEST(TRIVIAL0001, "Ensure the allocator works", test_allocator, true);
DEFINE_TEST(TRIVIAL0002, "Ensure the allocator works more than once", test_allocator, true);
