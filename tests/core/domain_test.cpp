// SPDX-License-Identifier: BSD-2-Clause
// DomainSet invocations on the host state machine (sel4-abi.md §13,
// sel4-mcs.md §9.5) with one domain: DomainSet_Set, ScheduleConfigure and
// ScheduleSetStart, every error in seL4's order with its detail words.
#include <kern/domain.hpp>
#include <support/system_fixture.hpp>

namespace {

using namespace kern;
using test_support::System;

constexpr word_t err(Error e) { return static_cast<word_t>(e); }

class DomainTest : public ::testing::Test {
protected:
    DomainTest() {
        domain_cap = sys.new_cptr();
        cdt::insert_root(sys.slot(domain_cap), make_simple_cap(CapType::Domain));
    }
    word_t invoke(Label label, const std::vector<word_t>& mrs, const std::vector<word_t>& caps = {}) {
        return sys.invoke(sys.root(), domain_cap, label, mrs, caps);
    }
    // The detail words of the error reply just received by the root thread.
    word_t detail(unsigned i) { return sys.root().context.message_register(i); }

    System sys;
    word_t domain_cap = 0;
};

TEST_F(DomainTest, SetMovesAThreadToDomainZero) {
    System::Thread t = sys.make_thread();
    EXPECT_EQ(invoke(Label::DomainSetSet, {0}, {t.cptr}), 0u);
    EXPECT_EQ(t->domain, 0);
    // The current thread may move itself and keeps running.
    EXPECT_EQ(invoke(Label::DomainSetSet, {0}, {System::root_tcb_cptr}), 0u);
    EXPECT_EQ(&sys.current(), &sys.root());
}

TEST_F(DomainTest, ARunnableThreadStaysReadyAcrossSet) {
    System::Thread ready = sys.spawn(10);
    ASSERT_TRUE(ready->in_ready_queue);
    EXPECT_EQ(invoke(Label::DomainSetSet, {0}, {ready.cptr}), 0u);
    EXPECT_TRUE(ready->in_ready_queue);
    // A thread that cannot run is not queued by it.
    System::Thread stopped = sys.make_thread();
    EXPECT_EQ(invoke(Label::DomainSetSet, {0}, {stopped.cptr}), 0u);
    EXPECT_FALSE(stopped->in_ready_queue);
}

TEST_F(DomainTest, SetErrorsInSeL4sOrder) {
    System::Thread t = sys.make_thread();
    // No domain word at all.
    EXPECT_EQ(invoke(Label::DomainSetSet, {}, {t.cptr}), err(Error::TruncatedMessage));
    // A domain that does not exist is reported before the missing thread cap.
    EXPECT_EQ(invoke(Label::DomainSetSet, {domain::num_domains}), err(Error::InvalidArgument));
    EXPECT_EQ(detail(0), 0u);
    EXPECT_EQ(invoke(Label::DomainSetSet, {domain::num_domains + 10}, {t.cptr}), err(Error::InvalidArgument));
    EXPECT_EQ(detail(0), 0u);
    EXPECT_EQ(invoke(Label::DomainSetSet, {0}), err(Error::TruncatedMessage));
    // Not a thread: InvalidArgument 1, not InvalidCapability.
    EXPECT_EQ(invoke(Label::DomainSetSet, {0}, {sys.make_endpoint()}), err(Error::InvalidArgument));
    EXPECT_EQ(detail(0), 1u);
}

TEST_F(DomainTest, OtherCapsAndLabelsAreRefused) {
    System::Thread t = sys.make_thread();
    // DOMAINS0003: DomainSet_Set through a cap that is not the domain cap.
    EXPECT_EQ(sys.invoke(sys.root(), System::root_sc_cptr, Label::DomainSetSet, {0}, {t.cptr}),
              err(Error::IllegalOperation));
    EXPECT_EQ(invoke(Label::TCBSuspend, {}), err(Error::IllegalOperation));
}

TEST_F(DomainTest, ScheduleStartsWithOneEntryOfDomainZero) {
    EXPECT_EQ(domain::schedule_start(), 0u);
    EXPECT_EQ(domain::schedule_entry(0).domain, 0);
    EXPECT_EQ(domain::schedule_entry(0).duration, domain::max_duration);
    for (word_t i = 1; i < domain::num_domain_schedules; ++i) EXPECT_TRUE(domain::schedule_entry(i).is_end_marker());
}

TEST_F(DomainTest, ScheduleConfigureWritesAnEntry) {
    EXPECT_EQ(invoke(Label::DomainScheduleConfigure, {1, 0, 500}), 0u);
    EXPECT_EQ(domain::schedule_entry(1).duration, 500u);
    EXPECT_EQ(invoke(Label::DomainScheduleConfigure, {0, 0, domain::max_duration}), 0u);
    // An end marker after the start entry is allowed.
    EXPECT_EQ(invoke(Label::DomainScheduleConfigure, {1, 0, 0}), 0u);
    EXPECT_TRUE(domain::schedule_entry(1).is_end_marker());
}

TEST_F(DomainTest, ScheduleConfigureErrorsInSeL4sOrder) {
    const word_t last_index = domain::num_domain_schedules - 1;
    EXPECT_EQ(invoke(Label::DomainScheduleConfigure, {0, 0}), err(Error::TruncatedMessage));
    // Index first (even with a bad domain and duration), as a RangeError over the schedule.
    EXPECT_EQ(invoke(Label::DomainScheduleConfigure, {domain::num_domain_schedules, 7, 0}), err(Error::RangeError));
    EXPECT_EQ(detail(0), 0u);
    EXPECT_EQ(detail(1), last_index);
    // Then the domain, a RangeError over the domains.
    EXPECT_EQ(invoke(Label::DomainScheduleConfigure, {1, domain::num_domains, domain::max_duration + 1}),
              err(Error::RangeError));
    EXPECT_EQ(detail(0), 0u);
    EXPECT_EQ(detail(1), domain::num_domains - 1);
    // Then a duration that does not fit in 56 bits.
    EXPECT_EQ(invoke(Label::DomainScheduleConfigure, {1, 0, domain::max_duration + 1}), err(Error::InvalidArgument));
    EXPECT_EQ(detail(0), 2u);
    // The start entry cannot become an end marker.
    EXPECT_EQ(invoke(Label::DomainScheduleConfigure, {0, 0, 0}), err(Error::InvalidArgument));
    EXPECT_EQ(detail(0), 2u);
    // Nothing changed.
    EXPECT_EQ(domain::schedule_entry(0).duration, domain::max_duration);
    EXPECT_TRUE(domain::schedule_entry(1).is_end_marker());
}

TEST_F(DomainTest, ScheduleSetStart) {
    EXPECT_EQ(invoke(Label::DomainScheduleSetStart, {}), err(Error::TruncatedMessage));
    EXPECT_EQ(invoke(Label::DomainScheduleSetStart, {domain::num_domain_schedules}), err(Error::RangeError));
    EXPECT_EQ(detail(1), domain::num_domain_schedules - 1);
    // Entry 1 is an end marker: it cannot start the schedule.
    EXPECT_EQ(invoke(Label::DomainScheduleSetStart, {1}), err(Error::InvalidArgument));
    EXPECT_EQ(detail(0), 0u);
    EXPECT_EQ(domain::schedule_start(), 0u);
    ASSERT_EQ(invoke(Label::DomainScheduleConfigure, {1, 0, 1000}), 0u);
    EXPECT_EQ(invoke(Label::DomainScheduleSetStart, {1}), 0u);
    EXPECT_EQ(domain::schedule_start(), 1u);
    // Now entry 0 may end the schedule, and entry 1 may not.
    EXPECT_EQ(invoke(Label::DomainScheduleConfigure, {0, 0, 0}), 0u);
    EXPECT_EQ(invoke(Label::DomainScheduleConfigure, {1, 0, 0}), err(Error::InvalidArgument));
    EXPECT_EQ(&sys.current(), &sys.root());
}

}  // namespace
