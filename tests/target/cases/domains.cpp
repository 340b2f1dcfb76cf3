// SPDX-License-Identifier: BSD-2-Clause
// sel4test domains.cxx (sel4test.md §3.4: DOMAINS0001-0003) on a kernel
// with one domain (CONFIG_NUM_DOMAINS 1). Upstream only checks that an
// error is or is not returned; these also check which error, its detail
// word, and that a thread moved to a domain still runs.
#include "../framework/alloc.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"

namespace {

using namespace tessera_test;

seL4_Word return_argument(seL4_Word value, seL4_Word, seL4_Word, seL4_Word) { return value; }

// DomainSet_Set to every domain succeeds, for the test's own thread and for
// a helper that then runs in it.
Result test_domainset_set(Env& env) {
    for (seL4_Word domain = 0; domain < CONFIG_NUM_DOMAINS; ++domain)
        test_eq(seL4_DomainSet_Set(seL4_CapDomain, static_cast<seL4_Uint8>(domain), seL4_CapInitThreadTCB),
                seL4_NoError);
    test_eq(seL4_DomainSet_Set(seL4_CapDomain, 0, seL4_CapInitThreadTCB), seL4_NoError);

    HelperThread helper;
    test_assert_fatal(create_helper_thread(env, &helper));
    test_eq(seL4_DomainSet_Set(seL4_CapDomain, 0, helper.tcb), seL4_NoError);
    start_helper(env, &helper, return_argument, 42);
    test_eq(wait_for_helper(&helper), 42u);
    cleanup_helper(env, &helper);
    return test_result();
}

// A domain that does not exist: InvalidArgument, argument 0.
Result test_domainset_bad_domain(Env&) {
    test_eq(seL4_DomainSet_Set(seL4_CapDomain, CONFIG_NUM_DOMAINS + 10, seL4_CapInitThreadTCB),
            seL4_InvalidArgument);
    test_eq(seL4_GetMR(0), 0u);
    test_eq(seL4_DomainSet_Set(seL4_CapDomain, CONFIG_NUM_DOMAINS, seL4_CapInitThreadTCB), seL4_InvalidArgument);
    // A thread argument that is not a thread: InvalidArgument 1.
    test_eq(seL4_DomainSet_Set(seL4_CapDomain, 0, seL4_CapInitThreadCNode), seL4_InvalidArgument);
    test_eq(seL4_GetMR(0), 1u);
    return test_result();
}

// DomainSet_Set through a cap that is not the domain cap.
Result test_domainset_not_domain_cap(Env&) {
    test_eq(seL4_DomainSet_Set(seL4_CapInitThreadCNode, 0, seL4_CapInitThreadTCB), seL4_IllegalOperation);
    test_eq(seL4_DomainSet_Set(seL4_CapInitThreadTCB, 0, seL4_CapInitThreadTCB), seL4_IllegalOperation);
    return test_result();
}

}  // namespace

DEFINE_TEST(DOMAINS0001, "Change domain successfully()", test_domainset_set, true);
DEFINE_TEST(DOMAINS0002, "Try non-existant domain()", test_domainset_bad_domain, true);
DEFINE_TEST(DOMAINS0003, "Invoke non-domain cap()", test_domainset_not_domain_cap, true);
