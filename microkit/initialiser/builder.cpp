// SPDX-License-Identifier: BSD-2-Clause
// Building the system from its specification (builder.hpp).
#include "builder.hpp"

#include <process/vm.hpp>
#include <tessera/print.h>

namespace initialiser {

using namespace microkit_spec;

namespace {

// Where the initial task maps a frame while it writes the frame's initial
// contents: one address per page size, so a 4 KiB page's table never sits
// where a 2 MiB page goes. Both lie inside user space on either arch.
constexpr seL4_Word scratch_small = 0x2000000000;
constexpr seL4_Word scratch_large = 0x2040000000;

seL4_Word retype_type(const Object& o) {
    switch (o.kind) {
    case ObjectKind::Tcb: return seL4_TCBObject;
    case ObjectKind::Endpoint: return seL4_EndpointObject;
    case ObjectKind::Notification: return seL4_NotificationObject;
    case ObjectKind::Reply: return seL4_ReplyObject;
    case ObjectKind::SchedContext: return seL4_SchedContextObject;
    case ObjectKind::CNode: return seL4_CapTableObject;
    case ObjectKind::VSpace: return process::vspace_object;
    case ObjectKind::Frame: return o.size_bits == seL4_PageBits ? process::small_page_object : process::large_page_object;
    }
    return 0;
}

// The size argument Untyped_Retype takes for the kind.
seL4_Word retype_size(const Object& o) {
    return o.kind == ObjectKind::SchedContext || o.kind == ObjectKind::CNode ? o.size_bits : 0;
}

seL4_CapRights_t rights_of(uint64_t rights) {
    return seL4_CapRights_new((rights & right_grant_reply) != 0, (rights & right_grant) != 0,
                              (rights & right_read) != 0, (rights & right_write) != 0);
}

// Page tables for the initial task's own scratch mappings and for the
// protection domains' VSpaces, from the same untyped memory.
class TableSource final : public process::ObjectSource {
public:
    TableSource(Memory& memory, CSpace& cspace) : memory_(memory), cspace_(cspace) {}
    seL4_CPtr object(seL4_Word type, seL4_Word size_bits) override {
        const seL4_CPtr slot = cspace_.take();
        seL4_Error error = seL4_NoError;
        if (slot == 0 || memory_.make(type, size_bits, seL4_PageTableBits, slot, 1, &error) != 1) return 0;
        return slot;
    }
    seL4_CPtr slot() override { return cspace_.take(); }
    void free(seL4_CPtr) override {}
    seL4_CPtr cnode() const override { return seL4_CapInitThreadCNode; }
    seL4_Uint8 depth() const override { return seL4_WordBits; }

private:
    Memory& memory_;
    CSpace& cspace_;
};

}  // namespace

const char* Builder::failed(const char* step, const char* name, seL4_Error error) {
    tessera_snprintf(message_, message_size_, "%s of '%s' failed: seL4 error %d", step, name, static_cast<int>(error));
    return message_;
}

const char* Builder::build(char* message, seL4_Word size) {
    message_ = message;
    message_size_ = size;
    // Slots: every object and interrupt handler, a copy of each mapped frame,
    // page tables (at most one per level per mapping), fault-handler and
    // notification copies, and the fillers below fixed addresses.
    const uint64_t levels = process::paging_levels - 1;
    const uint64_t needed = spec_.objects() + 2 * spec_.irqs() + spec_.mappings() * (1 + levels) + spec_.tcbs() +
                            64 * (spec_.objects() > 0 ? 1 : 0) + 256;
    if (const char* error = cspace_.reserve(needed, memory_, message, size)) return error;
    objects_base_ = cspace_.take(spec_.objects());
    irqs_base_ = cspace_.take(spec_.irqs());
    using Step = const char* (Builder::*)();
    static constexpr Step steps[] = {&Builder::create_objects, &Builder::fill_frames,  &Builder::assign_asids,
                                     &Builder::map_frames,     &Builder::create_irqs,  &Builder::place_caps,
                                     &Builder::configure_threads, &Builder::start_threads};
    for (Step step : steps)
        if (const char* error = (this->*step)()) return error;
    return nullptr;
}

const char* Builder::create_objects() {
    uint64_t i = 0;
    for (; i < spec_.objects() && spec_.fixed(i); ++i) {
        const Object& o = spec_.object(i);
        if (memory_.place_at(o.paddr, object_size_bits(o), retype_type(o), retype_size(o), object_cap(i), message_,
                             message_size_) != nullptr)
            return message_;
    }
    // The rest come in runs of one kind and size, each made with as few
    // Retype calls as the untypeds allow.
    while (i < spec_.objects()) {
        const Object& o = spec_.object(i);
        uint64_t run = 1;
        while (i + run < spec_.objects() && spec_.object(i + run).kind == o.kind &&
               spec_.object(i + run).size_bits == o.size_bits)
            ++run;
        seL4_Error error = seL4_NoError;
        const seL4_Word made = memory_.make(retype_type(o), retype_size(o), object_size_bits(o), object_cap(i), run, &error);
        if (made == 0) {
            if (error != seL4_NoError) return failed("Untyped_Retype", spec_.string(o.name), error);
            tessera_snprintf(message_, message_size_,
                             "out of memory making '%s' (%lu bytes of RAM left in pieces too small)",
                             spec_.string(o.name), static_cast<unsigned long>(memory_.free_ram()));
            return message_;
        }
        i += made;
    }
    return nullptr;
}

const char* Builder::fill_frames() {
    TableSource tables(memory_, cspace_);
    for (uint64_t i = 0; i < spec_.objects(); ++i) {
        const Object& o = spec_.object(i);
        if (o.fill_count == 0) continue;
        const seL4_Word scratch = o.size_bits == seL4_PageBits ? scratch_small : scratch_large;
        const seL4_Error error = process::map_frame(object_cap(i), seL4_CapInitThreadVSpace, scratch, seL4_ReadWrite,
                                                    process::default_attributes | process::execute_never, tables);
        if (error != seL4_NoError) return failed("mapping for its initial contents", spec_.string(o.name), error);
        auto* frame = reinterpret_cast<uint8_t*>(scratch);
        for (uint64_t f = o.fill_first; f < o.fill_first + o.fill_count; ++f) {
            const Fill& fill = spec_.fill(f);
            __builtin_memcpy(frame + fill.frame_offset, spec_.data(fill.data_offset), fill.size);
        }
#if defined(__aarch64__)
        // The protection domain may execute what was just written through
        // another mapping: make the I-cache see it (Arm ARM D7.5.9).
        (void)seL4_ARM_Page_Unify_Instruction(object_cap(i), 0, seL4_Word{1} << o.size_bits);
#elif defined(__riscv)
        __asm__ volatile("fence.i" ::: "memory");
#endif
        const seL4_Error unmap_error = process::page_unmap(object_cap(i));
        if (unmap_error != seL4_NoError) return failed("unmapping after filling", spec_.string(o.name), unmap_error);
    }
    return nullptr;
}

const char* Builder::assign_asids() {
    for (uint64_t i = 0; i < spec_.objects(); ++i) {
        if (spec_.object(i).kind != ObjectKind::VSpace) continue;
        const seL4_Error error = process::asid_pool_assign(seL4_CapInitThreadASIDPool, object_cap(i));
        if (error != seL4_NoError) return failed("ASIDPool_Assign", spec_.string(spec_.object(i).name), error);
    }
    return nullptr;
}

const char* Builder::map_frames() {
    TableSource tables(memory_, cspace_);
    for (uint64_t i = 0; i < spec_.mappings(); ++i) {
        const Mapping& m = spec_.mapping(i);
        const char* name = spec_.string(spec_.object(m.frame).name);
        // Each mapping needs a cap of its own (seL4 manual §7.1.3).
        const seL4_CPtr copy = cspace_.take();
        if (copy == 0) return failed("copying the frame cap", name, seL4_NotEnoughMemory);
        seL4_Error error =
            seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, seL4_WordBits, seL4_CapInitThreadCNode, object_cap(m.frame),
                            seL4_WordBits, seL4_AllRights);
        if (error != seL4_NoError) return failed("copying the frame cap", name, error);
        seL4_Word attributes = (m.flags & map_cached) != 0 ? process::default_attributes : process::uncached_attributes;
        if ((m.flags & map_execute) == 0) attributes |= process::execute_never;
        const seL4_CapRights_t rights = seL4_CapRights_new(0, 0, (m.flags & map_read) != 0, (m.flags & map_write) != 0);
        error = process::map_frame(copy, object_cap(m.vspace), m.vaddr, rights, attributes, tables);
        if (error != seL4_NoError) {
            tessera_snprintf(message_, message_size_, "mapping '%s' at 0x%lx failed: seL4 error %d", name,
                             static_cast<unsigned long>(m.vaddr), static_cast<int>(error));
            return message_;
        }
    }
    return nullptr;
}

const char* Builder::create_irqs() {
    for (uint64_t i = 0; i < spec_.irqs(); ++i) {
        const Irq& irq = spec_.irq(i);
        const seL4_CPtr handler = irqs_base_ + i;
        seL4_Error error = seL4_IRQControl_GetTrigger(seL4_CapIRQControl, irq.irq, irq.trigger,
                                                      seL4_CapInitThreadCNode, handler, seL4_WordBits);
        if (error != seL4_NoError) {
            tessera_snprintf(message_, message_size_, "IRQControl_GetTrigger of interrupt %lu failed: seL4 error %d",
                             static_cast<unsigned long>(irq.irq), static_cast<int>(error));
            return message_;
        }
        const seL4_CPtr badged = cspace_.take();
        error = badged == 0 ? seL4_NotEnoughMemory
                            : seL4_CNode_Mint(seL4_CapInitThreadCNode, badged, seL4_WordBits, seL4_CapInitThreadCNode,
                                              object_cap(irq.notification), seL4_WordBits, seL4_AllRights, irq.badge);
        if (error == seL4_NoError) error = seL4_IRQHandler_SetNotification(handler, badged);
        if (error != seL4_NoError) {
            tessera_snprintf(message_, message_size_, "routing interrupt %lu to its notification failed: seL4 error %d",
                             static_cast<unsigned long>(irq.irq), static_cast<int>(error));
            return message_;
        }
    }
    return nullptr;
}

seL4_CPtr Builder::source_of(const Cap& cap) const {
    switch (cap.kind) {
    case CapKind::Object: return object_cap(cap.object);
    case CapKind::IrqHandler: return irqs_base_ + cap.object;
    case CapKind::MonitorEndpoint: return object_cap(spec_.header().monitor_endpoint);
    }
    return seL4_CapNull;
}

const char* Builder::place_caps() {
    for (uint64_t i = 0; i < spec_.caps(); ++i) {
        const Cap& c = spec_.cap(i);
        const Object& cnode = spec_.object(c.cnode);
        const seL4_Error error =
            seL4_CNode_Mint(object_cap(c.cnode), c.slot, static_cast<seL4_Uint8>(cnode.size_bits),
                            seL4_CapInitThreadCNode, source_of(c), seL4_WordBits, rights_of(c.rights), c.badge);
        if (error != seL4_NoError) {
            tessera_snprintf(message_, message_size_, "placing a cap in slot %lu of '%s' failed: seL4 error %d",
                             static_cast<unsigned long>(c.slot), spec_.string(cnode.name), static_cast<int>(error));
            return message_;
        }
    }
    return nullptr;
}

const char* Builder::configure_thread(const microkit_spec::Tcb& t) {
    const char* name = spec_.string(t.name);
    const seL4_CPtr tcb = object_cap(t.tcb);
    const seL4_CPtr sc = t.sched_context == none ? seL4_CapNull : object_cap(t.sched_context);
    seL4_Error error = seL4_NoError;
    if (sc != seL4_CapNull) {
        error = seL4_SchedControl_ConfigureFlags(info_->schedcontrol.start, sc, t.budget_us, t.period_us, 0, t.sc_badge,
                                                 seL4_SchedContext_NoFlag);
        if (error != seL4_NoError) return failed("SchedControl_ConfigureFlags", name, error);
    }
    // MCS TCB_SetSpace copies the fault handler's cap from the caller's CSpace.
    seL4_CPtr fault_handler = seL4_CapNull;
    if (t.fault_handler != none) {
        const Cap& c = spec_.cap(t.fault_handler);
        fault_handler = cspace_.take();
        error = fault_handler == 0 ? seL4_NotEnoughMemory
                                   : seL4_CNode_Mint(seL4_CapInitThreadCNode, fault_handler, seL4_WordBits,
                                                     seL4_CapInitThreadCNode, source_of(c), seL4_WordBits,
                                                     rights_of(c.rights), c.badge);
        if (error != seL4_NoError) return failed("making the fault handler cap", name, error);
    }
    error = seL4_TCB_SetSpace(tcb, fault_handler, object_cap(t.cspace), t.cspace_guard, object_cap(t.vspace), 0);
    if (error != seL4_NoError) return failed("TCB_SetSpace", name, error);
    error = seL4_TCB_SetIPCBuffer(tcb, t.ipc_buffer_vaddr, object_cap(t.ipc_buffer));
    if (error != seL4_NoError) return failed("TCB_SetIPCBuffer", name, error);
    // MCS TCB_SetSchedParams installs the fault handler too (sel4-mcs.md §4.2).
    error = seL4_TCB_SetSchedParams(tcb, seL4_CapInitThreadTCB, t.mcp, t.priority, sc, fault_handler);
    if (error != seL4_NoError) return failed("TCB_SetSchedParams", name, error);
    if (t.bound_notification != none) {
        error = seL4_TCB_BindNotification(tcb, object_cap(t.bound_notification));
        if (error != seL4_NoError) return failed("TCB_BindNotification", name, error);
    }
    seL4_UserContext registers = {};
    registers.pc = t.entry;
    registers.sp = t.stack_pointer;
    error = seL4_TCB_WriteRegisters(tcb, 0, 0, sizeof registers / sizeof(seL4_Word), &registers);
    if (error != seL4_NoError) return failed("TCB_WriteRegisters", name, error);
#if defined(CONFIG_DEBUG_BUILD)
    seL4_DebugNameThread(tcb, name);
#endif
    return nullptr;
}

const char* Builder::configure_threads() {
    for (uint64_t i = 0; i < spec_.tcbs(); ++i)
        if (const char* error = configure_thread(spec_.tcb(i))) return error;
    return nullptr;
}

const char* Builder::start_threads() {
    for (uint64_t i = 0; i < spec_.tcbs(); ++i) {
        const microkit_spec::Tcb& t = spec_.tcb(i);
        if (t.resume == 0) continue;
        const seL4_Error error = seL4_TCB_Resume(object_cap(t.tcb));
        if (error != seL4_NoError) return failed("TCB_Resume", spec_.string(t.name), error);
    }
    return nullptr;
}

}  // namespace initialiser
