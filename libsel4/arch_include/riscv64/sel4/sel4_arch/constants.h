/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * RISC-V 64 fault-message layouts (sel4-abi.md §10.3, sel4-mcs.md §8.2,
 * §8.5): the index of each message register, and the Length of each message.
 */
#ifndef SEL4_SEL4_ARCH_CONSTANTS_H
#define SEL4_SEL4_ARCH_CONSTANTS_H

#include <sel4/config.h>
#include <sel4/macros.h>

/* VMFault (label 6): restart PC, stval, 1 for an instruction fetch, cause normalised to 1/5/7. */
typedef enum {
    seL4_VMFault_IP,
    seL4_VMFault_Addr,
    seL4_VMFault_PrefetchFault,
    seL4_VMFault_FSR,
    seL4_VMFault_Length
} seL4_VMFault_Msg;

/* UnknownSyscall (label 2): the ecall's address, SP, RA, a0-a6, syscall number (a7). */
typedef enum {
    seL4_UnknownSyscall_FaultIP,
    seL4_UnknownSyscall_SP,
    seL4_UnknownSyscall_RA,
    seL4_UnknownSyscall_A0,
    seL4_UnknownSyscall_A1,
    seL4_UnknownSyscall_A2,
    seL4_UnknownSyscall_A3,
    seL4_UnknownSyscall_A4,
    seL4_UnknownSyscall_A5,
    seL4_UnknownSyscall_A6,
    seL4_UnknownSyscall_Syscall,
    seL4_UnknownSyscall_Length
} seL4_UnknownSyscall_Msg;

/* UserException (label 3): PC, SP, scause, 0. */
typedef enum {
    seL4_UserException_FaultIP,
    seL4_UserException_SP,
    seL4_UserException_Number,
    seL4_UserException_Code,
    seL4_UserException_Length
} seL4_UserException_Msg;

#ifdef CONFIG_KERNEL_MCS
/* The registers a reply to a Timeout fault may set, in order: all 32 words of seL4_UserContext. */
typedef enum {
    seL4_TimeoutReply_FaultIP,
    seL4_TimeoutReply_LR,
    seL4_TimeoutReply_SP,
    seL4_TimeoutReply_GP,
    seL4_TimeoutReply_s0,
    seL4_TimeoutReply_s1,
    seL4_TimeoutReply_s2,
    seL4_TimeoutReply_s3,
    seL4_TimeoutReply_s4,
    seL4_TimeoutReply_s5,
    seL4_TimeoutReply_s6,
    seL4_TimeoutReply_s7,
    seL4_TimeoutReply_s8,
    seL4_TimeoutReply_s9,
    seL4_TimeoutReply_s10,
    seL4_TimeoutReply_s11,
    seL4_TimeoutReply_a0,
    seL4_TimeoutReply_a1,
    seL4_TimeoutReply_a2,
    seL4_TimeoutReply_a3,
    seL4_TimeoutReply_a4,
    seL4_TimeoutReply_a5,
    seL4_TimeoutReply_a6,
    seL4_TimeoutReply_a7,
    seL4_TimeoutReply_t0,
    seL4_TimeoutReply_t1,
    seL4_TimeoutReply_t2,
    seL4_TimeoutReply_t3,
    seL4_TimeoutReply_t4,
    seL4_TimeoutReply_t5,
    seL4_TimeoutReply_t6,
    seL4_TimeoutReply_TP,
    seL4_TimeoutReply_Length
} seL4_TimeoutReply_Msg;

/* Timeout (label 5): the SC's badge and the consumed time in µs; length 1 if the thread has no SC left. */
typedef enum {
    seL4_Timeout_Data,
    seL4_Timeout_Consumed,
    seL4_Timeout_Length
} seL4_Timeout_Msg;
#endif /* CONFIG_KERNEL_MCS */

#ifdef CONFIG_ENABLE_BENCHMARKS
/* Size of the kernel's benchmark log buffer in bytes. */
#define seL4_LogBufferSize (LIBSEL4_BIT(20))
#endif

#endif /* SEL4_SEL4_ARCH_CONSTANTS_H */
