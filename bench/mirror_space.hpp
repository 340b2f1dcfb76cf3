// SPDX-License-Identifier: BSD-2-Clause
// Objects for a benchmark root task, and a second address space that mirrors
// this image: a VSpace with an ASID from the initial pool and, at every page
// of the image, a copy of that page's frame cap, so that both address spaces
// run the same code on the same data and every IPC between them switches
// address space. libsel4 alone, as every benchmark.
#pragma once

#include <sel4/sel4.h>

#include "address_space.hpp"
#include "measure.hpp"

namespace bench {

// Hands out objects from the boot untyped into the next free slots of the
// initial CNode (any failure ends the benchmark, naming the call).
struct ObjectMaker {
    BootResources resources;

    seL4_CPtr free_slot() { return resources.next_slot++; }
    seL4_CPtr make(seL4_Word type, seL4_Word size_bits) {
        const seL4_CPtr slot = free_slot();
        check(seL4_Untyped_Retype(resources.untyped, type, size_bits, seL4_CapInitThreadCNode, 0, 0, slot, 1),
              "Untyped_Retype");
        return slot;
    }
};

inline seL4_CPtr make_mirror_address_space(const seL4_BootInfo& bootinfo, ObjectMaker& objects) {
    const seL4_CPtr vspace = objects.make(vspace_object, 0);
    check(asid_pool_assign(seL4_CapInitThreadASIDPool, vspace), "ASIDPool_Assign");
    for_each_image_page(bootinfo, [&](seL4_Word va, seL4_CPtr frame) {
        const seL4_CPtr copy = objects.free_slot();
        check(seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, seL4_WordBits, seL4_CapInitThreadCNode, frame,
                              seL4_WordBits, seL4_AllRights),
              "CNode_Copy");
        check(map_with_tables(copy, vspace, va, seL4_AllRights, [&] { return objects.make(page_table_object, 0); }),
              "Page_Map");
        return true;
    });
    return vspace;
}

}  // namespace bench
