// SPDX-License-Identifier: BSD-2-Clause
// sel4test cnodeops.c, MCS part (sel4test.md §3.4: CNODEOP0001–0008).
// "A cap" is a fresh, never-started TCB cap; emptiness is observed by moving
// a slot onto itself (caps.hpp). Beyond upstream, these ports also check the
// FailedLookup details (sel4-abi.md §4.3, §5.5), that a copy names the same
// object (revoking the original deletes it: it is the original's CDT child,
// §5.4), and which cap ends up where after a Rotate.
#include "../framework/alloc.hpp"
#include "../framework/caps.hpp"
#include "../framework/test.hpp"

namespace {

using namespace tessera_test;

constexpr seL4_CPtr root = root_cnode;
constexpr seL4_Uint8 depth = root_depth;

// A few slots and caps that are all given back at the end.
struct Slots {
    static constexpr unsigned max = 8;
    seL4_CPtr slot[max] = {};
    unsigned count = 0;

    seL4_CPtr empty() {
        const seL4_CPtr s = allocator().alloc_slot();
        if (s != 0 && count < max) slot[count++] = s;
        return s;
    }
    seL4_CPtr object(seL4_Word type, seL4_Word size_bits = 0) {
        const seL4_CPtr s = allocator().alloc_object(type, size_bits);
        if (s != 0 && count < max) slot[count++] = s;
        return s;
    }
    seL4_CPtr tcb() { return object(seL4_TCBObject); }
    ~Slots() {
        for (unsigned i = count; i > 0; --i) allocator().free_object(slot[i - 1]);
    }
};

// FailedLookup for an empty source slot: MR0 = 1 (source), then
// MissingCapability with bitsLeft = the source depth (sel4-abi.md §4.3, §5.5).
void expect_source_missing(seL4_Word src_depth) {
    test_eq(seL4_GetMR(0), 1u);
    test_eq(seL4_GetMR(1), static_cast<seL4_Word>(seL4_MissingCapability));
    test_eq(seL4_GetMR(2), src_depth);
}

Result test_cnode_copy(Env&) {
    Slots slots;
    const seL4_CPtr src = slots.tcb();
    const seL4_CPtr dest = slots.empty();
    const seL4_CPtr empty = slots.empty();
    const seL4_CPtr empty2 = slots.empty();
    test_assert_fatal(src != 0 && dest != 0 && empty != 0 && empty2 != 0);

    // cap -> empty slot
    test_eq(seL4_CNode_Copy(root, dest, depth, root, src, depth, seL4_AllRights), seL4_NoError);
    test_assert(slot_is_occupied(src));
    test_assert(slot_is_occupied(dest));
    test_eq(cap_tag(dest), static_cast<seL4_Uint32>(cap_tag_thread));
    // cap -> occupied slot
    test_eq(seL4_CNode_Copy(root, dest, depth, root, src, depth, seL4_AllRights), seL4_DeleteFirst);
    // empty -> occupied slot: the destination is checked first
    test_eq(seL4_CNode_Copy(root, dest, depth, root, empty, depth, seL4_AllRights), seL4_DeleteFirst);
    // empty -> empty
    test_eq(seL4_CNode_Copy(root, empty2, depth, root, empty, depth, seL4_AllRights), seL4_FailedLookup);
    expect_source_missing(depth);
    test_assert(slot_is_empty(empty));
    test_assert(slot_is_empty(empty2));
    // Same object: the copy is the original's CDT child.
    test_eq(seL4_CNode_Revoke(root, src, depth), seL4_NoError);
    test_assert(slot_is_empty(dest));
    test_assert(slot_is_occupied(src));
    return test_result();
}

Result test_cnode_delete(Env&) {
    Slots slots;
    const seL4_CPtr cap = slots.tcb();
    const seL4_CPtr empty = slots.empty();
    test_assert_fatal(cap != 0 && empty != 0);
    test_eq(seL4_CNode_Delete(root, cap, depth), seL4_NoError);
    test_assert(slot_is_empty(cap));
    test_eq(seL4_CNode_Delete(root, empty, depth), seL4_NoError);
    test_assert(slot_is_empty(empty));
    return test_result();
}

Result test_cnode_mint(Env&) {
    Slots slots;
    const seL4_CPtr src = slots.tcb();
    const seL4_CPtr dest = slots.empty();
    const seL4_CPtr empty = slots.empty();
    const seL4_CPtr empty2 = slots.empty();
    test_assert_fatal(src != 0 && dest != 0 && empty != 0 && empty2 != 0);

    test_eq(seL4_CNode_Mint(root, dest, depth, root, src, depth, seL4_AllRights, 0), seL4_NoError);
    test_assert(slot_is_occupied(src));
    test_assert(slot_is_occupied(dest));
    test_eq(cap_tag(dest), static_cast<seL4_Uint32>(cap_tag_thread));
    test_eq(seL4_CNode_Mint(root, dest, depth, root, src, depth, seL4_AllRights, 0), seL4_DeleteFirst);
    test_eq(seL4_CNode_Mint(root, empty2, depth, root, empty, depth, seL4_AllRights, 0), seL4_FailedLookup);
    expect_source_missing(depth);
    test_assert(slot_is_empty(empty2));
    test_eq(seL4_CNode_Revoke(root, src, depth), seL4_NoError);
    test_assert(slot_is_empty(dest));
    return test_result();
}

Result test_cnode_move(Env&) {
    Slots slots;
    const seL4_CPtr src = slots.tcb();
    const seL4_CPtr dest = slots.empty();
    const seL4_CPtr empty = slots.empty();
    const seL4_CPtr empty2 = slots.empty();
    const seL4_CPtr other = slots.tcb();
    test_assert_fatal(src != 0 && dest != 0 && empty != 0 && empty2 != 0 && other != 0);

    // cap -> empty
    test_eq(seL4_CNode_Move(root, dest, depth, root, src, depth), seL4_NoError);
    test_assert(slot_is_empty(src));
    test_assert(slot_is_occupied(dest));
    test_eq(cap_tag(dest), static_cast<seL4_Uint32>(cap_tag_thread));
    // empty -> empty
    test_eq(seL4_CNode_Move(root, empty2, depth, root, empty, depth), seL4_FailedLookup);
    expect_source_missing(depth);
    test_assert(slot_is_empty(empty2));
    // cap -> occupied
    test_eq(seL4_CNode_Move(root, other, depth, root, dest, depth), seL4_DeleteFirst);
    test_assert(slot_is_occupied(dest));
    test_assert(slot_is_occupied(other));
    return test_result();
}

Result test_cnode_mutate(Env&) {
    Slots slots;
    const seL4_CPtr src = slots.tcb();
    const seL4_CPtr dest = slots.empty();
    const seL4_CPtr empty = slots.empty();
    const seL4_CPtr empty2 = slots.empty();
    const seL4_CPtr other = slots.tcb();
    test_assert_fatal(src != 0 && dest != 0 && empty != 0 && empty2 != 0 && other != 0);

    test_eq(seL4_CNode_Mutate(root, dest, depth, root, src, depth, 0), seL4_NoError);
    test_assert(slot_is_empty(src));
    test_assert(slot_is_occupied(dest));
    test_eq(cap_tag(dest), static_cast<seL4_Uint32>(cap_tag_thread));
    test_eq(seL4_CNode_Mutate(root, other, depth, root, dest, depth, 0), seL4_DeleteFirst);
    test_assert(slot_is_occupied(dest));
    test_assert(slot_is_occupied(other));
    test_eq(seL4_CNode_Mutate(root, empty2, depth, root, empty, depth, 0), seL4_FailedLookup);
    expect_source_missing(depth);
    test_assert(slot_is_empty(empty));
    test_assert(slot_is_empty(empty2));
    return test_result();
}

Result test_cnode_cancel_badged_sends(Env&) {
    Slots slots;
    const seL4_CPtr endpoint = slots.object(seL4_EndpointObject);
    const seL4_CPtr empty = slots.empty();
    test_assert_fatal(endpoint != 0 && empty != 0);
    test_eq(seL4_CNode_CancelBadgedSends(root, endpoint, depth), seL4_NoError);
    test_assert(slot_is_occupied(endpoint));
    // An empty slot is not an endpoint cap with all rights: IllegalOperation.
    test_eq(seL4_CNode_CancelBadgedSends(root, empty, depth), seL4_IllegalOperation);
    test_assert(slot_is_empty(empty));
    return test_result();
}

Result test_cnode_revoke(Env&) {
    Slots slots;
    const seL4_CPtr cap = slots.tcb();
    const seL4_CPtr empty = slots.empty();
    test_assert_fatal(cap != 0 && empty != 0);
    test_eq(seL4_CNode_Revoke(root, cap, depth), seL4_NoError);
    test_assert(slot_is_occupied(cap));
    test_eq(seL4_CNode_Revoke(root, empty, depth), seL4_NoError);
    test_assert(slot_is_empty(empty));
    return test_result();
}

// Rotate(dest <- pivot <- src), both badges 0. Pivot holds a CNode cap and
// src a TCB cap, so the checks can tell which cap went where (data 0 on a
// CNode cap = guard 0, which Rotate accepts, sel4-abi.md §5.2).
Result test_cnode_rotate(Env&) {
    Slots slots;
    const seL4_CPtr src = slots.tcb();
    const seL4_CPtr pivot = slots.object(seL4_CapTableObject, 1);
    const seL4_CPtr dest = slots.empty();
    const seL4_CPtr e1 = slots.empty();
    const seL4_CPtr e2 = slots.empty();
    const seL4_CPtr e3 = slots.empty();
    test_assert_fatal(src != 0 && pivot != 0 && dest != 0 && e1 != 0 && e2 != 0 && e3 != 0);
    const auto rotate = [](seL4_CPtr d, seL4_CPtr p, seL4_CPtr s) {
        return seL4_CNode_Rotate(root, d, depth, 0, root, p, depth, 0, root, s, depth);
    };

    // Empty destination: pivot -> dest, src -> pivot.
    test_eq(rotate(dest, pivot, src), seL4_NoError);
    test_assert(slot_is_empty(src));
    test_eq(cap_tag(dest), static_cast<seL4_Uint32>(cap_tag_cnode));
    test_eq(cap_tag(pivot), static_cast<seL4_Uint32>(cap_tag_thread));
    // Now dest: CNode, pivot: TCB, src: empty. Put the CNode back into src.
    test_eq(seL4_CNode_Move(root, src, depth, root, dest, depth), seL4_NoError);
    // src: CNode, pivot: TCB, dest: empty. Occupied destination other than src.
    test_eq(seL4_CNode_Move(root, dest, depth, root, src, depth), seL4_NoError);
    const seL4_CPtr cnode_slot = dest;
    // Need three occupied slots: take a fresh TCB for src.
    const seL4_CPtr src2 = slots.tcb();
    test_assert_fatal(src2 != 0);
    test_eq(rotate(cnode_slot, pivot, src2), seL4_DeleteFirst);
    test_assert(slot_is_occupied(cnode_slot));
    test_assert(slot_is_occupied(pivot));
    test_assert(slot_is_occupied(src2));
    // dest == src: swap pivot (TCB) and src (CNode).
    test_eq(rotate(cnode_slot, pivot, cnode_slot), seL4_NoError);
    test_eq(cap_tag(cnode_slot), static_cast<seL4_Uint32>(cap_tag_thread));
    test_eq(cap_tag(pivot), static_cast<seL4_Uint32>(cap_tag_cnode));
    // pivot == src with an empty destination.
    test_eq(rotate(e1, src2, src2), seL4_IllegalOperation);
    test_assert(slot_is_occupied(src2));
    test_assert(slot_is_empty(e1));
    // All three empty.
    test_eq(rotate(e1, e2, e3), seL4_FailedLookup);
    test_assert(slot_is_empty(e1));
    test_assert(slot_is_empty(e2));
    test_assert(slot_is_empty(e3));
    return test_result();
}

}  // namespace

DEFINE_TEST(CNODEOP0001, "Basic seL4_CNode_Copy() testing", test_cnode_copy, true);
DEFINE_TEST(CNODEOP0002, "Basic seL4_CNode_Delete() testing", test_cnode_delete, true);
DEFINE_TEST(CNODEOP0003, "Basic seL4_CNode_Mint() testing", test_cnode_mint, true);
DEFINE_TEST(CNODEOP0004, "Basic seL4_CNode_Move() testing", test_cnode_move, true);
DEFINE_TEST(CNODEOP0005, "Basic seL4_CNode_Mutate() testing", test_cnode_mutate, true);
DEFINE_TEST(CNODEOP0006, "Basic seL4_CNode_CancelBadgedSends() testing", test_cnode_cancel_badged_sends, true);
DEFINE_TEST(CNODEOP0007, "Basic seL4_CNode_Revoke() testing", test_cnode_revoke, true);
DEFINE_TEST(CNODEOP0008, "Basic seL4_CNode_Rotate() testing", test_cnode_rotate, true);
