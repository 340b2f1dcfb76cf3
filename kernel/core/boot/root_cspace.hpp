// SPDX-License-Identifier: BSD-2-Clause
// The root task's CSpace, TCB and BootInfo as seL4 MCS builds them at boot
// (sel4-abi.md §14.1–14.3, sel4-mcs.md §10): the root CNode (radix 12, guard
// size 64-12) with the fixed caps in slots 1..15, then the dynamic regions
// userImagePaging, extraBIPages, schedcontrol, userImageFrames, untyped and
// the empty rest. Boot caps are CDT roots; the TCB's own slots hold copies
// derived from the root CNode's slots, as in seL4 create_initial_thread.
//
// Templated on the address space so host tests can use a fake one. Space
// provides: `unsigned levels() const` (translation levels incl. the root)
// and `paddr_t table_at(vaddr_t va, unsigned depth) const` (depth 0 =
// root, 1.. = the tables below it, `levels` = the mapped frame; 0 if absent).
#pragma once

#include <new>

#include "boot_state.hpp"
#include "root_task.hpp"
#include <kern/cdt.hpp>
#include <kern/object/asid_pool.hpp>
#include <kern/object/cnode.hpp>
#include <kern/object/tcb.hpp>
#include <kern/object_type.hpp>

namespace kern::boot {

// seL4 gives the root task's VSpace ASID 1 in ASID pool 0 (sel4-abi.md §14.1).
inline constexpr word_t root_task_asid = 1;
inline constexpr unsigned root_sched_context_bits = min_sched_context_bits;
inline constexpr unsigned asid_pool_bits = 12;

// Objects the root task owns besides its address space (from boot memory).
struct RootServerObjects {
    paddr_t cnode;          // 2^(root_cnode_size_bits + slot_bits)
    paddr_t tcb;            // 2^tcb_bits
    paddr_t sched_context;  // 2^root_sched_context_bits
    paddr_t asid_pool;      // 2^asid_pool_bits
};

// Calls f(depth, region_vaddr, table_paddr) for every page table below the
// root that maps the root task's pages (the image runs, then the IPC buffer,
// BootInfo and extra boot info above it), larger levels first, then by
// address. Only regions that hold mapped pages are looked at, not the gaps
// between segments.
template <typename Space, typename F>
void for_each_paging_table(const Space& space, const std::uint8_t* file, const RootTaskLayout& vm, F&& f) {
    const vaddr_t mapped_end = vm.extra_boot_info + vm.extra_boot_info_pages * page_size;
    for (unsigned depth = 1; depth < space.levels(); ++depth) {
        const unsigned region_bits = page_bits + 9 * (space.levels() - depth);
        const word_t region = word_t{1} << region_bits;
        vaddr_t unvisited = 0;  // regions below this one were looked at already
        auto visit = [&](vaddr_t start, vaddr_t end) {
            vaddr_t va = align_down(start, region);
            if (va < unvisited) va = unvisited;
            for (; va < end; va += region) {
                const paddr_t table = space.table_at(va, depth);
                if (table != 0) f(depth, va, table);
            }
            if (va > unvisited) unvisited = va;
        };
        for (PageRun run{}; next_image_run(file, run);) visit(run.start, run.end);
        visit(vm.ipc_buffer, mapped_end);
    }
}

struct BootCSpace {
    Tcb* tcb;
    SlotLayout layout;
};

// Fills the root CNode, the root TCB and the BootInfo frame. Returns nullptr
// or what went wrong.
template <typename Space>
[[nodiscard]] const char* build_root_cspace(const Space& space, const std::uint8_t* file, const RootTask& root,
                                            const RootServerObjects& objects, const UntypedPlan& untypeds,
                                            BootCSpace& out) {
    const RootTaskLayout& vm = root.layout;

    word_t paging = 0;
    for_each_paging_table(space, file, vm, [&](unsigned, vaddr_t, paddr_t) { ++paging; });
    word_t image_frames = 0;
    for (PageRun run{}; next_image_run(file, run);) image_frames += (run.end - run.start) / page_size;
    const SlotLayout slots = compute_slot_layout(paging, vm.extra_boot_info_pages, 1, image_frames, untypeds.count(),
                                                 root_cnode_size_bits);
    if (!slots.fits) return "the root task's boot caps do not fit in its CNode";
    out.layout = slots;

    const CNodeCap cnode_cap = CNodeCap::make(objects.cnode, root_cnode_size_bits, 64 - root_cnode_size_bits, 0);
    Cte* cnode = cnode_slots(objects.cnode);
    auto frame_cap = [](paddr_t pa, vaddr_t va) {
        return FrameCap::make(pa, FrameSize::Small, VmRights::ReadWrite, false).with_mapping(root_task_asid, va);
    };

    const Cap vspace_cap = arch_has_vspace_object()
                               ? VSpaceCap::make(space.root()).with_asid(root_task_asid).cap()
                               : PageTableCap::make(space.root()).with_mapping(root_task_asid, 0).cap();
    cdt::insert_root(cnode[seL4_CapInitThreadTCB], ThreadCap::make(objects.tcb));
    cdt::insert_root(cnode[seL4_CapInitThreadCNode], cnode_cap);
    cdt::insert_root(cnode[seL4_CapInitThreadVSpace], vspace_cap);
    cdt::insert_root(cnode[seL4_CapIRQControl], make_simple_cap(CapType::IrqControl));
    cdt::insert_root(cnode[seL4_CapASIDControl], make_simple_cap(CapType::AsidControl));
    cdt::insert_root(cnode[seL4_CapInitThreadASIDPool], AsidPoolCap::make(objects.asid_pool, 0));
    // The initial pool is pool 0 of the ASID table; its ASID 1 names the root
    // task's VSpace (seL4 create_it_asid_pool / write_it_asid_pool).
    asid::set_pool(0, objects.asid_pool);
    phys_to_virt<AsidPool>(objects.asid_pool)->roots[root_task_asid] = space.root();
    cdt::insert_root(cnode[seL4_CapBootInfoFrame], frame_cap(root.boot_info_frame, vm.boot_info));
    cdt::insert_root(cnode[seL4_CapInitThreadIPCBuffer], frame_cap(root.ipc_buffer_frame, vm.ipc_buffer));
    cdt::insert_root(cnode[seL4_CapDomain], make_simple_cap(CapType::Domain));
    cdt::insert_root(cnode[seL4_CapInitThreadSC], SchedContextCap::make(objects.sched_context, root_sched_context_bits));

    word_t next = slots.user_image_paging.start;
    for_each_paging_table(space, file, vm, [&](unsigned, vaddr_t va, paddr_t table) {
        cdt::insert_root(cnode[next++], PageTableCap::make(table).with_mapping(root_task_asid, va));
    });
    for (word_t i = 0; i < vm.extra_boot_info_pages; ++i) {
        const vaddr_t va = vm.extra_boot_info + i * page_size;
        cdt::insert_root(cnode[next++], frame_cap(space.table_at(va, space.levels()), va));
    }
    cdt::insert_root(cnode[next++], SchedControlCap::make(0));
    for (PageRun run{}; next_image_run(file, run);)
        for (vaddr_t va = run.start; va < run.end; va += page_size)
            cdt::insert_root(cnode[next++], frame_cap(space.table_at(va, space.levels()), va));
    for (unsigned i = 0; i < untypeds.count(); ++i) {
        const UntypedRegion& u = untypeds[i];
        // A full watermark: the first Retype resets (zeroes) the whole untyped.
        cdt::insert_root(cnode[next++], UntypedCap::make(u.paddr, u.size_bits, u.device, word_t{1} << u.size_bits));
    }

    // The root thread: its CSpace/VSpace/IPC buffer slots hold copies of the
    // root CNode's caps as CDT children (the buffer copy is unmapped, as
    // deriveCap makes it).
    Tcb* tcb = new (tcb_of_object(objects.tcb)) Tcb{};
    tcb->context.init_user(vm.entry, vm.boot_info);
    tcb->ipc_buffer = vm.ipc_buffer;
    cdt::insert_child(cnode[seL4_CapInitThreadCNode], tcb->slot(TcbSlot::CTable), cnode_cap);
    cdt::insert_child(cnode[seL4_CapInitThreadVSpace], tcb->slot(TcbSlot::VTable), vspace_cap);
    cdt::insert_child(cnode[seL4_CapInitThreadIPCBuffer], tcb->slot(TcbSlot::Buffer),
                      cnode[seL4_CapInitThreadIPCBuffer].cap.as<FrameCap>().unmapped());
    out.tcb = tcb;

    seL4_BootInfo& info = *phys_to_virt<seL4_BootInfo>(root.boot_info_frame);
    info.userImagePaging = slots.user_image_paging;
    info.extraBIPages = slots.extra_bi_pages;
    info.schedcontrol = slots.sched_control;
    info.userImageFrames = slots.user_image_frames;
    info.untyped = slots.untyped;
    info.empty = slots.empty;
    for (unsigned i = 0; i < untypeds.count(); ++i) {
        info.untypedList[i] = seL4_UntypedDesc{};
        info.untypedList[i].paddr = untypeds[i].paddr;
        info.untypedList[i].sizeBits = static_cast<seL4_Uint8>(untypeds[i].size_bits);
        info.untypedList[i].isDevice = untypeds[i].device ? 1 : 0;
    }
    return nullptr;
}

}  // namespace kern::boot
