// SPDX-License-Identifier: BSD-2-Clause
// sel4test vspace.c, the tests with helper processes (sel4test.md §3.4:
// VSPACE0000, VSPACE0006): a process with a VSpace of its own runs a
// function of the suite; in VSPACE0006 one for every ASID pool that can
// exist, so ASIDs from every pool (up to 2^16 - 1) run threads.
#include "../framework/alloc.hpp"
#include "../framework/process.hpp"
#include "../framework/test.hpp"
#include "../framework/vspace.hpp"

namespace {

using namespace tessera_test;

constexpr seL4_Word pool_limit = (seL4_Word{1} << seL4_NumASIDPoolsBits) - 1;

seL4_Word return_42(seL4_Word, seL4_Word, seL4_Word, seL4_Word) { return 42; }

Result test_process_runs(Env& env) {
    Process process;
    test_assert_fatal(process.create(env));
    process.start(return_42);
    test_eq(process.wait(), seL4_Word{42});
    return test_result();
}

// Writes `value` to `address` (a page only this process maps) and returns
// what it reads back.
seL4_Word write_private(seL4_Word value, seL4_Word address, seL4_Word, seL4_Word) {
    *reinterpret_cast<volatile seL4_Word*>(address) = value;
    return *reinterpret_cast<volatile seL4_Word*>(address);
}

Result test_process_per_pool(Env& env) {
    const seL4_Word va = vm::free_window(seL4_LargePageBits);
    for (seL4_Word i = 0; i < pool_limit; ++i) {
        const seL4_CPtr untyped = allocator().alloc_untyped(seL4_ASIDPoolBits);
        const seL4_CPtr pool = allocator().alloc_slot();
        test_assert_fatal(untyped != 0 && pool != 0);
        test_eq(vm::make_pool(untyped, pool), seL4_NoError);
        {
            Process process;
            if (process.create(env, test_priority - 1, pool) && process.map_private(va)) {
                process.start(write_private, i, va);
                test_eq(process.wait(), i);
            } else {
                record_failure(__FILE__, __LINE__, "process %lu could not be made", static_cast<unsigned long>(i));
            }
        }
        allocator().free_object(pool);
        allocator().free_object(untyped);
        if (current_test_failed()) break;
    }
    return test_result();
}

}  // namespace

DEFINE_TEST(VSPACE0000, "Test threads in different cspace/vspace", test_process_runs, true);
DEFINE_TEST(VSPACE0006, "Test touching all available ASID pools", test_process_per_pool, true);
