// SPDX-License-Identifier: BSD-2-Clause
// Invalid corpus files about memory regions, channels, domains and the
// limits of a whole system, each with the one line the parser must print.
#include "corpus.hpp"

namespace microkit::sdf::test {

namespace {
constexpr Variant kA = Variant::AArch64;
constexpr Variant kR = Variant::RiscV64;
constexpr Variant kSmp = Variant::AArch64Smp;
}  // namespace

std::vector<InvalidCase> system_cases() {
    return {
        // Names and counts.
        {"pd_monitor_name.system", kA, "Error: the PD name 'monitor' is reserved for the Microkit Monitor."},
        {"pd_duplicate_name.system", kA, "Error: duplicate protection domain name 'a'."},
        {"no_pds.system", kA, "Error: at least one protection domain must be defined"},
        {"too_many_pds.system", kA, "Error: too many protection domains (64) defined. Maximum is 63."},

        // <memory_region>.
        {"mr_missing_name.system", kA,
         "Error: Missing required attribute 'name' on element 'memory_region': mr_missing_name.system:3:5"},
        {"mr_missing_size.system", kA,
         "Error: size must be specified if memory region is not prefilled on element 'memory_region': "
         "mr_missing_size.system:3:5"},
        {"mr_size_not_multiple.system", kA,
         "Error: size is not a multiple of the page size on element 'memory_region': mr_size_not_multiple.system:3:5"},
        {"mr_size_not_multiple_large.system", kR,
         "Error: size is not a multiple of the page size on element 'memory_region': "
         "mr_size_not_multiple_large.system:3:5"},
        {"mr_page_size.system", kA, "Error: page size 0x10000 not supported on element 'memory_region': mr_page_size.system:3:5"},
        {"mr_phys_unaligned.system", kA,
         "Error: phys_addr is not aligned to the page size on element 'memory_region': mr_phys_unaligned.system:3:5"},
        {"mr_phys_overlap.system", kA,
         "Error: memory region 'b' physical address range [0x9001000..0x9002000) overlaps with another memory region "
         "'mem' [0x9000000..0x9002000) @ mr_phys_overlap.system:4:5"},
        {"mr_phys_overflow.system", kA,
         "Error: phys_addr + size overflows the physical address space on element 'memory_region': "
         "mr_phys_overflow.system:3:5"},
        {"mr_duplicate_name.system", kA, "Error: duplicate memory region name 'mem'."},
        {"mr_invalid_attribute.system", kA,
         "Error: invalid attribute 'paddr' on element 'memory_region': mr_invalid_attribute.system:3:5"},
        {"mr_prefill_missing.system", kA,
         "Error: unable to find prefill file: 'data/missing.bin' on element 'memory_region': "
         "mr_prefill_missing.system:3:5"},
        {"mr_prefill_empty.system", kA,
         "Error: prefill file 'data/empty.bin' is empty on element 'memory_region': mr_prefill_empty.system:3:5"},
        {"mr_prefill_too_large.system", kA,
         "Error: size of prefill file exceeds memory region size: 1388 > 1000 on element 'memory_region': "
         "mr_prefill_too_large.system:3:5"},
        {"mr_prefill_both.system", kA,
         "Error: prefill_path and prefill_bootinfo cannot be both specified on element 'memory_region': "
         "mr_prefill_both.system:3:5"},
        {"mr_bootinfo_x86.system", kR,
         "Error: BootInfoMap type: 'x86_acpi_rsdp' is only available on x86 on element 'memory_region': "
         "mr_bootinfo_x86.system:3:5"},
        {"mr_bootinfo_unknown.system", kA,
         "Error: BootInfoMap type: 'dtb' is not supported on element 'memory_region': mr_bootinfo_unknown.system:3:5"},
        {"mr_child.system", kA, "Error: invalid XML element 'map': mr_child.system:4:9"},

        // <channel> and <end>.
        {"ch_one_end.system", kA,
         "Error: exactly two end elements must be specified on element 'channel': ch_one_end.system:9:5"},
        {"ch_three_ends.system", kA,
         "Error: exactly two end elements must be specified on element 'channel': ch_three_ends.system:9:5"},
        {"ch_invalid_child.system", kA, "Error: invalid XML element 'endpoint': ch_invalid_child.system:10:9"},
        {"ch_attribute.system", kA, "Error: invalid attribute 'name' on element 'channel': ch_attribute.system:9:5"},
        {"ch_unknown_pd.system", kA, "Error: invalid PD name 'c' on element 'end': ch_unknown_pd.system:10:9"},
        {"ch_missing_pd.system", kA, "Error: Missing required attribute 'pd' on element 'end': ch_missing_pd.system:10:9"},
        {"ch_id_62.system", kA, "Error: id must be < 62 on element 'end': ch_id_62.system:10:9"},
        {"ch_id_negative.system", kA, "Error: id must be >= 0 on element 'end': ch_id_negative.system:10:9"},
        {"ch_id_hex.system", kA,
         "Error: id must be a decimal integer, failed to parse '0x2': invalid digit found in string on element 'end': "
         "ch_id_hex.system:10:9"},
        {"ch_id_duplicate.system", kA, "Error: duplicate channel id: 1 in protection domain: 'a' @ ch_id_duplicate.system:3:5"},
        {"ch_pp_both.system", kA, "Error: cannot ppc bidirectionally on element 'channel': ch_pp_both.system:9:5"},
        {"ch_ppc_priority.system", kA,
         "Error: PPCs must be to protection domains of strictly higher priorities; channel with PPC exists from pd b "
         "(priority: 20) to pd a (priority: 10)"},
        {"ch_ppc_equal_priority.system", kR,
         "Error: PPCs must be to protection domains of strictly higher priorities; channel with PPC exists from pd a "
         "(priority: 20) to pd b (priority: 20)"},
        {"ch_notify_bool.system", kA, "Error: notify must be 'true' or 'false' on element 'end': ch_notify_bool.system:10:9"},
        {"ch_pp_bool.system", kA, "Error: pp must be 'true' or 'false' on element 'end': ch_pp_bool.system:11:9"},
        {"ch_setvar_duplicate.system", kA,
         "Error: setvar on symbol 'ch' already exists on element 'end': ch_setvar_duplicate.system:12:9"},

        // <domains>.
        {"domains_twice.system", kA, "Error: domains must only be specified once on element 'domains': domains_twice.system:12:5"},
        {"domain_id_16.system", kA,
         "Error: domain id 16 should be less than the configured KernelNumDomains value of 16 on element 'domain': "
         "domain_id_16.system:4:9"},
        {"domain_id_kernel.system", kA,
         "Error: domain id 1 of domain 'd' must be less than the kernel's number of domains, 1 on element 'domain': "
         "domain_id_kernel.system:4:9"},
        {"domain_auto_kernel.system", kA,
         "Error: domain id 1 of domain 'e' must be less than the kernel's number of domains, 1 on element 'domain': "
         "domain_auto_kernel.system:5:9"},
        {"domain_too_many.system", kA, "Error: Number of domains exceeds 16 on element 'domains': domain_too_many.system:3:5"},
        {"domain_duplicate_name.system", kA,
         "Error: each <domain>'s name must be unique, found an existing domain 'd' on element 'domain': "
         "domain_duplicate_name.system:5:9"},
        {"domain_duplicate_id.system", kA,
         "Error: each <domain>'s id must be unique, found an existing domain 'd' with id 0 on element 'domain': "
         "domain_duplicate_id.system:5:9"},
        {"domains_no_schedule.system", kA,
         "Error: The <domain_schedule> element must appear once on element 'domains': domains_no_schedule.system:3:5"},
        {"domains_two_schedules.system", kA,
         "Error: The <domain_schedule> element can only appear once on element 'domain_schedule': "
         "domains_two_schedules.system:8:9"},
        {"domains_unknown_child.system", kA,
         "Error: invalid XML element as child of <domains> 'schedule': domains_unknown_child.system:5:9"},
        {"domains_attribute.system", kA, "Error: invalid attribute 'count' on element 'domains': domains_attribute.system:3:5"},
        {"schedule_unknown_child.system", kA,
         "Error: invalid XML element as child of <domain_schedule> 'entry': schedule_unknown_child.system:7:13"},
        {"schedule_entry_unknown_domain.system", kA,
         "Error: domain 'x' does not exist on element 'schedule_entry': schedule_entry_unknown_domain.system:6:13"},
        {"duration_no_unit.system", kA,
         "Error: The duration '100' must contain a value and a unit, e.g. '1000 us' on element 'schedule_entry': "
         "duration_no_unit.system:6:13"},
        {"duration_zero.system", kA,
         "Error: The duration '0 us' must be non-zero on element 'schedule_entry': duration_zero.system:6:13"},
        {"duration_bad_unit.system", kA,
         "Error: The duration '100 ms' must be in either 'ticks' or 'us' on element 'schedule_entry': "
         "duration_bad_unit.system:6:13"},
        {"duration_bad_number.system", kA,
         "Error: failed to parse integer '1o0' on element 'schedule_entry': invalid digit found in string"},
        {"schedule_start_index.system", kA,
         "Error: schedule_start_index '1' must be less than the length of the schedule '1' on element "
         "'domain_schedule': schedule_start_index.system:5:9"},
        {"schedule_index_shift.system", kA,
         "Error: schedule_index_shift '100' on top of the schedule length '1' would exceed the configured "
         "KernelNumDomainSchedules 100 on element 'domain_schedule': schedule_index_shift.system:5:9"},
        {"schedule_too_long.system", kA,
         "Error: more than the configured KernelNumDomainSchedules 100 <schedule_entry> elements found on element "
         "'domain_schedule': schedule_too_long.system:5:9"},
        {"schedule_after_marker.system", kA,
         "Error: nothing may follow the schedule_end_marker on element 'schedule_entry': schedule_after_marker.system:8:13"},
        {"domains_smp.system", kSmp,
         "Error: The domain scheduler is not supported in multicore builds of seL4 on element 'domains': "
         "domains_smp.system:3:5"},
    };
}

}  // namespace microkit::sdf::test
