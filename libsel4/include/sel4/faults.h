/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fault message labels and message-register indices under MCS
 * (sel4-mcs.md §8.1-8.2, sel4-abi.md §10.3). The per-arch layouts of
 * UnknownSyscall and UserException live in <sel4/arch/faults.h>.
 */
#ifndef SEL4_FAULTS_H
#define SEL4_FAULTS_H

#include <sel4/shared_types.h>

typedef enum {
    seL4_Fault_NullFault = 0,
    seL4_Fault_CapFault = 1,
    seL4_Fault_UnknownSyscall = 2,
    seL4_Fault_UserException = 3,
    seL4_Fault_DebugException = 4, /* only with the hardware-debug API */
    seL4_Fault_Timeout = 5,
    seL4_Fault_VMFault = 6
} seL4_FaultType;

/* A fault message's type is its label. */
LIBSEL4_INLINE_FUNC seL4_Word seL4_MessageInfo_get_faultType(seL4_MessageInfo_t info)
{
    return (seL4_Word)seL4_MessageInfo_get_label(info);
}

typedef enum {
    seL4_CapFault_IP = 0,
    seL4_CapFault_Addr = 1,
    seL4_CapFault_InRecvPhase = 2,
    seL4_CapFault_LookupFailureType = 3,
    seL4_CapFault_BitsLeft = 4,
    seL4_CapFault_DepthMismatch_BitsFound = 5,
    seL4_CapFault_GuardMismatch_GuardFound = 5,
    seL4_CapFault_GuardMismatch_BitsFound = 6,
    seL4_CapFault_Length = 7
} seL4_CapFault_Msg;

typedef enum {
    seL4_VMFault_IP = 0,
    seL4_VMFault_Addr = 1,
    seL4_VMFault_PrefetchFault = 2,
    seL4_VMFault_FSR = 3,
    seL4_VMFault_Length = 4
} seL4_VMFault_Msg;

typedef enum {
    seL4_Timeout_Data = 0,
    seL4_Timeout_Consumed = 1,
    seL4_Timeout_Length = 2
} seL4_Timeout_Msg;

/* Lookup-failure types carried by CapFault MR3 (sel4-abi.md §4.3). */
typedef enum {
    seL4_NoFailure = 0,
    seL4_InvalidRoot = 1,
    seL4_MissingCapability = 2,
    seL4_DepthMismatch = 3,
    seL4_GuardMismatch = 4
} seL4_LookupFailureType;

#endif /* SEL4_FAULTS_H */
