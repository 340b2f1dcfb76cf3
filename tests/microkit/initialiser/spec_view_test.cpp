// SPDX-License-Identifier: BSD-2-Clause
// The initial task refuses a damaged or foreign specification with one line
// and accepts what the tool writes (microkit/initialiser/spec_view.hpp).
#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <functional>

#include "spec_builder.hpp"
#include "spec_view.hpp"

namespace {

using namespace microkit_spec;
using initialiser::SpecView;
using Blob = std::vector<std::uint8_t>;

// A small system: one PD's objects, caps, a mapping, an IRQ, its thread.
Blob example() {
    microkit::SpecBuilder spec;
    const auto monitor = spec.add_object(ObjectKind::Endpoint, 0, "endpoint:monitor");
    const auto cnode = spec.add_object(ObjectKind::CNode, 9, "cnode:pd");
    const auto vspace = spec.add_object(ObjectKind::VSpace, 0, "vspace:pd");
    const auto tcb = spec.add_object(ObjectKind::Tcb, 0, "tcb:pd");
    const auto sc = spec.add_object(ObjectKind::SchedContext, 8, "sc:pd");
    const auto ntfn = spec.add_object(ObjectKind::Notification, 0, "notification:pd");
    const auto frame = spec.add_object(ObjectKind::Frame, 12, "elf:pd", 0x50000000);
    const auto ipc = spec.add_object(ObjectKind::Frame, 12, "ipc_buffer:pd");
    const std::uint8_t text[] = {1, 2, 3, 4};
    spec.add_fill(frame, text, 8);
    const auto fault = spec.add_cap(Cap{cnode, 2, CapKind::MonitorEndpoint, monitor, rights_all, 1});
    spec.add_cap(Cap{cnode, 1, CapKind::Object, ntfn, rights_all, 0});
    const auto irq = spec.add_irq(Irq{33, 0, ntfn, 1});
    spec.add_cap(Cap{cnode, 138, CapKind::IrqHandler, irq, rights_all, 0});
    spec.add_mapping(Mapping{vspace, frame, 0x200000, map_read | map_execute | map_cached});
    const auto name = spec.add_string("pd");
    spec.add_tcb(Tcb{tcb, cnode, 0, vspace, ipc, 0x7ffffffff000, fault, sc, 1000, 1000, 0x100, 100, 100, ntfn,
                     0x200000, 0x7fffffffe000, 1, name});
    spec.add_pd(Pd{name, tcb, sc, ntfn, 0, 0x7fffffffc000, none});
    return spec.write(arch_aarch64, {0x40000000, 0xC0000000}, monitor);
}

Header header_of(const Blob& blob) {
    Header h;
    std::memcpy(&h, blob.data(), sizeof h);
    return h;
}

// Overwrites the 64-bit word at byte offset `at`.
void put(Blob& blob, std::uint64_t at, std::uint64_t value) { std::memcpy(blob.data() + at, &value, 8); }

std::string check(const Blob& blob, std::uint64_t arch = arch_aarch64) {
    SpecView view;
    const char* error = view.check(blob.data(), arch);
    return error == nullptr ? "" : error;
}

// The offset of field `field` (a byte offset within the entry) of entry
// `index` of the table at `table` in the header.
std::uint64_t entry(const Blob& blob, std::size_t table, std::size_t entry_size, std::uint64_t index,
                    std::size_t field) {
    Table t;
    std::memcpy(&t, blob.data() + table, sizeof t);
    return t.offset + index * entry_size + field;
}

TEST(MicrokitSpecView, AcceptsWhatTheToolWrites) {
    const Blob blob = example();
    SpecView view;
    ASSERT_EQ(view.check(blob.data(), arch_aarch64), nullptr);
    EXPECT_EQ(view.objects(), 8u);
    EXPECT_EQ(view.tcbs(), 1u);
    EXPECT_TRUE(view.fixed(0));  // the fixed frame comes first
    EXPECT_STREQ(view.string(view.object(0).name), "elf:pd");
}

TEST(MicrokitSpecView, RefusesAForeignOrMissingBlob) {
    Blob blob = example();
    EXPECT_EQ(check(blob, arch_riscv64), "the system specification was made for the other architecture");
    SpecView view;
    EXPECT_STREQ(view.check(nullptr, arch_aarch64),
                 "no system specification: was this initial task built by the microkit tool?");
    put(blob, offsetof(Header, version), 99);
    EXPECT_EQ(check(blob), "the system specification's version does not match this initial task");
    put(blob, offsetof(Header, magic), 0);
    EXPECT_EQ(check(blob), "the system specification has a bad magic number (not made by this SDK's tool?)");
}

TEST(MicrokitSpecView, RefusesTablesOutsideTheBlob) {
    Blob blob = example();
    put(blob, offsetof(Header, caps) + offsetof(Table, count), 1u << 30);
    EXPECT_EQ(check(blob), "a table of the system specification lies outside it");
    blob = example();
    put(blob, offsetof(Header, strings) + offsetof(Table, offset), header_of(blob).total_size + 8);
    EXPECT_EQ(check(blob), "a table of the system specification lies outside it");
    blob = example();
    put(blob, offsetof(Header, monitor_endpoint), 1);  // a Frame, not an endpoint
    EXPECT_EQ(check(blob), "the monitor's endpoint is not an endpoint object");
}

struct Corruption {
    const char* what;
    std::function<void(Blob&)> apply;
    const char* expected;
};

TEST(MicrokitSpecView, RefusesEachKindOfBadReference) {
    const std::vector<Corruption> cases = {
        {"unknown object kind", [](Blob& b) { put(b, entry(b, offsetof(Header, objects), sizeof(Object), 3, offsetof(Object, kind)), 99); },
         "an object of the system specification has an unknown kind or size"},
        {"frame of 3 MiB", [](Blob& b) { put(b, entry(b, offsetof(Header, objects), sizeof(Object), 0, offsetof(Object, size_bits)), 22); },
         "an object of the system specification has an unknown kind or size"},
        {"name past the strings",
         [](Blob& b) { put(b, entry(b, offsetof(Header, objects), sizeof(Object), 2, offsetof(Object, name)), 1u << 20); },
         "an object's name lies outside the string table"},
        {"fixed after unfixed",
         [](Blob& b) { put(b, entry(b, offsetof(Header, objects), sizeof(Object), 3, offsetof(Object, paddr)), 0x60000000); },
         "objects at fixed physical addresses are not first, ascending and aligned"},
        {"fill past the data",
         [](Blob& b) { put(b, entry(b, offsetof(Header, fills), sizeof(Fill), 0, offsetof(Fill, size)), 1u << 20); },
         "a frame's initial contents lie outside the data area or the frame"},
        {"slot past its CNode", [](Blob& b) { put(b, entry(b, offsetof(Header, caps), sizeof(Cap), 0, offsetof(Cap, slot)), 512); },
         "a capability's slot is not inside a CNode"},
        {"unknown rights", [](Blob& b) { put(b, entry(b, offsetof(Header, caps), sizeof(Cap), 1, offsetof(Cap, rights)), 0x10); },
         "a capability names no object, or has unknown rights"},
        {"IRQ handler past the table",
         [](Blob& b) { put(b, entry(b, offsetof(Header, caps), sizeof(Cap), 2, offsetof(Cap, object)), 5); },
         "a capability names no object, or has unknown rights"},
        {"unaligned mapping",
         [](Blob& b) { put(b, entry(b, offsetof(Header, mappings), sizeof(Mapping), 0, offsetof(Mapping, vaddr)), 0x200010); },
         "a mapping's virtual address is unaligned or outside user space"},
        {"thread without a TCB", [](Blob& b) { put(b, entry(b, offsetof(Header, tcbs), sizeof(Tcb), 0, offsetof(Tcb, tcb)), none); },
         "a thread of the system specification names objects of the wrong kind"},
        {"priority 256", [](Blob& b) { put(b, entry(b, offsetof(Header, tcbs), sizeof(Tcb), 0, offsetof(Tcb, priority)), 256); },
         "a thread of the system specification names objects of the wrong kind"},
        {"PD whose parent comes later", [](Blob& b) { put(b, entry(b, offsetof(Header, pds), sizeof(Pd), 0, offsetof(Pd, parent)), 0); },
         "a protection domain of the system specification names objects of the wrong kind"},
        {"IRQ to a frame", [](Blob& b) { put(b, entry(b, offsetof(Header, irqs), sizeof(Irq), 0, offsetof(Irq, notification)), 0); },
         "an interrupt is not routed to a notification"},
    };
    for (const Corruption& c : cases) {
        Blob blob = example();
        ASSERT_EQ(check(blob), "");
        c.apply(blob);
        EXPECT_EQ(check(blob), c.expected) << c.what;
    }
}

}  // namespace
