// SPDX-License-Identifier: BSD-2-Clause
// The sync library's protocol on the scripted kernel: which system calls
// each operation makes (none on the uncontended path), on which cap, and the
// counter it leaves. Debug builds check the cap type with DebugCapIdentify.
#include <climits>

#include <sync/atomic.h>
#include <sync/bin_sem.h>
#include <sync/condition_var.h>
#include <sync/mutex.h>
#include <sync/recursive_mutex.h>
#include <sync/sem.h>

#include "stub_fixture.hpp"

namespace libsel4_test {
namespace {

constexpr seL4_CPtr ntfn = 20;
constexpr seL4_CPtr ep = 21;

class Sync : public StubTest {
protected:
    // The kernel answers DebugCapIdentify with `tag` (4 endpoint, 6 notification).
    void identify_as(seL4_Word tag) {
        kernel().respond = [tag](seL4_FakeRegisters& regs, seL4_IPCBuffer&) { regs.cap = tag; };
    }
    static long number(const KernelView& t) { return static_cast<long>(t.regs.sys); }
};

TEST_F(Sync, InitChecksTheCapTypeInDebugBuilds) {
    sync_bin_sem_t sem;
    identify_as(4);
    EXPECT_NE(sync_bin_sem_init(&sem, ntfn, 1), 0) << "an endpoint is not a notification";
    identify_as(6);
    EXPECT_EQ(sync_bin_sem_init(&sem, ntfn, 1), 0);
    EXPECT_EQ(number(kernel().traps.back()), -15);
    EXPECT_EQ(kernel().traps.back().regs.cap, ntfn);
    identify_as(6);
    EXPECT_NE(sync_bin_sem_init(&sem, ntfn, 2), 0) << "binary means 0 or 1";
    EXPECT_NE(sync_bin_sem_init(nullptr, ntfn, 1), 0);
    sync_sem_t counting;
    identify_as(6);
    EXPECT_NE(sync_sem_init(&counting, ep, 1), 0) << "a counting semaphore needs an endpoint";
    identify_as(4);
    EXPECT_EQ(sync_sem_init(&counting, ep, 3), 0);
}

TEST_F(Sync, BinarySemaphoreBlocksOnlyWhenTakenAndSignalsOnlyForAWaiter) {
    sync_bin_sem_t sem;
    identify_as(6);
    ASSERT_EQ(sync_bin_sem_init(&sem, ntfn, 1), 0);
    kernel().traps.clear();
    EXPECT_EQ(sync_bin_sem_wait(&sem), 0);  // free: no system call
    EXPECT_TRUE(kernel().traps.empty());
    EXPECT_EQ(sem.value, 0);
    EXPECT_EQ(sync_bin_sem_post(&sem), 0);  // nobody waits: no system call
    EXPECT_TRUE(kernel().traps.empty());
    EXPECT_EQ(sem.value, 1);

    ASSERT_EQ(sync_bin_sem_wait(&sem), 0);
    EXPECT_EQ(sync_bin_sem_wait(&sem), 0);  // taken: Wait on the notification
    ASSERT_EQ(kernel().traps.size(), 1u);
    EXPECT_EQ(number(kernel().traps[0]), -9);
    EXPECT_EQ(kernel().traps[0].regs.cap, ntfn);
    EXPECT_EQ(sem.value, -1);
    EXPECT_EQ(sync_bin_sem_post(&sem), 0);  // a waiter: Signal
    ASSERT_EQ(kernel().traps.size(), 2u);
    EXPECT_EQ(number(kernel().traps[1]), -5);
    EXPECT_EQ(kernel().traps[1].regs.shape, SEL4_FAKE_SEND_SHORT);
    EXPECT_EQ(kernel().traps[1].regs.cap, ntfn);
    EXPECT_EQ(sem.value, 0);
}

TEST_F(Sync, MutexIsABinarySemaphoreThatStartsFree) {
    sync_mutex_t mutex;
    identify_as(6);
    ASSERT_EQ(sync_mutex_init(&mutex, ntfn), 0);
    EXPECT_EQ(mutex.value, 1);
    kernel().traps.clear();
    EXPECT_EQ(sync_mutex_lock(&mutex), 0);
    EXPECT_EQ(sync_mutex_unlock(&mutex), 0);
    EXPECT_TRUE(kernel().traps.empty());
}

TEST_F(Sync, CountingSemaphoreUsesItsEndpoint) {
    sync_sem_t sem;
    identify_as(4);
    ASSERT_EQ(sync_sem_init(&sem, ep, 2), 0);
    kernel().traps.clear();
    EXPECT_EQ(sync_sem_wait(&sem), 0);
    EXPECT_EQ(sync_sem_trywait(&sem), 0);
    EXPECT_NE(sync_sem_trywait(&sem), 0) << "empty: trywait fails without blocking";
    EXPECT_TRUE(kernel().traps.empty());
    EXPECT_EQ(sync_sem_wait(&sem), 0);  // blocks: Wait on the endpoint
    ASSERT_EQ(kernel().traps.size(), 1u);
    EXPECT_EQ(number(kernel().traps[0]), -9);
    EXPECT_EQ(kernel().traps[0].regs.cap, ep);
    EXPECT_EQ(sync_sem_post(&sem), 0);  // hands the wake-up over the endpoint
    ASSERT_EQ(kernel().traps.size(), 2u);
    EXPECT_EQ(number(kernel().traps[1]), -5);
    EXPECT_EQ(kernel().traps[1].regs.cap, ep);
    EXPECT_EQ(sem.value, 0);
    EXPECT_EQ(sync_sem_post(&sem), 0);
    EXPECT_EQ(kernel().traps.size(), 2u);
    EXPECT_EQ(sem.value, 1);
}

TEST_F(Sync, ConditionVariableWaitReleasesTheLockAndBroadcastChainsWakeUps) {
    sync_mutex_t lock;
    sync_cv_t cv;
    identify_as(6);
    ASSERT_EQ(sync_mutex_init(&lock, 30), 0);
    identify_as(6);
    ASSERT_EQ(sync_cv_init(&cv, 31), 0);
    ASSERT_EQ(sync_mutex_lock(&lock), 0);
    kernel().traps.clear();

    EXPECT_EQ(sync_cv_signal(&cv), 0);  // no waiter: nothing
    EXPECT_TRUE(kernel().traps.empty());

    cv.waiters = 1;  // another thread waits
    // While this thread is blocked in Wait, a broadcaster sets the flag and signals.
    kernel().respond = [&cv](seL4_FakeRegisters&, seL4_IPCBuffer&) { cv.broadcasting = true; };
    EXPECT_EQ(sync_cv_wait(&lock, &cv), 0);
    // Release the free-able lock (no signal: nobody waits on it), Wait on the CV, retake the lock,
    // and pass the broadcast on to the other waiter.
    ASSERT_EQ(kernel().traps.size(), 2u);
    EXPECT_EQ(number(kernel().traps[0]), -9);
    EXPECT_EQ(kernel().traps[0].regs.cap, 31u);
    EXPECT_EQ(number(kernel().traps[1]), -5);
    EXPECT_EQ(kernel().traps[1].regs.cap, 31u);
    EXPECT_EQ(cv.waiters, 1);
    EXPECT_EQ(lock.value, 0) << "the lock is held again";

    kernel().traps.clear();
    EXPECT_EQ(sync_cv_broadcast_release(&lock, &cv), 0);
    EXPECT_TRUE(cv.broadcasting);
    ASSERT_EQ(kernel().traps.size(), 1u);
    EXPECT_EQ(kernel().traps[0].regs.cap, 31u);
    EXPECT_EQ(lock.value, 1) << "released before the wake-up";
}

TEST_F(Sync, RecursiveMutexCountsItsOwnersLocks) {
    sync_recursive_mutex_t mutex;
    identify_as(6);
    ASSERT_EQ(sync_recursive_mutex_init(&mutex, ntfn), 0);
    ASSERT_EQ(kernel().traps.size(), 2u);
    EXPECT_EQ(number(kernel().traps[1]), -5) << "init leaves the token in the notification";
    kernel().traps.clear();
    EXPECT_EQ(sync_recursive_mutex_lock(&mutex), 0);
    EXPECT_EQ(sync_recursive_mutex_lock(&mutex), 0);
    ASSERT_EQ(kernel().traps.size(), 1u) << "only the first lock takes the token";
    EXPECT_EQ(number(kernel().traps[0]), -9);
    EXPECT_EQ(sync_recursive_mutex_unlock(&mutex), 0);
    EXPECT_EQ(kernel().traps.size(), 1u);
    EXPECT_EQ(sync_recursive_mutex_unlock(&mutex), 0);
    ASSERT_EQ(kernel().traps.size(), 2u) << "the last unlock returns the token";
    EXPECT_EQ(number(kernel().traps[1]), -5);
    EXPECT_NE(sync_recursive_mutex_unlock(&mutex), 0) << "not held";
}

TEST_F(Sync, AtomicCountersStopAtTheIntLimits) {
    volatile int x = INT_MAX;
    int old = 0;
    EXPECT_NE(sync_atomic_increment_safe(&x, &old, __ATOMIC_SEQ_CST), 0);
    EXPECT_EQ(x, INT_MAX);
    EXPECT_EQ(old, INT_MAX);
    x = INT_MIN;
    EXPECT_NE(sync_atomic_decrement_safe(&x, &old, __ATOMIC_ACQUIRE), 0);
    x = 5;
    EXPECT_EQ(sync_atomic_decrement_safe(&x, &old, __ATOMIC_ACQUIRE), 0);
    EXPECT_EQ(old, 5);
    EXPECT_EQ(x, 4);
    EXPECT_EQ(sync_atomic_increment(&x, __ATOMIC_RELEASE), 5);
    EXPECT_EQ(sync_atomic_decrement(&x, __ATOMIC_RELAXED), 4);
}

}  // namespace
}  // namespace libsel4_test
