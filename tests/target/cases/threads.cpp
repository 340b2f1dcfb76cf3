// SPDX-License-Identifier: BSD-2-Clause
// sel4test threads.c (sel4test.md §3.4: THREADS0004/0005) and a check of
// the helper-thread framework itself.
#include "../framework/alloc.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"

namespace {

using namespace tessera_test;

seL4_Word add_and_report(seL4_Word a, seL4_Word b, seL4_Word c, seL4_Word d) {
    // Uses its own IPC buffer: a message register round trip through it.
    seL4_SetMR(10, a + b + c + d);
    return seL4_GetMR(10) * 2;
}

Result test_helper_runs_and_returns(Env& env) {
    HelperThread t;
    test_assert_fatal(create_helper_thread(env, &t));
    start_helper(env, &t, add_and_report, 1, 2, 3, 4);
    test_eq(wait_for_helper(&t), seL4_Word{20});
    cleanup_helper(env, &t);
    return test_result();
}

// Configuring a null CSpace root must fail (under MCS both tests use
// TCB_SetSpace: fault endpoint null, CSpace root null, VSpace the test's).
Result test_null_cspace(Env& env) {
    HelperThread t;
    test_assert_fatal(create_helper_thread(env, &t));
    const seL4_Error e = seL4_TCB_SetSpace(t.tcb, seL4_CapNull, seL4_CapNull, 0, seL4_CapInitThreadVSpace, 0);
    test_assert(e != seL4_NoError);
    test_eq(e, seL4_IllegalOperation);
    cleanup_helper(env, &t);
    return test_result();
}

}  // namespace

DEFINE_TEST(TESSERA_THREADS0001, "A helper thread runs a function on its own stack, TLS and IPC buffer",
            test_helper_runs_and_returns, true);
DEFINE_TEST(THREADS0004, "seL4_TCB_Configure with a NULL CSpace should fail", test_null_cspace, true);
DEFINE_TEST(THREADS0005, "seL4_TCB_SetSpace with a NULL CSpace should fail", test_null_cspace, true);
