// SPDX-License-Identifier: BSD-2-Clause
// sel4test cspace.c (sel4test.md §3.4: CSPACE0001): 64 one-bit CNodes chained
// so that exactly one full 64-bit CPtr resolves through all 64 levels to an
// endpoint (sel4-abi.md §4.2).
//
// Upstream probes the chain from a helper thread whose CSpace root is CNode 0
// (TCB_SetSpace, then Call/Send). The kernel has no threads besides the root
// task's and no IPC yet, so this port walks the same chain through the slot
// arguments of CNode invocations (root = CNode 0, depth 64), which use the
// same resolution.
#include "../framework/alloc.hpp"
#include "../framework/caps.hpp"
#include "../framework/test.hpp"

namespace {

using namespace tessera_test;

constexpr unsigned levels = CONFIG_WORD_SIZE;

// Level k consumes bit (63 - k) and takes slot k % 2, so the path is 0101...01.
constexpr seL4_Word endpoint_path() {
    seL4_Word path = 0;
    for (unsigned k = 0; k < levels; ++k) path |= seL4_Word{k % 2} << (levels - 1 - k);
    return path;
}

Result test_full_cspace_resolution(Env&) {
    static_assert(endpoint_path() == 0x5555555555555555ul);
    seL4_CPtr cnode[levels] = {};
    for (unsigned i = 0; i < levels; ++i) {
        cnode[i] = allocator().alloc_cnode(1);  // one slot bit, guard 0
        if (cnode[i] == 0) {
            for (unsigned j = i; j > 0; --j) allocator().free_object(cnode[j - 1]);
            test_assert_fatal(!"could not allocate 64 CNodes");
        }
    }
    const seL4_CPtr endpoint = allocator().alloc_object(seL4_EndpointObject, 0);
    const seL4_CPtr copy = allocator().alloc_slot();
    test_assert(endpoint != 0 && copy != 0);

    // CNode i goes into slot (i - 1) % 2 of CNode i - 1; the endpoint into the last one.
    for (unsigned i = 1; i < levels; ++i)
        test_eq(seL4_CNode_Copy(cnode[i - 1], (i - 1) % 2, 1, root_cnode, cnode[i], root_depth, seL4_AllRights),
                seL4_NoError);
    test_eq(seL4_CNode_Copy(cnode[levels - 1], (levels - 1) % 2, 1, root_cnode, endpoint, root_depth,
                            seL4_AllRights),
            seL4_NoError);

    const seL4_Word path = endpoint_path();
    const auto occupied_via_chain = [&](seL4_Word cptr) {
        return seL4_CNode_Move(cnode[0], cptr, seL4_WordBits, cnode[0], cptr, seL4_WordBits);
    };
    // The exact path names an occupied slot (moving it onto itself: DeleteFirst) ...
    test_eq(occupied_via_chain(path), seL4_DeleteFirst);
    // ... and every CPtr that differs in one bit, or is small, does not.
    for (unsigned bit = 0; bit < levels; ++bit) {
        const seL4_Error error = occupied_via_chain(path ^ (seL4_Word{1} << bit));
        if (error != seL4_FailedLookup)
            record_failure(__FILE__, __LINE__, "path with bit %u flipped: error %d", bit, static_cast<int>(error));
    }
    for (seL4_Word cptr = 0; cptr < levels; ++cptr) {
        const seL4_Error error = occupied_via_chain(cptr);
        if (error != seL4_FailedLookup)
            record_failure(__FILE__, __LINE__, "cptr %lu: error %d", static_cast<unsigned long>(cptr),
                           static_cast<int>(error));
    }
    // What the path reaches is the endpoint: copy it back out through all 64 levels.
    test_eq(seL4_CNode_Copy(root_cnode, copy, root_depth, cnode[0], path, seL4_WordBits, seL4_AllRights),
            seL4_NoError);
    test_eq(cap_tag(copy), static_cast<seL4_Uint32>(cap_tag_endpoint));

    allocator().free_slot(copy);
    allocator().free_object(endpoint);
    for (unsigned i = levels; i > 0; --i) allocator().free_object(cnode[i - 1]);
    return test_result();
}

}  // namespace

DEFINE_TEST(CSPACE0001, "Test full cspace resolution", test_full_cspace_resolution, true);
