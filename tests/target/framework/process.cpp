// SPDX-License-Identifier: BSD-2-Clause
// See process.hpp.
#include "process.hpp"

#include <elf/elf.hpp>

#include "alloc.hpp"
#include "vspace.hpp"

extern "C" const char __ehdr_start[];

namespace tessera_test {

namespace {

constexpr seL4_Word page_bytes = seL4_Word{1} << seL4_PageBits;
// The root CNode's shape (sel4-abi.md §14.1): radix 12, the guard takes the rest.
constexpr seL4_Word cnode_radix = 12;
constexpr seL4_Word cnode_guard_data = process_cnode_guard_data;  // seL4_CNode_CapData: guard size, guard 0
static_assert(cnode_guard_data == seL4_WordBits - cnode_radix);

// [lowest, highest) of the image's PT_LOAD segments, page aligned.
void image_bounds(seL4_Word* lowest, seL4_Word* highest) {
    const auto* file = reinterpret_cast<const std::uint8_t*>(__ehdr_start);
    const elf::Ehdr* header = &elf::header(file);
    const elf::Phdr* phdrs = &elf::program_header(file, 0);
    *lowest = ~seL4_Word{0};
    *highest = 0;
    for (unsigned i = 0; i < header->e_phnum; ++i) {
        if (phdrs[i].p_type != elf::PT_LOAD || phdrs[i].p_memsz == 0) continue;
        const seL4_Word start = phdrs[i].p_vaddr & ~(page_bytes - 1);
        const seL4_Word end = (phdrs[i].p_vaddr + phdrs[i].p_memsz + page_bytes - 1) & ~(page_bytes - 1);
        if (start < *lowest) *lowest = start;
        if (end > *highest) *highest = end;
    }
}

// The process's paging structures and CNode (2^12 slots of 32 bytes) come
// from an untyped of its own, cut from a boot untyped other than the
// allocator's pool and revoked with the process: the pool only gets memory
// back when all its objects are gone, which a test's rounds of processes
// would not wait for.
constexpr unsigned memory_bits = 18;

seL4_CPtr carve_memory(const seL4_BootInfo* bootinfo) {
    const seL4_Word count = bootinfo->untyped.end - bootinfo->untyped.start;
    int best = -1;
    for (seL4_Word i = 0; i < count && i < CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS; ++i) {
        const seL4_UntypedDesc& desc = bootinfo->untypedList[i];
        if (desc.isDevice || desc.sizeBits < memory_bits + 2 ||
            bootinfo->untyped.start + i == allocator().pool_untyped())
            continue;
        if (best < 0 || desc.sizeBits < bootinfo->untypedList[best].sizeBits) best = static_cast<int>(i);
    }
    const seL4_CPtr slot = best < 0 ? 0 : allocator().alloc_slot();
    if (slot == 0) return 0;
    if (seL4_Untyped_Retype(bootinfo->untyped.start + static_cast<seL4_Word>(best), seL4_UntypedObject, memory_bits,
                            root_cnode, 0, 0, slot, 1) != seL4_NoError) {
        allocator().free_slot(slot);
        return 0;
    }
    return slot;
}

// One object from the process's memory into a fresh slot; 0 on failure.
seL4_CPtr process_object(HelperProcess* p, seL4_Word type, seL4_Word size_bits) {
    const seL4_CPtr slot = allocator().alloc_slot();
    if (slot == 0) return 0;
    if (seL4_Untyped_Retype(p->memory, type, size_bits, root_cnode, 0, 0, slot, 1) != seL4_NoError) {
        allocator().free_slot(slot);
        return 0;
    }
    return slot;
}

// Maps `frame` at `va` in the process, adding page tables as the walk needs them.
bool map_frame(HelperProcess* p, seL4_CPtr frame, seL4_Word va) {
    for (unsigned attempt = 0; attempt <= vm::paging_levels; ++attempt) {
        const seL4_Error e = vm::page_map(frame, p->vspace, va, seL4_AllRights, vm::default_attributes);
        if (e == seL4_NoError) return true;
        if (e != seL4_FailedLookup || p->table_count == HelperProcess::max_tables) {
            record_failure(__FILE__, __LINE__, "mapping 0x%lx in a helper process: error %d",
                           static_cast<unsigned long>(va), e);
            return false;
        }
        const seL4_CPtr pt = process_object(p, vm::page_table_object, 0);
        if (pt == 0) {
            record_failure(__FILE__, __LINE__, "out of memory for a helper process's page table");
            return false;
        }
        p->tables[p->table_count++] = pt;
        if (vm::page_table_map(pt, p->vspace, va) != seL4_NoError) return false;
    }
    return false;
}

// Forgets everything `p` held (without a large temporary on the stack).
void reset(HelperProcess* p) {
    p->thread = HelperThread{};
    p->memory = 0;
    p->cnode = 0;
    p->vspace = 0;
    p->frame_count = 0;
    p->table_count = 0;
    p->extra_count = 0;
}

// The test's cap to the process's CNode has no guard: its slot `cap` is
// index `cap` at depth cnode_radix.
bool copy_cap(seL4_CPtr dest_cnode, seL4_CPtr cap, seL4_CapRights_t rights) {
    return seL4_CNode_Copy(dest_cnode, cap, cnode_radix, root_cnode, cap, root_depth, rights) == seL4_NoError;
}

constexpr unsigned process_storage_count = 4;
HelperProcess process_storage[process_storage_count];
bool process_storage_used[process_storage_count];

}  // namespace

HelperProcess* take_process_storage() {
    for (unsigned i = 0; i < process_storage_count; ++i)
        if (!process_storage_used[i]) {
            process_storage_used[i] = true;
            return &process_storage[i];
        }
    return nullptr;
}

void release_process_storage(HelperProcess* p) {
    for (unsigned i = 0; i < process_storage_count; ++i)
        if (&process_storage[i] == p) process_storage_used[i] = false;
}

bool create_helper_process(Env& env, HelperProcess* p, seL4_Word priority, seL4_CPtr asid_pool) {
    reset(p);
    if (!create_helper_thread(env, &p->thread, priority)) return false;
    Allocator& a = allocator();
    p->memory = carve_memory(env.bootinfo);
    if (p->memory != 0) {
        p->cnode = process_object(p, seL4_CapTableObject, cnode_radix);
        p->vspace = process_object(p, vm::vspace_object, 0);
    }
    if (p->cnode == 0 || p->vspace == 0) {
        record_failure(__FILE__, __LINE__, "out of objects for a helper process");
        return false;
    }
    if (vm::assign(asid_pool, p->vspace) != seL4_NoError) {
        record_failure(__FILE__, __LINE__, "no ASID for a helper process");
        return false;
    }
    // The process's own caps, where the helper code looks for them.
    const HelperThread& t = p->thread;
    if (!copy_cap(p->cnode, t.tcb, seL4_AllRights) || !copy_cap(p->cnode, t.done, seL4_AllRights) ||
        !copy_cap(p->cnode, t.reply, seL4_AllRights)) {
        record_failure(__FILE__, __LINE__, "could not fill a helper process's CNode");
        return false;
    }
    seL4_Word lowest = 0, highest = 0;
    image_bounds(&lowest, &highest);
    for (seL4_Word va = lowest; va < highest; va += page_bytes) {
        // Of the helper pools, only this helper's stack, IPC buffer and TLS.
        const int owner = helper_pool_owner(va);
        if (owner >= 0 && owner != t.pool_index) continue;
        const seL4_CPtr frame = image_frame_cap(env.bootinfo, reinterpret_cast<const void*>(va));
        if (frame == 0) continue;
        if (p->frame_count == HelperProcess::max_frames) {
            record_failure(__FILE__, __LINE__, "the image has more than %u pages", HelperProcess::max_frames);
            return false;
        }
        const seL4_CPtr copy = a.alloc_slot();
        if (copy == 0 || seL4_CNode_Copy(root_cnode, copy, root_depth, root_cnode, frame, root_depth,
                                         seL4_AllRights) != seL4_NoError) {
            a.free_slot(copy);
            record_failure(__FILE__, __LINE__, "could not copy an image frame cap");
            return false;
        }
        p->frames[p->frame_count++] = copy;
        if (!map_frame(p, copy, va)) return false;
    }
    const seL4_Error e = seL4_TCB_SetSpace(t.tcb, seL4_CapNull, p->cnode, cnode_guard_data, p->vspace, 0);
    if (e != seL4_NoError) record_failure(__FILE__, __LINE__, "TCB_SetSpace of a helper process: error %d", e);
    return e == seL4_NoError;
}

bool share_cap(HelperProcess* p, seL4_CPtr cap, seL4_CapRights_t rights) {
    const bool ok = copy_cap(p->cnode, cap, rights);
    if (!ok) record_failure(__FILE__, __LINE__, "could not share cap %lu with a helper process", cap);
    return ok;
}

bool map_private_page(HelperProcess* p, seL4_Word va) {
    if (p->extra_count == sizeof p->extra_slots / sizeof p->extra_slots[0]) return false;
    const seL4_CPtr frame = allocator().alloc_object(vm::small_page_object, 0);
    if (frame == 0) return false;
    p->extra_slots[p->extra_count++] = frame;
    return map_frame(p, frame, va);
}

void cleanup_helper_process(Env& env, HelperProcess* p) {
    if (p->thread.tcb != 0) (void)seL4_TCB_Suspend(p->thread.tcb);
    Allocator& a = allocator();
    // The CNode first (its copies of the helper's caps go with it), then the thread.
    a.free_object(p->cnode);
    cleanup_helper(env, &p->thread);
    for (unsigned i = p->extra_count; i > 0; --i) a.free_object(p->extra_slots[i - 1]);
    for (unsigned i = p->frame_count; i > 0; --i) a.free_object(p->frames[i - 1]);
    for (unsigned i = p->table_count; i > 0; --i) a.free_object(p->tables[i - 1]);
    a.free_object(p->vspace);
    a.free_object(p->memory);  // revokes whatever else came from it
    reset(p);
}

}  // namespace tessera_test
