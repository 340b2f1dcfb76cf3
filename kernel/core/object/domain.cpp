// SPDX-License-Identifier: BSD-2-Clause
// DomainSet invocations: DomainSet_Set, DomainSet_ScheduleConfigure and
// DomainSet_ScheduleSetStart, each check in seL4's order (sel4-abi.md §13:
// a bad thread cap is InvalidArgument 1, not InvalidCapability).
#include <kern/domain.hpp>
#include <kern/invocation.hpp>
#include <kern/invocation_label.hpp>
#include <kern/object/tcb.hpp>
#include <kern/sched.hpp>
#include <kern/thread.hpp>

namespace kern {

namespace domain {
namespace {

ScheduleEntry the_schedule[num_domain_schedules];
word_t the_schedule_start = 0;

}  // namespace

const ScheduleEntry& schedule_entry(word_t index) { return the_schedule[index]; }
word_t schedule_start() { return the_schedule_start; }

void reset() {
    for (ScheduleEntry& e : the_schedule) e = ScheduleEntry{};
    the_schedule[0] = {.domain = 0, .duration = max_duration};
    the_schedule_start = 0;
}

}  // namespace domain

namespace {

InvocationResult fail(const SyscallError& e) { return InvocationResult::failure(e); }

// seL4's setDomain: the thread leaves its ready queue, changes domain and
// comes back if it can run; a current thread that changed domain lets the
// scheduler choose again (which queues it again if it can still run).
void set_domain(Tcb& thread, std::uint8_t new_domain) {
    if (&thread == current_thread()) {
        thread.domain = new_domain;
        sched::reschedule_required();
        return;
    }
    sched::dequeue(thread);
    thread.domain = new_domain;
    if (sched::is_schedulable(thread)) sched::enqueue(thread);
}

InvocationResult set(const InvocationMessage& msg) {
    if (msg.length < 1) return fail(SyscallError::truncated_message());
    const word_t new_domain = msg.mr(0);
    if (new_domain >= domain::num_domains) return fail(SyscallError::invalid_argument(0));
    if (msg.extra_cap_count < 1) return fail(SyscallError::truncated_message());
    const Cap& thread_cap = msg.extra_caps[0].cap;
    if (thread_cap.type() != CapType::Thread) return fail(SyscallError::invalid_argument(1));
    msg.begin_perform();
    set_domain(*tcb_of_object(thread_cap.object()), static_cast<std::uint8_t>(new_domain));
    return InvocationResult::success();
}

SyscallError schedule_index_error() {
    return SyscallError::range_error(0, domain::num_domain_schedules - 1);
}

InvocationResult schedule_configure(const InvocationMessage& msg) {
    // index, domain and one time word (a 64-bit seL4_Time is one word here).
    if (msg.length < 3) return fail(SyscallError::truncated_message());
    const word_t index = msg.mr(0);
    const word_t new_domain = msg.mr(1);
    const std::uint64_t duration = msg.mr(2);
    if (index >= domain::num_domain_schedules) return fail(schedule_index_error());
    if (new_domain >= domain::num_domains) return fail(SyscallError::range_error(0, domain::num_domains - 1));
    if (duration > domain::max_duration) return fail(SyscallError::invalid_argument(2));
    // An end marker is (0, 0).
    if (duration == 0 && new_domain != 0) return fail(SyscallError::invalid_argument(1));
    // The entry the schedule starts from cannot end it.
    if (index == domain::schedule_start() && duration == 0) return fail(SyscallError::invalid_argument(2));
    msg.begin_perform();
    domain::the_schedule[index] = {.domain = static_cast<std::uint8_t>(new_domain), .duration = duration};
    return InvocationResult::success();
}

InvocationResult schedule_set_start(const InvocationMessage& msg) {
    if (msg.length < 1) return fail(SyscallError::truncated_message());
    const word_t index = msg.mr(0);
    if (index >= domain::num_domain_schedules) return fail(schedule_index_error());
    if (domain::schedule_entry(index).is_end_marker()) return fail(SyscallError::invalid_argument(0));
    msg.begin_perform();
    domain::the_schedule_start = index;
    // The current domain's time ends at once; with one domain the scheduler
    // simply chooses again.
    sched::reschedule_required();
    return InvocationResult::success();
}

}  // namespace

InvocationResult invoke_domain(const InvocationMessage& msg, const InvocationTarget&, InvocationReply&) {
    switch (static_cast<Label>(msg.label)) {
    case Label::DomainSetSet:
        return set(msg);
    case Label::DomainScheduleConfigure:
        return schedule_configure(msg);
    case Label::DomainScheduleSetStart:
        return schedule_set_start(msg);
    default:
        return fail(SyscallError::illegal_operation());
    }
}

}  // namespace kern
