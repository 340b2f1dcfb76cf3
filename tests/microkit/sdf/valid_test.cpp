// SPDX-License-Identifier: BSD-2-Clause
// Valid corpus files: the parsed values, the defaults of reference/microkit.md
// §1, the PD order (parent before children, depth first), the page-size
// promotion of §1.6 and the unused-region warning.
#include <gtest/gtest.h>

#include "corpus.hpp"

namespace microkit::sdf::test {
namespace {

ParseResult parse_valid(const std::string& file, Variant variant) {
    ParseResult result = parse_corpus_file("valid/" + file, variant);
    EXPECT_TRUE(result.ok()) << result.error;
    return result;
}

const MemoryRegion& region(const SystemDescription& system, const std::string& name) {
    for (const MemoryRegion& mr : system.mrs) {
        if (mr.name == name) return mr;
    }
    ADD_FAILURE() << "no region " << name;
    return system.mrs.front();
}

TEST(ValidCorpus, FullSystemProtectionDomains) {
    ParseResult result = parse_valid("full.system", Variant::AArch64Full);
    ASSERT_TRUE(result.ok());
    const SystemDescription& system = *result.system;
    ASSERT_EQ(system.pds.size(), 5u);
    // Depth first, parent before children.
    const char* order[] = {"server", "child", "grandchild", "child2", "client"};
    for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(system.pds[i].name, order[i]);
    EXPECT_EQ(system.pds[0].parent, std::nullopt);
    EXPECT_EQ(system.pds[1].parent, 0u);
    EXPECT_EQ(system.pds[2].parent, 1u);
    EXPECT_EQ(system.pds[3].parent, 0u);
    EXPECT_EQ(system.pds[4].parent, std::nullopt);

    const ProtectionDomain& server = system.pds[0];
    EXPECT_EQ(server.priority, 200u);
    EXPECT_EQ(server.budget, 500u);
    EXPECT_EQ(server.period, 2000u);
    EXPECT_TRUE(server.passive);
    EXPECT_EQ(server.stack_size, 0x4000u);
    EXPECT_EQ(server.cpu, 0u);
    EXPECT_TRUE(server.smc);
    EXPECT_FALSE(server.fpu);
    EXPECT_EQ(server.domain, "fast");
    EXPECT_EQ(server.id, std::nullopt);
    EXPECT_EQ(server.program_image, "server.elf");
    EXPECT_EQ(server.path_for_symbols, "server.debug.elf");
    EXPECT_EQ(server.position.text(), "full.system:20:5");

    const ProtectionDomain& child = system.pds[1];
    EXPECT_EQ(child.id, 3u);
    EXPECT_EQ(child.setvar_id, "child_id");
    EXPECT_EQ(child.priority, 100u);
    EXPECT_EQ(child.domain, "slow");
    EXPECT_EQ(system.pds[2].id, 0u);
    EXPECT_EQ(system.pds[3].id, 61u);
    EXPECT_EQ(system.pds[4].priority, 10u);
}

TEST(ValidCorpus, FullSystemMapsIrqsSetvarsAndCaps) {
    ParseResult result = parse_valid("full.system", Variant::AArch64Full);
    ASSERT_TRUE(result.ok());
    const ProtectionDomain& server = result.system->pds[0];
    ASSERT_EQ(server.maps.size(), 3u);
    const Map& uart = server.maps[0];
    EXPECT_EQ(uart.mr, "uart");
    EXPECT_EQ(uart.vaddr, 0x5000000u);
    EXPECT_TRUE(uart.read && uart.write && !uart.execute);
    EXPECT_FALSE(uart.cached);
    EXPECT_EQ(uart.setvar_vaddr, "uart_base");
    EXPECT_EQ(uart.setvar_size, "uart_size");
    EXPECT_EQ(uart.setvar_prefill_size, std::nullopt);
    EXPECT_EQ(uart.position.text(), "full.system:23:9");
    const Map& blob = server.maps[1];
    EXPECT_TRUE(blob.read && !blob.write && !blob.execute);
    EXPECT_TRUE(blob.cached);
    EXPECT_EQ(blob.setvar_prefill_size, "blob_length");
    const Map& big = server.maps[2];
    EXPECT_TRUE(big.read && !big.write && big.execute);

    ASSERT_EQ(server.irqs.size(), 2u);
    EXPECT_EQ(server.irqs[0].irq, 33u);
    EXPECT_EQ(server.irqs[0].id, 1u);
    EXPECT_EQ(server.irqs[0].trigger, Trigger::Edge);
    EXPECT_EQ(server.irqs[0].setvar_id, "uart_irq");
    EXPECT_EQ(server.irqs[1].irq, 34u);
    EXPECT_EQ(server.irqs[1].trigger, Trigger::Level);
    EXPECT_EQ(server.irqs[1].setvar_id, std::nullopt);

    ASSERT_EQ(server.setvars.size(), 1u);
    EXPECT_EQ(server.setvars[0].symbol, "shared_paddr");
    EXPECT_EQ(server.setvars[0].region, "shared");

    ASSERT_EQ(server.cspace_caps.size(), 3u);
    EXPECT_EQ(server.cspace_caps[0].kind, CspaceCap::Kind::Tcb);
    EXPECT_EQ(server.cspace_caps[0].slot, 1u);
    EXPECT_EQ(server.cspace_caps[0].pd, "client");
    EXPECT_EQ(server.cspace_caps[1].kind, CspaceCap::Kind::SchedContext);
    EXPECT_EQ(server.cspace_caps[1].pd, "server");
    EXPECT_EQ(server.cspace_caps[2].kind, CspaceCap::Kind::VSpace);
    EXPECT_EQ(server.cspace_caps[2].slot, 63u);

    const Map& shared = result.system->pds[1].maps.at(0);
    EXPECT_TRUE(shared.read && shared.write && !shared.execute);  // "wr"
}

TEST(ValidCorpus, FullSystemVirtualMachine) {
    ParseResult result = parse_valid("full.system", Variant::AArch64Full);
    ASSERT_TRUE(result.ok());
    const auto& vm = result.system->pds[0].virtual_machine;
    ASSERT_TRUE(vm.has_value());
    EXPECT_EQ(vm->name, "guest");
    EXPECT_EQ(vm->priority, 50u);
    EXPECT_EQ(vm->budget, 100u);
    EXPECT_EQ(vm->period, 200u);
    ASSERT_EQ(vm->vcpus.size(), 2u);
    EXPECT_EQ(vm->vcpus[0].id, 0u);
    EXPECT_EQ(vm->vcpus[0].cpu, 0u);
    EXPECT_EQ(vm->vcpus[0].setvar_id, "vcpu_id");
    EXPECT_EQ(vm->vcpus[1].id, 1u);
    EXPECT_EQ(vm->vcpus[1].cpu, std::nullopt);  // the parent PD's core
    ASSERT_EQ(vm->maps.size(), 2u);
    EXPECT_EQ(vm->maps[0].mr, "guest_ram");
    EXPECT_TRUE(vm->maps[0].read && vm->maps[0].write && vm->maps[0].execute);
    EXPECT_TRUE(vm->maps[0].cached);
    // perms="" is accepted and gives no rights.
    EXPECT_FALSE(vm->maps[1].read || vm->maps[1].write || vm->maps[1].execute);
}

TEST(ValidCorpus, FullSystemRegions) {
    ParseResult result = parse_valid("full.system", Variant::AArch64Full);
    ASSERT_TRUE(result.ok());
    const SystemDescription& system = *result.system;
    ASSERT_EQ(system.mrs.size(), 6u);
    const MemoryRegion& uart = region(system, "uart");
    EXPECT_EQ(uart.size, 0x1000u);
    EXPECT_EQ(uart.phys_addr, 0x9000000u);
    EXPECT_EQ(uart.page_size, 0x1000u);
    EXPECT_FALSE(uart.page_size_given);
    const MemoryRegion& shared = region(system, "shared");
    EXPECT_EQ(shared.size, 0x200000u);  // "0x200_000"
    EXPECT_EQ(shared.page_size, 0x1000u);
    EXPECT_TRUE(shared.page_size_given);
    EXPECT_EQ(region(system, "big").page_size, 0x200000u);  // promoted: size and vaddr 2 MiB aligned
    const MemoryRegion& blob = region(system, "blob");
    EXPECT_EQ(blob.prefill_path, "data/blob.bin");
    EXPECT_EQ(blob.prefill_size, 5000u);
    EXPECT_EQ(blob.size, 0x2000u);  // the file's length rounded up to the page size
    ASSERT_TRUE(blob.prefill_file.has_value());
    EXPECT_TRUE(blob.prefill_file->ends_with("data/blob.bin"));
    const MemoryRegion& dtb = region(system, "dtb");
    EXPECT_EQ(dtb.prefill_bootinfo, "fdt");
    EXPECT_EQ(dtb.size, 0x1000u);  // one page
    const MemoryRegion& guest_ram = region(system, "guest_ram");
    EXPECT_EQ(guest_ram.page_size, 0x200000u);
    EXPECT_EQ(guest_ram.phys_addr, 0x40000000u);
    EXPECT_TRUE(result.warnings.empty());
}

TEST(ValidCorpus, FullSystemChannelsAndDomains) {
    ParseResult result = parse_valid("full.system", Variant::AArch64Full);
    ASSERT_TRUE(result.ok());
    const SystemDescription& system = *result.system;
    ASSERT_EQ(system.channels.size(), 2u);
    const ChannelEnd& client = system.channels[0].ends[0];
    EXPECT_EQ(client.pd, "client");
    EXPECT_EQ(client.id, 0u);
    EXPECT_TRUE(client.pp);
    EXPECT_FALSE(client.notify);
    EXPECT_EQ(client.setvar_id, "server_channel");
    const ChannelEnd& server = system.channels[0].ends[1];
    EXPECT_FALSE(server.pp);
    EXPECT_TRUE(server.notify);
    EXPECT_EQ(system.channels[1].ends[1].id, 61u);
    EXPECT_EQ(system.channels[1].position.text(), "full.system:61:5");

    ASSERT_TRUE(system.domains.has_value());
    const Domains& domains = *system.domains;
    ASSERT_EQ(domains.domains.size(), 2u);
    EXPECT_EQ(domains.domains[0].name, "fast");
    EXPECT_EQ(domains.domains[0].id, 1u);
    EXPECT_EQ(domains.domains[1].name, "slow");
    EXPECT_EQ(domains.domains[1].id, 0u);  // the lowest id not taken
    EXPECT_EQ(domains.start_index, 1u);
    EXPECT_EQ(domains.index_shift, 2u);
    ASSERT_EQ(domains.schedule.size(), 2u);
    EXPECT_EQ(domains.schedule[0].domain, "fast");
    EXPECT_EQ(domains.schedule[0].duration, 1000u);
    EXPECT_FALSE(domains.schedule[0].duration_in_ticks);
    EXPECT_EQ(domains.schedule[1].duration, 16u);
    EXPECT_TRUE(domains.schedule[1].duration_in_ticks);
    EXPECT_TRUE(domains.end_marker);
}

TEST(ValidCorpus, Defaults) {
    ParseResult result = parse_valid("defaults.system", Variant::AArch64);
    ASSERT_TRUE(result.ok());
    const SystemDescription& system = *result.system;
    ASSERT_EQ(system.pds.size(), 2u);
    const ProtectionDomain& solo = system.pds[0];
    EXPECT_EQ(solo.priority, 0u);
    EXPECT_EQ(solo.budget, 1000u);
    EXPECT_EQ(solo.period, 1000u);
    EXPECT_FALSE(solo.passive);
    EXPECT_EQ(solo.stack_size, 0x2000u);
    EXPECT_EQ(solo.cpu, 0u);
    EXPECT_FALSE(solo.smc);
    EXPECT_TRUE(solo.fpu);
    EXPECT_EQ(solo.domain, std::nullopt);
    EXPECT_EQ(solo.id, std::nullopt);
    EXPECT_EQ(solo.path_for_symbols, std::nullopt);
    EXPECT_FALSE(solo.virtual_machine.has_value());
    ASSERT_EQ(solo.maps.size(), 1u);
    EXPECT_TRUE(solo.maps[0].read && solo.maps[0].write && !solo.maps[0].execute);
    EXPECT_TRUE(solo.maps[0].cached);
    ASSERT_EQ(solo.irqs.size(), 1u);
    EXPECT_EQ(solo.irqs[0].trigger, Trigger::Level);
    EXPECT_EQ(system.pds[1].budget, 300u);
    EXPECT_EQ(system.pds[1].period, 300u);  // period defaults to the budget
    ASSERT_EQ(system.channels.size(), 1u);
    EXPECT_FALSE(system.channels[0].ends[0].pp);
    EXPECT_TRUE(system.channels[0].ends[0].notify);
    EXPECT_EQ(system.mrs[0].page_size, 0x1000u);
    EXPECT_FALSE(system.domains.has_value());
    EXPECT_TRUE(result.warnings.empty());
}

TEST(ValidCorpus, PageSizePromotion) {
    ParseResult result = parse_valid("promotion.system", Variant::AArch64);
    ASSERT_TRUE(result.ok());
    const SystemDescription& system = *result.system;
    EXPECT_EQ(region(system, "aligned").page_size, 0x200000u);
    EXPECT_EQ(region(system, "unmapped").page_size, 0x200000u);
    EXPECT_EQ(region(system, "vaddr_small").page_size, 0x1000u);
    EXPECT_EQ(region(system, "paddr_small").page_size, 0x1000u);
    EXPECT_EQ(region(system, "size_small").page_size, 0x1000u);
    EXPECT_EQ(region(system, "given").page_size, 0x1000u);
    EXPECT_EQ(region(system, "mixed").page_size, 0x1000u);  // one of its two maps is not 2 MiB aligned
    EXPECT_EQ(result.warnings, std::vector<std::string>{"WARNING: unused memory region 'unmapped'"});
}

TEST(ValidCorpus, RiscVMapEndsAtTheStack) {
    ParseResult result = parse_valid("riscv.system", Variant::RiscV64);
    ASSERT_TRUE(result.ok());
    const ProtectionDomain& driver = result.system->pds[0];
    EXPECT_EQ(driver.priority, 254u);
    EXPECT_EQ(driver.maps[0].vaddr, 0x3fffffa000u);
    EXPECT_FALSE(driver.maps[1].cached);
    EXPECT_EQ(driver.irqs[0].irq, 10u);
}

TEST(ValidCorpus, DomainsMayFollowTheirProtectionDomains) {
    ParseResult result = parse_valid("domains_after_pds.system", Variant::AArch64);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.system->pds[0].domain, "main");
    EXPECT_EQ(result.system->domains->domains[0].id, 0u);
    EXPECT_FALSE(result.system->domains->end_marker);
}

TEST(ValidCorpus, SixtyThreeProtectionDomainsCountingChildren) {
    ParseResult result = parse_valid("max_pds.system", Variant::AArch64);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.system->pds.size(), 63u);
    EXPECT_EQ(result.system->pds.back().name, "child");
    EXPECT_EQ(result.system->pds.back().parent, 61u);
}

TEST(ValidCorpus, EveryFileIsTested) {
    const std::vector<std::string> tested{"defaults.system",  "domains_after_pds.system", "full.system",
                                          "max_pds.system",   "promotion.system",         "riscv.system"};
    EXPECT_EQ(corpus_files("valid"), tested);
}

}  // namespace
}  // namespace microkit::sdf::test
