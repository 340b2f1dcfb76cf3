// SPDX-License-Identifier: BSD-2-Clause
// sel4test sync.c (sel4test.md §3.4: SYNC001-004): the sync library's
// semaphores, monitors and broadcasts between helper threads of one
// priority, each critical section containing a seL4_Yield so that the other
// threads run while it is held. The library's unmanaged interface takes the
// kernel objects from the caller (notifications; an endpoint for the
// counting semaphore), where libsel4sync allocates them through vka.
#include <sync/bin_sem.h>
#include <sync/condition_var.h>
#include <sync/sem.h>

#include "../framework/alloc.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"

namespace {

using namespace tessera_test;

volatile int shared = 0;
sync_bin_sem_t bin_sem = {{0}, 0};
sync_sem_t sem = {{0}, 0};
sync_bin_sem_t monitor_lock = {{0}, 0};
sync_cv_t consumer_cv = {{0}, 0, false};
sync_cv_t producer_cv = {{0}, 0, false};
sync_cv_t broadcaster_cv = {{0}, 0, false};

// Objects a test takes from the allocator, freed in one place.
class Objects {
public:
    seL4_CPtr take(seL4_Word type) {
        const seL4_CPtr cap = allocator().alloc_object(type, 0);
        if (cap == 0) failed_ = true;
        if (count_ < max) caps_[count_++] = cap;
        return cap;
    }
    bool failed() const { return failed_; }
    ~Objects() {
        for (unsigned i = count_; i > 0; --i) allocator().free_object(caps_[i - 1]);
    }

private:
    static constexpr unsigned max = 4;
    seL4_CPtr caps_[max] = {};
    unsigned count_ = 0;
    bool failed_ = false;
};

// A read-yield-write of the shared value: without mutual exclusion another
// thread reads the same value meanwhile and one update is lost.
void add_slowly(int amount) {
    const int value = shared;
    seL4_Yield();
    shared = value + amount;
}

seL4_Word bin_sem_func(seL4_Word, seL4_Word, seL4_Word, seL4_Word) {
    int error = sync_bin_sem_wait(&bin_sem);
    add_slowly(1);
    error |= sync_bin_sem_post(&bin_sem);
    return static_cast<seL4_Word>(error);
}

seL4_Word sem_func(seL4_Word, seL4_Word, seL4_Word, seL4_Word) {
    int error = sync_sem_wait(&sem);
    add_slowly(1);
    error |= sync_sem_post(&sem);
    return static_cast<seL4_Word>(error);
}

// Runs fn in `count` helpers started in order and waits for all of them;
// every one must return 0.
void run_helpers(Env& env, const HelperFunction* functions, unsigned count) {
    constexpr unsigned most = 4;
    HelperThread thread[most];
    unsigned created = 0;
    for (; created < count && created < most; ++created)
        if (!create_helper_thread(env, &thread[created])) break;
    if (created == count) {
        for (unsigned i = 0; i < count; ++i) start_helper(env, &thread[i], functions[i], i + 1);
        for (unsigned i = 0; i < count; ++i) {
            const seL4_Word error = wait_for_helper(&thread[i]);
            if (error != 0) record_failure(__FILE__, __LINE__, "helper %u: sync call failed", i);
        }
    }
    for (unsigned i = created + (created < count ? 1 : 0); i > 0; --i) cleanup_helper(env, &thread[i - 1]);
}

Result test_bin_sem(Env& env) {
    Objects objects;
    const seL4_CPtr notification = objects.take(seL4_NotificationObject);
    test_assert_fatal(!objects.failed());
    test_eq(sync_bin_sem_init(&bin_sem, notification, 1), 0);
    shared = 0;
    const HelperFunction functions[] = {bin_sem_func, bin_sem_func};
    run_helpers(env, functions, 2);
    test_eq(shared, 2);
    return test_result();
}

Result test_sem(Env& env) {
    Objects objects;
    const seL4_CPtr endpoint = objects.take(seL4_EndpointObject);
    test_assert_fatal(!objects.failed());
    shared = 0;
    test_eq(sync_sem_init(&sem, endpoint, 1), 0);
    const HelperFunction functions[] = {sem_func, sem_func};
    run_helpers(env, functions, 2);
    test_eq(shared, 2);
    return test_result();
}

// Consumers take 1 while the value is not 0; producers add 1 while it is not 2.
seL4_Word consumer_func(seL4_Word, seL4_Word, seL4_Word, seL4_Word) {
    int error = sync_bin_sem_wait(&monitor_lock);
    while (error == 0 && shared == 0) error = sync_cv_wait(&monitor_lock, &consumer_cv);
    add_slowly(-1);
    error |= sync_cv_signal(&producer_cv);
    error |= sync_bin_sem_post(&monitor_lock);
    return static_cast<seL4_Word>(error);
}

seL4_Word producer_func(seL4_Word, seL4_Word, seL4_Word, seL4_Word) {
    int error = sync_bin_sem_wait(&monitor_lock);
    while (error == 0 && shared == 2) error = sync_cv_wait(&monitor_lock, &producer_cv);
    add_slowly(1);
    error |= sync_cv_signal(&consumer_cv);
    error |= sync_bin_sem_post(&monitor_lock);
    return static_cast<seL4_Word>(error);
}

Result test_monitor(Env& env) {
    Objects objects;
    const seL4_CPtr lock = objects.take(seL4_NotificationObject);
    const seL4_CPtr consumers = objects.take(seL4_NotificationObject);
    const seL4_CPtr producers = objects.take(seL4_NotificationObject);
    test_assert_fatal(!objects.failed());
    test_eq(sync_bin_sem_init(&monitor_lock, lock, 1), 0);
    test_eq(sync_cv_init(&consumer_cv, consumers), 0);
    test_eq(sync_cv_init(&producer_cv, producers), 0);
    shared = 1;
    const HelperFunction functions[] = {consumer_func, consumer_func, producer_func, producer_func};
    run_helpers(env, functions, 4);
    test_eq(shared, 1);
    return test_result();
}

// Adds 3 (unless the value is 2) and wakes every waiting consumer.
seL4_Word broadcaster_func(seL4_Word, seL4_Word, seL4_Word, seL4_Word) {
    int error = sync_bin_sem_wait(&monitor_lock);
    while (error == 0 && shared == 2) error = sync_cv_wait(&monitor_lock, &broadcaster_cv);
    add_slowly(3);
    error |= sync_cv_broadcast_release(&monitor_lock, &consumer_cv);
    return static_cast<seL4_Word>(error);
}

Result test_monitor_broadcast(Env& env) {
    Objects objects;
    const seL4_CPtr lock = objects.take(seL4_NotificationObject);
    const seL4_CPtr consumers = objects.take(seL4_NotificationObject);
    const seL4_CPtr broadcasters = objects.take(seL4_NotificationObject);
    // The consumers signal the producers' condition (nobody waits on it here).
    const seL4_CPtr producers = objects.take(seL4_NotificationObject);
    test_assert_fatal(!objects.failed());
    test_eq(sync_bin_sem_init(&monitor_lock, lock, 1), 0);
    test_eq(sync_cv_init(&consumer_cv, consumers), 0);
    test_eq(sync_cv_init(&broadcaster_cv, broadcasters), 0);
    test_eq(sync_cv_init(&producer_cv, producers), 0);
    shared = 0;
    const HelperFunction functions[] = {broadcaster_func, consumer_func, consumer_func, consumer_func};
    run_helpers(env, functions, 4);
    test_eq(shared, 0);
    // The broadcast is over.
    test_assert(!consumer_cv.broadcasting);
    return test_result();
}

}  // namespace

DEFINE_TEST(SYNC001, "libsel4sync Test binary semaphores", test_bin_sem, true);
DEFINE_TEST(SYNC002, "libsel4sync Test semaphores", test_sem, true);
DEFINE_TEST(SYNC003, "libsel4sync Test monitors", test_monitor, true);
DEFINE_TEST(SYNC004, "libsel4sync Test monitors - broadcast", test_monitor_broadcast, true);
