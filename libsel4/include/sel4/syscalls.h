/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The MCS system-call stubs of libsel4 (sel4-mcs.md §1.2-1.3), written once
 * for both architectures on top of <sel4/syscall_primitives.h>; numbers come
 * from the one table (<sel4/syscall.h>).
 *
 * Plain stubs move MR0-MR3 between the registers and the IPC buffer
 * (msg[0..3]); the ...WithMRs variants take them through pointers instead.
 */
#ifndef SEL4_SYSCALLS_H
#define SEL4_SYSCALLS_H

#include <sel4/config.h>
#include <sel4/errors.h>
#include <sel4/functions.h>
#include <sel4/shared_types.h>
#include <sel4/syscall.h>
#include <sel4/syscall_primitives.h>

/* An MR for a WithMRs send: *mr when given and the message is long enough. */
LIBSEL4_INLINE_FUNC seL4_Word seL4_load_mr_(const seL4_Word *mr, seL4_Word length, seL4_Word needed_length)
{
    return (mr != seL4_Null && length > needed_length) ? *mr : 0;
}

LIBSEL4_INLINE_FUNC void seL4_store_mr_(seL4_Word *mr, seL4_Word value)
{
    if (mr != seL4_Null) {
        *mr = value;
    }
}

LIBSEL4_INLINE_FUNC void seL4_store_badge_(seL4_Word *sender, seL4_Word badge)
{
    if (sender != seL4_Null) {
        *sender = badge;
    }
}

LIBSEL4_INLINE_FUNC void seL4_store_mrs_to_buffer_(seL4_Word mr0, seL4_Word mr1, seL4_Word mr2, seL4_Word mr3)
{
    seL4_SetMR(0, mr0);
    seL4_SetMR(1, mr1);
    seL4_SetMR(2, mr2);
    seL4_SetMR(3, mr3);
}

/* Both send-only stubs load MR0-3 if the pointer is given and length > 0 (a libsel4 quirk). */
LIBSEL4_INLINE_FUNC void seL4_send_with_mrs_(seL4_Word sys, seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                             const seL4_Word *mr0, const seL4_Word *mr1, const seL4_Word *mr2,
                                             const seL4_Word *mr3)
{
    seL4_Word length = seL4_MessageInfo_get_length(msgInfo);
    seL4_sys_send(sys, dest, msgInfo.words[0], seL4_load_mr_(mr0, length, 0), seL4_load_mr_(mr1, length, 0),
                  seL4_load_mr_(mr2, length, 0), seL4_load_mr_(mr3, length, 0));
}

/* Send, NBSend, Signal ------------------------------------------------------------------ */

LIBSEL4_INLINE_FUNC void seL4_Send(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    seL4_sys_send((seL4_Word)seL4_SysSend, dest, msgInfo.words[0], seL4_GetMR(0), seL4_GetMR(1),
                  seL4_GetMR(2), seL4_GetMR(3));
}

LIBSEL4_INLINE_FUNC void seL4_SendWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo, seL4_Word *mr0,
                                          seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    seL4_send_with_mrs_((seL4_Word)seL4_SysSend, dest, msgInfo, mr0, mr1, mr2, mr3);
}

LIBSEL4_INLINE_FUNC void seL4_NBSend(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    seL4_sys_send((seL4_Word)seL4_SysNBSend, dest, msgInfo.words[0], seL4_GetMR(0), seL4_GetMR(1),
                  seL4_GetMR(2), seL4_GetMR(3));
}

LIBSEL4_INLINE_FUNC void seL4_NBSendWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo, seL4_Word *mr0,
                                            seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    seL4_send_with_mrs_((seL4_Word)seL4_SysNBSend, dest, msgInfo, mr0, mr1, mr2, mr3);
}

/* Send with an empty message; the MR registers are left alone. */
LIBSEL4_INLINE_FUNC void seL4_Signal(seL4_CPtr dest)
{
    seL4_sys_send_short((seL4_Word)seL4_SysSend, dest, seL4_MessageInfo_new(0, 0, 0, 0).words[0]);
}

/* Call ----------------------------------------------------------------------------------- */

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Call(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    seL4_MessageInfo_t info;
    seL4_Word badge;
    seL4_Word mr0 = seL4_GetMR(0);
    seL4_Word mr1 = seL4_GetMR(1);
    seL4_Word mr2 = seL4_GetMR(2);
    seL4_Word mr3 = seL4_GetMR(3);
    /* No reply object: the reply register must hold 0 (sel4-mcs.md §1.3). */
    seL4_sys_send_recv((seL4_Word)seL4_SysCall, dest, &badge, msgInfo.words[0], &info.words[0], &mr0, &mr1,
                       &mr2, &mr3, 0);
    seL4_store_mrs_to_buffer_(mr0, mr1, mr2, mr3);
    return info;
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_CallWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                                        seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2,
                                                        seL4_Word *mr3)
{
    seL4_MessageInfo_t info;
    seL4_Word badge;
    seL4_Word length = seL4_MessageInfo_get_length(msgInfo);
    seL4_Word msg0 = seL4_load_mr_(mr0, length, 0);
    seL4_Word msg1 = seL4_load_mr_(mr1, length, 1);
    seL4_Word msg2 = seL4_load_mr_(mr2, length, 2);
    seL4_Word msg3 = seL4_load_mr_(mr3, length, 3);
    seL4_sys_send_recv((seL4_Word)seL4_SysCall, dest, &badge, msgInfo.words[0], &info.words[0], &msg0, &msg1,
                       &msg2, &msg3, 0);
    seL4_store_mr_(mr0, msg0);
    seL4_store_mr_(mr1, msg1);
    seL4_store_mr_(mr2, msg2);
    seL4_store_mr_(mr3, msg3);
    return info;
}

/* Receive family -------------------------------------------------------------------------- */

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_recv_to_buffer_(seL4_Word sys, seL4_CPtr src, seL4_Word *sender,
                                                            seL4_CPtr reply)
{
    seL4_MessageInfo_t info;
    seL4_Word badge, mr0, mr1, mr2, mr3;
    seL4_sys_recv(sys, src, reply, &badge, &info.words[0], &mr0, &mr1, &mr2, &mr3);
    seL4_store_mrs_to_buffer_(mr0, mr1, mr2, mr3);
    seL4_store_badge_(sender, badge);
    return info;
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_recv_to_pointers_(seL4_Word sys, seL4_CPtr src, seL4_Word *sender,
                                                              seL4_CPtr reply, seL4_Word *mr0, seL4_Word *mr1,
                                                              seL4_Word *mr2, seL4_Word *mr3)
{
    seL4_MessageInfo_t info;
    seL4_Word badge, msg0, msg1, msg2, msg3;
    seL4_sys_recv(sys, src, reply, &badge, &info.words[0], &msg0, &msg1, &msg2, &msg3);
    seL4_store_mr_(mr0, msg0);
    seL4_store_mr_(mr1, msg1);
    seL4_store_mr_(mr2, msg2);
    seL4_store_mr_(mr3, msg3);
    seL4_store_badge_(sender, badge);
    return info;
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Recv(seL4_CPtr src, seL4_Word *sender, seL4_CPtr reply)
{
    return seL4_recv_to_buffer_((seL4_Word)seL4_SysRecv, src, sender, reply);
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_RecvWithMRs(seL4_CPtr src, seL4_Word *sender, seL4_CPtr reply,
                                                        seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2,
                                                        seL4_Word *mr3)
{
    return seL4_recv_to_pointers_((seL4_Word)seL4_SysRecv, src, sender, reply, mr0, mr1, mr2, mr3);
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_NBRecv(seL4_CPtr src, seL4_Word *sender, seL4_CPtr reply)
{
    return seL4_recv_to_buffer_((seL4_Word)seL4_SysNBRecv, src, sender, reply);
}

/* Wait/NBWait receive without a reply object: the reply register holds 0. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Wait(seL4_CPtr src, seL4_Word *sender)
{
    return seL4_recv_to_buffer_((seL4_Word)seL4_SysWait, src, sender, 0);
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_WaitWithMRs(seL4_CPtr src, seL4_Word *sender, seL4_Word *mr0,
                                                        seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    return seL4_recv_to_pointers_((seL4_Word)seL4_SysWait, src, sender, 0, mr0, mr1, mr2, mr3);
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_NBWait(seL4_CPtr src, seL4_Word *sender)
{
    return seL4_recv_to_buffer_((seL4_Word)seL4_SysNBWait, src, sender, 0);
}

/* Under MCS polling a notification is NBWait (sel4-mcs.md §1.2). */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Poll(seL4_CPtr src, seL4_Word *sender)
{
    return seL4_NBWait(src, sender);
}

/* Combined send and receive ----------------------------------------------------------------- */

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_ReplyRecv(seL4_CPtr src, seL4_MessageInfo_t msgInfo,
                                                      seL4_Word *sender, seL4_CPtr reply)
{
    seL4_MessageInfo_t info;
    seL4_Word badge;
    seL4_Word mr0 = seL4_GetMR(0);
    seL4_Word mr1 = seL4_GetMR(1);
    seL4_Word mr2 = seL4_GetMR(2);
    seL4_Word mr3 = seL4_GetMR(3);
    seL4_sys_send_recv((seL4_Word)seL4_SysReplyRecv, src, &badge, msgInfo.words[0], &info.words[0], &mr0, &mr1,
                       &mr2, &mr3, reply);
    seL4_store_mrs_to_buffer_(mr0, mr1, mr2, mr3);
    seL4_store_badge_(sender, badge);
    return info;
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_ReplyRecvWithMRs(seL4_CPtr src, seL4_MessageInfo_t msgInfo,
                                                             seL4_Word *sender, seL4_Word *mr0, seL4_Word *mr1,
                                                             seL4_Word *mr2, seL4_Word *mr3, seL4_CPtr reply)
{
    seL4_MessageInfo_t info;
    seL4_Word badge;
    seL4_Word length = seL4_MessageInfo_get_length(msgInfo);
    seL4_Word msg0 = seL4_load_mr_(mr0, length, 0);
    seL4_Word msg1 = seL4_load_mr_(mr1, length, 1);
    seL4_Word msg2 = seL4_load_mr_(mr2, length, 2);
    seL4_Word msg3 = seL4_load_mr_(mr3, length, 3);
    seL4_sys_send_recv((seL4_Word)seL4_SysReplyRecv, src, &badge, msgInfo.words[0], &info.words[0], &msg0,
                       &msg1, &msg2, &msg3, reply);
    seL4_store_mr_(mr0, msg0);
    seL4_store_mr_(mr1, msg1);
    seL4_store_mr_(mr2, msg2);
    seL4_store_mr_(mr3, msg3);
    seL4_store_badge_(sender, badge);
    return info;
}

/* NBSendRecv: dest in the NBSendRecv register, src in the cap register, reply object as usual. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_NBSendRecv(seL4_CPtr dest, seL4_MessageInfo_t msgInfo, seL4_CPtr src,
                                                       seL4_Word *sender, seL4_CPtr reply)
{
    seL4_MessageInfo_t info;
    seL4_Word badge;
    seL4_Word mr0 = seL4_GetMR(0);
    seL4_Word mr1 = seL4_GetMR(1);
    seL4_Word mr2 = seL4_GetMR(2);
    seL4_Word mr3 = seL4_GetMR(3);
    seL4_sys_nb_send_recv((seL4_Word)seL4_SysNBSendRecv, dest, src, &badge, msgInfo.words[0], &info.words[0],
                          &mr0, &mr1, &mr2, &mr3, reply);
    seL4_store_mrs_to_buffer_(mr0, mr1, mr2, mr3);
    seL4_store_badge_(sender, badge);
    return info;
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_NBSendRecvWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                                              seL4_CPtr src, seL4_Word *sender, seL4_Word *mr0,
                                                              seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3,
                                                              seL4_CPtr reply)
{
    seL4_MessageInfo_t info;
    seL4_Word badge;
    seL4_Word length = seL4_MessageInfo_get_length(msgInfo);
    seL4_Word msg0 = seL4_load_mr_(mr0, length, 0);
    seL4_Word msg1 = seL4_load_mr_(mr1, length, 1);
    seL4_Word msg2 = seL4_load_mr_(mr2, length, 2);
    seL4_Word msg3 = seL4_load_mr_(mr3, length, 3);
    seL4_sys_nb_send_recv((seL4_Word)seL4_SysNBSendRecv, dest, src, &badge, msgInfo.words[0], &info.words[0],
                          &msg0, &msg1, &msg2, &msg3, reply);
    seL4_store_mr_(mr0, msg0);
    seL4_store_mr_(mr1, msg1);
    seL4_store_mr_(mr2, msg2);
    seL4_store_mr_(mr3, msg3);
    seL4_store_badge_(sender, badge);
    return info;
}

/* NBSendWait: dest travels in the reply register; the NBSendRecv register holds 0 (sel4-mcs.md §1.3). */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_NBSendWait(seL4_CPtr dest, seL4_MessageInfo_t msgInfo, seL4_CPtr src,
                                                       seL4_Word *sender)
{
    seL4_MessageInfo_t info;
    seL4_Word badge;
    seL4_Word mr0 = seL4_GetMR(0);
    seL4_Word mr1 = seL4_GetMR(1);
    seL4_Word mr2 = seL4_GetMR(2);
    seL4_Word mr3 = seL4_GetMR(3);
    seL4_sys_nb_send_recv((seL4_Word)seL4_SysNBSendWait, 0, src, &badge, msgInfo.words[0], &info.words[0], &mr0,
                          &mr1, &mr2, &mr3, dest);
    seL4_store_mrs_to_buffer_(mr0, mr1, mr2, mr3);
    seL4_store_badge_(sender, badge);
    return info;
}

/*
 * Reproduces libsel4 16.0.0 exactly, including its bug: this variant traps
 * with the NBSendRecv number (sel4-mcs.md §1.3), so the kernel invokes
 * CPtr 0 and then receives with dest as the reply object.
 */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_NBSendWaitWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                                              seL4_CPtr src, seL4_Word *sender, seL4_Word *mr0,
                                                              seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    seL4_MessageInfo_t info;
    seL4_Word badge;
    seL4_Word length = seL4_MessageInfo_get_length(msgInfo);
    seL4_Word msg0 = seL4_load_mr_(mr0, length, 0);
    seL4_Word msg1 = seL4_load_mr_(mr1, length, 1);
    seL4_Word msg2 = seL4_load_mr_(mr2, length, 2);
    seL4_Word msg3 = seL4_load_mr_(mr3, length, 3);
    seL4_sys_nb_send_recv((seL4_Word)seL4_SysNBSendRecv, 0, src, &badge, msgInfo.words[0], &info.words[0], &msg0,
                          &msg1, &msg2, &msg3, dest);
    seL4_store_mr_(mr0, msg0);
    seL4_store_mr_(mr1, msg1);
    seL4_store_mr_(mr2, msg2);
    seL4_store_mr_(mr3, msg3);
    seL4_store_badge_(sender, badge);
    return info;
}

/* Yield: only the number register is used; nothing is clobbered. */
LIBSEL4_INLINE_FUNC void seL4_Yield(void)
{
    seL4_sys_null((seL4_Word)seL4_SysYield);
}

/* Debug system calls (sel4-abi.md §1.4), declared as libsel4 does ----------------------------- */

/*
 * A debug call through the Call register shape: one word in the cap
 * register, the info register as given, x0-x5 / a0-a5 all clobbered, the
 * reply register 0. Returns what the kernel left in the cap register.
 */
LIBSEL4_INLINE_FUNC seL4_Word seL4_debug_call_(seL4_Word sys, seL4_Word arg0, seL4_Word arg1)
{
    seL4_Word result, info, mr0 = 0, mr1 = 0, mr2 = 0, mr3 = 0;
    seL4_sys_send_recv(sys, arg0, &result, arg1, &info, &mr0, &mr1, &mr2, &mr3, 0);
    return result;
}

#ifdef CONFIG_PRINTING
LIBSEL4_INLINE_FUNC void seL4_DebugPutChar(char c)
{
    (void)seL4_debug_call_((seL4_Word)seL4_SysDebugPutChar, (seL4_Word)(seL4_Uint8)c, 0);
}

LIBSEL4_INLINE_FUNC void seL4_DebugPutString(const char *str)
{
    for (; *str != '\0'; ++str) {
        seL4_DebugPutChar(*str);
    }
}

LIBSEL4_INLINE_FUNC void seL4_DebugDumpScheduler(void)
{
    (void)seL4_debug_call_((seL4_Word)seL4_SysDebugDumpScheduler, 0, 0);
}
#endif /* CONFIG_PRINTING */

#ifdef CONFIG_DEBUG_BUILD
LIBSEL4_INLINE_FUNC void seL4_DebugHalt(void)
{
    seL4_sys_null((seL4_Word)seL4_SysDebugHalt);
}

LIBSEL4_INLINE_FUNC void seL4_DebugSnapshot(void)
{
    seL4_sys_null((seL4_Word)seL4_SysDebugSnapshot);
}

/* The kernel's cap-type tag of the slot (sel4-abi.md §1.4), 0 for null or a failed lookup. */
LIBSEL4_INLINE_FUNC seL4_Uint32 seL4_DebugCapIdentify(seL4_CPtr cap)
{
    return (seL4_Uint32)seL4_debug_call_((seL4_Word)seL4_SysDebugCapIdentify, cap, 0);
}

/*
 * The NUL-terminated name is copied into the IPC buffer from msg[0] (at
 * most the buffer's 120 message words, truncated there); the kernel halts
 * on a cap that is not a TCB or a name without its NUL.
 */
LIBSEL4_INLINE_FUNC void seL4_DebugNameThread(seL4_CPtr tcb, const char *name)
{
    char *buffer = (char *)&seL4_GetIPCBuffer()->msg[0];
    seL4_Word capacity = seL4_MsgMaxLength * sizeof(seL4_Word);
    seL4_Word i = 0;
    for (; i + 1 < capacity && name[i] != '\0'; ++i) {
        buffer[i] = name[i];
    }
    buffer[i] = '\0';
    (void)seL4_debug_call_((seL4_Word)seL4_SysDebugNameThread, tcb, 0);
}

#ifdef CONFIG_ENABLE_SMP_SUPPORT
/* target core in the cap register, irq in the info register; x0-x5 clobbered. */
LIBSEL4_INLINE_FUNC void seL4_DebugSendIPI(seL4_Uint8 target, unsigned irq)
{
    seL4_sys_send((seL4_Word)seL4_SysDebugSendIPI, target, irq, 0, 0, 0, 0);
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_DebugGetThreadAffinity(seL4_CPtr tcb)
{
    return seL4_debug_call_((seL4_Word)seL4_SysDebugGetThreadAffinity, tcb, 0);
}
#endif /* CONFIG_ENABLE_SMP_SUPPORT */
#endif /* CONFIG_DEBUG_BUILD */

#ifdef CONFIG_DANGEROUS_CODE_INJECTION
/* Runs userfn(userarg) in kernel mode: function in the cap register, argument in the info register. */
LIBSEL4_INLINE_FUNC void seL4_DebugRun(void (*userfn)(void *), void *userarg)
{
    seL4_sys_send_short((seL4_Word)seL4_SysDebugRun, (seL4_Word)userfn, (seL4_Word)userarg);
}
#endif /* CONFIG_DANGEROUS_CODE_INJECTION */

/* Benchmark system calls (KernelBenchmarks != none) ------------------------------------------- */

#ifdef CONFIG_ENABLE_BENCHMARKS
/* Sets the kernel log index back to 0. */
LIBSEL4_INLINE_FUNC seL4_Error seL4_BenchmarkResetLog(void)
{
    return (seL4_Error)seL4_debug_call_((seL4_Word)seL4_SysBenchmarkResetLog, 0, 0);
}

/* Stops logging; returns the index of the last log entry. */
LIBSEL4_INLINE_FUNC seL4_Word seL4_BenchmarkFinalizeLog(void)
{
    return seL4_debug_call_((seL4_Word)seL4_SysBenchmarkFinalizeLog, 0, 0);
}

/* Gives the kernel a large frame (CPtr) to log into. */
LIBSEL4_INLINE_FUNC seL4_Error seL4_BenchmarkSetLogBuffer(seL4_Word frame_cptr)
{
    return (seL4_Error)seL4_debug_call_((seL4_Word)seL4_SysBenchmarkSetLogBuffer, frame_cptr, 0);
}

/* Enters and leaves the kernel; every register is preserved. */
LIBSEL4_INLINE_FUNC void seL4_BenchmarkNullSyscall(void)
{
    seL4_sys_null((seL4_Word)seL4_SysBenchmarkNullSyscall);
}

/* Cleans and invalidates all caches (cap register 0). */
LIBSEL4_INLINE_FUNC void seL4_BenchmarkFlushCaches(void)
{
    seL4_sys_send_short((seL4_Word)seL4_SysBenchmarkFlushCaches, 0, 0);
}

/* Cleans and invalidates the L1 cache of the given type (cap register 1, type in the info register). */
LIBSEL4_INLINE_FUNC void seL4_BenchmarkFlushL1Caches(seL4_Word cache_type)
{
    seL4_sys_send_short((seL4_Word)seL4_SysBenchmarkFlushCaches, 1, cache_type);
}

#ifdef CONFIG_BENCHMARK_TRACK_UTILISATION
/* The thread's utilisation, written by the kernel into the caller's IPC buffer. */
LIBSEL4_INLINE_FUNC void seL4_BenchmarkGetThreadUtilisation(seL4_Word tcb_cptr)
{
    (void)seL4_debug_call_((seL4_Word)seL4_SysBenchmarkGetThreadUtilisation, tcb_cptr, 0);
}

LIBSEL4_INLINE_FUNC void seL4_BenchmarkResetThreadUtilisation(seL4_Word tcb_cptr)
{
    (void)seL4_debug_call_((seL4_Word)seL4_SysBenchmarkResetThreadUtilisation, tcb_cptr, 0);
}

#ifdef CONFIG_DEBUG_BUILD
LIBSEL4_INLINE_FUNC void seL4_BenchmarkDumpAllThreadsUtilisation(void)
{
    (void)seL4_debug_call_((seL4_Word)seL4_SysBenchmarkDumpAllThreadsUtilisation, 0, 0);
}

LIBSEL4_INLINE_FUNC void seL4_BenchmarkResetAllThreadsUtilisation(void)
{
    (void)seL4_debug_call_((seL4_Word)seL4_SysBenchmarkResetAllThreadsUtilisation, 0, 0);
}
#endif /* CONFIG_DEBUG_BUILD */
#endif /* CONFIG_BENCHMARK_TRACK_UTILISATION */
#endif /* CONFIG_ENABLE_BENCHMARKS */

#ifdef CONFIG_SET_TLS_BASE_SELF
/* Only where the TLS register is not writable from user mode (not Tessera's configurations). */
LIBSEL4_INLINE_FUNC void seL4_SetTLSBase(seL4_Word tls_base)
{
    seL4_sys_send_short((seL4_Word)seL4_SysSetTLSBase, tls_base, 0);
}
#endif /* CONFIG_SET_TLS_BASE_SELF */

#endif /* SEL4_SYSCALLS_H */
