// SPDX-License-Identifier: BSD-2-Clause
// sel4test vspace.c, pagetables.c and frames.c (sel4test.md §3.4: VSPACE0001-
// 0005, PT0001, FRAMEDIPC0003, FRAMEXN0001/0002): ASID pools and their
// limits, mapping and unmapping pages and page tables in the root task's
// VSpace, deleting mapped caps, and execute-never remapping. The tests map
// in a window of their own (vm::free_window) and remove every table they
// made, so the next test finds the window empty.
#include <cstdint>

#include "../framework/alloc.hpp"
#include "../framework/checks.hpp"
#include "../framework/objects.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"
#include "../framework/vspace.hpp"

namespace {

using namespace tessera_test;

constexpr seL4_Word pool_limit = (seL4_Word{1} << seL4_NumASIDPoolsBits) - 1;  // the initial pool holds one entry
constexpr seL4_Word vm_fault_addr = 1;  // sel4-abi.md §10.3
constexpr seL4_Word vm_fault_prefetch = 2;

// `count` ASID pools, each from a fresh untyped of seL4_ASIDPoolBits; every
// cap is given back at the end of the scope.
class Pools {
public:
    Pools() = default;
    Pools(const Pools&) = delete;
    Pools& operator=(const Pools&) = delete;
    ~Pools() {
        for (seL4_Word i = count_; i > 0; --i) {
            allocator().free_object(pools_[i - 1]);
            allocator().free_object(untypeds_[i - 1]);
        }
    }
    // One more pool; its MakePool result.
    seL4_Error make() {
        if (count_ == max_) return seL4_NotEnoughMemory;
        const seL4_CPtr untyped = allocator().alloc_untyped(seL4_ASIDPoolBits);
        const seL4_CPtr slot = allocator().alloc_slot();
        if (untyped == 0 || slot == 0) {
            allocator().free_object(untyped);
            allocator().free_slot(slot);
            return seL4_NotEnoughMemory;
        }
        const seL4_Error e = vm::make_pool(untyped, slot);
        untypeds_[count_] = untyped;
        pools_[count_++] = slot;
        return e;
    }
    seL4_CPtr last() const { return count_ > 0 ? pools_[count_ - 1] : 0; }

private:
    static constexpr seL4_Word max_ = pool_limit + 2;
    seL4_CPtr untypeds_[max_] = {};
    seL4_CPtr pools_[max_] = {};
    seL4_Word count_ = 0;
};

Result test_asid_pool_assign(Env&) {
    Pools pools;
    test_eq(pools.make(), seL4_NoError);
    // The root task's VSpace already has an ASID.
    test_eq(vm::assign(pools.last(), seL4_CapInitThreadVSpace), seL4_InvalidCapability);
    Owned own;
    const seL4_CPtr root = own.object(vm::vspace_object);
    test_assert_fatal(root != 0);
    test_eq(vm::assign(pools.last(), root), seL4_NoError);
    return test_result();
}
DEFINE_TEST(VSPACE0002, "Test create ASID pool", test_asid_pool_assign, true);

Result test_all_pools(Env&) {
    Pools pools;
    for (seL4_Word i = 0; i < pool_limit; ++i) test_eq(pools.make(), seL4_NoError);
    return test_result();
}
DEFINE_TEST(VSPACE0003, "Test create multiple ASID pools", test_all_pools, true);

Result test_pool_table_full(Env&) {
    Pools pools;
    for (seL4_Word i = 0; i < pool_limit; ++i) test_eq(pools.make(), seL4_NoError);
    test_eq(pools.make(), seL4_DeleteFirst);
    return test_result();
}
DEFINE_TEST(VSPACE0004, "Test running out of ASID pools", test_pool_table_full, true);

Result test_pool_full(Env& env) {
    Pools pools;
    test_assert_fatal(pools.make() == seL4_NoError);
    vm::BigUntyped memory;
    // 513 roots of 4 KiB.
    test_assert_fatal(memory.make(env.bootinfo, 22) != 0);
    for (seL4_Word i = 0; i < (seL4_Word{1} << seL4_ASIDPoolIndexBits); ++i) {
        const seL4_CPtr root = memory.retype(vm::vspace_object);
        test_assert_fatal(root != 0);
        test_eq(vm::assign(pools.last(), root), seL4_NoError);
    }
    const seL4_CPtr extra = memory.retype(vm::vspace_object);
    test_assert_fatal(extra != 0);
    test_eq(vm::assign(pools.last(), extra), seL4_DeleteFirst);
    return test_result();
}
DEFINE_TEST(VSPACE0005, "Test running out of ASIDs in a pool", test_pool_full, true);

// ---- deleting mapped caps -------------------------------------------------

// Writes to `address`; if that works, tells the test so on `ep` instead of
// faulting.
seL4_Word write_and_report(seL4_Word address, seL4_Word ep, seL4_Word, seL4_Word) {
    *reinterpret_cast<volatile seL4_Word*>(address) = 0x5a5a;
    seL4_Send(ep, seL4_MessageInfo_new(0xdead, 0, 0, 0));
    return 0;
}

// What a helper's fault handler received first.
struct FaultSeen {
    seL4_Word label = ~0ul;
    seL4_Word address = 0;
    seL4_Word prefetch = 0;
};

// Starts `fn(a0, ep)` in a helper whose fault endpoint is `ep` and receives
// its first message there (a VM fault, or label 0xdead if the helper got
// past the access); the helper is destroyed afterwards.
FaultSeen run_faulting_helper(Env& env, HelperFunction fn, seL4_Word a0) {
    Owned own;
    const seL4_CPtr ep = own.endpoint();
    const seL4_CPtr reply = own.reply();
    Helper helper;
    FaultSeen seen;
    if (ep == 0 || reply == 0 || !helper.create(env, test_priority - 100)) return seen;
    test_eq(seL4_TCB_SetSpace(helper.tcb(), ep, root_cnode, 0, seL4_CapInitThreadVSpace, 0), seL4_NoError);
    helper.start(fn, a0, ep);
    seL4_Word badge = 0;
    const seL4_MessageInfo_t info = seL4_Recv(ep, &badge, reply);
    seen.label = seL4_MessageInfo_get_label(info);
    seen.address = seL4_GetMR(vm_fault_addr);
    seen.prefetch = seL4_GetMR(vm_fault_prefetch);
    return seen;
}

Result test_delete_mapped_copy(Env& env) {
    Owned own;
    vm::Tables tables;
    const seL4_Word va = vm::free_window(seL4_LargePageBits);
    test_assert_fatal(tables.cover(va));
    const seL4_CPtr frame = own.object(vm::small_page_object);
    test_assert_fatal(frame != 0);
    const seL4_CPtr copy = own.copy(frame);
    test_assert_fatal(copy != 0);
    test_eq(vm::page_map(copy, seL4_CapInitThreadVSpace, va, seL4_AllRights, vm::default_attributes), seL4_NoError);
    *reinterpret_cast<volatile seL4_Word*>(va) = 1;
    test_eq(seL4_CNode_Delete(root_cnode, copy, root_depth), seL4_NoError);
    const FaultSeen seen = run_faulting_helper(env, write_and_report, va);
    test_eq(seen.label, seL4_Word{seL4_Fault_VMFault});
    test_eq(seen.address, va);
    return test_result();
}
DEFINE_TEST(FRAMEDIPC0003, "Test that deleting a frame cap unmaps the frame", test_delete_mapped_copy, true);

#if defined(__aarch64__)

Result test_unmap_after_vspace_deleted(Env&) {
    Owned own;
    Pools pools;
    test_assert_fatal(pools.make() == seL4_NoError);
    const seL4_CPtr root = own.object(vm::vspace_object);
    const seL4_CPtr pt[3] = {own.object(vm::page_table_object), own.object(vm::page_table_object),
                             own.object(vm::page_table_object)};
    const seL4_CPtr frame = own.object(vm::small_page_object);
    test_assert_fatal(root != 0 && pt[0] != 0 && pt[1] != 0 && pt[2] != 0 && frame != 0);
    const seL4_Word va = 0x10000000;
    (void)vm::assign(pools.last(), root);
    for (seL4_CPtr table : pt) test_eq(vm::page_table_map(table, root, va), seL4_NoError);
    test_eq(vm::page_map(frame, root, va, seL4_AllRights, vm::default_attributes), seL4_NoError);
    (void)seL4_CNode_Delete(root_cnode, root, root_depth);
    (void)vm::page_unmap(frame);
    return test_result();
}
DEFINE_TEST(VSPACE0001, "Test unmapping a page after deleting the PD", test_unmap_after_vspace_deleted, true);

void fill(seL4_Word va, seL4_Word size, seL4_Word seed) {
    for (seL4_Word off = 0; off < size; off += 4096) *reinterpret_cast<volatile seL4_Word*>(va + off) = seed + off;
}
bool check(seL4_Word va, seL4_Word size, seL4_Word seed) {
    for (seL4_Word off = 0; off < size; off += 4096)
        if (*reinterpret_cast<volatile seL4_Word*>(va + off) != seed + off) return false;
    return true;
}

Result test_page_tables(Env& env) {
    constexpr seL4_Word large = seL4_Word{1} << seL4_LargePageBits;
    constexpr seL4_Word small = seL4_Word{1} << seL4_PageBits;
    const seL4_CPtr vspace = seL4_CapInitThreadVSpace;
    const seL4_Word window = vm::free_window(22);
    vm::Tables tables;
    test_assert_fatal(tables.cover(window, seL4_LargePageBits));
    vm::BigUntyped memory;
    test_assert_fatal(memory.make(env.bootinfo, seL4_LargePageBits + 1) != 0);
    const seL4_CPtr big = memory.retype(vm::large_page_object);
    Owned own;
    const seL4_CPtr page = own.object(vm::small_page_object);
    test_assert_fatal(big != 0 && page != 0);
    const seL4_CapRights_t all = seL4_AllRights;
    const seL4_Word attr = vm::default_attributes;

    test_eq(vm::page_map(big, vspace, window + large / 2, all, attr), seL4_AlignmentError);
    test_eq(vm::page_map(big, vspace, window + large, all, attr), seL4_NoError);
    test_eq(vm::page_unmap(big), seL4_NoError);
    test_eq(vm::page_map(big, vspace, window + large, all, attr), seL4_NoError);
    fill(window + large, large, 0xbeef);
    test_eq(vm::page_unmap(big), seL4_NoError);
    test_eq(vm::page_map(big, vspace, window, all, attr), seL4_NoError);
    test_eq(vm::page_map(big, vspace, window + large, all, attr), seL4_InvalidArgument);
    test_assert(check(window, large, 0xbeef));
    test_eq(vm::page_unmap(big), seL4_NoError);

    test_eq(vm::page_map(page, vspace, window, all, attr), seL4_FailedLookup);
    const seL4_CPtr pt = allocator().alloc_object(vm::page_table_object, 0);
    test_assert_fatal(pt != 0);
    test_eq(vm::page_table_map(pt, vspace, window + large + 10), seL4_NoError);
    test_eq(vm::page_map(page, vspace, window + large + small, all, attr), seL4_NoError);
    fill(window + large + small, small, 0xcafe);
    allocator().free_object(pt);  // deleting the table's only cap unmaps it
    test_eq(vm::page_unmap(page), seL4_NoError);
    test_eq(vm::page_unmap(big), seL4_NoError);

    const seL4_CPtr pt2 = own.object(vm::page_table_object);
    test_assert_fatal(pt2 != 0);
    test_eq(vm::page_table_map(pt2, vspace, window), seL4_NoError);
    test_eq(vm::page_map(page, vspace, window + small, all, attr), seL4_NoError);
    test_eq(vm::page_map(big, vspace, window + large, all, attr), seL4_NoError);
    test_assert(check(window + small, small, 0xcafe));
    test_assert(check(window + large, large, 0xbeef));
    test_eq(vm::page_unmap(page), seL4_NoError);
    test_eq(vm::page_unmap(big), seL4_NoError);
    return test_result();
}
DEFINE_TEST(PT0001, "Page table tests", test_page_tables, true);

// mov x1, #0x42; str x0, [x1]; ret: stores to 0x42 (a VM fault there says the copy ran).
constexpr std::uint32_t store_to_0x42[] = {0xd2800841u, 0xf9000020u, 0xd65f03c0u};

seL4_Word jump_to(seL4_Word code, seL4_Word ep, seL4_Word, seL4_Word) {
    reinterpret_cast<void (*)()>(code)();
    seL4_Send(ep, seL4_MessageInfo_new(0xdead, 0, 0, 0));
    return 0;
}

Result test_execute_never(Env& env, seL4_Word object, unsigned bits) {
    const seL4_Word va = vm::free_window(bits + 1);
    vm::Tables tables;
    test_assert_fatal(tables.cover(va, bits));
    vm::BigUntyped memory;
    test_assert_fatal(memory.make(env.bootinfo, bits + 1) != 0);
    const seL4_CPtr frame = memory.retype(object);
    test_assert_fatal(frame != 0);
    test_eq(vm::page_map(frame, seL4_CapInitThreadVSpace, va, seL4_AllRights, vm::default_attributes), seL4_NoError);
    auto* code = reinterpret_cast<volatile std::uint32_t*>(va);
    for (unsigned i = 0; i < 3; ++i) code[i] = store_to_0x42[i];
    (void)seL4_ARM_Page_Unify_Instruction(frame, 0, sizeof(store_to_0x42));
    FaultSeen seen = run_faulting_helper(env, jump_to, va);
    test_eq(seen.label, seL4_Word{seL4_Fault_VMFault});
    test_eq(seen.address, 0x42ul);

    test_eq(vm::page_map(frame, seL4_CapInitThreadVSpace, va, seL4_AllRights,
                         vm::default_attributes | vm::execute_never),
            seL4_NoError);
    for (unsigned i = 0; i < 3; ++i) test_eq(code[i], store_to_0x42[i]);
    seen = run_faulting_helper(env, jump_to, va);
    test_eq(seen.label, seL4_Word{seL4_Fault_VMFault});
    test_eq(seen.address, va);
    test_eq(seen.prefetch, 1ul);
    test_eq(vm::page_unmap(frame), seL4_NoError);
    return test_result();
}
Result test_execute_never_small(Env& env) { return test_execute_never(env, vm::small_page_object, seL4_PageBits); }
Result test_execute_never_large(Env& env) {
    return test_execute_never(env, vm::large_page_object, seL4_LargePageBits);
}
DEFINE_TEST(FRAMEXN0001, "Test that we can map a small frame XN", test_execute_never_small, true);
DEFINE_TEST(FRAMEXN0002, "Test that we can map a large frame XN", test_execute_never_large, true);

#endif

}  // namespace
