// SPDX-License-Identifier: BSD-2-Clause
// Builds the system the specification describes, in the order seL4 needs:
// objects (fixed physical addresses first), frame contents, ASIDs,
// mappings, interrupts, capabilities in the protection domains' CNodes, and
// the threads, which start last. Every kernel call's failure stops the
// build with the step, the object's name and seL4's error.
#pragma once

#include <sel4/sel4.h>

#include "cspace.hpp"
#include "memory.hpp"
#include "spec_view.hpp"

namespace initialiser {

class Builder {
public:
    Builder(const SpecView& spec, const seL4_BootInfo* info, Memory& memory, CSpace& cspace)
        : spec_(spec), info_(info), memory_(memory), cspace_(cspace) {}

    // Returns null, or a line in `message`.
    const char* build(char* message, seL4_Word size);

    seL4_CPtr object_cap(uint64_t index) const { return objects_base_ + index; }

private:
    const char* create_objects();
    const char* fill_frames();
    const char* assign_asids();
    const char* map_frames();
    const char* create_irqs();
    const char* place_caps();
    const char* configure_threads();
    const char* start_threads();
    const char* configure_thread(const microkit_spec::Tcb& t);
    // The cap a Cap record copies from (in the initial task's CSpace).
    seL4_CPtr source_of(const microkit_spec::Cap& cap) const;
    const char* failed(const char* step, const char* name, seL4_Error error);

    const SpecView& spec_;
    const seL4_BootInfo* info_;
    Memory& memory_;
    CSpace& cspace_;
    seL4_CPtr objects_base_ = 0;
    seL4_CPtr irqs_base_ = 0;
    char* message_ = nullptr;
    seL4_Word message_size_ = 0;
};

}  // namespace initialiser
