/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Compiled (never run) for each arch and configuration with -pedantic as
 * C11: the public headers must be clean, the layouts must match sel4-abi.md
 * §3 and §14, and every stub, accessor and runtime function must
 * instantiate. The functions below are also what a register-usage
 * inspection (llvm-objdump -d) looks at.
 */
#include <autoconf.h>
#include <sel4/sel4.h>
#include <drivers/ns16550.h>
#include <drivers/pl011.h>
#include <ring/byte_ring.h>
#include <sel4runtime.h>
#include <sel4runtime/thread.h>
#include <sync/atomic.h>
#include <sync/bin_sem.h>
#include <sync/condition_var.h>
#include <sync/mutex.h>
#include <sync/recursive_mutex.h>
#include <sync/sem.h>

SEL4_STATIC_ASSERT(sizeof(seL4_IPCBuffer) == 1024, "IPC buffer is 1024 bytes");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_IPCBuffer, receiveDepth) == 0x3F8, "IPC buffer receiveDepth");
SEL4_STATIC_ASSERT(sizeof(seL4_BootInfo) == 3864, "MCS BootInfo is 3864 bytes");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, untypedList) == 0xB8, "BootInfo untypedList");
SEL4_STATIC_ASSERT(sizeof(seL4_UntypedDesc) == 16, "UntypedDesc is 16 bytes");
SEL4_STATIC_ASSERT(sizeof(seL4_MessageInfo_t) == 8, "MessageInfo is one word");
SEL4_STATIC_ASSERT(seL4_SysCall == -1 && seL4_SysYield == -11 && seL4_SysSetTLSBase == -33, "MCS numbers");
SEL4_STATIC_ASSERT(seL4_ReplyObject == 6 && seL4_NotificationBits == 6, "MCS object numbering");
SEL4_STATIC_ASSERT(seL4_Fault_Timeout == 5 && seL4_Fault_VMFault == 6, "MCS fault labels");
SEL4_STATIC_ASSERT(CONFIG_KERNEL_MCS == 1 && CONFIG_MAX_NUM_NODES == 1 && CONFIG_NUM_PRIORITIES == 256,
                   "MCS, one core, 256 priorities");
SEL4_STATIC_ASSERT(seL4_MaxPrio == 255 && seL4_MsgMaxExtraCaps == 3, "limits");
SEL4_STATIC_ASSERT(LIBSEL4_BIT(seL4_IPCBufferSizeBits) == sizeof(seL4_IPCBuffer), "IPC buffer size bits");
SEL4_COMPILE_ASSERT(page_table_size, seL4_PageTableEntryBits + seL4_PageTableIndexBits == seL4_PageTableBits)
#if defined(CONFIG_ARCH_AARCH64)
SEL4_STATIC_ASSERT(sizeof(seL4_UserContext) == 36 * 8 && sizeof(seL4_Fault_t) == 14 * 8, "AArch64 layouts");
SEL4_STATIC_ASSERT(seL4_UnknownSyscall_Length == 13 && seL4_UserException_Length == 5, "AArch64 faults");
SEL4_STATIC_ASSERT(seL4_TimeoutReply_Length == 34, "AArch64 timeout reply");
#elif defined(CONFIG_ARCH_RISCV64)
SEL4_STATIC_ASSERT(sizeof(seL4_UserContext) == 32 * 8 && sizeof(seL4_Fault_t) == 12 * 8, "RISC-V layouts");
SEL4_STATIC_ASSERT(seL4_UnknownSyscall_Length == 11 && seL4_UserException_Length == 4, "RISC-V faults");
SEL4_STATIC_ASSERT(seL4_TimeoutReply_Length == 32, "RISC-V timeout reply");
#else
#error "no architecture configured"
#endif

/* System calls ----------------------------------------------------------------------------- */

void check_send(seL4_CPtr dest) { seL4_Send(dest, seL4_MessageInfo_new(1, 0, 0, 4)); }
void check_nbsend(seL4_CPtr dest) { seL4_NBSend(dest, seL4_MessageInfo_new(1, 0, 0, 4)); }
void check_signal(seL4_CPtr dest) { seL4_Signal(dest); }
seL4_MessageInfo_t check_call(seL4_CPtr dest) { return seL4_Call(dest, seL4_MessageInfo_new(1, 0, 0, 4)); }
seL4_MessageInfo_t check_recv(seL4_CPtr src, seL4_Word *badge, seL4_CPtr reply) { return seL4_Recv(src, badge, reply); }
seL4_MessageInfo_t check_nbrecv(seL4_CPtr src, seL4_Word *badge, seL4_CPtr reply) { return seL4_NBRecv(src, badge, reply); }
seL4_MessageInfo_t check_wait(seL4_CPtr src, seL4_Word *badge) { return seL4_Wait(src, badge); }
seL4_MessageInfo_t check_nbwait(seL4_CPtr src, seL4_Word *badge) { return seL4_NBWait(src, badge); }
seL4_MessageInfo_t check_poll(seL4_CPtr src, seL4_Word *badge) { return seL4_Poll(src, badge); }
seL4_MessageInfo_t check_reply_recv(seL4_CPtr src, seL4_Word *badge, seL4_CPtr reply)
{
    return seL4_ReplyRecv(src, seL4_MessageInfo_new(0, 0, 0, 1), badge, reply);
}
seL4_MessageInfo_t check_nb_send_recv(seL4_CPtr dest, seL4_CPtr src, seL4_Word *badge, seL4_CPtr reply)
{
    return seL4_NBSendRecv(dest, seL4_MessageInfo_new(0, 0, 0, 1), src, badge, reply);
}
seL4_MessageInfo_t check_nb_send_wait(seL4_CPtr dest, seL4_CPtr src, seL4_Word *badge)
{
    return seL4_NBSendWait(dest, seL4_MessageInfo_new(0, 0, 0, 1), src, badge);
}
void check_yield(void) { seL4_Yield(); }

/* ...WithMRs */
void check_send_mrs(seL4_CPtr dest, seL4_Word *mr0) { seL4_SendWithMRs(dest, seL4_MessageInfo_new(0, 0, 0, 1), mr0, 0, 0, 0); }
void check_nbsend_mrs(seL4_CPtr dest, seL4_Word *mr0, seL4_Word *mr3)
{
    seL4_NBSendWithMRs(dest, seL4_MessageInfo_new(0, 0, 0, 4), mr0, 0, 0, mr3);
}
seL4_MessageInfo_t check_call_mrs(seL4_CPtr dest, seL4_Word *mr0, seL4_Word *mr1)
{
    return seL4_CallWithMRs(dest, seL4_MessageInfo_new(0, 0, 0, 2), mr0, mr1, 0, 0);
}
seL4_MessageInfo_t check_recv_mrs(seL4_CPtr src, seL4_Word *badge, seL4_CPtr reply, seL4_Word *mr0)
{
    return seL4_RecvWithMRs(src, badge, reply, mr0, 0, 0, 0);
}
seL4_MessageInfo_t check_wait_mrs(seL4_CPtr src, seL4_Word *badge, seL4_Word *mr0)
{
    return seL4_WaitWithMRs(src, badge, mr0, 0, 0, 0);
}
seL4_MessageInfo_t check_reply_recv_mrs(seL4_CPtr src, seL4_Word *badge, seL4_Word *mr0, seL4_CPtr reply)
{
    return seL4_ReplyRecvWithMRs(src, seL4_MessageInfo_new(0, 0, 0, 1), badge, mr0, 0, 0, 0, reply);
}
seL4_MessageInfo_t check_nb_send_recv_mrs(seL4_CPtr dest, seL4_CPtr src, seL4_Word *badge, seL4_Word *mr0,
                                          seL4_CPtr reply)
{
    return seL4_NBSendRecvWithMRs(dest, seL4_MessageInfo_new(0, 0, 0, 1), src, badge, mr0, 0, 0, 0, reply);
}
seL4_MessageInfo_t check_nb_send_wait_mrs(seL4_CPtr dest, seL4_CPtr src, seL4_Word *badge, seL4_Word *mr0)
{
    return seL4_NBSendWaitWithMRs(dest, seL4_MessageInfo_new(0, 0, 0, 1), src, badge, mr0, 0, 0, 0);
}

/* Debug and benchmark calls: declared only in the configurations that have them, as in libsel4. */
#ifdef CONFIG_PRINTING
void check_put_char(void) { seL4_DebugPutChar('!'); }
void check_put_string(void) { seL4_DebugPutString("check\n"); }
void check_dump_scheduler(void) { seL4_DebugDumpScheduler(); }
#endif
#ifdef CONFIG_DEBUG_BUILD
void check_halt(void) { seL4_DebugHalt(); }
void check_snapshot(void) { seL4_DebugSnapshot(); }
seL4_Uint32 check_cap_identify(seL4_CPtr cap) { return seL4_DebugCapIdentify(cap); }
void check_name_thread(void) { seL4_DebugNameThread(seL4_CapInitThreadTCB, "root"); }
#endif
#ifdef CONFIG_ENABLE_BENCHMARKS
seL4_Word check_benchmarks(seL4_Word frame)
{
    seL4_Word result = (seL4_Word)seL4_BenchmarkResetLog();
    result += (seL4_Word)seL4_BenchmarkSetLogBuffer(frame);
    seL4_BenchmarkNullSyscall();
    seL4_BenchmarkFlushCaches();
    seL4_BenchmarkFlushL1Caches(0);
    return result + seL4_BenchmarkFinalizeLog() + seL4_LogBufferSize;
}
#endif

/* IPC buffer ----------------------------------------------------------------------------- */

void check_buffer(void)
{
    seL4_SetCapReceivePath(seL4_CapInitThreadCNode, 20, seL4_WordBits);
    seL4_SetCap(0, seL4_GetCap(1));
    seL4_SetUserData(seL4_GetUserData() + seL4_GetBadge(0));
    seL4_CPtr cnode;
    seL4_GetCapReceivePath(&cnode, seL4_Null, seL4_Null);
    seL4_SetMR(0, cnode + seL4_GetMR(1));
    seL4_SetIPCBuffer(seL4_GetIPCBuffer());
}

/* Object invocations (<sel4/client.h>): every marshalling shape instantiates ----------------- */

seL4_Error check_retype(seL4_Untyped ut, seL4_CNode root)
{
    return seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, root, 0, 0, 20, 1);
}
seL4_Error check_cnode_ops(seL4_CNode cnode)
{
    seL4_Error e = seL4_CNode_Copy(cnode, 1, 64, cnode, 2, 64, seL4_AllRights);
    e |= seL4_CNode_Mint(cnode, 1, 64, cnode, 2, 64, seL4_CanRead, 7);
    e |= seL4_CNode_Move(cnode, 1, 64, cnode, 2, 64);
    e |= seL4_CNode_Mutate(cnode, 1, 64, cnode, 2, 64, 0);
    e |= seL4_CNode_Rotate(cnode, 1, 64, 0, cnode, 2, 64, 0, cnode, 3, 64);
    e |= seL4_CNode_Revoke(cnode, 1, 64);
    e |= seL4_CNode_Delete(cnode, 1, 64);
    e |= seL4_CNode_CancelBadgedSends(cnode, 1, 64);
    return e;
}
seL4_Error check_tcb_ops(seL4_TCB tcb, seL4_UserContext *regs)
{
    seL4_Error e = seL4_TCB_ReadRegisters(tcb, 1, 0, 2, regs);
    e |= seL4_TCB_WriteRegisters(tcb, 0, 0, 2, regs);
    e |= seL4_TCB_CopyRegisters(tcb, tcb, 1, 1, 1, 1, 0);
    e |= seL4_TCB_Configure(tcb, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0, 0x1000, 20);
    e |= seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 100);
    e |= seL4_TCB_SetMCPriority(tcb, seL4_CapInitThreadTCB, 100);
    e |= seL4_TCB_SetSchedParams(tcb, seL4_CapInitThreadTCB, 100, 100, seL4_CapInitThreadSC, seL4_CapNull);
    e |= seL4_TCB_SetTimeoutEndpoint(tcb, seL4_CapNull);
    e |= seL4_TCB_SetIPCBuffer(tcb, 0x1000, 20);
    e |= seL4_TCB_SetSpace(tcb, 0, 2, 0, 3, 0);
    e |= seL4_TCB_Suspend(tcb);
    e |= seL4_TCB_Resume(tcb);
    e |= seL4_TCB_BindNotification(tcb, 21);
    e |= seL4_TCB_UnbindNotification(tcb);
    e |= seL4_TCB_SetTLSBase(tcb, 0x2000);
    seL4_TCB_SetFlags_t flags = seL4_TCB_SetFlags(tcb, 0, 1);
    e |= (seL4_Error)flags.error;
    return e;
}
seL4_Error check_sched_ops(seL4_SchedControl control, seL4_SchedContext sc, seL4_TCB tcb, seL4_Time *consumed)
{
    seL4_Error e = seL4_SchedControl_ConfigureFlags(control, sc, 5000, 10000, seL4_MaxExtraRefills(8), 1,
                                                    seL4_SchedContext_Sporadic);
    e |= seL4_SchedControl_Configure(control, sc, 1000 * CONFIG_BOOT_THREAD_TIME_SLICE,
                                     1000 * CONFIG_BOOT_THREAD_TIME_SLICE, 0, 0);
    e |= seL4_SchedContext_Bind(sc, tcb);
    e |= seL4_SchedContext_Unbind(sc);
    e |= seL4_SchedContext_UnbindObject(sc, tcb);
    seL4_SchedContext_Consumed_t used = seL4_SchedContext_Consumed(sc);
    seL4_SchedContext_YieldTo_t yielded = seL4_SchedContext_YieldTo(sc);
    *consumed = used.consumed + yielded.consumed;
    return e | (seL4_Error)used.error | (seL4_Error)yielded.error;
}

/* Faults ---------------------------------------------------------------------------------- */

seL4_Word check_faults(seL4_MessageInfo_t tag)
{
    seL4_Fault_t fault = seL4_getFault(tag);
    seL4_Word sum = seL4_Fault_get_seL4_FaultType(fault) + seL4_Fault_ptr_get_seL4_FaultType(&fault);
    switch (seL4_MessageInfo_get_label(tag)) {
    case seL4_Fault_CapFault:
        sum += seL4_Fault_CapFault_get_IP(fault) + seL4_Fault_CapFault_get_Addr(fault) +
               seL4_Fault_CapFault_get_InRecvPhase(fault) + seL4_Fault_CapFault_get_LookupFailureType(fault) +
               seL4_Fault_CapFault_get_MR4(fault) + seL4_Fault_CapFault_get_MR5(fault) +
               seL4_Fault_CapFault_get_MR6(fault) + seL4_GetMR(seL4_CapFault_BitsLeft) +
               seL4_GetMR(seL4_CapFault_DepthMismatch_BitsFound) + seL4_GetMR(seL4_CapFault_GuardMismatch_GuardFound);
        break;
    case seL4_Fault_VMFault:
        sum += seL4_Fault_VMFault_get_IP(fault) + seL4_Fault_VMFault_get_Addr(fault) +
               seL4_Fault_VMFault_get_PrefetchFault(fault) + seL4_Fault_VMFault_get_FSR(fault);
        break;
    case seL4_Fault_Timeout:
        sum += seL4_Fault_Timeout_get_data(fault) + seL4_Fault_Timeout_get_consumed(fault) +
               seL4_GetMR(seL4_Timeout_Data) + seL4_GetMR(seL4_Timeout_Consumed) + seL4_Timeout_Length;
        break;
    case seL4_Fault_UnknownSyscall:
#if defined(CONFIG_ARCH_AARCH64)
        sum += seL4_Fault_UnknownSyscall_get_X0(fault) + seL4_Fault_UnknownSyscall_get_X7(fault) +
               seL4_Fault_UnknownSyscall_get_LR(fault) + seL4_Fault_UnknownSyscall_get_SPSR(fault);
#else
        sum += seL4_Fault_UnknownSyscall_get_RA(fault) + seL4_Fault_UnknownSyscall_get_A0(fault) +
               seL4_Fault_UnknownSyscall_get_A6(fault);
#endif
        sum += seL4_Fault_UnknownSyscall_get_FaultIP(fault) + seL4_Fault_UnknownSyscall_get_SP(fault) +
               seL4_Fault_UnknownSyscall_get_Syscall(fault) + seL4_GetMR(seL4_UnknownSyscall_Syscall);
        break;
    case seL4_Fault_UserException:
#if defined(CONFIG_ARCH_AARCH64)
        sum += seL4_Fault_UserException_get_Stack(fault) + seL4_Fault_UserException_get_SPSR(fault);
#else
        sum += seL4_Fault_UserException_get_SP(fault);
#endif
        sum += seL4_Fault_UserException_get_FaultIP(fault) + seL4_Fault_UserException_get_Number(fault) +
               seL4_Fault_UserException_get_Code(fault) + seL4_GetMR(seL4_UserException_Number);
        break;
    default:
        break;
    }
    sum += seL4_isCapFault_tag(tag) + seL4_isVMFault_tag(tag) + seL4_isTimeoutFault_tag(tag) +
           seL4_isUnknownSyscall_tag(tag) + seL4_isUserException_tag(tag) + seL4_isNullFault_tag(tag);
    fault = seL4_Fault_VMFault_set_FSR(fault, 7);
    seL4_Fault_Timeout_ptr_set_data(&fault, 1);
    seL4_Fault_NullFault_ptr_new(&fault);
    return sum + seL4_Fault_Timeout_ptr_get_data(&fault);
}

seL4_MessageInfo_t check_timeout_reply(seL4_UserContext *regs)
{
    return seL4_TimeoutReply_new(seL4_True, *regs, seL4_TimeoutReply_Length);
}

/* sel4runtime: what a second thread needs for its TLS and IPC buffer --------------------- */

void check_runtime(int *x)
{
    *x = sel4runtime_argc() + (int)sel4runtime_get_tls_size() + (int)sel4runtime_get_tp_offset() +
         sel4runtime_initial_tls_enabled();
    sel4runtime_set_tls_variable(sel4runtime_get_tls_base(), __sel4_ipc_buffer, (seL4_IPCBuffer *)0);
    (void)sel4runtime_process_name();
    (void)sel4runtime_argv();
    (void)sel4runtime_envp();
    (void)sel4runtime_auxv();
    (void)sel4runtime_bootinfo();
}

seL4_Error check_second_thread(seL4_TCB tcb, void *tls_area, seL4_IPCBuffer *its_buffer)
{
    sel4runtime_uintptr_t tp = sel4runtime_write_tls_image(tls_area);
    if (tp == 0 || sel4runtime_set_tls_variable(tp, __sel4_ipc_buffer, its_buffer) != 0) {
        return seL4_InvalidArgument;
    }
    return seL4_TCB_SetTLSBase(tcb, tp);
}

static void exit_hook(int code) { (void)code; }
static int pre_exit_hook(int code) { return code; }
void check_runtime_exit(void *tls_area)
{
    (void)sel4runtime_set_exit(exit_hook);
    (void)sel4runtime_set_pre_exit(pre_exit_hook);
    sel4runtime_set_tls_base(sel4runtime_move_initial_tls(tls_area));
#if defined(CONFIG_ARCH_AARCH64)
    (void)sel4runtime_read_tpidrro_el0();
#endif
}

/* sync ------------------------------------------------------------------------------------ */

static sync_bin_sem_t check_bin_sem = {{0}, 0};
static sync_sem_t check_sem = {{0}, 0};
static sync_mutex_t check_mutex = {{0}, 0};
static sync_cv_t check_cv = {{0}, 0, false};
static sync_recursive_mutex_t check_rmutex = {{0}, 0, 0};

int check_sync(seL4_CPtr ntfn, seL4_CPtr ep)
{
    int e = sync_bin_sem_init(&check_bin_sem, ntfn, 1) | sync_bin_sem_wait(&check_bin_sem) |
            sync_bin_sem_post(&check_bin_sem);
    e |= sync_sem_init(&check_sem, ep, 2) | sync_sem_wait(&check_sem) | sync_sem_trywait(&check_sem) |
         sync_sem_post(&check_sem);
    e |= sync_mutex_init(&check_mutex, ntfn) | sync_mutex_lock(&check_mutex);
    e |= sync_cv_init(&check_cv, ntfn) | sync_cv_wait(&check_mutex, &check_cv) | sync_cv_signal(&check_cv) |
         sync_cv_broadcast(&check_cv) | sync_cv_broadcast_release(&check_mutex, &check_cv);
    e |= sync_recursive_mutex_init(&check_rmutex, ntfn) | sync_recursive_mutex_lock(&check_rmutex) |
         sync_recursive_mutex_unlock(&check_rmutex);
    int old;
    volatile int counter = 0;
    e |= sync_atomic_increment_safe(&counter, &old, __ATOMIC_RELAXED) |
         sync_atomic_decrement_safe(&counter, &old, __ATOMIC_ACQUIRE);
    return e + sync_atomic_increment(&counter, __ATOMIC_SEQ_CST) + sync_atomic_decrement(&counter, __ATOMIC_RELEASE);
}
