/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * AArch64 fault-message layouts (sel4-abi.md §10.3, sel4-mcs.md §8.2, §8.5):
 * the index of each message register, and the Length of each message.
 */
#ifndef SEL4_SEL4_ARCH_CONSTANTS_H
#define SEL4_SEL4_ARCH_CONSTANTS_H

#include <sel4/config.h>
#include <sel4/macros.h>

/* UnknownSyscall (label 2): x0-x7, the svc's address, SP, ELR, SPSR, syscall number. */
typedef enum {
    seL4_UnknownSyscall_X0,
    seL4_UnknownSyscall_X1,
    seL4_UnknownSyscall_X2,
    seL4_UnknownSyscall_X3,
    seL4_UnknownSyscall_X4,
    seL4_UnknownSyscall_X5,
    seL4_UnknownSyscall_X6,
    seL4_UnknownSyscall_X7,
    seL4_UnknownSyscall_FaultIP,
    seL4_UnknownSyscall_SP,
    seL4_UnknownSyscall_LR,
    seL4_UnknownSyscall_SPSR,
    seL4_UnknownSyscall_Syscall,
    seL4_UnknownSyscall_Length
} seL4_UnknownSyscall_Msg;

/* UserException (label 3): PC, SP, SPSR, ESR bits 31-0, 0. */
typedef enum {
    seL4_UserException_FaultIP,
    seL4_UserException_SP,
    seL4_UserException_SPSR,
    seL4_UserException_Number,
    seL4_UserException_Code,
    seL4_UserException_Length
} seL4_UserException_Msg;

/* VMFault (label 6): restart PC, faulting address, 1 for an instruction fetch, ESR. */
typedef enum {
    seL4_VMFault_IP,
    seL4_VMFault_Addr,
    seL4_VMFault_PrefetchFault,
    seL4_VMFault_FSR,
    seL4_VMFault_Length
} seL4_VMFault_Msg;

/* The hypervisor faults (labels 7-9 with KernelArmHypervisorSupport, which Tessera does not have). */
typedef enum {
    seL4_VGICMaintenance_IDX,
    seL4_VGICMaintenance_Length
} seL4_VGICMaintenance_Msg;

typedef enum {
    seL4_VPPIEvent_IRQ,
    seL4_VPPIEvent_Length
} seL4_VPPIEvent_Msg;

typedef enum {
    seL4_VCPUFault_HSR,
    seL4_VCPUFault_Length
} seL4_VCPUFault_Msg;

#ifdef CONFIG_KERNEL_MCS
/*
 * The registers a reply to a Timeout fault may set, in order: the first 34
 * words of seL4_UserContext (TPIDR_EL0 and TPIDRRO_EL0 are not included).
 */
typedef enum {
    seL4_TimeoutReply_FaultIP,
    seL4_TimeoutReply_SP,
    seL4_TimeoutReply_SPSR_EL1,
    seL4_TimeoutReply_X0,
    seL4_TimeoutReply_X1,
    seL4_TimeoutReply_X2,
    seL4_TimeoutReply_X3,
    seL4_TimeoutReply_X4,
    seL4_TimeoutReply_X5,
    seL4_TimeoutReply_X6,
    seL4_TimeoutReply_X7,
    seL4_TimeoutReply_X8,
    seL4_TimeoutReply_X16,
    seL4_TimeoutReply_X17,
    seL4_TimeoutReply_X18,
    seL4_TimeoutReply_X29,
    seL4_TimeoutReply_X30,
    seL4_TimeoutReply_X9,
    seL4_TimeoutReply_X10,
    seL4_TimeoutReply_X11,
    seL4_TimeoutReply_X12,
    seL4_TimeoutReply_X13,
    seL4_TimeoutReply_X14,
    seL4_TimeoutReply_X15,
    seL4_TimeoutReply_X19,
    seL4_TimeoutReply_X20,
    seL4_TimeoutReply_X21,
    seL4_TimeoutReply_X22,
    seL4_TimeoutReply_X23,
    seL4_TimeoutReply_X24,
    seL4_TimeoutReply_X25,
    seL4_TimeoutReply_X26,
    seL4_TimeoutReply_X27,
    seL4_TimeoutReply_X28,
    seL4_TimeoutReply_Length
} seL4_TimeoutReply_Msg;

/* Timeout (label 5): the SC's badge and the consumed time in µs; length 1 if the thread has no SC left. */
typedef enum {
    seL4_Timeout_Data,
    seL4_Timeout_Consumed,
    seL4_Timeout_Length
} seL4_Timeout_Msg;
#endif /* CONFIG_KERNEL_MCS */

/* VMFault PrefetchFault values. */
#define seL4_DataFault 0
#define seL4_InstructionFault 1

#ifdef CONFIG_ENABLE_BENCHMARKS
/* Size of the kernel's benchmark log buffer in bytes. */
#define seL4_LogBufferSize (LIBSEL4_BIT(20))
#endif

#endif /* SEL4_SEL4_ARCH_CONSTANTS_H */
