// SPDX-License-Identifier: BSD-2-Clause
// sel4test trivial.c (sel4test.md §3.4: TRIVIAL0000–0002).
#include "../framework/test.hpp"

namespace {

using tessera_test::Env;
using tessera_test::Result;

Result test_framework_sanity(Env&) {
    test_assert(2 >= 1);
    return test_result();
}

// TRIVIAL0001/0002 allocate an endpoint 100 times through an allocator that
// retypes from one untyped and frees with CNode_Delete, relying on the kernel
// resetting an untyped once all its children are gone. Untyped_Retype and
// CNode_Delete arrive with issue #3; until then the tests are disabled.
Result test_allocator_not_ported(Env&) {
    test_assert_fatal(!"TRIVIAL0001/0002 need Untyped_Retype and CNode_Delete (issue #3)");
    return Result::Fail;
}

}  // namespace

DEFINE_TEST(TRIVIAL0000, "Ensure the test framework functions", test_framework_sanity, true);
DEFINE_DISABLED_TEST(TRIVIAL0001, "Ensure the allocator works", test_allocator_not_ported,
                     "needs Untyped_Retype and CNode_Delete (issue #3)");
DEFINE_DISABLED_TEST(TRIVIAL0002, "Ensure the allocator works more than once", test_allocator_not_ported,
                     "needs Untyped_Retype and CNode_Delete (issue #3)");
