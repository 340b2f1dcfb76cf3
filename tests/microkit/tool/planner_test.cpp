// SPDX-License-Identifier: BSD-2-Clause
// The planner on a small system: Microkit's slots and badges (§2.4, §2.5),
// the patched symbols, physical addresses of regions, and its errors.
#include <gtest/gtest.h>

#include "fixture.hpp"
#include "planner.hpp"

namespace {

using namespace microkit;
using namespace microkit_spec;
using namespace microkit_test;

sdf::ProtectionDomain pd(const std::string& name, std::uint64_t priority) {
    sdf::ProtectionDomain p;
    p.name = name;
    p.priority = priority;
    p.program_image = name + ".elf";
    return p;
}

// client (prio 1) --pp--> server (prio 2, passive, IRQ 33 as id 5, parent of kid)
sdf::SystemDescription example() {
    sdf::SystemDescription system;
    system.pds = {pd("client", 1), pd("server", 2), pd("kid", 3)};
    system.pds[1].passive = true;
    system.pds[1].irqs.push_back(sdf::Irq{33, 5, sdf::Trigger::Edge, {}, {}});
    system.pds[2].parent = 1;
    system.pds[2].id = 3;
    system.pds[2].setvar_id = "child_id";
    sdf::MemoryRegion shared;
    shared.name = "shared";
    shared.size = 0x2000;
    sdf::MemoryRegion dma;
    dma.name = "dma";
    dma.size = 0x200000;
    dma.page_size = 0x200000;
    system.mrs = {shared, dma};
    sdf::Map map;
    map.mr = "shared";
    map.vaddr = 0x4000000;
    map.setvar_vaddr = "buffer_vaddr";
    system.pds[0].maps.push_back(map);
    system.pds[1].setvars.push_back(sdf::SetVarRegionPaddr{"buffer_paddr", "dma", {}});
    sdf::Channel channel;
    channel.ends[0] = sdf::ChannelEnd{"client", 1, true, true, {}, {}};
    channel.ends[1] = sdf::ChannelEnd{"server", 2, false, true, {}, {}};
    system.channels.push_back(channel);
    return system;
}

struct Planned {
    sdf::SystemDescription system = example();
    std::vector<ElfImage> images = {fixture_image(), fixture_image(), fixture_image()};
    std::optional<Plan> plan;
    std::string error;
    explicit Planned(std::function<void(sdf::SystemDescription&)> change = {}) {
        if (change) change(system);
        PlanInput input{aarch64_board(), system, images, {"client.elf", "server.elf", "kid.elf"}, {}, false};
        plan = microkit::plan(input, error);
    }
    const std::string& name(std::uint64_t object) const { return plan->spec.objects()[object].name; }
    // The cap in `slot` of PD `pd`'s Microkit CNode.
    const Cap* cap(const std::string& pd_name, std::uint64_t slot) const {
        for (const Cap& c : plan->spec.caps())
            if (name(c.cnode) == "cnode:" + pd_name && c.slot == slot) return &c;
        return nullptr;
    }
};

TEST(MicrokitPlanner, PlacesMicrokitsFixedSlotsAndBadges) {
    const Planned p;
    ASSERT_TRUE(p.plan) << p.error;
    // The server is called (pp) and has a child: its input is an endpoint.
    EXPECT_EQ(p.name(p.cap("server", slot::input)->object), "endpoint:server");
    EXPECT_EQ(p.name(p.cap("client", slot::input)->object), "notification:client");
    const Cap* ppc = p.cap("client", slot::endpoint_base + 1);
    ASSERT_NE(ppc, nullptr);
    EXPECT_EQ(p.name(ppc->object), "endpoint:server");
    EXPECT_EQ(ppc->badge, ppc_badge | 2);
    EXPECT_EQ(p.cap("client", slot::notification_base + 1)->badge, std::uint64_t{1} << 2);
    EXPECT_EQ(p.name(p.cap("server", slot::notification_base + 2)->object), "notification:client");
    EXPECT_EQ(p.cap("server", slot::endpoint_base + 2), nullptr);  // pp is one way
    // Root PDs fault to the monitor (badge index + 1); the child to its parent.
    EXPECT_EQ(p.cap("client", slot::fault_endpoint)->kind, CapKind::MonitorEndpoint);
    EXPECT_EQ(p.cap("client", slot::fault_endpoint)->badge, 1u);
    EXPECT_EQ(p.name(p.cap("kid", slot::fault_endpoint)->object), "endpoint:server");
    EXPECT_EQ(p.cap("kid", slot::fault_endpoint)->badge, fault_badge | 3);
    EXPECT_EQ(p.name(p.cap("server", slot::child_tcb_base + 3)->object), "tcb:kid");
    // Only the passive PD has the monitor's endpoint for its hand-shake.
    EXPECT_EQ(p.cap("server", slot::monitor_endpoint)->badge, 2u);
    EXPECT_EQ(p.cap("client", slot::monitor_endpoint), nullptr);
    const Cap* irq = p.cap("server", slot::irq_base + 5);
    ASSERT_NE(irq, nullptr);
    EXPECT_EQ(irq->kind, CapKind::IrqHandler);
    EXPECT_EQ(p.plan->spec.irqs()[irq->object].irq, 33u);
    EXPECT_EQ(p.plan->spec.irqs()[irq->object].trigger, 1u);
    EXPECT_EQ(p.plan->spec.irqs()[irq->object].badge, std::uint64_t{1} << 5);
}

TEST(MicrokitPlanner, PatchesTheSymbolsLibmicrokitReads) {
    const Planned p;
    ASSERT_TRUE(p.plan) << p.error;
    EXPECT_EQ(word_at(p.images[0], "microkit_pps"), std::uint64_t{1} << 1);
    EXPECT_EQ(word_at(p.images[0], "microkit_notifications"), std::uint64_t{1} << 1);
    EXPECT_EQ(word_at(p.images[1], "microkit_irqs"), std::uint64_t{1} << 5);
    EXPECT_EQ(word_at(p.images[1], "microkit_pps"), 0u);
    EXPECT_EQ(word_at(p.images[0], "buffer_vaddr"), 0x4000000u);
    EXPECT_EQ(word_at(p.images[1], "child_id"), 3u);
    const std::uint64_t paddr = word_at(p.images[1], "buffer_paddr");
    EXPECT_EQ(paddr % 0x200000, 0u);
    EXPECT_GE(paddr, aarch64_board().ram_base);
    EXPECT_LE(paddr + 0x200000, aarch64_board().auto_paddr_top);
    EXPECT_EQ(p.plan->regions[1].paddr, paddr);
    EXPECT_TRUE(p.plan->regions[1].chosen);
}

TEST(MicrokitPlanner, LaysOutTheStackBelowAGuardPageUnderTheIpcBuffer) {
    const Planned p;
    ASSERT_TRUE(p.plan) << p.error;
    const auto& tcb = p.plan->spec.tcbs()[0];
    EXPECT_EQ(tcb.ipc_buffer_vaddr, aarch64_board().ipc_buffer_vaddr);
    EXPECT_EQ(tcb.stack_pointer, aarch64_board().ipc_buffer_vaddr - 0x1000);
    EXPECT_EQ(p.plan->pds[0].stack_bottom, tcb.stack_pointer - 0x2000);
    EXPECT_EQ(tcb.sc_badge, sched_context_badge_base);
    bool guard_mapped = false;
    for (const Mapping& m : p.plan->spec.mappings())
        guard_mapped = guard_mapped || m.vaddr == aarch64_board().ipc_buffer_vaddr - 0x1000;
    EXPECT_FALSE(guard_mapped);
}

TEST(MicrokitPlanner, RefusesAMapOverTheProgramImage) {
    const Planned p([](sdf::SystemDescription& s) { s.pds[0].maps[0].vaddr = 0x200000; });
    EXPECT_FALSE(p.plan);
    const std::string expected = "ERROR: mapping MR 'shared' to PD 'client' with vaddr [0x200000..0x202000) will "
                                 "overlap with an ELF segment at [0x200000..";
    EXPECT_EQ(p.error.substr(0, expected.size()), expected) << p.error;
}

TEST(MicrokitPlanner, RefusesASetvarOnAMissingSymbol) {
    const Planned p([](sdf::SystemDescription& s) { s.pds[0].maps[0].setvar_vaddr = "nope"; });
    EXPECT_FALSE(p.plan);
    EXPECT_EQ(p.error, "could not patch symbol 'nope' in program image for PD 'client' (client.elf): the symbol "
                       "'nope' does not exist");
}

}  // namespace
