// SPDX-License-Identifier: BSD-2-Clause
// <virtual_machine> inside a PD, with its <vcpu> and <map> children
// (reference/microkit.md §1.10). Only reached when the kernel is a hypervisor.
#include <string>
#include <string_view>

#include "number.hpp"
#include "parser.hpp"

namespace microkit::sdf {

namespace {

bool parse_vcpu(Parser& parser, pugi::xml_node element, std::size_t pd, VirtualMachine& vm) {
    Reader& reader = parser.reader;
    if (!reader.check_attributes(element, {"id", "setvar_id", "cpu"}) || !reader.check_no_children(element)) {
        return false;
    }
    Vcpu vcpu;
    vcpu.position = reader.position(element);
    std::string id_text;
    if (!reader.required(element, "id", id_text) || !reader.decimal_unsigned(element, "id", id_text, vcpu.id)) {
        return false;
    }
    // The parent reaches vCPU v through slots 266 + v and 330 + v and sees its faults with v in the badge.
    if (vcpu.id > kMaxChannelId) {
        return reader.value_error(element, "id must be < " + std::to_string(kMaxChannelId + 1));
    }
    for (const Vcpu& other : vm.vcpus) {
        if (other.id == vcpu.id) {
            return reader.fail("Error: duplicate vcpu id " + std::to_string(vcpu.id) + " in virtual machine '" +
                               vm.name + "' @ " + reader.where(element));
        }
    }
    if (!reader.optional_number(element, "cpu", vcpu.cpu)) return false;
    if (vcpu.cpu && *vcpu.cpu >= parser.target.num_cpus) {
        return reader.value_error(element, "cpu core must be less than " + std::to_string(parser.target.num_cpus) +
                                               ", got " + std::to_string(*vcpu.cpu));
    }
    // The symbol is patched in the VMM, the PD that holds the VM.
    vcpu.setvar_id = reader.optional_string(element, "setvar_id");
    if (vcpu.setvar_id && !add_symbol(parser, pd, *vcpu.setvar_id, element)) return false;
    vm.vcpus.push_back(std::move(vcpu));
    return true;
}

}  // namespace

bool parse_virtual_machine(Parser& parser, pugi::xml_node element, std::size_t pd) {
    Reader& reader = parser.reader;
    // Scheduling parameters of their own exist only for AArch64 VMs.
    const bool own_scheduling = parser.target.arch == Arch::AArch64;
    bool attributes_ok = own_scheduling ? reader.check_attributes(element, {"name", "budget", "period", "priority"})
                                        : reader.check_attributes(element, {"name"});
    if (!attributes_ok) return false;
    VirtualMachine vm;
    vm.position = reader.position(element);
    if (!reader.required(element, "name", vm.name)) return false;
    if (own_scheduling) {
        vm.budget = kDefaultBudget;
        if (!reader.optional_number(element, "budget", vm.budget)) return false;
        vm.period = vm.budget;
        if (!reader.optional_number(element, "period", vm.period)) return false;
        if (vm.budget > vm.period) {
            return reader.value_error(element, "budget (" + std::to_string(vm.budget) +
                                                   ") must be less than, or equal to, period (" +
                                                   std::to_string(vm.period) + ")");
        }
        if (!reader.optional_number(element, "priority", vm.priority)) return false;
        if (vm.priority > kMaxPriority) {
            return reader.value_error(element, "priority must be between 0 and " + std::to_string(kMaxPriority));
        }
    }
    for (pugi::xml_node child : element.children()) {
        if (child.type() != pugi::node_element) continue;
        std::string_view name = child.name();
        if (name == "vcpu") {
            if (!parse_vcpu(parser, child, pd, vm)) return false;
        } else if (name == "map") {
            // Guest-physical addresses, and no program image to patch: no setvar attributes.
            Map map;
            if (!parse_map(parser, child, false, vm_map_limit(parser.target), map)) return false;
            vm.maps.push_back(std::move(map));
        } else {
            return reader.invalid_element(child);
        }
    }
    if (vm.vcpus.empty()) return reader.fail("Error: missing 'vcpu' element on virtual_machine: '" + vm.name + "'");
    parser.system.pds[pd].virtual_machine = std::move(vm);
    return true;
}

}  // namespace microkit::sdf
