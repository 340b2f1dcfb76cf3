// SPDX-License-Identifier: BSD-2-Clause
// Invalid corpus files about the document and the elements a protection
// domain holds, each with the one line the parser must print. Where the
// Microkit 2.3.0 tool has a message for the case, the line is that message
// (reference/microkit.md §1); the rest follow its shape.
#include "corpus.hpp"

namespace microkit::sdf::test {

namespace {
constexpr Variant kA = Variant::AArch64;
constexpr Variant kR = Variant::RiscV64;
constexpr Variant kHyp = Variant::AArch64Hyp;
constexpr Variant kRHyp = Variant::RiscV64Hyp;
}  // namespace

std::vector<InvalidCase> element_cases() {
    return {
        // The document.
        {"xml_malformed.system", kA,
         "Error: could not parse 'xml_malformed.system': Start-end tags mismatch: xml_malformed.system:5:7"},
        {"root_not_system.system", kA, "Error: the root element must be 'system', found 'sdf': root_not_system.system:2:1"},
        {"text_in_system.system", kA, "Error: unexpected text found in element 'system' @ text_in_system.system:2:1"},
        {"text_in_element.system", kA,
         "Error: unexpected text found in element 'protection_domain' @ text_in_element.system:3:5"},
        {"text_after_element.system", kA,
         "Error: unexpected text found after element 'program_image' @ text_after_element.system:4:9"},
        {"cdata_text.system", kA, "Error: unexpected text found after element 'memory_region' @ cdata_text.system:3:5"},
        {"text_after_system.system", kA, "Error: unexpected text found after element 'system' @ text_after_system.system:2:1"},
        {"text_before_system.system", kA,
         "Error: unexpected text found before element 'system' @ text_before_system.system:2:1"},
        {"system_attribute.system", kA, "Error: invalid attribute 'version' on element 'system': system_attribute.system:2:1"},
        {"system_unknown_child.system", kA, "Error: invalid XML element 'protection_domains': system_unknown_child.system:3:5"},
        {"duplicate_attribute.system", kA,
         "Error: duplicate attribute 'priority' on element 'protection_domain': duplicate_attribute.system:3:5"},
        {"leaf_with_child.system", kA, "Error: invalid XML element 'extra': leaf_with_child.system:5:13"},

        // <protection_domain> attributes, numbers and booleans.
        {"pd_invalid_attribute.system", kA,
         "Error: invalid attribute 'foo' on element 'protection_domain': pd_invalid_attribute.system:3:5"},
        {"pd_pp_removed.system", kA, "Error: invalid attribute 'pp' on element 'protection_domain': pd_pp_removed.system:3:5"},
        {"pd_missing_name.system", kA,
         "Error: Missing required attribute 'name' on element 'protection_domain': pd_missing_name.system:3:5"},
        {"pd_unknown_child.system", kA, "Invalid XML element 'mapping': pd_unknown_child.system:5:9"},
        {"pd_priority_255.system", kA,
         "Error: priority must be between 0 and 254 on element 'protection_domain': pd_priority_255.system:3:5"},
        {"pd_priority_text.system", kA,
         "Error: failed to parse integer 'high' on element 'protection_domain': invalid digit found in string"},
        {"number_empty_hex.system", kA,
         "Error: failed to parse integer '0x' on element 'protection_domain': cannot parse integer from empty string"},
        {"number_overflow.system", kA,
         "Error: failed to parse integer '18446744073709551616' on element 'protection_domain': number too large to fit "
         "in target type"},
        {"number_upper_hex_prefix.system", kA,
         "Error: failed to parse integer '0X2000' on element 'protection_domain': invalid digit found in string"},
        {"pd_budget_gt_period.system", kA,
         "Error: budget (2000) must be less than, or equal to, period (1000) on element 'protection_domain': "
         "pd_budget_gt_period.system:3:5"},
        {"pd_period_below_default_budget.system", kA,
         "Error: budget (1000) must be less than, or equal to, period (500) on element 'protection_domain': "
         "pd_period_below_default_budget.system:3:5"},
        {"pd_passive_bool.system", kA,
         "Error: passive must be 'true' or 'false' on element 'protection_domain': pd_passive_bool.system:3:5"},
        {"pd_fpu_bool.system", kA, "Error: fpu must be 'true' or 'false' on element 'protection_domain': pd_fpu_bool.system:3:5"},
        {"pd_smc_bool.system", kA, "Error: smc must be 'true' or 'false' on element 'protection_domain': pd_smc_bool.system:3:5"},
        {"pd_stack_small.system", kA,
         "Error: stack size must be between 0x1000 bytes and 0x1000000 bytes on element 'protection_domain': "
         "pd_stack_small.system:3:5"},
        {"pd_stack_large.system", kA,
         "Error: stack size must be between 0x1000 bytes and 0x1000000 bytes on element 'protection_domain': "
         "pd_stack_large.system:3:5"},
        {"pd_stack_unaligned.system", kA,
         "Error: stack size must be aligned to the smallest page size, 4096 bytes on element 'protection_domain': "
         "pd_stack_unaligned.system:3:5"},
        {"pd_cpu.system", kA, "Error: cpu core must be less than 1, got 1 on element 'protection_domain': pd_cpu.system:3:5"},
        {"pd_smc_disabled.system", kA,
         "Error: Using SMC support without ARM SMC forwarding support enabled in the kernel for this platform on element "
         "'protection_domain': pd_smc_disabled.system:3:5"},
        {"pd_smc_riscv.system", kR,
         "Error: ARM SMC forwarding support is not available for this architecture on element 'protection_domain': "
         "pd_smc_riscv.system:3:5"},
        {"pd_domain_without_domains.system", kA,
         "Error: Specifying a domain 'd' without declaring a domain schedule is not allowed on element "
         "'protection_domain': pd_domain_without_domains.system:3:5"},
        {"pd_domain_missing.system", kA,
         "Error: Missing required attribute 'domain' on element 'protection_domain': pd_domain_missing.system:9:5"},
        {"pd_domain_undeclared.system", kA,
         "Error: domain 'other' is not declared in <domains> on element 'protection_domain': "
         "pd_domain_undeclared.system:9:5"},

        // Child PDs.
        {"child_missing_id.system", kA,
         "Error: Missing required attribute 'id' on element 'protection_domain': child_missing_id.system:5:9"},
        {"root_with_id.system", kA, "Error: invalid attribute 'id' on element 'protection_domain': root_with_id.system:3:5"},
        {"root_with_setvar_id.system", kA,
         "Error: invalid attribute 'setvar_id' on element 'protection_domain': root_with_setvar_id.system:3:5"},
        {"child_duplicate_id.system", kA, "Error: duplicate id: 1 in protection domain: 'a' @ child_duplicate_id.system:8:9"},
        {"child_id_62.system", kA,
         "Error: id must be < 62 (a child's id selects a badge bit and a capability slot of its parent) on element "
         "'protection_domain': child_id_62.system:5:9"},
        {"child_id_vcpu_clash.system", kHyp,
         "Error: duplicate id: 0 clashes with virtual machine vcpu id in protection domain: 'a' @ "
         "child_id_vcpu_clash.system:8:9"},
        {"child_setvar_id_clash.system", kA,
         "Error: setvar on symbol 'x' already exists on element 'protection_domain': child_setvar_id_clash.system:7:9"},

        // <program_image>.
        {"program_image_missing.system", kA, "Error: missing 'program_image' element on protection_domain: 'a'"},
        {"program_image_twice.system", kA,
         "Error: program_image must only be specified once on element 'protection_domain': program_image_twice.system:3:5"},
        {"program_image_no_path.system", kA,
         "Error: Missing required attribute 'path' on element 'program_image': program_image_no_path.system:4:9"},
        {"program_image_attribute.system", kA,
         "Error: invalid attribute 'elf' on element 'program_image': program_image_attribute.system:4:9"},

        // <map> and the setvar symbols of a PD.
        {"map_unknown_mr.system", kA, "Error: invalid memory region name 'nope' on 'map' @ map_unknown_mr.system:6:9"},
        {"map_unaligned.system", kA, "Error: invalid vaddr alignment on 'map' @ map_unaligned.system:6:9"},
        {"map_unaligned_large_page.system", kA, "Error: invalid vaddr alignment on 'map' @ map_unaligned_large_page.system:6:9"},
        {"map_vaddr_at_stack.system", kA,
         "Error: vaddr (0x7fffffffc000) must be less than 0x7fffffffc000 on element 'map': map_vaddr_at_stack.system:6:9"},
        {"map_vaddr_at_large_stack.system", kA,
         "Error: vaddr (0x7ffffffee000) must be less than 0x7ffffffee000 on element 'map': "
         "map_vaddr_at_large_stack.system:6:9"},
        {"map_exceeds.system", kA,
         "Error: map for 'mem' has virtual address range [0x7fffffffb000..0x7fffffffd000) which exceeds valid address "
         "space [0x0..0x7fffffffc000) @ map_exceeds.system:6:9"},
        {"map_riscv_limit.system", kR,
         "Error: vaddr (0x3fffffb000) must be less than 0x3fffffb000 on element 'map': map_riscv_limit.system:6:9"},
        {"map_overflow.system", kA, "Error: map for 'huge' has address range that overflows @ map_overflow.system:6:9"},
        {"map_perms_invalid.system", kA,
         "Error: perms must only be a combination of 'r', 'w', and 'x' on element 'map': map_perms_invalid.system:6:9"},
        {"map_write_only.system", kA,
         "Error: perms must not be 'w', write-only mappings are not allowed on element 'map': map_write_only.system:6:9"},
        {"map_cached_bool.system", kA, "Error: cached must be 'true' or 'false' on element 'map': map_cached_bool.system:6:9"},
        {"map_missing_vaddr.system", kA, "Error: Missing required attribute 'vaddr' on element 'map': map_missing_vaddr.system:6:9"},
        {"map_overlap.system", kA,
         "Error: map for 'mem2' has virtual address range [0x3ff000..0x401000) which overlaps with map for 'mem' "
         "[0x400000..0x401000) in protection domain 'a' @ map_overlap.system:8:9"},
        {"map_setvar_duplicate.system", kA,
         "Error: setvar on symbol 'x' already exists on element 'map': map_setvar_duplicate.system:6:9"},
        {"setvar_duplicate.system", kA,
         "Error: setvar on symbol 'base' already exists on element 'setvar': setvar_duplicate.system:7:9"},
        {"irq_setvar_duplicate.system", kA,
         "Error: setvar on symbol 'v' already exists on element 'irq': irq_setvar_duplicate.system:7:9"},
        {"setvar_unknown_region.system", kA,
         "Error: invalid memory region name 'nope' on 'setvar' @ setvar_unknown_region.system:7:9"},
        {"setvar_missing_symbol.system", kA,
         "Error: Missing required attribute 'symbol' on element 'setvar': setvar_missing_symbol.system:6:9"},
        {"setvar_prefill_size_without_prefill.system", kA,
         "Error: 'setvar_prefill_size' used for MR 'mem' without a 'prefill_path' @ "
         "setvar_prefill_size_without_prefill.system:6:9"},

        // <irq> and the x86-only elements.
        {"irq_duplicate.system", kA, "Error: duplicate irq: 33 in protection domain: 'b' @ irq_duplicate.system:7:5"},
        {"irq_id_62.system", kA, "Error: id must be < 62 on element 'irq': irq_id_62.system:5:9"},
        {"irq_id_negative.system", kA, "Error: id must be >= 0 on element 'irq': irq_id_negative.system:5:9"},
        {"irq_id_hex.system", kA,
         "Error: id must be a decimal integer, failed to parse '0x1': invalid digit found in string on element 'irq': "
         "irq_id_hex.system:5:9"},
        {"irq_number_hex.system", kA,
         "Error: irq must be a decimal integer, failed to parse '0x21': invalid digit found in string on element 'irq': "
         "irq_number_hex.system:5:9"},
        {"irq_trigger.system", kA, "Error: trigger must be either 'level' or 'edge' on element 'irq': irq_trigger.system:5:9"},
        {"irq_missing_irq.system", kA, "Error: Missing required attribute 'irq' on element 'irq': irq_missing_irq.system:5:9"},
        {"irq_ioapic.system", kA,
         "Error: x86 I/O APIC IRQ isn't supported on ARM and RISC-V on element 'irq': irq_ioapic.system:5:9"},
        {"irq_msi.system", kR, "Error: x86 MSI IRQ isn't supported on ARM and RISC-V on element 'irq': irq_msi.system:5:9"},
        {"irq_invalid_attribute.system", kA,
         "Error: invalid attribute 'polarity' on element 'irq': irq_invalid_attribute.system:5:9"},
        {"irq_id_duplicate.system", kA, "Error: duplicate channel id: 1 in protection domain: 'a' @ irq_id_duplicate.system:3:5"},
        {"ioport.system", kA, "Error: I/O Ports are only available on x86 on element 'protection_domain': ioport.system:3:5"},
        {"io_address_space.system", kA,
         "Error: io address space requires seL4 to be built with IOMMU support: io_address_space.system:6:5"},

        // <cspace>.
        {"cspace_slot_zero.system", kA,
         "Error: The destination slot 0 has been reserved for Microkit CNode on element 'cap_tcb': "
         "cspace_slot_zero.system:6:13"},
        {"cspace_slot_64.system", kA,
         "Error: slot must be less than 64, the size of a protection domain's root CNode on element 'cap_sc': "
         "cspace_slot_64.system:6:13"},
        {"cspace_unknown_pd.system", kA, "Error: unknown PD name 'ghost': cspace_unknown_pd.system:6:13"},
        {"cspace_duplicate_slot.system", kA,
         "Error: overlapping user caps in slot 5 of protection domain 'a' @ cspace_duplicate_slot.system:7:13"},
        {"cspace_unknown_cap.system", kA, "Cap type: 'notification' is not supported at 'cspace_unknown_cap.system:6:13'"},
        {"cspace_twice.system", kA,
         "Error: cspace must only be specified once on element 'protection_domain': cspace_twice.system:3:5"},
        {"cspace_attribute.system", kA, "Error: invalid attribute 'size' on element 'cspace': cspace_attribute.system:5:9"},
        {"cspace_other_child.system", kA, "Error: invalid XML element 'map': cspace_other_child.system:6:13"},

        // <virtual_machine>.
        {"vm_top_level.system", kA, "Error: virtual machine must be a child of a protection domain: vm_top_level.system:6:5"},
        {"vm_no_hypervisor.system", kA,
         "Error: seL4 has not been built as a hypervisor, virtual machines are disabled on element 'protection_domain': "
         "vm_no_hypervisor.system:3:5"},
        {"vm_twice.system", kHyp,
         "Error: virtual_machine must only be specified once on element 'protection_domain': vm_twice.system:3:5"},
        {"vm_missing_vcpu.system", kHyp, "Error: missing 'vcpu' element on virtual_machine: 'guest'"},
        {"vm_missing_name.system", kHyp,
         "Error: Missing required attribute 'name' on element 'virtual_machine': vm_missing_name.system:5:9"},
        {"vm_duplicate_vcpu.system", kHyp, "Error: duplicate vcpu id 0 in virtual machine 'guest' @ vm_duplicate_vcpu.system:7:13"},
        {"vm_vcpu_id_62.system", kHyp, "Error: id must be < 62 on element 'vcpu': vm_vcpu_id_62.system:6:13"},
        {"vm_vcpu_id_hex.system", kHyp,
         "Error: id must be a decimal integer, failed to parse '0x1': invalid digit found in string on element 'vcpu': "
         "vm_vcpu_id_hex.system:6:13"},
        {"vm_vcpu_cpu.system", kHyp, "Error: cpu core must be less than 1, got 1 on element 'vcpu': vm_vcpu_cpu.system:6:13"},
        {"vm_priority_255.system", kHyp,
         "Error: priority must be between 0 and 254 on element 'virtual_machine': vm_priority_255.system:5:9"},
        {"vm_unknown_child.system", kHyp, "Error: invalid XML element 'irq': vm_unknown_child.system:7:13"},
        {"vm_riscv_priority.system", kRHyp,
         "Error: invalid attribute 'priority' on element 'virtual_machine': vm_riscv_priority.system:5:9"},
        {"vm_map_setvar.system", kHyp, "Error: invalid attribute 'setvar_vaddr' on element 'map': vm_map_setvar.system:8:13"},
        {"vm_map_overlap.system", kHyp,
         "Error: map for 'ram' has virtual address range [0x40000000..0x40001000) which overlaps with map for 'ram' "
         "[0x40000000..0x40001000) in virtual machine 'guest' @ vm_map_overlap.system:9:13"},
        {"vm_duplicate_name.system", kHyp, "Error: duplicate virtual machine name 'guest'."},
    };
}

}  // namespace microkit::sdf::test
