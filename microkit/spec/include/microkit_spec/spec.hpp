// SPDX-License-Identifier: BSD-2-Clause
// The system specification: what the `microkit` tool plans and the initial
// task builds. The tool writes it as one blob into a PT_LOAD segment it adds
// to the initial task's ELF and patches the initial task's symbol
// `microkit_spec_address` with the blob's virtual address.
//
// It is a small capability distribution language, in the spirit of capDL:
// a list of kernel objects (with physical addresses where the system
// description fixes them and initial contents for frames), the capabilities
// to place in CNodes, the frames to map, the threads to configure and the
// interrupts to route. Every reference is an index into one of the tables;
// the initial task checks each index before it uses it, so a corrupt blob
// stops the boot with a message instead of building a wrong system.
//
// Layout: Header, then the tables at the offsets the header gives (each
// entry a fixed number of 64-bit words, so the blob has no padding rules),
// then the string table (NUL-terminated names) and the data area (frame
// contents). All values little-endian; offsets are from the header's start.
// Shared by the host tool and the freestanding initial task: <stdint.h> only.
#pragma once

#include <stdint.h>

namespace microkit_spec {

inline constexpr uint64_t magic = 0x434550534b4d5354ull;  // "TSMKSPEC", little endian
inline constexpr uint32_t version = 1;
inline constexpr uint64_t none = ~uint64_t{0};             // "no object" in an index field

// A table: where its entries start and how many there are.
struct Table {
    uint64_t offset;
    uint64_t count;
};

enum class ObjectKind : uint64_t {
    Tcb = 1,
    Endpoint = 2,
    Notification = 3,
    Reply = 4,
    SchedContext = 5,  // size_bits: seL4_MinSchedContextBits or more
    CNode = 6,         // size_bits: log2 of the number of slots
    VSpace = 7,        // the top-level translation table
    Frame = 8,         // size_bits: 12 (4 KiB) or 21 (2 MiB)
};

struct Object {
    ObjectKind kind;
    uint64_t size_bits;
    uint64_t paddr;        // none: anywhere in RAM
    uint64_t name;         // offset in the string table
    uint64_t fill_first;   // frames: first entry of the fills table
    uint64_t fill_count;
};

// Initial contents of a frame: `size` bytes from the data area at
// `data_offset`, written at `frame_offset` in the frame (the rest is zero).
struct Fill {
    uint64_t data_offset;
    uint64_t size;
    uint64_t frame_offset;
};

enum class CapKind : uint64_t {
    Object = 1,           // a cap to `object`
    IrqHandler = 2,       // the handler of interrupt table entry `object`
    MonitorEndpoint = 3,  // the monitor's fault endpoint (badged)
};

// Rights bits, as seL4_CapRights_t's word: write 0, read 1, grant 2, grant-reply 3.
inline constexpr uint64_t right_write = 1u << 0;
inline constexpr uint64_t right_read = 1u << 1;
inline constexpr uint64_t right_grant = 1u << 2;
inline constexpr uint64_t right_grant_reply = 1u << 3;
inline constexpr uint64_t rights_all = 0xf;

// A capability placed in slot `slot` of CNode object `cnode`. For a cap to
// a CNode, `badge` is the guard word (seL4_CNode_CapData_new's value).
struct Cap {
    uint64_t cnode;
    uint64_t slot;
    CapKind kind;
    uint64_t object;
    uint64_t rights;
    uint64_t badge;
};

// Frame `frame` mapped at `vaddr` in VSpace `vspace` (the initial task makes
// the page tables on the way).
inline constexpr uint64_t map_read = 1u << 0;
inline constexpr uint64_t map_write = 1u << 1;
inline constexpr uint64_t map_execute = 1u << 2;
inline constexpr uint64_t map_cached = 1u << 3;
struct Mapping {
    uint64_t vspace;
    uint64_t frame;
    uint64_t vaddr;
    uint64_t flags;
};

// A thread: configured, then started if `resume`.
struct Tcb {
    uint64_t tcb;
    uint64_t cspace;          // root CNode object
    uint64_t cspace_guard;    // seL4_CNode_CapData_new value for the root CNode cap
    uint64_t vspace;
    uint64_t ipc_buffer;      // frame object
    uint64_t ipc_buffer_vaddr;
    uint64_t fault_handler;   // cap table entry whose cap becomes the fault handler (none: no handler)
    uint64_t sched_context;   // none: passive from the start
    uint64_t budget_us;
    uint64_t period_us;
    uint64_t sc_badge;
    uint64_t priority;
    uint64_t mcp;
    uint64_t bound_notification;  // none: not bound
    uint64_t entry;
    uint64_t stack_pointer;
    uint64_t resume;          // 1: start it
    uint64_t name;            // string offset
};

// An interrupt routed to a notification with a badge.
struct Irq {
    uint64_t irq;
    uint64_t trigger;         // 0 level, 1 edge
    uint64_t notification;    // object
    uint64_t badge;
};

// What the monitor knows of each protection domain, in system order (the
// monitor's fault badge of PD i is i + 1).
struct Pd {
    uint64_t name;            // string offset
    uint64_t tcb;
    uint64_t sched_context;   // none if it has none
    uint64_t notification;
    uint64_t passive;
    uint64_t stack_bottom;    // lowest stack address (faults just below it hint at an overflow)
    uint64_t parent;          // PD index, or none: its faults go to the monitor
};

struct Header {
    uint64_t magic;
    uint64_t version;
    uint64_t total_size;       // bytes of the whole blob
    uint64_t arch;             // 1 AArch64, 2 RISC-V 64: checked against the initial task's own
    // Physical memory the plan assumed: RAM [ram_base, ram_end). The
    // initial task refuses to build if the kernel's BootInfo disagrees.
    uint64_t ram_base;
    uint64_t ram_end;
    uint64_t monitor_endpoint; // object
    uint64_t cspace_bits;      // slots (log2) the initial task needs for all caps it holds
    Table objects;
    Table fills;
    Table caps;
    Table mappings;
    Table tcbs;
    Table irqs;
    Table pds;
    Table strings;             // count: bytes
    Table data;                // count: bytes
};

inline constexpr uint64_t arch_aarch64 = 1;
inline constexpr uint64_t arch_riscv64 = 2;

static_assert(sizeof(Header) == 8 * 8 + 9 * sizeof(Table));

}  // namespace microkit_spec
