// SPDX-License-Identifier: BSD-2-Clause
// Scheduling domains and the DomainSet cap (sel4-abi.md §13, sel4-mcs.md
// §9.5). Tessera is built as seL4's default configuration: one domain
// (CONFIG_NUM_DOMAINS 1), so every thread is in domain 0 and no domain
// ever expires; the domain schedule (CONFIG_NUM_DOMAIN_SCHEDULES entries
// of (domain, duration in timer ticks), an entry of duration 0 ending it)
// is kept and validated as seL4 keeps it, for programs that configure it.
#pragma once

#include <kern/types.hpp>

namespace kern::domain {

inline constexpr word_t num_domains = 1;            // CONFIG_NUM_DOMAINS
inline constexpr word_t num_domain_schedules = 2;   // CONFIG_NUM_DOMAIN_SCHEDULES
// A duration must fit in 56 bits (the schedule entry's duration field).
inline constexpr std::uint64_t max_duration = (std::uint64_t{1} << 56) - 1;

struct ScheduleEntry {
    std::uint8_t domain = 0;
    std::uint64_t duration = 0;  // timer ticks; 0 marks the end of the schedule
    constexpr bool is_end_marker() const { return duration == 0; }
};

// The schedule and the index it starts from (ksDomSchedule, ksDomScheduleStart).
const ScheduleEntry& schedule_entry(word_t index);
word_t schedule_start();
// Boot state: entry 0 runs domain 0 for the longest duration, the rest end
// the schedule, and it starts at entry 0.
void reset();

}  // namespace kern::domain
