// SPDX-License-Identifier: BSD-2-Clause
// The supervisor's side of the world: the objects the workers fuzz (made
// from one world untyped, so one Revoke destroys them all, with every copy
// the workers hold), the workers' own objects (one untyped slab each, so a
// Revoke takes a broken worker apart whatever it did to itself), and
// copying world caps into the workers' CSpaces.
#include <initializer_list>

#include <sel4runtime.h>

#include "address_space.hpp"
#include "labels.hpp"

namespace fuzz {
namespace {

struct alignas(4096) Page {
    unsigned char bytes[4096];
};

constexpr seL4_Word world_untyped_bits = 20;
constexpr seL4_Word slab_bits = 14;
// Small enough that what a worker makes (a CNode of at most 2^9 slots) keeps
// the invariant checker's walk short: it runs at every exit that changed a cap.
constexpr seL4_Word worker_untyped_bits = 14;
constexpr seL4_Word world_cnode_bits = 4;
constexpr seL4_Word sc_bits = 8;
constexpr unsigned world_page_tables = 3;
constexpr seL4_Word worker_stack_size = 16384;

#if defined(__riscv)
constexpr seL4_Word spare_irq = 7;  // a virtio-mmio slot of QEMU virt with no device behind it
#else
constexpr seL4_Word spare_irq = 100;  // an SPI no QEMU virt device uses
#endif

seL4_CPtr next_slot;
seL4_CPtr big_untyped;
seL4_CPtr sched_control;

// Root-CNode slots.
seL4_CPtr fault_ep_slot, reply_slot, world_untyped_slot;
seL4_CPtr slab[worker_count], tcb[worker_count], sc[worker_count], cnode[worker_count], fault_mint[worker_count];
seL4_CPtr world[WorldCapCount];  // originals (worker-specific ones below)
seL4_CPtr world_reply[worker_count], worker_big[worker_count], worker_small[worker_count];
seL4_CPtr world_pt[world_page_tables], asid_untyped_slot;
seL4_CPtr scratch;
seL4_CPtr ipc_frame[worker_count];

Page ipc_buffers[worker_count];
alignas(16) unsigned char stacks[worker_count][worker_stack_size];
alignas(64) unsigned char tls_blocks[worker_count][4096];

seL4_CPtr alloc_slot() { return next_slot++; }

void must(seL4_Error e, const char* what) {
    if (e == seL4_NoError) return;
    put("fuzz: setting up: ");
    put(what);
    put(" failed with error ");
    put_u(e);
    put("\n");
    fail("set-up failed", supervisor_index);
}

seL4_Error retype(seL4_CPtr untyped, seL4_Word type, seL4_Word bits, seL4_CPtr slot) {
    return seL4_Untyped_Retype(untyped, type, bits, seL4_CapInitThreadCNode, 0, 0, slot, 1);
}

seL4_Word guard_data(seL4_Word slot_bits) { return seL4_CNode_CapData_new(0, seL4_WordBits - slot_bits).words[0]; }

unsigned budgets_us[worker_count] = {2000, 3000, 1000, 5000};
unsigned periods_us[worker_count] = {10000, 10000, 5000, 20000};
unsigned priorities[worker_count] = {100, 120, 120, 140};

bool world_exists = false;

// Copies world cap `index` into worker `w`'s CNode; false when the slot is
// taken (the worker put something there) or the original is gone.
bool copy_world_cap(unsigned w, unsigned index) {
    const seL4_CPtr dest = first_world_slot + index;
    seL4_CPtr src = world[index];
    seL4_Word badge = 0;
    switch (index) {
    case WEndpoint1: case WNotification1: badge = w + 1; break;
    case WReplyOwn: src = world_reply[w]; break;
    case WUntypedBig: src = worker_big[w]; break;
    case WUntypedSmall: src = worker_small[w]; break;
    default: break;
    }
    if (src == 0) return false;
    const seL4_Error e = badge != 0
        ? seL4_CNode_Mint(cnode[w], dest, worker_cnode_bits, seL4_CapInitThreadCNode, src, seL4_WordBits,
                          seL4_AllRights, badge)
        : seL4_CNode_Copy(cnode[w], dest, worker_cnode_bits, seL4_CapInitThreadCNode, src, seL4_WordBits,
                          seL4_AllRights);
    return e == seL4_NoError;
}

void copy_world_caps(unsigned w) {
    if (!world_exists) return;
    for (unsigned k = 0; k < WorldCapCount; ++k) (void)copy_world_cap(w, k);
}

// The root thread moves to a CSpace of its own of 2^8 slots, holding only
// what the fuzzer uses, and leaves the initial CNode (2^12 slots, every
// boot cap) unreachable from it: the debug kernel's invariant checker walks
// the CSpaces of the threads it meets at every exit that changed a cap, so
// the size of the supervisor's CSpace is paid on nearly every invocation.
// The fixed slots (seL4_CapInitThreadTCB, ...) keep their numbers.
constexpr seL4_Word supervisor_cnode_bits = 8;
constexpr seL4_CPtr old_root_slot = 16;  // a copy of the initial CNode, while moving
constexpr seL4_CPtr first_moved_slot = 17;

void move_to_small_cspace(const seL4_BootInfo* info, seL4_CPtr& untyped) {
    // The extra boot info (the device tree, up to a MiB) was read already;
    // its frames stay behind, unmapped.
    for (seL4_CPtr k = info->extraBIPages.start; k < info->extraBIPages.end; ++k)
        must(bench::page_unmap(k), "extra boot-info unmap");
    const seL4_CPtr small = info->empty.start;
    must(retype(untyped, seL4_CapTableObject, supervisor_cnode_bits, small), "supervisor CNode");
    must(seL4_CNode_Mint(small, seL4_CapInitThreadCNode, supervisor_cnode_bits, seL4_CapInitThreadCNode, small,
                         seL4_WordBits, seL4_AllRights, guard_data(supervisor_cnode_bits)),
         "supervisor CNode self cap");
    must(seL4_CNode_Copy(small, old_root_slot, supervisor_cnode_bits, seL4_CapInitThreadCNode,
                         seL4_CapInitThreadCNode, seL4_WordBits, seL4_AllRights),
         "initial CNode copy");
    must(seL4_TCB_SetSpace(seL4_CapInitThreadTCB, seL4_CapNull, small, guard_data(supervisor_cnode_bits),
                           seL4_CapInitThreadVSpace, 0),
         "supervisor TCB_SetSpace");
    // From here cptrs resolve in the small CNode.
    auto move = [](seL4_CPtr from, seL4_CPtr to) {
        return seL4_CNode_Move(seL4_CapInitThreadCNode, to, seL4_WordBits, old_root_slot, from, seL4_WordBits);
    };
    for (seL4_CPtr k = seL4_CapInitThreadTCB; k < old_root_slot; ++k)
        if (k != seL4_CapInitThreadCNode) (void)move(k, k);  // slots the configuration leaves empty fail
    next_slot = first_moved_slot;
    const seL4_CPtr moved_untyped = alloc_slot();
    must(move(untyped, moved_untyped), "untyped move");
    untyped = moved_untyped;
    const seL4_CPtr moved_sched_control = alloc_slot();
    must(move(info->schedcontrol.start, moved_sched_control), "SchedControl move");
    sched_control = moved_sched_control;
    // The page tables and frames of this image come along: the checker
    // finds the objects a VSpace maps through their caps, and reports a
    // mapping whose frame cap sits only in an unreachable CNode.
    for (seL4_CPtr k = info->userImagePaging.start; k < info->userImagePaging.end; ++k)
        must(move(k, alloc_slot()), "page-table move");
    const seL4_CPtr first_frame = next_slot;
    if (first_frame + (info->userImageFrames.end - info->userImageFrames.start) + 96 > (1u << supervisor_cnode_bits))
        fail("the image has too many pages for the supervisor's CNode", supervisor_index);
    for (seL4_CPtr k = info->userImageFrames.start; k < info->userImageFrames.end; ++k)
        must(move(k, alloc_slot()), "frame move");
    for (unsigned w = 0; w < worker_count; ++w)
        ipc_frame[w] = first_frame + (bench::image_frame(*info, &ipc_buffers[w]) - info->userImageFrames.start);
    must(seL4_CNode_Delete(seL4_CapInitThreadCNode, old_root_slot, seL4_WordBits), "initial CNode copy delete");
}

}  // namespace

seL4_CPtr fault_endpoint() { return fault_ep_slot; }
seL4_CPtr supervisor_reply() { return reply_slot; }
unsigned worker_priority(unsigned index) { return priorities[index]; }
seL4_CPtr worker_sched_context(unsigned index) { return sc[index]; }

void world_init(const seL4_BootInfo* info, u64) {
    seL4_Word best_bits = 0;
    for (seL4_CPtr s = info->untyped.start; s < info->untyped.end; ++s) {
        const seL4_UntypedDesc& d = info->untypedList[s - info->untyped.start];
        if (!d.isDevice && d.sizeBits > best_bits) {
            best_bits = d.sizeBits;
            big_untyped = s;
        }
    }
    if (best_bits < 22) fail("no untyped of 4 MiB", supervisor_index);
    move_to_small_cspace(info, big_untyped);

    fault_ep_slot = alloc_slot();
    must(retype(big_untyped, seL4_EndpointObject, 0, fault_ep_slot), "fault endpoint");
    reply_slot = alloc_slot();
    must(retype(big_untyped, seL4_ReplyObject, 0, reply_slot), "reply");
    world_untyped_slot = alloc_slot();
    must(retype(big_untyped, seL4_UntypedObject, world_untyped_bits, world_untyped_slot), "world untyped");
    for (unsigned w = 0; w < worker_count; ++w) {
        slab[w] = alloc_slot();
        must(retype(big_untyped, seL4_UntypedObject, slab_bits, slab[w]), "worker slab");
        tcb[w] = alloc_slot();
        sc[w] = alloc_slot();
        cnode[w] = alloc_slot();
        fault_mint[w] = alloc_slot();
        world_reply[w] = alloc_slot();
        worker_big[w] = alloc_slot();
        worker_small[w] = alloc_slot();
    }
    for (seL4_CPtr& s : world) s = alloc_slot();
    for (seL4_CPtr& s : world_pt) s = alloc_slot();
    asid_untyped_slot = alloc_slot();
    scratch = alloc_slot();
    // The supervisor: top priority, a periodic scheduling context; each
    // Yield gives up the rest of the budget, so it wakes once a period.
    must(seL4_SchedControl_ConfigureFlags(sched_control, seL4_CapInitThreadSC, 1000, 2000, 0, 0, 0),
         "supervisor's SchedControl_Configure");
}

void world_destroy() {
    must(seL4_CNode_Revoke(seL4_CapInitThreadCNode, world_untyped_slot, seL4_WordBits), "world revoke");
    // What the world holds that is not made from the world untyped: the
    // IRQ handler, the authority copies, a copy of the initial ASID pool.
    for (unsigned k : {WIrqHandler, WSchedControl, WDomain, WAsidControl, WAsidPool}) {
        must(seL4_CNode_Revoke(seL4_CapInitThreadCNode, world[k], seL4_WordBits), "world cap revoke");
        must(seL4_CNode_Delete(seL4_CapInitThreadCNode, world[k], seL4_WordBits), "world cap delete");
    }
    world_exists = false;
}

void world_build() {
    const seL4_CPtr ut = world_untyped_slot;
    auto make = [&](seL4_Word type, seL4_Word bits, seL4_CPtr slot, const char* what) {
        must(retype(ut, type, bits, slot), what);
    };
    // The untypeds first, while the world untyped is aligned.
    for (unsigned w = 0; w < worker_count; ++w) {
        make(seL4_UntypedObject, worker_untyped_bits, worker_big[w], "worker untyped");
        make(seL4_UntypedObject, seL4_PageBits, worker_small[w], "worker small untyped");
    }
    make(seL4_UntypedObject, seL4_ASIDPoolBits, asid_untyped_slot, "ASID pool untyped");
    make(bench::vspace_object, 0, world[WVSpace], "world VSpace");
    for (seL4_CPtr pt : world_pt) make(bench::page_table_object, 0, pt, "world page table");
    make(bench::small_page_object, 0, world[WFrame0], "frame");
    make(bench::small_page_object, 0, world[WFrame1], "frame");
    make(seL4_TCBObject, 0, world[WThread0], "world TCB");
    make(seL4_TCBObject, 0, world[WThread1], "world TCB");
    make(seL4_CapTableObject, world_cnode_bits, world[WCNode], "world CNode");
    make(seL4_SchedContextObject, sc_bits, world[WSchedContext0], "world SC");
    make(seL4_SchedContextObject, sc_bits, world[WSchedContext1], "world SC");
    make(seL4_EndpointObject, 0, world[WEndpoint0], "endpoint");
    make(seL4_EndpointObject, 0, world[WEndpoint1], "endpoint");
    make(seL4_NotificationObject, 0, world[WNotification0], "notification");
    make(seL4_NotificationObject, 0, world[WNotification1], "notification");
    make(seL4_ReplyObject, 0, world[WReplyShared], "reply");
    for (seL4_CPtr r : world_reply) make(seL4_ReplyObject, 0, r, "reply");

    // An ASID pool of the world's own (ASIDControl_MakePool), else the initial one.
#if defined(__riscv)
    seL4_Error pool = seL4_RISCV_ASIDControl_MakePool(seL4_CapASIDControl, asid_untyped_slot, seL4_CapInitThreadCNode,
                                                      world[WAsidPool], seL4_WordBits);
#else
    seL4_Error pool = seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, asid_untyped_slot, seL4_CapInitThreadCNode,
                                                    world[WAsidPool], seL4_WordBits);
#endif
    if (pool != seL4_NoError)
        must(seL4_CNode_Copy(seL4_CapInitThreadCNode, world[WAsidPool], seL4_WordBits, seL4_CapInitThreadCNode,
                             seL4_CapInitThreadASIDPool, seL4_WordBits, seL4_AllRights),
             "ASID pool copy");
    must(bench::asid_pool_assign(world[WAsidPool], world[WVSpace]), "ASIDPool_Assign");
    // Page tables down to the last level at world_map_base (the extra ones
    // fail once every level is there), then a frame mapped there.
    for (seL4_CPtr pt : world_pt) (void)bench::page_table_map(pt, world[WVSpace], world_map_base);
    (void)bench::page_map(world[WFrame1], world[WVSpace], world_map_base, seL4_AllRights);
    must(seL4_CNode_Copy(seL4_CapInitThreadCNode, world[WPageTable], seL4_WordBits, seL4_CapInitThreadCNode,
                         world_pt[0], seL4_WordBits, seL4_AllRights),
         "page-table copy");

    for (unsigned k = 0; k < 2; ++k) {
        const seL4_CPtr sc_k = world[WSchedContext0 + k];
        must(seL4_SchedControl_ConfigureFlags(sched_control, sc_k, 500 + 1000 * k, 5000 * (k + 1), k, 0x5c0 + k, 0),
             "world SchedControl_Configure");
        const seL4_CPtr t = world[WThread0 + k];
        must(seL4_TCB_SetSpace(t, world[WEndpoint0], world[WCNode], guard_data(world_cnode_bits), world[WVSpace], 0),
             "world TCB_SetSpace");
        must(seL4_TCB_SetIPCBuffer(t, world_map_base + 1024 * k, world[WFrame1]), "world TCB_SetIPCBuffer");
        must(seL4_TCB_SetSchedParams(t, seL4_CapInitThreadTCB, 150, 60 + 40 * k, k == 0 ? sc_k : seL4_CapNull,
                                     world[WEndpoint0]),
             "world TCB_SetSchedParams");
    }
    // An IRQ handler for an interrupt no device raises.
#if defined(__riscv)
    (void)seL4_IRQControl_GetTrigger(seL4_CapIRQControl, spare_irq, 1, seL4_CapInitThreadCNode, world[WIrqHandler],
                                     seL4_WordBits);
#else
    (void)seL4_IRQControl_GetTrigger(seL4_CapIRQControl, spare_irq, 0, seL4_CapInitThreadCNode, world[WIrqHandler],
                                     seL4_WordBits);
#endif
    // The authority caps, as copies in the world range.
    const seL4_CPtr authorities[][2] = {{WSchedControl, sched_control}, {WDomain, seL4_CapDomain},
                                        {WAsidControl, seL4_CapASIDControl}};
    for (const auto& a : authorities)
        (void)seL4_CNode_Copy(seL4_CapInitThreadCNode, world[a[0]], seL4_WordBits, seL4_CapInitThreadCNode, a[1],
                              seL4_WordBits, seL4_AllRights);
    world_exists = true;
    for (unsigned w = 0; w < worker_count; ++w)
        if (tcb[w] != 0) copy_world_caps(w);
}

void world_refill() {
    for (unsigned w = 0; w < worker_count; ++w) copy_world_caps(w);
}

void worker_start(unsigned index) {
    WorkerShared& ws = workers[index];
    // Taking the slab apart deletes the thread wherever it is (blocked,
    // faulted, suspended) and its CNode with every cap in it.
    must(seL4_CNode_Revoke(seL4_CapInitThreadCNode, slab[index], seL4_WordBits), "slab revoke");
    (void)seL4_CNode_Delete(seL4_CapInitThreadCNode, fault_mint[index], seL4_WordBits);
    // The worker's untypeds: its old objects go, so a copy may be made again.
    (void)seL4_CNode_Revoke(seL4_CapInitThreadCNode, worker_big[index], seL4_WordBits);
    (void)seL4_CNode_Revoke(seL4_CapInitThreadCNode, worker_small[index], seL4_WordBits);

    note_consumed(index, seL4_SchedContext_Consumed(sc[index]).consumed);
    must(retype(slab[index], seL4_TCBObject, 0, tcb[index]), "worker TCB");
    must(retype(slab[index], seL4_CapTableObject, worker_cnode_bits, cnode[index]), "worker CNode");
    must(retype(slab[index], seL4_SchedContextObject, sc_bits, sc[index]), "worker SC");
    must(seL4_SchedControl_ConfigureFlags(sched_control, sc[index], budgets_us[index], periods_us[index], 2, index, 0),
         "worker SchedControl_Configure");
    must(seL4_CNode_Copy(cnode[index], own_tcb_slot, worker_cnode_bits, seL4_CapInitThreadCNode, tcb[index],
                         seL4_WordBits, seL4_AllRights),
         "own TCB copy");
    must(seL4_CNode_Mint(cnode[index], own_cnode_slot, worker_cnode_bits, seL4_CapInitThreadCNode, cnode[index],
                         seL4_WordBits, seL4_AllRights, guard_data(worker_cnode_bits)),
         "own CNode copy");
    copy_world_caps(index);
    must(seL4_CNode_Mint(seL4_CapInitThreadCNode, fault_mint[index], seL4_WordBits, seL4_CapInitThreadCNode,
                         fault_ep_slot, seL4_WordBits, seL4_AllRights, index + 1),
         "fault endpoint mint");

    must(seL4_TCB_Configure(tcb[index], cnode[index], guard_data(worker_cnode_bits), seL4_CapInitThreadVSpace, 0,
                            reinterpret_cast<seL4_Word>(&ipc_buffers[index]), ipc_frame[index]),
         "worker TCB_Configure");
    must(seL4_TCB_SetSchedParams(tcb[index], seL4_CapInitThreadTCB, 200, priorities[index], sc[index],
                                 fault_mint[index]),
         "worker TCB_SetSchedParams");

    ws.priority = priorities[index];
    worker_resume_fresh(index);
}

// Puts back what a worker may have changed of its own thread (CSpace,
// VSpace, IPC buffer, scheduling parameters and SC, timeout endpoint,
// flags) and
// its own TCB and CNode slots, then restarts it; false when that fails
// (then it is rebuilt). Copies of its caps it gave away stay, so it stays
// marked as exposed.
bool worker_repair(unsigned index) {
    if (seL4_TCB_Configure(tcb[index], cnode[index], guard_data(worker_cnode_bits), seL4_CapInitThreadVSpace, 0,
                           reinterpret_cast<seL4_Word>(&ipc_buffers[index]), ipc_frame[index]) != seL4_NoError ||
        seL4_TCB_SetSchedParams(tcb[index], seL4_CapInitThreadTCB, 200, priorities[index], sc[index],
                                fault_mint[index]) != seL4_NoError ||
        seL4_TCB_SetTimeoutEndpoint(tcb[index], seL4_CapNull) != seL4_NoError ||
        seL4_TCB_SetFlags(tcb[index], ~seL4_Word{0}, 0).error != seL4_NoError)  // e.g. the FPU disabled
        return false;
    (void)seL4_CNode_Copy(cnode[index], own_tcb_slot, worker_cnode_bits, seL4_CapInitThreadCNode, tcb[index],
                          seL4_WordBits, seL4_AllRights);
    (void)seL4_CNode_Mint(cnode[index], own_cnode_slot, worker_cnode_bits, seL4_CapInitThreadCNode, cnode[index],
                          seL4_WordBits, seL4_AllRights, guard_data(worker_cnode_bits));
    const bool exposed = workers[index].self_exposed;
    worker_resume_fresh(index);
    workers[index].self_exposed = exposed;
    return true;
}

// Starts the worker's thread again at worker_main with a new random
// stream: WriteRegisters with resume restarts a thread blocked in IPC or
// waiting for its fault to be answered (its IPC is cancelled). Its objects
// and CSpace stay as they are.
void worker_resume_fresh(unsigned index) {
    WorkerShared& ws = workers[index];
    ws.may_block = false;
    ws.self_exposed = false;
    ws.seed = run_seed * 0x100000001b3ull + index * 0x9e3779b97f4a7c15ull + ws.generation;
    const sel4runtime_uintptr_t tp = sel4runtime_write_tls_image(tls_blocks[index]);
    sel4runtime_set_tls_variable(tp, __sel4_ipc_buffer, reinterpret_cast<seL4_IPCBuffer*>(&ipc_buffers[index]));
    seL4_UserContext regs{};
    regs.pc = reinterpret_cast<seL4_Word>(&worker_main);
    regs.sp = reinterpret_cast<seL4_Word>(stacks[index] + worker_stack_size);
#if defined(__riscv)
    regs.a0 = index;
    regs.tp = tp;
#else
    regs.x0 = index;
    regs.tpidr_el0 = tp;
#endif
    must(seL4_TCB_WriteRegisters(tcb[index], 1, 0, sizeof regs / sizeof(seL4_Word), &regs), "worker start");
}

// IRQControl cannot be copied (its derivation is null, sel4-abi.md §5.3),
// so its methods are fuzzed from here, into a scratch slot emptied at once.
void privileged_calls(Rng& rng) {
    WorkerShared& me = workers[supervisor_index];
    const seL4_Word irq = rng.percent(70) ? rng.below(128) : rng.next();
    const unsigned which = static_cast<unsigned>(rng.below(3));
    seL4_Word args[4] = {irq, 0, scratch, seL4_WordBits};
    seL4_Word label = IRQIssueIRQHandler;
    seL4_Error e;
    if (which == 0) {
        e = seL4_IRQControl_Get(seL4_CapIRQControl, irq, seL4_CapInitThreadCNode, scratch, seL4_WordBits);
    } else {
        args[1] = rng.below(3);
#if defined(__riscv)
        label = RISCVIRQIssueIRQHandlerTrigger;
        e = seL4_IRQControl_GetTrigger(seL4_CapIRQControl, irq, args[1], seL4_CapInitThreadCNode, scratch,
                                       seL4_WordBits);
#else
        if (which == 1) {
            label = ARMIRQIssueIRQHandlerTrigger;
            e = seL4_IRQControl_GetTrigger(seL4_CapIRQControl, irq, args[1], seL4_CapInitThreadCNode, scratch,
                                           seL4_WordBits);
        } else {
            label = ARMIRQIssueSGISignal;
            e = seL4_IRQControl_IssueSGISignal(seL4_CapIRQControl, irq % 20, args[1], seL4_CapInitThreadCNode, scratch,
                                               seL4_WordBits);
        }
#endif
    }
    CallRecord& rec = ring_begin(me, Op::Invoke, seL4_CapIRQControl, cap_tag_irq_control, label, 1, 4, args);
    ring_end(me, rec, e);
    me.progress = me.progress + 1;
    me.stats.invocations++;
    me.stats.op_counts[static_cast<unsigned>(Op::Invoke)]++;
    me.stats.pairs[cap_tag_irq_control] |= u64{1} << label;
    count_error(me.stats, e);
    if (e == seL4_NoError) must(seL4_CNode_Delete(seL4_CapInitThreadCNode, scratch, seL4_WordBits), "scratch delete");
}

}  // namespace fuzz
