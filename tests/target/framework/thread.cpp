// SPDX-License-Identifier: BSD-2-Clause
#include "thread.hpp"

#include <elf/elf.hpp>
#include <sel4runtime.h>

#include "alloc.hpp"

extern "C" const char __ehdr_start[];

namespace tessera_test {

namespace {

// sel4test's CANCEL_BADGED_SENDS tests run 33 helpers at once.
constexpr unsigned pool_size = 40;
constexpr unsigned stack_bytes = 16 * 1024;
constexpr unsigned tls_bytes = 4 * 1024;
constexpr seL4_Word page_bytes = seL4_Word{1} << seL4_PageBits;

struct alignas(4096) Page {
    unsigned char bytes[4096];
};

// One entry per helper that can exist at once; page aligned, so that each
// page belongs to one helper (helper_pool_owner).
Page ipc_buffers[pool_size];
alignas(4096) unsigned char stacks[pool_size][stack_bytes];
alignas(4096) unsigned char tls_blocks[pool_size][tls_bytes];
static_assert(stack_bytes % 4096 == 0 && tls_bytes % 4096 == 0);
bool in_use[pool_size];

int take_pool_entry() {
    for (unsigned i = 0; i < pool_size; ++i)
        if (!in_use[i]) {
            in_use[i] = true;
            return static_cast<int>(i);
        }
    return -1;
}

// Every helper starts here, on its own stack, with its TLS in place.
extern "C" [[noreturn]] void helper_entry(HelperThread* self) {
    seL4_SetIPCBuffer(reinterpret_cast<seL4_IPCBuffer*>(self->ipc_buffer));
    self->result = self->function(self->args[0], self->args[1], self->args[2], self->args[3]);
    seL4_Signal(self->done);
    for (;;) (void)seL4_TCB_Suspend(self->tcb);
}

bool configure_round_robin(const Env& env, seL4_CPtr sc) {
    return seL4_SchedControl_Configure(sched_control(env), sc, helper_budget_us, helper_budget_us, 0, 0) ==
           seL4_NoError;
}

}  // namespace

int helper_pool_owner(seL4_Word page) {
    const auto owner = [page](const void* base, seL4_Word entry_bytes) {
        const auto start = reinterpret_cast<seL4_Word>(base);
        if (page < start || page >= start + pool_size * entry_bytes) return -1;
        return static_cast<int>((page - start) / entry_bytes);
    };
    if (const int i = owner(ipc_buffers, sizeof(Page)); i >= 0) return i;
    if (const int i = owner(stacks, stack_bytes); i >= 0) return i;
    return owner(tls_blocks, tls_bytes);
}

seL4_CPtr sched_control(const Env& env) { return env.bootinfo->schedcontrol.start; }

seL4_CPtr image_frame_cap(const seL4_BootInfo* bootinfo, const void* page) {
    // The kernel lists the frames of every page a PT_LOAD segment covers,
    // in address order (sel4-abi.md §14.1): count the covered pages below.
    const auto* file = reinterpret_cast<const std::uint8_t*>(__ehdr_start);
    const elf::Ehdr* header = &elf::header(file);
    const elf::Phdr* phdrs = &elf::program_header(file, 0);
    const seL4_Word target = reinterpret_cast<seL4_Word>(page) & ~(page_bytes - 1);
    seL4_Word lowest = ~seL4_Word{0}, highest = 0;
    for (unsigned i = 0; i < header->e_phnum; ++i) {
        if (phdrs[i].p_type != PT_LOAD || phdrs[i].p_memsz == 0) continue;
        const seL4_Word start = phdrs[i].p_vaddr & ~(page_bytes - 1);
        const seL4_Word end = phdrs[i].p_vaddr + phdrs[i].p_memsz;
        if (start < lowest) lowest = start;
        if (end > highest) highest = end;
    }
    if (target < lowest || target >= highest) return 0;
    seL4_Word index = 0;
    for (seL4_Word va = lowest; va <= target; va += page_bytes) {
        bool covered = false;
        for (unsigned i = 0; i < header->e_phnum && !covered; ++i) {
            const elf::Phdr& p = phdrs[i];
            covered = p.p_type == PT_LOAD && p.p_memsz != 0 && va + page_bytes > p.p_vaddr &&
                      va < p.p_vaddr + p.p_memsz;
        }
        if (!covered) {
            if (va == target) return 0;
            continue;
        }
        if (va == target) return bootinfo->userImageFrames.start + index;
        ++index;
    }
    return 0;
}

bool create_helper_thread(Env& env, HelperThread* t, seL4_Word priority, bool passive) {
    *t = HelperThread{};
    t->priority = priority;
    t->pool_index = take_pool_entry();
    if (t->pool_index < 0) {
        record_failure(__FILE__, __LINE__, "more than %u helper threads at once", pool_size);
        return false;
    }
    Allocator& a = allocator();
    t->tcb = a.alloc_object(seL4_TCBObject, 0);
    t->done = a.alloc_object(seL4_NotificationObject, 0);
    t->reply = a.alloc_object(seL4_ReplyObject, 0);
    if (!passive) t->sc = a.alloc_object(seL4_SchedContextObject, seL4_MinSchedContextBits);
    if (t->tcb == 0 || t->done == 0 || t->reply == 0 || (!passive && t->sc == 0)) {
        record_failure(__FILE__, __LINE__, "out of objects for a helper thread");
        return false;
    }
    Page& buffer = ipc_buffers[t->pool_index];
    t->ipc_buffer = reinterpret_cast<seL4_Word>(&buffer);
    const seL4_CPtr frame = image_frame_cap(env.bootinfo, &buffer);
    bool ok = frame != 0;
    ok = ok && seL4_TCB_Configure(t->tcb, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0, t->ipc_buffer,
                                  frame) == seL4_NoError;
    if (!passive) ok = ok && configure_round_robin(env, t->sc);
    ok = ok && seL4_TCB_SetSchedParams(t->tcb, seL4_CapInitThreadTCB, priority, priority,
                                       passive ? seL4_CapNull : t->sc, seL4_CapNull) == seL4_NoError;
    if (!ok) record_failure(__FILE__, __LINE__, "could not configure a helper thread");
    return ok;
}

void start_helper(Env&, HelperThread* t, HelperFunction fn, seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3) {
    t->function = fn;
    t->args[0] = a0;
    t->args[1] = a1;
    t->args[2] = a2;
    t->args[3] = a3;
    // A fresh TLS image whose IPC-buffer variable already names the helper's buffer.
    unsigned char* tls = tls_blocks[t->pool_index];
    const sel4runtime_uintptr_t tp = sel4runtime_write_tls_image(tls);
    sel4runtime_set_tls_variable(tp, __sel4_ipc_buffer, reinterpret_cast<seL4_IPCBuffer*>(t->ipc_buffer));

    seL4_UserContext regs{};
    regs.pc = reinterpret_cast<seL4_Word>(&helper_entry);
    regs.sp = reinterpret_cast<seL4_Word>(stacks[t->pool_index] + stack_bytes);
#if defined(__riscv)
    regs.a0 = reinterpret_cast<seL4_Word>(t);
    regs.tp = tp;
#elif defined(__aarch64__)
    regs.x0 = reinterpret_cast<seL4_Word>(t);
    regs.tpidr_el0 = tp;
#endif
    const seL4_Error e = seL4_TCB_WriteRegisters(t->tcb, true, 0, sizeof regs / sizeof(seL4_Word), &regs);
    if (e != seL4_NoError) record_failure(__FILE__, __LINE__, "starting a helper thread: error %d", e);
}

seL4_Word wait_for_helper(HelperThread* t) {
    seL4_Wait(t->done, nullptr);
    return t->result;
}

void set_helper_priority(Env&, HelperThread* t, seL4_Word priority) {
    t->priority = priority;
    const seL4_Error e = seL4_TCB_SetPriority(t->tcb, seL4_CapInitThreadTCB, priority);
    if (e != seL4_NoError) record_failure(__FILE__, __LINE__, "setting a helper's priority: error %d", e);
}

void set_helper_mcp(Env&, HelperThread* t, seL4_Word mcp) {
    const seL4_Error e = seL4_TCB_SetMCPriority(t->tcb, seL4_CapInitThreadTCB, mcp);
    if (e != seL4_NoError) record_failure(__FILE__, __LINE__, "setting a helper's MCP: error %d", e);
}

seL4_Error set_helper_sched_params(Env& env, HelperThread* t, seL4_Word budget_us, seL4_Word period_us,
                                   seL4_Word badge) {
    const seL4_Word extra_refills = budget_us < period_us ? seL4_MaxExtraRefills(seL4_MinSchedContextBits) : 0;
    return seL4_SchedControl_Configure(sched_control(env), t->sc, budget_us, period_us, extra_refills, badge);
}

bool create_passive_thread(Env& env, HelperThread* t, HelperFunction fn, seL4_CPtr ep, seL4_Word a1, seL4_Word a2,
                           seL4_Word a3) {
    if (!create_helper_thread(env, t)) return false;
    start_helper(env, t, fn, ep, a1, a2, a3);
    seL4_Wait(ep, nullptr);
    const seL4_Error e = seL4_SchedContext_Unbind(t->sc);
    if (e != seL4_NoError) record_failure(__FILE__, __LINE__, "making a helper passive: error %d", e);
    return e == seL4_NoError;
}

void restart_after_syscall(HelperThread* t) {
    constexpr seL4_Word syscall_instruction_bytes = 4;  // svc / ecall
    seL4_UserContext regs;
    constexpr seL4_Word count = sizeof regs / sizeof(seL4_Word);
    seL4_Error e = seL4_TCB_ReadRegisters(t->tcb, false, 0, count, &regs);
    if (e == seL4_NoError) {
        regs.pc += syscall_instruction_bytes;
        e = seL4_TCB_WriteRegisters(t->tcb, true, 0, count, &regs);
    }
    if (e != seL4_NoError) record_failure(__FILE__, __LINE__, "restarting a helper after its syscall: error %d", e);
}

bool checkpoint_helper(const HelperThread* t, HelperCheckpoint* cp) {
    const seL4_Error e =
        seL4_TCB_ReadRegisters(t->tcb, false, 0, sizeof cp->regs / sizeof(seL4_Word), &cp->regs);
    if (e != seL4_NoError) {
        record_failure(__FILE__, __LINE__, "reading a helper's registers: error %d", e);
        return false;
    }
    const auto top = reinterpret_cast<seL4_Word>(stacks[t->pool_index] + stack_bytes);
    cp->sp = cp->regs.sp;
    if (cp->sp > top || top - cp->sp > HelperCheckpoint::max_stack_bytes ||
        cp->sp < reinterpret_cast<seL4_Word>(stacks[t->pool_index])) {
        record_failure(__FILE__, __LINE__, "helper stack pointer %lx outside its checkpointable stack",
                       static_cast<unsigned long>(cp->sp));
        return false;
    }
    cp->stack_bytes = top - cp->sp;
    __builtin_memcpy(cp->stack, reinterpret_cast<const void*>(cp->sp), cp->stack_bytes);
    return true;
}

void restore_helper_stack(const HelperCheckpoint* cp) {
    __builtin_memcpy(reinterpret_cast<void*>(cp->sp), cp->stack, cp->stack_bytes);
}

void cleanup_helper(Env&, HelperThread* t) {
    Allocator& a = allocator();
    if (t->tcb != 0) (void)seL4_TCB_Suspend(t->tcb);
    a.free_object(t->tcb);
    a.free_object(t->sc);
    a.free_object(t->done);
    a.free_object(t->reply);
    if (t->pool_index >= 0) in_use[t->pool_index] = false;
    *t = HelperThread{};
}

}  // namespace tessera_test
