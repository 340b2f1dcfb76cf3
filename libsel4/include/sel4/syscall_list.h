/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The one table of seL4 16.0.0 MCS system-call numbers (sel4-abi.md §17.1,
 * sel4-mcs.md §1.1). Everything else derives from it: libsel4's
 * seL4_Syscall_ID enum, the kernel's dispatch and the kernel's names for
 * diagnostics. Numbers come from libsel4's generator walking syscall.xml:
 * the MCS API list first, then every debug/benchmark entry, whether or not
 * that feature is configured, so a disabled group still uses its numbers.
 *
 * SEL4_SYSCALL(name, number, kind): kind is API (dispatched as a system
 * call, SYSCALL_MIN..SYSCALL_MAX) or DEBUG (handled, when configured, on
 * the unknown-syscall path).
 */
#ifndef SEL4_SYSCALL_LIST_H
#define SEL4_SYSCALL_LIST_H

#define SEL4_SYSCALL_LIST(SEL4_SYSCALL)                                   \
    SEL4_SYSCALL(Call, -1, API)                                           \
    SEL4_SYSCALL(ReplyRecv, -2, API)                                      \
    SEL4_SYSCALL(NBSendRecv, -3, API)                                     \
    SEL4_SYSCALL(NBSendWait, -4, API)                                     \
    SEL4_SYSCALL(Send, -5, API)                                           \
    SEL4_SYSCALL(NBSend, -6, API)                                         \
    SEL4_SYSCALL(Recv, -7, API)                                           \
    SEL4_SYSCALL(NBRecv, -8, API)                                         \
    SEL4_SYSCALL(Wait, -9, API)                                           \
    SEL4_SYSCALL(NBWait, -10, API)                                        \
    SEL4_SYSCALL(Yield, -11, API)                                         \
    SEL4_SYSCALL(DebugPutChar, -12, DEBUG)                                \
    SEL4_SYSCALL(DebugDumpScheduler, -13, DEBUG)                          \
    SEL4_SYSCALL(DebugHalt, -14, DEBUG)                                   \
    SEL4_SYSCALL(DebugCapIdentify, -15, DEBUG)                            \
    SEL4_SYSCALL(DebugSnapshot, -16, DEBUG)                               \
    SEL4_SYSCALL(DebugNameThread, -17, DEBUG)                             \
    SEL4_SYSCALL(DebugSendIPI, -18, DEBUG)                                \
    SEL4_SYSCALL(DebugGetThreadAffinity, -19, DEBUG)                      \
    SEL4_SYSCALL(DebugRun, -20, DEBUG)                                    \
    SEL4_SYSCALL(BenchmarkFlushCaches, -21, DEBUG)                        \
    SEL4_SYSCALL(BenchmarkResetLog, -22, DEBUG)                           \
    SEL4_SYSCALL(BenchmarkFinalizeLog, -23, DEBUG)                        \
    SEL4_SYSCALL(BenchmarkSetLogBuffer, -24, DEBUG)                       \
    SEL4_SYSCALL(BenchmarkNullSyscall, -25, DEBUG)                        \
    SEL4_SYSCALL(BenchmarkGetThreadUtilisation, -26, DEBUG)               \
    SEL4_SYSCALL(BenchmarkResetThreadUtilisation, -27, DEBUG)             \
    SEL4_SYSCALL(BenchmarkDumpAllThreadsUtilisation, -28, DEBUG)          \
    SEL4_SYSCALL(BenchmarkResetAllThreadsUtilisation, -29, DEBUG)         \
    SEL4_SYSCALL(X86DangerousWRMSR, -30, DEBUG)                           \
    SEL4_SYSCALL(X86DangerousRDMSR, -31, DEBUG)                           \
    SEL4_SYSCALL(VMEnter, -32, DEBUG)                                     \
    SEL4_SYSCALL(SetTLSBase, -33, DEBUG)

#endif
