// SPDX-License-Identifier: BSD-2-Clause
// sel4test preempt.c (sel4test.md §3.4: PREEMPT_REVOKE): a revoke of many
// caps is long-running work the kernel must interrupt. It checks for
// pending interrupts at its preemption points, leaves the revoke to be
// restarted, lets the timer's driver and a higher-priority thread run, and
// then carries on where it stopped (seL4 manual §3.2, preemption points).
//
// As upstream, for n = 1, 2, ...: 2^n CNodes of 4096 slots get a copy of
// one endpoint cap in every slot; one revoke of the endpoint is timed; the
// CNodes are filled again, a periodic timeout of a third of that time is
// started, and the revoke runs in a helper at priority 100 while a helper
// at 101 counts the timer ticks it sees during the revoke. The test passes
// at the first n with at least two such ticks and fails when memory runs
// out first. Beyond upstream, it also checks that each revoke returned
// NoError and really emptied every slot, i.e. the preempted revoke resumed
// and finished.
#include <cstdint>

#include "../framework/alloc.hpp"
#include "../framework/objects.hpp"
#include "../framework/test.hpp"
#include "../framework/thread.hpp"
#include "../framework/timer.hpp"

namespace {

using namespace tessera_test;

constexpr seL4_Word cnode_slot_bits = 12;
constexpr seL4_Word slots_per_cnode = seL4_Word{1} << cnode_slot_bits;
constexpr unsigned max_cnode_bits = 31;  // upstream's last round
// The CNode caps a round can hold; far more memory than the pool untyped
// has is needed before this limit is reached (2^11 CNodes = 256 MiB).
constexpr unsigned max_cnodes = 1u << 11;
constexpr seL4_Word revoker_priority = 100;
constexpr seL4_Word counter_priority = 101;
constexpr unsigned ticks_needed = 2;

seL4_CPtr cnodes[max_cnodes];

// The CNodes of one round, deleted when the round ends.
class CNodeSet {
public:
    CNodeSet(const CNodeSet&) = delete;
    CNodeSet& operator=(const CNodeSet&) = delete;
    CNodeSet() = default;
    ~CNodeSet() {
        for (unsigned i = count_; i > 0; --i) allocator().free_object(cnodes[i - 1]);
    }
    // Makes `wanted` CNodes; false (nothing recorded) when memory or slots run out.
    bool make(unsigned wanted) {
        if (wanted > max_cnodes) return false;
        while (count_ < wanted) {
            const seL4_CPtr cnode = allocator().alloc_cnode(cnode_slot_bits);
            if (cnode == 0) return false;
            cnodes[count_++] = cnode;
        }
        return true;
    }
    unsigned count() const { return count_; }

private:
    unsigned count_ = 0;
};

// Copies `ep` into every slot of every CNode; false (recorded) on the first
// failed copy. `probe`: the copies check that the slots were empty.
bool copy_into_every_slot(const CNodeSet& set, seL4_CPtr ep, bool probe) {
    for (unsigned c = 0; c < set.count(); ++c) {
        for (seL4_Word slot = 0; slot < slots_per_cnode; ++slot) {
            const seL4_Error error = seL4_CNode_Copy(cnodes[c], slot, cnode_slot_bits, root_cnode, ep,
                                                     root_depth, seL4_AllRights);
            if (error != seL4_NoError) {
                const unsigned long at = static_cast<unsigned long>(slot);
                if (probe)
                    record_failure(__FILE__, __LINE__, "CNode %u slot %lu still holds a cap after the revoke (%d)",
                                   c, at, error);
                else
                    record_failure(__FILE__, __LINE__, "CNode_Copy into CNode %u slot %lu: error %d", c, at, error);
                return false;
            }
        }
    }
    return true;
}

bool fill(const CNodeSet& set, seL4_CPtr ep) {
    return copy_into_every_slot(set, ep, false);
}

// Every slot is empty again: a copy into it must find the slot free, so
// the revoke removed every copy. The probe copies are deleted again.
bool all_empty(const CNodeSet& set, seL4_CPtr ep) {
    return copy_into_every_slot(set, ep, true) &&
           seL4_CNode_Revoke(root_cnode, ep, root_depth) == seL4_NoError;
}

struct RevokeShared {
    volatile seL4_Word revoking = 0;
    volatile seL4_Word ticks_during_revoke = 0;
};

seL4_Word revoke_helper(seL4_Word ep, seL4_Word shared_addr, seL4_Word, seL4_Word) {
    RevokeShared& shared = *reinterpret_cast<RevokeShared*>(shared_addr);
    shared.revoking = 1;
    const seL4_Error error = seL4_CNode_Revoke(root_cnode, ep, root_depth);
    shared.revoking = 0;
    return static_cast<seL4_Word>(error);
}

// Above the revoker: each tick wakes it at once if the kernel lets it run.
seL4_Word tick_counter(seL4_Word timer_ntfn, seL4_Word shared_addr, seL4_Word, seL4_Word) {
    RevokeShared& shared = *reinterpret_cast<RevokeShared*>(shared_addr);
    for (;;) {
        (void)seL4_Wait(timer_ntfn, nullptr);
        if (shared.revoking != 0) shared.ticks_during_revoke = shared.ticks_during_revoke + 1;
    }
}

enum class Round { preempted, not_preempted, failed, out_of_memory };

Round run_round(Env& env, unsigned cnode_bits) {
    Owned owned;
    const seL4_CPtr ep = owned.endpoint();
    if (ep == 0) return Round::failed;
    CNodeSet set;
    if (!set.make(1u << cnode_bits)) return Round::out_of_memory;

    Timer timer(env);
    if (!timer.init()) return Round::failed;

    // How long one revoke takes here, with nothing else to do.
    if (!fill(set, ep)) return Round::failed;
    const std::uint64_t start = timer.now_ns();
    const seL4_Error timed = seL4_CNode_Revoke(root_cnode, ep, root_depth);
    const std::uint64_t revoke_ns = timer.now_ns() - start;
    test_eq(timed, seL4_NoError);
    if (!all_empty(set, ep)) return Round::failed;

    // Again, with ticks at a third of that time and a thread above the revoker.
    if (!fill(set, ep)) return Round::failed;
    RevokeShared shared;
    Helper counter;
    Helper revoker;
    if (!counter.create(env, counter_priority) || !revoker.create(env, revoker_priority)) return Round::failed;
    counter.start(tick_counter, timer.notification(), &shared);
    if (!timer.periodic(revoke_ns / 3 > 0 ? revoke_ns / 3 : 1)) return Round::failed;
    revoker.start(revoke_helper, ep, &shared);
    const seL4_Word revoke_error = revoker.wait();
    timer.reset();
    const seL4_Word ticks = shared.ticks_during_revoke;
    test_eq(revoke_error, static_cast<seL4_Word>(seL4_NoError));
    if (!all_empty(set, ep)) return Round::failed;
    if (current_test_failed()) return Round::failed;
    return ticks >= ticks_needed ? Round::preempted : Round::not_preempted;
}

Result test_preempt_revoke(Env& env) {
    for (unsigned bits = 1; bits <= max_cnode_bits; ++bits) {
        switch (run_round(env, bits)) {
            case Round::preempted: return test_result();
            case Round::not_preempted: continue;
            case Round::failed: return test_result();
            case Round::out_of_memory:
                record_failure(__FILE__, __LINE__,
                               "memory ran out at 2^%u CNodes before a revoke was preempted by %u ticks", bits,
                               ticks_needed);
                return test_result();
        }
    }
    record_failure(__FILE__, __LINE__, "no revoke was preempted by %u ticks", ticks_needed);
    return test_result();
}

}  // namespace

DEFINE_TEST(PREEMPT_REVOKE, "Test preemption path in revoke", test_preempt_revoke, true);
