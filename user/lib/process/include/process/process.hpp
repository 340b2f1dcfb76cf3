// SPDX-License-Identifier: BSD-2-Clause
// A process: a thread with its own CSpace and VSpace, loaded from a program
// image and started through sel4runtime's process entry (a System V stack
// with the seL4 auxiliary-vector entries), as sel4utils builds one.
//
// Its address space: the image's segments at their link addresses (each
// page a fresh frame, the segment's bytes copied in through a temporary
// mapping in the caller's VSpace), the IPC buffer at ipc_buffer_address,
// an unmapped guard page above it and the stack above that. Its CSpace: one
// CNode addressed with full 64-bit CPtrs, its own TCB cap in slot_tcb; the
// caller adds what else it should hold with mint_cap().
#pragma once

#include <sel4/sel4.h>

#include <process/image.hpp>
#include <process/vm.hpp>

namespace process {

struct Config {
    const char* name = "process";  // argv[0]; the thread's debug name
    seL4_Word priority = 0;
    seL4_Word mcp = 0;
    // Scheduling: an SC of budget_us per period_us configured through
    // sched_control (BootInfo's schedcontrol.start), or none (a passive
    // process) when sched_control is null.
    seL4_CPtr sched_control = seL4_CapNull;
    seL4_Word budget_us = 1000;
    seL4_Word period_us = 1000;
    seL4_CPtr fault_endpoint = seL4_CapNull;  // in the caller's CSpace (MCS copies it into the TCB)
    seL4_CPtr asid_pool = seL4_CapInitThreadASIDPool;
    unsigned cnode_bits = 8;
    unsigned stack_pages = 4;
    // The caller's VSpace and one page-aligned address in it that is free
    // for the loader's temporary mappings (page tables are made as needed).
    seL4_CPtr caller_vspace = seL4_CapInitThreadVSpace;
    seL4_Word scratch_address = 0;
};

class Process {
public:
    static constexpr seL4_Word slot_tcb = 1;    // its own TCB (AT_SEL4_TCB)
    static constexpr seL4_Word first_free_slot = 8;
    static constexpr seL4_Word ipc_buffer_address = 0x10000000;
    static constexpr seL4_Word page_size = seL4_Word{1} << seL4_PageBits;
    static constexpr seL4_Word stack_bottom = ipc_buffer_address + 2 * page_size;  // above the guard page

    // Makes the VSpace (with an ASID from config.asid_pool), CNode, TCB and
    // SC. Returns seL4's error of the first step that failed.
    seL4_Error create(const Config& config, ObjectSource& objects);
    // Copies every segment of `image` into new frames mapped in the
    // process, writable and executable as the segments say.
    seL4_Error load(const Image& image);
    // Puts a copy of `cap` (from the caller's CSpace) with `rights` and
    // `badge` into the process's CSpace at `slot`.
    seL4_Error mint_cap(seL4_CPtr cap, seL4_Word slot, seL4_CapRights_t rights, seL4_Word badge = 0);
    // Maps a copy of `frame` (so the caller keeps its own mapping) at
    // `address` in the process.
    seL4_Error map_frame_copy(seL4_CPtr frame, seL4_Word address, seL4_CapRights_t rights, seL4_Word attributes);
    // Builds the stack with `argc` arguments (none: argv = {config.name}),
    // sets the entry point and starts the thread.
    seL4_Error start(int argc, const char* const* argv);

    seL4_CPtr tcb() const { return tcb_; }
    seL4_CPtr cnode() const { return cnode_; }
    seL4_CPtr vspace() const { return vspace_; }
    seL4_CPtr sched_context() const { return sc_; }
    // The first step that failed, in words (after an error).
    const char* failed_step() const { return failed_step_; }

private:
    seL4_Error fail(const char* step, seL4_Error error) {
        failed_step_ = step;
        return error;
    }
    // The frame mapped at `page` in the process (made on first use); 0 if
    // the loader ran out of memory or of room to remember pages.
    seL4_CPtr page_frame(seL4_Word page, bool writable, bool executable, seL4_Error* error);
    // Runs `fill(mapping)` on `frame` mapped at the scratch address.
    template <typename Fill>
    seL4_Error with_scratch_mapping(seL4_CPtr frame, Fill fill);
    seL4_Error map_in_process(seL4_CPtr frame, seL4_Word address, bool writable, bool executable);

    struct Page {
        seL4_Word address;
        seL4_CPtr frame;
        bool writable;
        bool executable;
    };
    static constexpr unsigned max_pages = 512;
    static constexpr unsigned max_tables = 32;

    Config config_{};
    ObjectSource* objects_ = nullptr;
    seL4_CPtr vspace_ = 0, cnode_ = 0, tcb_ = 0, sc_ = 0, ipc_frame_ = 0;
    seL4_Word entry_ = 0;
    Page pages_[max_pages] = {};
    unsigned page_count_ = 0;
    seL4_CPtr tables_[max_tables] = {};
    unsigned table_count_ = 0;
    const char* failed_step_ = "";
};

}  // namespace process
