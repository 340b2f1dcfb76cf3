// SPDX-License-Identifier: BSD-2-Clause
// A thread whose faults are watched: the subject (priority 100) has a fault
// handler thread (priority 200) waiting in Recv on the fault endpoint, so a
// cap fault of the subject arrives as a message the test can read whole
// (sel4-abi.md §10.3, sel4-mcs.md §8.2). The root thread runs at 10.
#pragma once

#include <vector>

#include <support/system_fixture.hpp>

namespace test_support {

// A CPtr the root CSpace (guard 0 of 54 bits, radix 10) cannot resolve.
inline constexpr kern::word_t unresolvable_cptr = kern::word_t{1} << 63;
// Its lookup failure as a CapFault message carries it: GuardMismatch,
// 64 bits left, guard 0 found, guard size 54.
inline const std::vector<kern::word_t> unresolvable_lookup_failure{4, 64, 0, 54};
// Wrong cap type or missing right: MissingCapability with no bits left.
inline const std::vector<kern::word_t> missing_capability{2, 0};

class FaultWatch {
public:
    static constexpr kern::word_t handler_badge = 0xfa;

    explicit FaultWatch(System& sys) : sys_(sys) {
        EXPECT_EQ(sys.invoke(sys.root(), System::root_tcb_cptr, kern::Label::TCBSetPriority, {10},
                             {System::root_tcb_cptr}),
                  0u);
        endpoint_ = sys.make_endpoint();
        reply_ = sys.make_reply();
        handler = sys.spawn(200);
        sys.recv(*handler, endpoint_, reply_);
        subject = sys.make_thread();
        const kern::word_t sc = sys.make_sched_context();
        EXPECT_EQ(sys.configure_sc(sc, 1000, 1000), 0u);
        const kern::word_t handler_cap = sys.mint(endpoint_, kern::CapRights::make(true, false, true, true), handler_badge);
        EXPECT_EQ(sys.set_sched_params(subject, 100, sc, handler_cap), 0u);
        EXPECT_EQ(sys.resume(subject), 0u);
        EXPECT_EQ(&sys.current(), subject.tcb);
    }

    // The subject's last system call raised a cap fault on `cptr` with this
    // lookup failure (type word first); the handler has the message.
    void expect_cap_fault(kern::word_t cptr, bool in_receive_phase, const std::vector<kern::word_t>& lookup_failure) {
        EXPECT_EQ(subject->state, kern::ThreadState::BlockedOnReply);
        ASSERT_EQ(handler->state, kern::ThreadState::Running) << "no fault was delivered";
        const Received got = sys_.received(*handler);
        EXPECT_EQ(got.badge, handler_badge);
        EXPECT_EQ(got.info.label(), static_cast<kern::word_t>(kern::FaultType::CapFault));
        std::vector<kern::word_t> expected{subject->context.fault_ip(), cptr, in_receive_phase ? 1u : 0u};
        expected.insert(expected.end(), lookup_failure.begin(), lookup_failure.end());
        EXPECT_EQ(got.mrs, expected);
    }

    // No fault: the handler still waits.
    void expect_no_fault() {
        EXPECT_EQ(handler->state, kern::ThreadState::BlockedOnReceive);
        EXPECT_FALSE(subject->fault.pending());
    }

    // The handler answers the fault: the subject restarts and, being the
    // highest-priority runnable thread but the handler, runs again.
    void restart_subject() {
        ASSERT_EQ(&sys_.current(), handler.tcb);
        sys_.reply_recv(*handler, endpoint_, reply_, 0);
        ASSERT_EQ(&sys_.current(), subject.tcb);
    }

    System::Thread handler{};
    System::Thread subject{};

private:
    System& sys_;
    kern::word_t endpoint_ = 0;
    kern::word_t reply_ = 0;
};

}  // namespace test_support
