// SPDX-License-Identifier: BSD-2-Clause
// sel4test cspace.c (sel4test.md §3.4: CSPACE0001): 64 one-bit CNodes chained
// so that exactly one full 64-bit CPtr resolves through all 64 levels to an
// endpoint (sel4-abi.md §4.2).
//
// As upstream, a helper thread first reports from its own CSpace, is then
// moved with TCB_SetSpace onto CNode 0 as its CSpace root, and probes the
// chain there: a Call on CPtrs 0..63 and on the endpoint's path with any one
// bit flipped stops at an empty slot, so it gets an InvalidCapability error
// reply (not a cap fault); a Send on the exact path reaches the test. The
// test first walks the same chain through the slot arguments of CNode
// invocations (root = CNode 0, depth 64), which use the same resolution.
#include "../framework/alloc.hpp"
#include "../framework/caps.hpp"
#include "../framework/checks.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"

namespace {

using namespace tessera_test;

constexpr unsigned levels = CONFIG_WORD_SIZE;

// Level k consumes bit (63 - k) and takes slot k % 2, so the path is 0101...01.
constexpr seL4_Word endpoint_path() {
    seL4_Word path = 0;
    for (unsigned k = 0; k < levels; ++k) path |= seL4_Word{k % 2} << (levels - 1 - k);
    return path;
}

constexpr seL4_Word ready_magic = 0x12374153;
constexpr seL4_Word success_magic = 0x12374151;

struct Probe {
    HelperChecks checks;
    seL4_Word first_bad_cptr = 0;
    bool any_bad = false;
};

// In the 64-level CSpace: invoking cptr must end in an empty slot, which
// is an InvalidCapability error reply with MR0 = 0 (the invoked cap,
// sel4-abi.md §15.3).
void expect_invalid_capability(Probe& probe, seL4_Word cptr) {
    const seL4_MessageInfo_t reply = seL4_Call(cptr, seL4_MessageInfo_new(0, 0, 0, 0));
    const bool ok = seL4_MessageInfo_get_label(reply) == seL4_InvalidCapability &&
                    seL4_MessageInfo_get_length(reply) == 1 && seL4_GetMR(0) == 0;
    if (!ok && !probe.any_bad) {
        probe.any_bad = true;
        probe.first_bad_cptr = cptr;
    }
    helper_check_eq(probe.checks, seL4_MessageInfo_get_label(reply), static_cast<seL4_Word>(seL4_InvalidCapability));
    helper_check_eq(probe.checks, seL4_MessageInfo_get_length(reply), seL4_Word{1});
    helper_check_eq(probe.checks, seL4_GetMR(0), seL4_Word{0});
}

seL4_Word probe_cspace(seL4_Word endpoint, seL4_Word path, seL4_Word probe_address, seL4_Word) {
    Probe& probe = *reinterpret_cast<Probe*>(probe_address);
    // Ready, from the root task's CSpace.
    seL4_SetMR(0, ready_magic);
    seL4_Send(endpoint, seL4_MessageInfo_new(0, 0, 0, 1));
    // The test has moved this thread onto the chain.
    for (seL4_Word cptr = 0; cptr < levels; ++cptr) expect_invalid_capability(probe, cptr);
    for (unsigned bit = 0; bit < levels; ++bit) expect_invalid_capability(probe, path ^ (seL4_Word{1} << bit));
    seL4_SetMR(0, success_magic);
    seL4_Send(path, seL4_MessageInfo_new(0, 0, 0, 1));
    return 0;
}

// The helper-thread half: returns after the helper is back in the root
// task's CSpace and has finished.
void probe_from_helper(Env& env, seL4_CPtr cnode0, seL4_CPtr endpoint, seL4_Word path) {
    HelperThread t;
    Probe probe;
    if (create_helper_thread(env, &t)) {
        start_helper(env, &t, probe_cspace, endpoint, path, reinterpret_cast<seL4_Word>(&probe));
        seL4_Word badge = 1;
        seL4_MessageInfo_t tag = seL4_Wait(endpoint, &badge);
        test_eq(seL4_MessageInfo_get_length(tag), seL4_Word{1});
        test_eq(seL4_GetMR(0), ready_magic);

        test_eq(seL4_TCB_SetSpace(t.tcb, seL4_CapNull, cnode0, 0, seL4_CapInitThreadVSpace, 0), seL4_NoError);
        tag = seL4_Wait(endpoint, &badge);
        test_eq(seL4_MessageInfo_get_length(tag), seL4_Word{1});
        test_eq(seL4_GetMR(0), success_magic);
        test_eq(badge, seL4_Word{0});

        // Back to the root task's CSpace, where its exit path signals the test.
        test_eq(seL4_TCB_SetSpace(t.tcb, seL4_CapNull, root_cnode, 0, seL4_CapInitThreadVSpace, 0), seL4_NoError);
        wait_for_helper(&t);
        if (probe.any_bad)
            record_failure(__FILE__, __LINE__, "first bad answer for cptr 0x%lx",
                           static_cast<unsigned long>(probe.first_bad_cptr));
        test_helper_checks(probe.checks);
    }
    cleanup_helper(env, &t);
}

Result test_full_cspace_resolution(Env& env) {
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

    probe_from_helper(env, cnode[0], endpoint, path);

    allocator().free_slot(copy);
    allocator().free_object(endpoint);
    for (unsigned i = levels; i > 0; --i) allocator().free_object(cnode[i - 1]);
    return test_result();
}

}  // namespace

DEFINE_TEST(CSPACE0001, "Test full cspace resolution", test_full_cspace_resolution, true);
