// SPDX-License-Identifier: BSD-2-Clause
// sel4test tls.c (sel4test.md §3.4: TLS0001, TLS0002, TLS0006): thread-local
// variables of the image, zero-initialised and initialised, seen by the
// root thread and by helper threads, each of which has its own copy.
#include <sel4runtime.h>

#include "../framework/alloc.hpp"
#include "../framework/checks.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"

namespace {

using namespace tessera_test;

constexpr unsigned array_length = 6;
thread_local seL4_Word bss_array[array_length] = {};
thread_local seL4_Word data_array[array_length] = {1, 2, 3, 4, 5, 6};

Result test_root_tls(Env&) {
    for (unsigned i = 0; i < array_length; ++i) test_eq(bss_array[i], seL4_Word{0});
    for (unsigned i = 0; i < array_length; ++i) test_eq(data_array[i], seL4_Word{i + 1});
    return test_result();
}

// ---- TLS0002 -----------------------------------------------------------------

constexpr unsigned tls_helpers = 4;
constexpr unsigned tls_block_bytes = 4096;

// The TLS areas this test gives its helpers with TCB_SetTLSBase (in place
// of the ones the framework wrote).
alignas(64) unsigned char tls_blocks[tls_helpers][tls_block_bytes];

struct TlsRun {
    HelperChecks checks;
    seL4_Word thread_pointer[tls_helpers] = {};
};

seL4_Word tls_helper(seL4_Word index, seL4_Word done_ep, seL4_Word start_ep, seL4_Word run_address) {
    TlsRun& run = *reinterpret_cast<TlsRun*>(run_address);
    // The thread pointer is the one TCB_SetTLSBase gave this thread.
    helper_check_eq(run.checks, sel4runtime_get_tls_base(), run.thread_pointer[index]);
    for (unsigned i = 0; i < array_length; ++i) helper_check_eq(run.checks, bss_array[i], seL4_Word{0});
    for (unsigned i = 0; i < array_length; ++i) helper_check_eq(run.checks, data_array[i], seL4_Word{i + 1});
    for (unsigned i = 0; i < array_length; ++i) bss_array[i] = i + index;
    for (unsigned i = 0; i < array_length; ++i) data_array[i] = index * array_length + i;
    // Ready (a zero-length Send on an endpoint), then wait for everyone.
    seL4_Signal(done_ep);
    seL4_Wait(start_ep, nullptr);
    for (unsigned i = 0; i < array_length; ++i) helper_check_eq(run.checks, bss_array[i], seL4_Word{i + index});
    for (unsigned i = 0; i < array_length; ++i)
        helper_check_eq(run.checks, data_array[i], seL4_Word{index * array_length + i});
    return 0;
}

Result test_threads_tls(Env& env) {
    test_assert_fatal(sel4runtime_get_tls_size() <= tls_block_bytes);
    Allocator& a = allocator();
    const seL4_CPtr done_ep = a.alloc_object(seL4_EndpointObject, 0);
    const seL4_CPtr start_ep = a.alloc_object(seL4_EndpointObject, 0);
    HelperThread helper[tls_helpers];
    TlsRun run;
    bool ok = done_ep != 0 && start_ep != 0;
    for (unsigned i = 0; ok && i < tls_helpers; ++i) ok = create_helper_thread(env, &helper[i]);
    if (ok) {
        for (unsigned i = 0; i < tls_helpers; ++i) {
            // A fresh TLS image of its own, installed with TCB_SetTLSBase
            // before the (lower-priority) helper first runs.
            const sel4runtime_uintptr_t tp = sel4runtime_write_tls_image(tls_blocks[i]);
            test_assert(tp != 0);
            sel4runtime_set_tls_variable(tp, __sel4_ipc_buffer, reinterpret_cast<seL4_IPCBuffer*>(helper[i].ipc_buffer));
            run.thread_pointer[i] = tp;
            start_helper(env, &helper[i], tls_helper, i, done_ep, start_ep, reinterpret_cast<seL4_Word>(&run));
            test_eq(seL4_TCB_SetTLSBase(helper[i].tcb, tp), seL4_NoError);
        }
        for (unsigned i = 0; i < tls_helpers; ++i) seL4_Wait(done_ep, nullptr);
        for (unsigned i = 0; i < tls_helpers; ++i) seL4_Signal(start_ep);
        for (unsigned i = 0; i < tls_helpers; ++i) wait_for_helper(&helper[i]);
        test_helper_checks(run.checks);
        // The root thread's copies were never touched.
        for (unsigned i = 0; i < array_length; ++i) test_eq(bss_array[i], seL4_Word{0});
        for (unsigned i = 0; i < array_length; ++i) test_eq(data_array[i], seL4_Word{i + 1});
    } else {
        record_failure(__FILE__, __LINE__, "out of objects");
    }
    for (unsigned i = 0; i < tls_helpers; ++i) cleanup_helper(env, &helper[i]);
    a.free_object(start_ep);
    a.free_object(done_ep);
    return test_result();
}

// ---- TLS0006 -----------------------------------------------------------------

constexpr int initial_tls_value = 42;
constexpr int increments = 10000;
constexpr unsigned parallel_threads = 8;
// Every this many increments a thread yields, so that the threads (of one
// priority) take turns in the middle of their loops.
constexpr int yield_every = 1000;

thread_local int tls_value = initial_tls_value;

// 0 on success, else the step that went wrong.
seL4_Word tls_increment_thread(seL4_Word address_out, seL4_Word, seL4_Word, seL4_Word) {
    *reinterpret_cast<int* volatile*>(address_out) = &tls_value;
    if (tls_value != initial_tls_value) return 1;
    int last = tls_value;
    for (int i = 1; i <= increments; ++i) {
        const int next = __atomic_add_fetch(&tls_value, 1, __ATOMIC_SEQ_CST);
        if (next != last + 1) return 2;
        last = next;
        if (i % yield_every == 0) seL4_Yield();
    }
    if (tls_value != initial_tls_value + increments) return 3;
    // Plain increments, through volatile so that each one really is a load
    // and a store of this thread's copy.
    volatile int* value = &tls_value;
    last = *value;
    for (int i = 1; i <= increments; ++i) {
        const int next = *value + 1;
        *value = next;
        if (next != last + 1) return 4;
        last = next;
        if (i % yield_every == 0) seL4_Yield();
    }
    if (tls_value != initial_tls_value + 2 * increments) return 5;
    return 0;
}

Result test_sel4utils_thread_tls(Env& env) {
    HelperThread threads[parallel_threads];
    int* addresses[parallel_threads] = {};
    for (unsigned t = 0; t < parallel_threads; ++t) test_assert_fatal(create_helper_thread(env, &threads[t]));
    for (unsigned t = 0; t < parallel_threads; ++t)
        start_helper(env, &threads[t], tls_increment_thread, reinterpret_cast<seL4_Word>(&addresses[t]));
    for (unsigned t = 0; t < parallel_threads; ++t) {
        const seL4_Word error = wait_for_helper(&threads[t]);
        if (error != 0) record_failure(__FILE__, __LINE__, "thread %u: step %lu went wrong", t, error);
        cleanup_helper(env, &threads[t]);
    }
    // Each thread had a copy of its own, and none of them is the root thread's.
    for (unsigned t = 0; t < parallel_threads; ++t) {
        test_assert(addresses[t] != &tls_value);
        for (unsigned u = t + 1; u < parallel_threads; ++u) test_assert(addresses[t] != addresses[u]);
    }
    test_eq(tls_value, initial_tls_value);
    return test_result();
}

}  // namespace

DEFINE_TEST(TLS0001, "Test root thread accessing __thread variables", test_root_tls, true);
DEFINE_TEST(TLS0002, "Test multiple threads using __thread variables", test_threads_tls, true);
DEFINE_TEST(TLS0006, "sel4utils_thread with distinct TLS should not interfere", test_sel4utils_thread_tls, true);
