// SPDX-License-Identifier: BSD-2-Clause
// sel4test faults.c, the PAGEFAULT tests (sel4test.md §3.4: PAGEFAULT0001-0005,
// 1001-1005). A faulter thread and a handler thread (priority 101 upstream,
// handler_priority here) in the test's address space: the faulter's fault
// endpoint is set with TCB_SetSpace, the handler receives the fault with a
// reply object, checks the message and makes the faulter continue after the
// faulting instruction. Every test runs 12 rounds: restart or not, faulter
// priority one below, equal to and one above the handler's (so the fault is
// both queued before and delivered to a waiting handler), and a plain or a
// badged (0xabababa) fault endpoint.
//
// Beyond upstream's checks: the fault status says which kind of access
// faulted (AArch64 exception class, RISC-V normalised cause), and in the
// rounds without restart the faulter must have its registers rewritten by
// the handler yet must not run again.
//
// The faulting routines are in arch/<arch>/faults.S.
#include <cstdint>

#include "../framework/alloc.hpp"
#include "../framework/checks.hpp"
#include "../framework/test.hpp"
#include "../framework/process.hpp"
#include "../framework/thread.hpp"

extern "C" {
std::uint64_t tessera_read_fault(std::uint64_t value, const void* address);
std::uint64_t tessera_write_fault(std::uint64_t value, void* address);
std::uint64_t tessera_execute_fault(std::uint64_t value, const void* address);
std::uint64_t tessera_bad_syscall(std::uint64_t value);
void tessera_undefined_instruction(std::uint64_t* saved_sp, std::uint64_t* saved_nzcv, void* new_sp);
extern const char tessera_read_fault_insn[], tessera_read_fault_restart[];
extern const char tessera_write_fault_insn[], tessera_write_fault_restart[];
extern const char tessera_execute_fault_restart[];
extern const char tessera_bad_syscall_insn[], tessera_bad_syscall_restart[];
extern const char tessera_undefined_instruction_insn[], tessera_undefined_instruction_restart[];
}

namespace {

using namespace tessera_test;

// An address no page is mapped at, chosen so that truncated fault fields show.
#if defined(__aarch64__)
constexpr seL4_Word bad_vaddr = 0x7edcba987650ul;
#elif defined(__riscv)
constexpr seL4_Word bad_vaddr = 0x3cba987650ul;  // a valid Sv39 address
#endif
constexpr seL4_Word good_magic = 0x15831851;
constexpr seL4_Word bad_magic = ~good_magic;
constexpr seL4_Word bad_syscall_number = 0xc1;
constexpr seL4_Word expected_badge = 0xabababa;
constexpr seL4_Word handler_priority = test_priority - 50;

enum class FaultKind { Read, Write, Execute, BadSyscall, BadInstruction };

seL4_Word address_of(const char* label) { return reinterpret_cast<seL4_Word>(label); }

// Where the faulter must continue after its fault.
seL4_Word restart_address(FaultKind kind) {
    switch (kind) {
    case FaultKind::Read:
        return address_of(tessera_read_fault_restart);
    case FaultKind::Write:
        return address_of(tessera_write_fault_restart);
    case FaultKind::Execute:
        return address_of(tessera_execute_fault_restart);
    case FaultKind::BadSyscall:
        return address_of(tessera_bad_syscall_restart);
    case FaultKind::BadInstruction:
        return address_of(tessera_undefined_instruction_restart);
    }
    return 0;
}

// One round: what the handler and the faulter share.
struct Round {
    FaultKind kind = FaultKind::Read;
    bool badged = false;
    bool restart = false;
    seL4_CPtr endpoint = 0;  // the handler receives here
    seL4_CPtr reply = 0;     // the handler's reply object
    seL4_CPtr faulter_tcb = 0;
    HelperChecks checks;
    // Set by the faulter: the word its SP points at when it executes the
    // undefined instruction, its real SP and NZCV.
    volatile seL4_Word* stack_word = nullptr;
    std::uint64_t saved_sp = 0;
    std::uint64_t saved_nzcv = 0;
    volatile bool resumed = false;  // the faulter got past its fault
};

// ---- the faulter ---------------------------------------------------------------

seL4_Word faulter(seL4_Word round_address, seL4_Word, seL4_Word, seL4_Word) {
    Round& r = *reinterpret_cast<Round*>(round_address);
    std::uint64_t value = 0;
    switch (r.kind) {
    case FaultKind::Read:
        value = tessera_read_fault(bad_magic, reinterpret_cast<const void*>(bad_vaddr));
        break;
    case FaultKind::Write:
        value = tessera_write_fault(bad_magic, reinterpret_cast<void*>(bad_vaddr));
        break;
    case FaultKind::Execute:
        value = tessera_execute_fault(bad_magic, reinterpret_cast<const void*>(bad_vaddr));
        break;
    case FaultKind::BadSyscall:
        value = tessera_bad_syscall(bad_magic);
        break;
    case FaultKind::BadInstruction: {
        // The SP the instruction faults with points at this word.
        alignas(16) seL4_Word word = bad_magic;
        r.stack_word = &word;
        tessera_undefined_instruction(&r.saved_sp, &r.saved_nzcv, &word);
        value = word;
        break;
    }
    }
    r.resumed = true;
    return value;
}

// ---- the handler ---------------------------------------------------------------

// The fault status of a VM fault says what kind of access it was.
void check_fault_status(Round& r, seL4_Word fsr) {
#if defined(__aarch64__)
    // ESR [arm/ARM DDI0487 D17.2.37]: exception class 0x24 (data abort from
    // EL0) or 0x20 (instruction abort from EL0), a translation fault at some
    // level (status 0b0001xx), WnR (bit 6) set only for a write.
    const seL4_Word exception_class = (fsr >> 26) & 0x3f;
    helper_check_eq(r.checks, exception_class, seL4_Word{r.kind == FaultKind::Execute ? 0x20u : 0x24u});
    helper_check_eq(r.checks, fsr & 0x3c, seL4_Word{0x04});
    helper_check_eq(r.checks, (fsr >> 6) & 1, seL4_Word{r.kind == FaultKind::Write ? 1u : 0u});
#elif defined(__riscv)
    // Page faults are reported with the access-fault cause: 1 instruction,
    // 5 load, 7 store (sel4-abi.md §10.3).
    const seL4_Word expected = r.kind == FaultKind::Execute ? 1 : r.kind == FaultKind::Read ? 5 : 7;
    helper_check_eq(r.checks, fsr, expected);
#endif
}

// A VM fault: make the faulter continue after the faulting instruction with
// good magic in its first register, through TCB_WriteRegisters.
void handle_vm_fault(Round& r, seL4_MessageInfo_t tag) {
    helper_check_eq(r.checks, seL4_MessageInfo_get_label(tag), static_cast<seL4_Word>(seL4_Fault_VMFault));
    helper_check_eq(r.checks, seL4_MessageInfo_get_length(tag), static_cast<seL4_Word>(seL4_VMFault_Length));
    const seL4_Word ip = r.kind == FaultKind::Read    ? address_of(tessera_read_fault_insn)
                         : r.kind == FaultKind::Write ? address_of(tessera_write_fault_insn)
                                                      : bad_vaddr;
    helper_check_eq(r.checks, seL4_GetMR(seL4_VMFault_IP), ip);
    helper_check_eq(r.checks, seL4_GetMR(seL4_VMFault_Addr), bad_vaddr);
    helper_check_eq(r.checks, seL4_GetMR(seL4_VMFault_PrefetchFault), seL4_Word{r.kind == FaultKind::Execute});
    check_fault_status(r, seL4_GetMR(seL4_VMFault_FSR));
    // The reply's contents do not matter; the next fault must rewrite this.
    seL4_SetMR(seL4_VMFault_Addr, 0);

    seL4_UserContext regs{};
    constexpr seL4_Word count = sizeof regs / sizeof(seL4_Word);
    helper_check_eq(r.checks, seL4_TCB_ReadRegisters(r.faulter_tcb, false, 0, count, &regs), seL4_NoError);
#if defined(__aarch64__)
    helper_check_eq(r.checks, regs.x0, bad_magic);
    regs.x0 = good_magic;
#elif defined(__riscv)
    helper_check_eq(r.checks, regs.a0, bad_magic);
    regs.a0 = good_magic;
#endif
    regs.pc = restart_address(r.kind);
    helper_check_eq(r.checks, seL4_TCB_WriteRegisters(r.faulter_tcb, false, 0, count, &regs), seL4_NoError);
    // A reply to a VM fault restarts the thread at the PC now in its TCB.
    if (r.restart) seL4_Send(r.reply, tag);
}

// An unknown system call: the reply's MRs become the faulter's registers.
void handle_bad_syscall(Round& r, seL4_MessageInfo_t tag) {
    helper_check_eq(r.checks, seL4_MessageInfo_get_label(tag), static_cast<seL4_Word>(seL4_Fault_UnknownSyscall));
    helper_check_eq(r.checks, seL4_MessageInfo_get_length(tag), static_cast<seL4_Word>(seL4_UnknownSyscall_Length));
    helper_check_eq(r.checks, seL4_GetMR(seL4_UnknownSyscall_FaultIP), address_of(tessera_bad_syscall_insn));
    helper_check_eq(r.checks, seL4_GetMR(seL4_UnknownSyscall_Syscall), bad_syscall_number);
#if defined(__aarch64__)
    helper_check_eq(r.checks, seL4_GetMR(seL4_UnknownSyscall_X0), bad_magic);
    helper_check_eq(r.checks, seL4_GetMR(seL4_UnknownSyscall_X7), bad_syscall_number);
    // "LR" is ELR_EL1: the instruction after the svc (sel4-abi.md §10.3).
    helper_check_eq(r.checks, seL4_GetMR(seL4_UnknownSyscall_LR), address_of(tessera_bad_syscall_restart));
    seL4_SetMR(seL4_UnknownSyscall_X0, good_magic);
#elif defined(__riscv)
    helper_check_eq(r.checks, seL4_GetMR(seL4_UnknownSyscall_A0), bad_magic);
    seL4_SetMR(seL4_UnknownSyscall_A0, good_magic);
#endif
    seL4_SetMR(seL4_UnknownSyscall_FaultIP, address_of(tessera_bad_syscall_restart));
    // Label 0: restart; any other label: the thread stays stopped.
    seL4_MessageInfo_ptr_set_label(&tag, r.restart ? 0 : 1);
    seL4_Send(r.reply, tag);
}

// An undefined instruction: the reply's MRs become PC and SP.
void handle_bad_instruction(Round& r, seL4_MessageInfo_t tag) {
    helper_check_eq(r.checks, seL4_MessageInfo_get_label(tag), static_cast<seL4_Word>(seL4_Fault_UserException));
    helper_check_eq(r.checks, seL4_MessageInfo_get_length(tag), static_cast<seL4_Word>(seL4_UserException_Length));
    helper_check_eq(r.checks, seL4_GetMR(seL4_UserException_FaultIP), address_of(tessera_undefined_instruction_insn));
    // The faulter's SP points at its word holding bad magic.
    auto* word = reinterpret_cast<volatile seL4_Word*>(seL4_GetMR(seL4_UserException_SP));
    helper_check(r.checks, word == r.stack_word);
    if (word == r.stack_word) helper_check_eq(r.checks, *word, bad_magic);
#if defined(__aarch64__)
    // SPSR from bit 27 up: the NZCV flags the faulter set, nothing else; ESR
    // = exception class 0 (unknown reason) with IL set (a 32-bit instruction).
    helper_check_eq(r.checks, seL4_GetMR(seL4_UserException_SPSR) & ~((seL4_Word{1} << 27) - 1), r.saved_nzcv);
    helper_check_eq(r.checks, seL4_GetMR(seL4_UserException_Number), seL4_Word{0x02000000});
#elif defined(__riscv)
    // scause 2: illegal instruction (RISC-V privileged spec, Table 4.2).
    helper_check_eq(r.checks, seL4_GetMR(seL4_UserException_Number), seL4_Word{2});
#endif
    helper_check_eq(r.checks, seL4_GetMR(seL4_UserException_Code), seL4_Word{0});
    if (word == r.stack_word) *word = good_magic;
    seL4_SetMR(seL4_UserException_FaultIP, address_of(tessera_undefined_instruction_restart));
    seL4_SetMR(seL4_UserException_SP, r.saved_sp);
    seL4_MessageInfo_ptr_set_label(&tag, r.restart ? 0 : 1);
    seL4_Send(r.reply, tag);
}

seL4_Word fault_handler(seL4_Word round_address, seL4_Word, seL4_Word, seL4_Word) {
    Round& r = *reinterpret_cast<Round*>(round_address);
    seL4_Word badge = ~seL4_Word{0};
    const seL4_MessageInfo_t tag = seL4_Recv(r.endpoint, &badge, r.reply);
    helper_check_eq(r.checks, badge, r.badged ? expected_badge : seL4_Word{0});
    switch (r.kind) {
    case FaultKind::Read:
    case FaultKind::Write:
    case FaultKind::Execute:
        handle_vm_fault(r, tag);
        break;
    case FaultKind::BadSyscall:
        handle_bad_syscall(r, tag);
        break;
    case FaultKind::BadInstruction:
        handle_bad_instruction(r, tag);
        break;
    }
    return 0;
}

// ---- the test ------------------------------------------------------------------

// Lets every runnable helper (all below the test) run until it blocks.
void let_lower_threads_run() {
    (void)seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, seL4_MinPrio + 1);
    (void)seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, test_priority);
}

// A faulter whose fault was answered without restart: the handler's
// register changes are in place, but it has not run again.
void check_not_restarted(Round& r) {
    seL4_UserContext regs{};
    constexpr seL4_Word count = sizeof regs / sizeof(seL4_Word);
    test_eq(seL4_TCB_ReadRegisters(r.faulter_tcb, false, 0, count, &regs), seL4_NoError);
    test_eq(regs.pc, restart_address(r.kind));
    if (r.kind == FaultKind::BadInstruction) {
        test_eq(regs.sp, r.saved_sp);
    } else {
#if defined(__aarch64__)
        test_eq(regs.x0, good_magic);
#elif defined(__riscv)
        test_eq(regs.a0, good_magic);
#endif
    }
    let_lower_threads_run();
    test_assert(!r.resumed);
}

// The faulter and the handler are helper threads, or helper processes with
// a CSpace and VSpace of their own (the 100x tests): then the handler gets
// copies of the endpoint, its reply object and the faulter's TCB cap.
void run_round(Env& env, Round& r, seL4_Word faulter_priority, bool processes) {
    Allocator& a = allocator();
    r.endpoint = a.alloc_object(seL4_EndpointObject, 0);
    r.reply = a.alloc_object(seL4_ReplyObject, 0);
    const seL4_CPtr badged = r.badged ? a.alloc_slot() : 0;
    HelperThread threads[2];
    HelperProcess* process[2] = {nullptr, nullptr};
    HelperThread* handler_thread = &threads[0];
    HelperThread* faulter_thread = &threads[1];
    bool ok = r.endpoint != 0 && r.reply != 0 && (!r.badged || badged != 0);
    if (processes) {
        process[0] = take_process_storage();
        process[1] = take_process_storage();
        ok = ok && process[0] != nullptr && process[1] != nullptr;
        ok = ok && create_helper_process(env, process[0]) && create_helper_process(env, process[1]);
        if (ok) {
            handler_thread = &process[0]->thread;
            faulter_thread = &process[1]->thread;
            ok = share_cap(process[0], r.endpoint) && share_cap(process[0], r.reply) &&
                 share_cap(process[0], faulter_thread->tcb);
        }
    } else {
        ok = ok && create_helper_thread(env, handler_thread) && create_helper_thread(env, faulter_thread);
    }
    seL4_CPtr fault_ep = r.endpoint;
    if (ok && r.badged) {
        test_eq(seL4_CNode_Mint(root_cnode, badged, root_depth, root_cnode, r.endpoint, root_depth, seL4_AllRights,
                                expected_badge),
                seL4_NoError);
        fault_ep = badged;
    }
    if (ok) {
        r.faulter_tcb = faulter_thread->tcb;
        set_helper_priority(env, handler_thread, handler_priority);
        if (processes)
            test_eq(seL4_TCB_SetSpace(faulter_thread->tcb, fault_ep, process[1]->cnode, process_cnode_guard_data,
                                      process[1]->vspace, 0),
                    seL4_NoError);
        else
            test_eq(seL4_TCB_SetSpace(faulter_thread->tcb, fault_ep, root_cnode, 0, seL4_CapInitThreadVSpace, 0),
                    seL4_NoError);
        set_helper_priority(env, faulter_thread, faulter_priority);
        start_helper(env, handler_thread, fault_handler, reinterpret_cast<seL4_Word>(&r));
        start_helper(env, faulter_thread, faulter, reinterpret_cast<seL4_Word>(&r));
        wait_for_helper(handler_thread);
        if (r.restart) {
            test_eq(wait_for_helper(faulter_thread), good_magic);
        } else {
            check_not_restarted(r);
        }
        if (!r.checks.passed())
            record_failure(__FILE__, __LINE__, "round: restart %d, faulter priority %lu, badged %d", r.restart,
                           static_cast<unsigned long>(faulter_priority), r.badged);
        test_helper_checks(r.checks);
    } else {
        record_failure(__FILE__, __LINE__, "out of objects");
    }
    for (int i = 1; i >= 0; --i) {
        if (process[i] != nullptr) {
            cleanup_helper_process(env, process[i]);
            release_process_storage(process[i]);
        } else {
            cleanup_helper(env, &threads[i]);
        }
    }
    a.free_slot(badged);
    a.free_object(r.reply);
    a.free_object(r.endpoint);
}

Result test_fault(Env& env, FaultKind kind, bool processes = false) {
    for (int restart = 0; restart <= 1; ++restart)
        for (seL4_Word priority = handler_priority - 1; priority <= handler_priority + 1; ++priority)
            for (int badged = 0; badged <= 1; ++badged) {
                Round r;
                r.kind = kind;
                r.restart = restart != 0;
                r.badged = badged != 0;
                run_round(env, r, priority, processes);
            }
    return test_result();
}

Result test_read_fault(Env& env) { return test_fault(env, FaultKind::Read); }
Result test_write_fault(Env& env) { return test_fault(env, FaultKind::Write); }
Result test_execute_fault(Env& env) { return test_fault(env, FaultKind::Execute); }
Result test_bad_syscall(Env& env) { return test_fault(env, FaultKind::BadSyscall); }
Result test_bad_instruction(Env& env) { return test_fault(env, FaultKind::BadInstruction); }

// The inter-AS variants run faulter and handler as processes of their own.
Result test_read_fault_processes(Env& env) { return test_fault(env, FaultKind::Read, true); }
Result test_write_fault_processes(Env& env) { return test_fault(env, FaultKind::Write, true); }
Result test_execute_fault_processes(Env& env) { return test_fault(env, FaultKind::Execute, true); }
Result test_bad_syscall_processes(Env& env) { return test_fault(env, FaultKind::BadSyscall, true); }
Result not_ported(Env&) { return Result::Fail; }

}  // namespace

DEFINE_TEST(PAGEFAULT0001, "Test read page fault", test_read_fault, true);
DEFINE_TEST(PAGEFAULT0002, "Test write page fault", test_write_fault, true);
DEFINE_TEST(PAGEFAULT0003, "Test execute page fault", test_execute_fault, true);
DEFINE_TEST(PAGEFAULT0004, "Test unknown system call", test_bad_syscall, true);
DEFINE_TEST(PAGEFAULT0005, "Test undefined instruction", test_bad_instruction, true);
DEFINE_TEST(PAGEFAULT1001, "Test read page fault (inter-AS)", test_read_fault_processes, true);
DEFINE_TEST(PAGEFAULT1002, "Test write page fault (inter-AS)", test_write_fault_processes, true);
DEFINE_TEST(PAGEFAULT1003, "Test execute page fault (inter-AS)", test_execute_fault_processes, true);
DEFINE_TEST(PAGEFAULT1004, "Test unknown system call (inter-AS)", test_bad_syscall_processes, true);
DEFINE_DISABLED_TEST(PAGEFAULT1005, "Test undefined instruction (inter-AS)", not_ported,
                     "disabled upstream as well");
