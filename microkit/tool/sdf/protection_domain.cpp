// SPDX-License-Identifier: BSD-2-Clause
// <protection_domain> and what it holds directly: program_image, map, irq,
// setvar and child PDs (reference/microkit.md §1.3-§1.8). Virtual machines
// and <cspace> are in virtual_machine.cpp and cspace.cpp.
#include <string>
#include <string_view>
#include <vector>

#include "number.hpp"
#include "parser.hpp"

namespace microkit::sdf {

namespace {

// The PD attributes that are plain values, in the order the Microkit tool checks them.
bool parse_pd_attributes(Parser& parser, pugi::xml_node element, bool is_child, ProtectionDomain& pd) {
    Reader& reader = parser.reader;
    const Target& target = parser.target;
    std::vector<std::string_view> allowed{"name", "priority", "budget", "period", "passive",
                                          "stack_size", "smc", "cpu", "domain", "fpu"};
    // A child's id names it to its parent; a root PD has no parent to name it.
    if (is_child) {
        allowed.push_back("id");
        allowed.push_back("setvar_id");
    }
    if (!reader.check_attributes(element, allowed)) return false;
    if (!reader.required(element, "name", pd.name)) return false;
    if (is_child) {
        std::uint64_t id = 0;
        if (!reader.required_number(element, "id", id)) return false;
        // The parent receives the child's faults with the id in the badge's
        // low bits and holds its TCB cap in slot 202 + id (§2.4, §2.5).
        if (id > kMaxChannelId) {
            return reader.value_error(element, "id must be < " + std::to_string(kMaxChannelId + 1) +
                                                   " (a child's id selects a badge bit and a capability slot of its parent)");
        }
        pd.id = id;
        pd.setvar_id = reader.optional_string(element, "setvar_id");
    }

    pd.budget = kDefaultBudget;
    if (!reader.optional_number(element, "budget", pd.budget)) return false;
    pd.period = pd.budget;
    if (!reader.optional_number(element, "period", pd.period)) return false;
    if (pd.budget > pd.period) {
        return reader.value_error(element, "budget (" + std::to_string(pd.budget) +
                                               ") must be less than, or equal to, period (" +
                                               std::to_string(pd.period) + ")");
    }
    if (!reader.optional_bool(element, "passive", pd.passive)) return false;
    pd.stack_size = kDefaultStackSize;
    if (!reader.optional_number(element, "stack_size", pd.stack_size)) return false;

    if (!reader.optional_bool(element, "smc", pd.smc)) return false;
    if (pd.smc && target.arch != Arch::AArch64) {
        return reader.value_error(element, "ARM SMC forwarding support is not available for this architecture");
    }
    if (pd.smc && !target.smc_forwarding) {
        return reader.value_error(
            element, "Using SMC support without ARM SMC forwarding support enabled in the kernel for this platform");
    }

    if (!reader.optional_number(element, "cpu", pd.cpu)) return false;
    if (pd.cpu >= target.num_cpus) {
        return reader.value_error(element, "cpu core must be less than " + std::to_string(target.num_cpus) +
                                               ", got " + std::to_string(pd.cpu));
    }

    pd.domain = reader.optional_string(element, "domain");
    if (parser.system.domains) {
        std::string domain;
        if (!reader.required(element, "domain", domain)) return false;
        bool declared = false;
        for (const DomainDefinition& definition : parser.system.domains->domains) {
            declared = declared || definition.name == domain;
        }
        if (!declared) return reader.value_error(element, "domain '" + domain + "' is not declared in <domains>");
    } else if (pd.domain) {
        return reader.value_error(element, "Specifying a domain '" + *pd.domain +
                                               "' without declaring a domain schedule is not allowed");
    }

    if (pd.stack_size < kMinStackSize || pd.stack_size > kMaxStackSize) {
        return reader.value_error(element, "stack size must be between " + hex(kMinStackSize) + " bytes and " +
                                               hex(kMaxStackSize) + " bytes");
    }
    if (pd.stack_size % kSmallPageSize != 0) {
        return reader.value_error(element, "stack size must be aligned to the smallest page size, " +
                                               std::to_string(kSmallPageSize) + " bytes");
    }
    if (!reader.optional_number(element, "priority", pd.priority)) return false;
    if (pd.priority > kMaxPriority) {
        return reader.value_error(element, "priority must be between 0 and " + std::to_string(kMaxPriority));
    }
    return reader.optional_bool(element, "fpu", pd.fpu);
}

bool parse_program_image(Parser& parser, pugi::xml_node element, std::size_t pd) {
    Reader& reader = parser.reader;
    if (!reader.check_attributes(element, {"path", "path_for_symbols"}) || !reader.check_no_children(element)) {
        return false;
    }
    if (!reader.required(element, "path", parser.system.pds[pd].program_image)) return false;
    parser.system.pds[pd].path_for_symbols = reader.optional_string(element, "path_for_symbols");
    return true;
}

bool parse_pd_map(Parser& parser, pugi::xml_node element, std::size_t pd) {
    Map map;
    if (!parse_map(parser, element, true, pd_map_limit(parser.target, parser.system.pds[pd].stack_size), map)) {
        return false;
    }
    for (const auto* symbol : {&map.setvar_vaddr, &map.setvar_size, &map.setvar_prefill_size}) {
        if (*symbol && !add_symbol(parser, pd, **symbol, element)) return false;
    }
    parser.system.pds[pd].maps.push_back(std::move(map));
    return true;
}

bool parse_irq(Parser& parser, pugi::xml_node element, std::size_t pd) {
    Reader& reader = parser.reader;
    // The x86 forms (I/O APIC pin, MSI pcidev) name no 'irq' (§1.7).
    if (!element.attribute("irq")) {
        if (element.attribute("pin")) {
            return reader.value_error(element, "x86 I/O APIC IRQ isn't supported on ARM and RISC-V");
        }
        if (element.attribute("pcidev")) {
            return reader.value_error(element, "x86 MSI IRQ isn't supported on ARM and RISC-V");
        }
    }
    if (!reader.check_attributes(element, {"irq", "id", "setvar_id", "trigger"}) ||
        !reader.check_no_children(element)) {
        return false;
    }
    Irq irq;
    irq.position = reader.position(element);
    std::string irq_text;
    std::string id_text;
    if (!reader.required(element, "irq", irq_text) || !reader.required(element, "id", id_text)) return false;
    std::int64_t id = 0;
    if (!reader.decimal_signed(element, "id", id_text, id)) return false;
    if (id > static_cast<std::int64_t>(kMaxChannelId)) {
        return reader.value_error(element, "id must be < " + std::to_string(kMaxChannelId + 1));
    }
    if (id < 0) return reader.value_error(element, "id must be >= 0");
    irq.id = static_cast<std::uint64_t>(id);
    if (!reader.decimal_unsigned(element, "irq", irq_text, irq.irq)) return false;
    if (auto trigger = reader.optional_string(element, "trigger")) {
        if (*trigger == "level") {
            irq.trigger = Trigger::Level;
        } else if (*trigger == "edge") {
            irq.trigger = Trigger::Edge;
        } else {
            return reader.value_error(element, "trigger must be either 'level' or 'edge'");
        }
    }
    irq.setvar_id = reader.optional_string(element, "setvar_id");
    if (irq.setvar_id && !add_symbol(parser, pd, *irq.setvar_id, element)) return false;
    parser.system.pds[pd].irqs.push_back(std::move(irq));
    return true;
}

bool parse_setvar(Parser& parser, pugi::xml_node element, std::size_t pd) {
    Reader& reader = parser.reader;
    if (!reader.check_attributes(element, {"symbol", "region_paddr"}) || !reader.check_no_children(element)) {
        return false;
    }
    SetVarRegionPaddr setvar;
    setvar.position = reader.position(element);
    if (!reader.required(element, "symbol", setvar.symbol) ||
        !reader.required(element, "region_paddr", setvar.region)) {
        return false;
    }
    if (!add_symbol(parser, pd, setvar.symbol, element)) return false;
    parser.system.pds[pd].setvars.push_back(std::move(setvar));
    return true;
}

// Children are told apart by their id: unique among siblings, and distinct
// from the vcpu ids of the parent's VM, whose faults arrive the same way.
bool check_child_ids(Parser& parser, std::size_t parent) {
    const std::vector<ProtectionDomain>& pds = parser.system.pds;
    const ProtectionDomain& pd = pds[parent];
    std::set<std::uint64_t> seen;
    for (std::size_t i = parent + 1; i < pds.size(); ++i) {
        if (pds[i].parent != parent) continue;
        std::uint64_t id = pds[i].id.value_or(0);
        if (!seen.insert(id).second) {
            return parser.reader.fail("Error: duplicate id: " + std::to_string(id) + " in protection domain: '" +
                                      pd.name + "' @ " + pds[i].position.text());
        }
        if (!pd.virtual_machine) continue;
        for (const Vcpu& vcpu : pd.virtual_machine->vcpus) {
            if (vcpu.id == id) {
                return parser.reader.fail("Error: duplicate id: " + std::to_string(id) +
                                          " clashes with virtual machine vcpu id in protection domain: '" + pd.name +
                                          "' @ " + pds[i].position.text());
            }
        }
    }
    return true;
}

}  // namespace

bool parse_protection_domain(Parser& parser, pugi::xml_node element, std::optional<std::size_t> parent) {
    Reader& reader = parser.reader;
    ProtectionDomain parsed;
    parsed.position = reader.position(element);
    parsed.parent = parent;
    if (!parse_pd_attributes(parser, element, parent.has_value(), parsed)) return false;

    // Parent before children, depth first: the order is the PD's index (§1.3).
    const std::size_t pd = parser.system.pds.size();
    parser.system.pds.push_back(std::move(parsed));
    parser.symbols.emplace_back();
    if (parent && parser.system.pds[pd].setvar_id) {
        if (!add_symbol(parser, *parent, *parser.system.pds[pd].setvar_id, element)) return false;
    }

    bool have_program_image = false;
    bool have_cspace = false;
    for (pugi::xml_node child : element.children()) {
        if (child.type() != pugi::node_element) continue;
        std::string_view name = child.name();
        bool ok = true;
        if (name == "program_image") {
            if (have_program_image) return reader.value_error(element, "program_image must only be specified once");
            have_program_image = true;
            ok = parse_program_image(parser, child, pd);
        } else if (name == "map") {
            ok = parse_pd_map(parser, child, pd);
        } else if (name == "irq") {
            ok = parse_irq(parser, child, pd);
        } else if (name == "setvar") {
            ok = parse_setvar(parser, child, pd);
        } else if (name == "protection_domain") {
            ok = parse_protection_domain(parser, child, pd);
        } else if (name == "virtual_machine") {
            if (!parser.target.hypervisor) {
                return reader.value_error(element,
                                          "seL4 has not been built as a hypervisor, virtual machines are disabled");
            }
            if (parser.system.pds[pd].virtual_machine) {
                return reader.value_error(element, "virtual_machine must only be specified once");
            }
            ok = parse_virtual_machine(parser, child, pd);
        } else if (name == "cspace") {
            if (have_cspace) return reader.value_error(element, "cspace must only be specified once");
            have_cspace = true;
            ok = parse_cspace(parser, child, pd);
        } else if (name == "ioport") {
            return reader.value_error(element, "I/O Ports are only available on x86");
        } else {
            // The Microkit tool words this one case with a capital and no "Error:" (§1.1).
            return reader.fail("Invalid XML element '" + std::string(name) + "': " + reader.where(child));
        }
        if (!ok) return false;
    }
    if (!have_program_image) {
        return reader.fail("Error: missing 'program_image' element on protection_domain: '" +
                           parser.system.pds[pd].name + "'");
    }
    return check_child_ids(parser, pd);
}

bool parse_map(Parser& parser, pugi::xml_node element, bool allow_setvar, std::uint64_t limit, Map& map) {
    Reader& reader = parser.reader;
    std::vector<std::string_view> allowed{"mr", "vaddr", "perms", "cached"};
    if (allow_setvar) allowed.insert(allowed.end(), {"setvar_vaddr", "setvar_size", "setvar_prefill_size"});
    if (!reader.check_attributes(element, allowed) || !reader.check_no_children(element)) return false;
    map.position = reader.position(element);
    if (!reader.required(element, "mr", map.mr) || !reader.required_number(element, "vaddr", map.vaddr)) {
        return false;
    }
    if (map.vaddr >= limit) {
        return reader.value_error(element, "vaddr (" + hex(map.vaddr) + ") must be less than " + hex(limit));
    }
    if (auto perms = reader.optional_string(element, "perms")) {
        // Any of r, w, x in any order; the empty string means no rights at all (§1.5).
        map.read = map.write = map.execute = false;
        for (char c : *perms) {
            if (c == 'r') {
                map.read = true;
            } else if (c == 'w') {
                map.write = true;
            } else if (c == 'x') {
                map.execute = true;
            } else {
                return reader.value_error(element, "perms must only be a combination of 'r', 'w', and 'x'");
            }
        }
        // No architecture's page tables can express write without read.
        if (map.write && !map.read && !map.execute) {
            return reader.value_error(element, "perms must not be 'w', write-only mappings are not allowed");
        }
    }
    if (!reader.optional_bool(element, "cached", map.cached)) return false;
    if (allow_setvar) {
        map.setvar_vaddr = reader.optional_string(element, "setvar_vaddr");
        map.setvar_size = reader.optional_string(element, "setvar_size");
        map.setvar_prefill_size = reader.optional_string(element, "setvar_prefill_size");
    }
    return true;
}

}  // namespace microkit::sdf
