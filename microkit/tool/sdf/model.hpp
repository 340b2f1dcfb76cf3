// SPDX-License-Identifier: BSD-2-Clause
// The system description (SDF, a Microkit `.system` file) as the tool holds
// it once parsed and checked: plain values, defaults already applied, every
// element remembering where it was written so later checks can name
// `file:line:column`. What each field means and its default: the Microkit
// 2.3.0 manual's SDF chapter (reference/microkit.md §1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace microkit::sdf {

// Where an element starts in its file (1-based line and column).
struct Position {
    std::string file;
    unsigned line = 0;
    unsigned column = 0;
    // "file:line:column", as every error message ends.
    std::string text() const { return file + ":" + std::to_string(line) + ":" + std::to_string(column); }
};

enum class Trigger { Level, Edge };

struct Map {
    std::string mr;            // name of a MemoryRegion
    std::uint64_t vaddr = 0;   // aligned to the region's page size
    bool read = true, write = true, execute = false;  // perms, default "rw"
    bool cached = true;
    std::optional<std::string> setvar_vaddr;         // symbol patched with vaddr
    std::optional<std::string> setvar_size;          // symbol patched with the region's size
    std::optional<std::string> setvar_prefill_size;  // symbol patched with the prefill file's length
    Position position;
};

struct Irq {
    std::uint64_t irq = 0;     // number as the interrupt controller sees it (GIC SPI n is 32 + n)
    std::uint64_t id = 0;      // channel id 0..61, shared with the PD's channel ends
    Trigger trigger = Trigger::Level;
    std::optional<std::string> setvar_id;
    Position position;
};

// <setvar symbol= region_paddr=>: the symbol receives the region's physical address.
struct SetVarRegionPaddr {
    std::string symbol;
    std::string region;        // name of a MemoryRegion
    Position position;
};

// <cspace><cap_tcb|cap_sc|cap_vspace slot= pd=/></cspace>
struct CspaceCap {
    enum class Kind { Tcb, SchedContext, VSpace };
    Kind kind = Kind::Tcb;
    std::uint64_t slot = 0;    // root CNode slot, 1..63
    std::string pd;            // whose object
    Position position;
};

struct Vcpu {
    std::uint64_t id = 0;
    std::optional<std::uint64_t> cpu;  // defaults to the parent PD's cpu
    std::optional<std::string> setvar_id;
    Position position;
};

struct VirtualMachine {
    std::string name;
    std::uint64_t priority = 0;
    std::uint64_t budget = 1000;       // microseconds
    std::uint64_t period = 1000;       // = budget unless given
    std::vector<Vcpu> vcpus;
    std::vector<Map> maps;             // guest-physical addresses; no setvar attributes
    Position position;
};

struct ProtectionDomain {
    std::string name;
    std::uint64_t priority = 0;        // 0..254
    std::uint64_t budget = 1000;       // microseconds
    std::uint64_t period = 1000;       // = budget unless given
    bool passive = false;
    std::uint64_t stack_size = 0x2000;
    std::uint64_t cpu = 0;
    bool smc = false;
    bool fpu = true;
    std::optional<std::string> domain;
    // Child PDs only: the id its parent names it by, and the parent symbol
    // patched with that id.
    std::optional<std::uint64_t> id;
    std::optional<std::string> setvar_id;
    std::string program_image;                  // <program_image path=>
    std::optional<std::string> path_for_symbols;
    std::vector<Map> maps;
    std::vector<Irq> irqs;
    std::vector<SetVarRegionPaddr> setvars;
    std::vector<CspaceCap> cspace_caps;
    std::optional<VirtualMachine> virtual_machine;
    // Index in SystemDescription::pds of the parent; none for a root PD.
    std::optional<std::size_t> parent;
    Position position;
};

struct MemoryRegion {
    std::string name;
    std::uint64_t size = 0;            // a multiple of page_size
    std::uint64_t page_size = 0x1000;  // 0x1000 or 0x200000
    bool page_size_given = false;      // false: the tool may promote it (largest page size that fits)
    std::optional<std::uint64_t> phys_addr;
    std::optional<std::string> prefill_path;    // as written; resolved by the parser's FileLookup
    std::optional<std::string> prefill_file;    // where it was found
    std::uint64_t prefill_size = 0;             // bytes of the prefill file
    std::optional<std::string> prefill_bootinfo;
    Position position;
};

struct ChannelEnd {
    std::string pd;
    std::uint64_t id = 0;              // 0..61
    bool pp = false;                   // this end may PPC the other
    bool notify = true;                // this end may signal the other
    std::optional<std::string> setvar_id;
    Position position;
};

struct Channel {
    ChannelEnd ends[2];
    Position position;
};

struct ScheduleEntry {
    std::string domain;
    std::uint64_t duration = 0;
    bool duration_in_ticks = false;    // "N ticks"; otherwise "N us"
    Position position;
};

struct DomainDefinition {
    std::string name;
    std::uint64_t id = 0;              // assigned in order when not given
    Position position;
};

struct Domains {
    std::vector<DomainDefinition> domains;
    std::uint64_t start_index = 0;
    std::uint64_t index_shift = 0;
    std::vector<ScheduleEntry> schedule;
    bool end_marker = false;
    Position position;
};

struct SystemDescription {
    // Depth-first, each parent before its children: the order is the PD's
    // index, which the monitor's badges (index + 1) use.
    std::vector<ProtectionDomain> pds;
    std::vector<MemoryRegion> mrs;
    std::vector<Channel> channels;
    std::optional<Domains> domains;
};

}  // namespace microkit::sdf
