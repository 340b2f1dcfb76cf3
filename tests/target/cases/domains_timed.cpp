// SPDX-License-Identifier: BSD-2-Clause
// sel4test domains.cxx DOMAINS0004 (sel4test.md §3.4: threads in different
// domains run): helpers placed in domain i mod CONFIG_NUM_DOMAINS spin and
// count while the test sleeps on its timer; each must have run. With one
// domain (this kernel's configuration) all share domain 0 and its
// round-robin at equal priority.
#include "../framework/objects.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"
#include "../framework/timer.hpp"

namespace {

using namespace tessera_test;

seL4_Word count_forever(seL4_Word counter_addr, seL4_Word, seL4_Word, seL4_Word) {
    volatile seL4_Word* counter = reinterpret_cast<volatile seL4_Word*>(counter_addr);
    for (;;) *counter = *counter + 1;
}

Result test_run_domains(Env& env) {
    Timer timer(env);
    test_assert_fatal(timer.init());
    constexpr int helpers_count = 3;
    Helper helpers[helpers_count];
    volatile seL4_Word counters[helpers_count] = {};
    for (int i = 0; i < helpers_count; ++i) {
        test_assert_fatal(helpers[i].create(env));
        test_eq(seL4_DomainSet_Set(seL4_CapDomain, static_cast<seL4_Uint8>(i % CONFIG_NUM_DOMAINS), helpers[i].tcb()),
                seL4_NoError);
        helpers[i].start(count_forever, &counters[i]);
    }
    // Several helper budgets each, whatever the domain schedule.
    timer.sleep(200'000'000);
    for (int i = 0; i < helpers_count; ++i) test_assert(counters[i] > 0);
    return test_result();
}

}  // namespace

DEFINE_TEST(DOMAINS0004, "Run threads in domains()", test_run_domains, true);
