// SPDX-License-Identifier: BSD-2-Clause
// Scope guards for tests that share the root task: every object, slot and
// helper thread a test takes is given back when the test's function
// returns, whichever way it returns, and the root task's priority is put
// back to test_priority (sel4test gets the same from a fresh process per
// test). Also sel4test's cap helpers (badged copies with CNode_Mint).
#pragma once

#include <type_traits>

#include <sel4/sel4.h>

#include "alloc.hpp"
#include "test.hpp"
#include "thread.hpp"

namespace tessera_test {

// Objects and slots, freed in the reverse order they were taken (so badged
// copies go before the caps they were minted from).
class Owned {
public:
    Owned() = default;
    Owned(const Owned&) = delete;
    Owned& operator=(const Owned&) = delete;
    ~Owned() {
        for (unsigned i = count_; i > 0; --i) allocator().free_object(slots_[i - 1]);
    }

    // A fresh object in a fresh slot; 0 (and a recorded failure) if none is left.
    seL4_CPtr object(seL4_Word type, seL4_Word size_bits = 0) {
        return keep(allocator().alloc_object(type, size_bits), "object");
    }
    seL4_CPtr endpoint() { return object(seL4_EndpointObject); }
    seL4_CPtr notification() { return object(seL4_NotificationObject); }
    seL4_CPtr reply() { return object(seL4_ReplyObject); }
    seL4_CPtr sched_context() { return object(seL4_SchedContextObject, seL4_MinSchedContextBits); }
    // An empty slot.
    seL4_CPtr slot() { return keep(allocator().alloc_slot(), "slot"); }
    // A copy of `cap` with `rights` and `badge` in a fresh slot (sel4test's
    // badge_endpoint / cnode_mint); 0 on failure.
    seL4_CPtr mint(seL4_CPtr cap, seL4_Word badge, seL4_CapRights_t rights = seL4_AllRights) {
        const seL4_CPtr s = slot();
        if (s == 0) return 0;
        const seL4_Error e = seL4_CNode_Mint(root_cnode, s, root_depth, root_cnode, cap, root_depth, rights, badge);
        if (e != seL4_NoError) {
            record_failure(__FILE__, __LINE__, "CNode_Mint of cap %lu: error %d", static_cast<unsigned long>(cap), e);
            return 0;
        }
        return s;
    }
    // A copy of `cap` with `rights` in a fresh slot; 0 on failure.
    seL4_CPtr copy(seL4_CPtr cap, seL4_CapRights_t rights = seL4_AllRights) {
        const seL4_CPtr s = slot();
        if (s == 0) return 0;
        const seL4_Error e = seL4_CNode_Copy(root_cnode, s, root_depth, root_cnode, cap, root_depth, rights);
        if (e != seL4_NoError) {
            record_failure(__FILE__, __LINE__, "CNode_Copy of cap %lu: error %d", static_cast<unsigned long>(cap), e);
            return 0;
        }
        return s;
    }

private:
    seL4_CPtr keep(seL4_CPtr s, const char* what) {
        if (s == 0 || count_ == max_) {
            record_failure(__FILE__, __LINE__, "out of %ss", what);
            if (s != 0) allocator().free_object(s);
            return 0;
        }
        slots_[count_++] = s;
        return s;
    }

    static constexpr unsigned max_ = 128;
    seL4_CPtr slots_[max_] = {};
    unsigned count_ = 0;
};

// A helper thread (thread.hpp) that is cleaned up at the end of its scope.
class Helper {
public:
    Helper() = default;
    Helper(const Helper&) = delete;
    Helper& operator=(const Helper&) = delete;
    ~Helper() { cleanup(); }

    bool create(Env& env, seL4_Word priority = test_priority - 1, bool passive = false) {
        cleanup();
        env_ = &env;
        return create_helper_thread(env, &t, priority, passive);
    }
    template <typename A0 = seL4_Word, typename A1 = seL4_Word, typename A2 = seL4_Word, typename A3 = seL4_Word>
    void start(HelperFunction fn, A0 a0 = 0, A1 a1 = 0, A2 a2 = 0, A3 a3 = 0) {
        start_helper(*env_, &t, fn, word(a0), word(a1), word(a2), word(a3));
    }
    seL4_Word wait() { return wait_for_helper(&t); }
    void set_priority(seL4_Word priority) { set_helper_priority(*env_, &t, priority); }
    void set_mcp(seL4_Word mcp) { set_helper_mcp(*env_, &t, mcp); }
    void cleanup() {
        if (env_ != nullptr) cleanup_helper(*env_, &t);
        env_ = nullptr;
    }
    // Deletes the helper's scheduling context object now (the thread stays).
    void delete_sched_context() {
        allocator().free_object(t.sc);
        t.sc = 0;
    }

    // Deletes the helper's reply object now.
    void delete_reply() {
        allocator().free_object(t.reply);
        t.reply = 0;
    }

    seL4_CPtr tcb() const { return t.tcb; }
    seL4_CPtr sc() const { return t.sc; }
    seL4_CPtr reply() const { return t.reply; }

    HelperThread t;

private:
    template <typename A>
    static seL4_Word word(A a) {
        if constexpr (std::is_pointer_v<A>) return reinterpret_cast<seL4_Word>(a);
        else return static_cast<seL4_Word>(a);
    }
    Env* env_ = nullptr;
};

// Sets the root task's priority (the running test's) and puts
// test_priority back at the end of the scope.
class OwnPriority {
public:
    OwnPriority() = default;
    OwnPriority(const OwnPriority&) = delete;
    OwnPriority& operator=(const OwnPriority&) = delete;
    ~OwnPriority() { (void)seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, test_priority); }
    seL4_Error set(seL4_Word priority) {
        return seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, priority);
    }
};

}  // namespace tessera_test
