// SPDX-License-Identifier: BSD-2-Clause
// <domains>: the seL4 domain scheduler's domains and its schedule
// (reference/microkit.md §1.11). Read before any PD, wherever it stands in
// the file, since every PD then names its domain.
#include <string>
#include <string_view>

#include "parser.hpp"

namespace microkit::sdf {

namespace {

bool parse_domain(Parser& parser, pugi::xml_node element, Domains& domains, std::vector<bool>& id_given) {
    Reader& reader = parser.reader;
    if (!reader.check_attributes(element, {"name", "id"}) || !reader.check_no_children(element)) return false;
    DomainDefinition domain;
    domain.position = reader.position(element);
    if (!reader.required(element, "name", domain.name)) return false;
    std::optional<std::uint64_t> id;
    if (!reader.optional_number(element, "id", id)) return false;
    if (id && *id >= kSdkNumDomains) {
        return reader.value_error(element, "domain id " + std::to_string(*id) +
                                               " should be less than the configured KernelNumDomains value of " +
                                               std::to_string(kSdkNumDomains));
    }
    for (std::size_t i = 0; i < domains.domains.size(); ++i) {
        const DomainDefinition& other = domains.domains[i];
        if (other.name == domain.name) {
            return reader.value_error(element, "each <domain>'s name must be unique, found an existing domain '" +
                                                   domain.name + "'");
        }
        if (id && id_given[i] && other.id == *id) {
            return reader.value_error(element, "each <domain>'s id must be unique, found an existing domain '" +
                                                   other.name + "' with id " + std::to_string(*id));
        }
    }
    domain.id = id.value_or(0);
    id_given.push_back(id.has_value());
    domains.domains.push_back(std::move(domain));
    return true;
}

// "<value> us" or "<value> ticks", the value non-zero.
bool parse_schedule_entry(Parser& parser, pugi::xml_node element, Domains& domains) {
    Reader& reader = parser.reader;
    if (!reader.check_attributes(element, {"domain", "duration"}) || !reader.check_no_children(element)) return false;
    ScheduleEntry entry;
    entry.position = reader.position(element);
    std::string duration;
    if (!reader.required(element, "domain", entry.domain) || !reader.required(element, "duration", duration)) {
        return false;
    }
    bool declared = false;
    for (const DomainDefinition& domain : domains.domains) declared = declared || domain.name == entry.domain;
    if (!declared) return reader.value_error(element, "domain '" + entry.domain + "' does not exist");
    std::size_t space = duration.find(' ');
    if (space == std::string::npos) {
        return reader.value_error(element, "The duration '" + duration +
                                               "' must contain a value and a unit, e.g. '1000 us'");
    }
    if (!reader.number(element, duration.substr(0, space), entry.duration)) return false;
    if (entry.duration == 0) return reader.value_error(element, "The duration '" + duration + "' must be non-zero");
    std::string_view unit = std::string_view(duration).substr(space + 1);
    if (unit == "ticks") {
        entry.duration_in_ticks = true;
    } else if (unit != "us") {
        return reader.value_error(element, "The duration '" + duration + "' must be in either 'ticks' or 'us'");
    }
    domains.schedule.push_back(std::move(entry));
    return true;
}

bool parse_schedule(Parser& parser, pugi::xml_node element, Domains& domains) {
    Reader& reader = parser.reader;
    if (!reader.check_attributes(element, {"start_index", "index_shift"})) return false;
    if (!reader.optional_number(element, "start_index", domains.start_index) ||
        !reader.optional_number(element, "index_shift", domains.index_shift)) {
        return false;
    }
    for (pugi::xml_node child : element.children()) {
        if (child.type() != pugi::node_element) continue;
        std::string_view name = child.name();
        if (name != "schedule_entry" && name != "schedule_end_marker") {
            return reader.fail("Error: invalid XML element as child of <domain_schedule> '" + std::string(name) +
                               "': " + reader.where(child));
        }
        // The marker ends the kernel's schedule: nothing after it would ever run.
        if (domains.end_marker) {
            return reader.value_error(child, "nothing may follow the schedule_end_marker");
        }
        if (name == "schedule_entry") {
            if (!parse_schedule_entry(parser, child, domains)) return false;
        } else {
            if (!reader.check_attributes(child, {}) || !reader.check_no_children(child)) return false;
            domains.end_marker = true;
        }
    }
    // The end marker takes a slot of the kernel's schedule too.
    const std::uint64_t length = domains.schedule.size() + (domains.end_marker ? 1 : 0);
    if (length > kSdkNumDomainSchedules) {
        return reader.value_error(element, "more than the configured KernelNumDomainSchedules " +
                                               std::to_string(kSdkNumDomainSchedules) +
                                               " <schedule_entry> elements found");
    }
    if (domains.start_index >= length) {
        return reader.value_error(element, "schedule_start_index '" + std::to_string(domains.start_index) +
                                               "' must be less than the length of the schedule '" +
                                               std::to_string(length) + "'");
    }
    if (domains.index_shift > kSdkNumDomainSchedules - length) {
        return reader.value_error(element, "schedule_index_shift '" + std::to_string(domains.index_shift) +
                                               "' on top of the schedule length '" + std::to_string(length) +
                                               "' would exceed the configured KernelNumDomainSchedules " +
                                               std::to_string(kSdkNumDomainSchedules));
    }
    return true;
}

// Domains without an id get the lowest free ids, in the order written.
bool assign_ids(Parser& parser, pugi::xml_node element, Domains& domains, const std::vector<bool>& id_given) {
    std::vector<bool> taken(kSdkNumDomains, false);
    for (std::size_t i = 0; i < domains.domains.size(); ++i) {
        if (id_given[i]) taken[domains.domains[i].id] = true;
    }
    for (std::size_t i = 0; i < domains.domains.size(); ++i) {
        if (id_given[i]) continue;
        std::uint64_t id = 0;
        while (id < kSdkNumDomains && taken[id]) ++id;
        if (id == kSdkNumDomains) {
            return parser.reader.value_error(element, "Number of domains exceeds " + std::to_string(kSdkNumDomains));
        }
        taken[id] = true;
        domains.domains[i].id = id;
    }
    // The SDK's kernels have 16 domains; Tessera's kernel may be built with fewer.
    for (const DomainDefinition& domain : domains.domains) {
        if (domain.id >= parser.target.num_domains) {
            return parser.reader.value_error_at(domain.position, "domain",
                                                "domain id " + std::to_string(domain.id) + " of domain '" +
                                                    domain.name + "' must be less than the kernel's number of domains, " +
                                                    std::to_string(parser.target.num_domains));
        }
    }
    return true;
}

}  // namespace

bool parse_domains(Parser& parser, pugi::xml_node element) {
    Reader& reader = parser.reader;
    if (parser.system.domains) return reader.value_error(element, "domains must only be specified once");
    if (!reader.check_attributes(element, {})) return false;
    if (parser.target.num_cpus != 1) {
        return reader.value_error(element, "The domain scheduler is not supported in multicore builds of seL4");
    }
    Domains domains;
    domains.position = reader.position(element);
    std::vector<bool> id_given;
    pugi::xml_node schedule;
    for (pugi::xml_node child : element.children()) {
        if (child.type() != pugi::node_element) continue;
        std::string_view name = child.name();
        if (name == "domain") {
            if (!parse_domain(parser, child, domains, id_given)) return false;
        } else if (name == "domain_schedule") {
            if (schedule) return reader.value_error(child, "The <domain_schedule> element can only appear once");
            schedule = child;
        } else {
            return reader.fail("Error: invalid XML element as child of <domains> '" + std::string(name) +
                               "': " + reader.where(child));
        }
    }
    if (!schedule) return reader.value_error(element, "The <domain_schedule> element must appear once");
    if (!assign_ids(parser, element, domains, id_given)) return false;
    if (!parse_schedule(parser, schedule, domains)) return false;
    parser.system.domains = std::move(domains);
    return true;
}

}  // namespace microkit::sdf
