/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * seL4_Fault_t on AArch64: libsel4's fault tagged union (sel4_arch/types.bf; layout
 * rules in <sel4/fault_fields.h>), 14 words, its constructors and accessors, and
 * seL4_getArchFault, which builds one from a fault message (sel4-abi.md §10.3,
 * sel4-mcs.md §8.2). Field names are libsel4's: note UserException_get_Stack (the
 * message register is seL4_UserException_SP) and CapFault MR4-MR6 (the lookup-failure
 * words, seL4_CapFault_BitsLeft ...).
 */
#ifndef SEL4_SEL4_ARCH_FAULTS_H
#define SEL4_SEL4_ARCH_FAULTS_H

#include <sel4/config.h>
#include <sel4/fault_fields.h>
#include <sel4/functions.h>
#include <sel4/sel4_arch/constants.h>
#include <sel4/shared_types.h>

typedef struct seL4_Fault {
    seL4_Uint64 words[14];
} seL4_Fault_t;

SEL4_FAULT_TAG_ACCESSORS_()

LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_NullFault_new(void)
{
    seL4_Fault_t seL4_Fault = seL4_Fault_empty_(seL4_Fault_NullFault);
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC void seL4_Fault_NullFault_ptr_new(seL4_Fault_t *seL4_Fault_ptr)
{
    *seL4_Fault_ptr = seL4_Fault_NullFault_new();
}

SEL4_FAULT_WORD_(CapFault, IP, 7)
SEL4_FAULT_WORD_(CapFault, Addr, 6)
SEL4_FAULT_WORD_(CapFault, InRecvPhase, 5)
SEL4_FAULT_WORD_(CapFault, LookupFailureType, 4)
SEL4_FAULT_WORD_(CapFault, MR4, 3)
SEL4_FAULT_WORD_(CapFault, MR5, 2)
SEL4_FAULT_WORD_(CapFault, MR6, 1)

LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_CapFault_new(seL4_Uint64 IP, seL4_Uint64 Addr,
                                                         seL4_Uint64 InRecvPhase,
                                                         seL4_Uint64 LookupFailureType, seL4_Uint64 MR4,
                                                         seL4_Uint64 MR5, seL4_Uint64 MR6)
{
    seL4_Fault_t seL4_Fault = seL4_Fault_empty_(seL4_Fault_CapFault);
    seL4_Fault = seL4_Fault_CapFault_set_IP(seL4_Fault, IP);
    seL4_Fault = seL4_Fault_CapFault_set_Addr(seL4_Fault, Addr);
    seL4_Fault = seL4_Fault_CapFault_set_InRecvPhase(seL4_Fault, InRecvPhase);
    seL4_Fault = seL4_Fault_CapFault_set_LookupFailureType(seL4_Fault, LookupFailureType);
    seL4_Fault = seL4_Fault_CapFault_set_MR4(seL4_Fault, MR4);
    seL4_Fault = seL4_Fault_CapFault_set_MR5(seL4_Fault, MR5);
    seL4_Fault = seL4_Fault_CapFault_set_MR6(seL4_Fault, MR6);
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC void seL4_Fault_CapFault_ptr_new(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 IP,
                                                     seL4_Uint64 Addr, seL4_Uint64 InRecvPhase,
                                                     seL4_Uint64 LookupFailureType, seL4_Uint64 MR4,
                                                     seL4_Uint64 MR5, seL4_Uint64 MR6)
{
    *seL4_Fault_ptr = seL4_Fault_CapFault_new(IP, Addr, InRecvPhase, LookupFailureType, MR4, MR5, MR6);
}

SEL4_FAULT_WORD_(UnknownSyscall, X0, 13)
SEL4_FAULT_WORD_(UnknownSyscall, X1, 12)
SEL4_FAULT_WORD_(UnknownSyscall, X2, 11)
SEL4_FAULT_WORD_(UnknownSyscall, X3, 10)
SEL4_FAULT_WORD_(UnknownSyscall, X4, 9)
SEL4_FAULT_WORD_(UnknownSyscall, X5, 8)
SEL4_FAULT_WORD_(UnknownSyscall, X6, 7)
SEL4_FAULT_WORD_(UnknownSyscall, X7, 6)
SEL4_FAULT_WORD_(UnknownSyscall, FaultIP, 5)
SEL4_FAULT_WORD_(UnknownSyscall, SP, 4)
SEL4_FAULT_WORD_(UnknownSyscall, LR, 3)
SEL4_FAULT_WORD_(UnknownSyscall, SPSR, 2)
SEL4_FAULT_WORD_(UnknownSyscall, Syscall, 1)

LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_UnknownSyscall_new(seL4_Uint64 X0, seL4_Uint64 X1, seL4_Uint64 X2,
                                                               seL4_Uint64 X3, seL4_Uint64 X4, seL4_Uint64 X5,
                                                               seL4_Uint64 X6, seL4_Uint64 X7,
                                                               seL4_Uint64 FaultIP, seL4_Uint64 SP,
                                                               seL4_Uint64 LR, seL4_Uint64 SPSR,
                                                               seL4_Uint64 Syscall)
{
    seL4_Fault_t seL4_Fault = seL4_Fault_empty_(seL4_Fault_UnknownSyscall);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_X0(seL4_Fault, X0);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_X1(seL4_Fault, X1);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_X2(seL4_Fault, X2);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_X3(seL4_Fault, X3);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_X4(seL4_Fault, X4);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_X5(seL4_Fault, X5);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_X6(seL4_Fault, X6);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_X7(seL4_Fault, X7);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_FaultIP(seL4_Fault, FaultIP);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_SP(seL4_Fault, SP);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_LR(seL4_Fault, LR);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_SPSR(seL4_Fault, SPSR);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_Syscall(seL4_Fault, Syscall);
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_new(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 X0,
                                                           seL4_Uint64 X1, seL4_Uint64 X2, seL4_Uint64 X3,
                                                           seL4_Uint64 X4, seL4_Uint64 X5, seL4_Uint64 X6,
                                                           seL4_Uint64 X7, seL4_Uint64 FaultIP,
                                                           seL4_Uint64 SP, seL4_Uint64 LR, seL4_Uint64 SPSR,
                                                           seL4_Uint64 Syscall)
{
    *seL4_Fault_ptr = seL4_Fault_UnknownSyscall_new(X0, X1, X2, X3, X4, X5, X6, X7, FaultIP, SP, LR, SPSR,
                                                    Syscall);
}

SEL4_FAULT_WORD_(UserException, FaultIP, 5)
SEL4_FAULT_WORD_(UserException, Stack, 4)
SEL4_FAULT_WORD_(UserException, SPSR, 3)
SEL4_FAULT_WORD_(UserException, Number, 2)
SEL4_FAULT_WORD_(UserException, Code, 1)

LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_UserException_new(seL4_Uint64 FaultIP, seL4_Uint64 Stack,
                                                              seL4_Uint64 SPSR, seL4_Uint64 Number,
                                                              seL4_Uint64 Code)
{
    seL4_Fault_t seL4_Fault = seL4_Fault_empty_(seL4_Fault_UserException);
    seL4_Fault = seL4_Fault_UserException_set_FaultIP(seL4_Fault, FaultIP);
    seL4_Fault = seL4_Fault_UserException_set_Stack(seL4_Fault, Stack);
    seL4_Fault = seL4_Fault_UserException_set_SPSR(seL4_Fault, SPSR);
    seL4_Fault = seL4_Fault_UserException_set_Number(seL4_Fault, Number);
    seL4_Fault = seL4_Fault_UserException_set_Code(seL4_Fault, Code);
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UserException_ptr_new(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 FaultIP,
                                                          seL4_Uint64 Stack, seL4_Uint64 SPSR,
                                                          seL4_Uint64 Number, seL4_Uint64 Code)
{
    *seL4_Fault_ptr = seL4_Fault_UserException_new(FaultIP, Stack, SPSR, Number, Code);
}

SEL4_FAULT_WORD_(VMFault, IP, 4)
SEL4_FAULT_WORD_(VMFault, Addr, 3)
SEL4_FAULT_WORD_(VMFault, PrefetchFault, 2)
SEL4_FAULT_WORD_(VMFault, FSR, 1)

LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_VMFault_new(seL4_Uint64 IP, seL4_Uint64 Addr,
                                                        seL4_Uint64 PrefetchFault, seL4_Uint64 FSR)
{
    seL4_Fault_t seL4_Fault = seL4_Fault_empty_(seL4_Fault_VMFault);
    seL4_Fault = seL4_Fault_VMFault_set_IP(seL4_Fault, IP);
    seL4_Fault = seL4_Fault_VMFault_set_Addr(seL4_Fault, Addr);
    seL4_Fault = seL4_Fault_VMFault_set_PrefetchFault(seL4_Fault, PrefetchFault);
    seL4_Fault = seL4_Fault_VMFault_set_FSR(seL4_Fault, FSR);
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC void seL4_Fault_VMFault_ptr_new(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 IP,
                                                    seL4_Uint64 Addr, seL4_Uint64 PrefetchFault,
                                                    seL4_Uint64 FSR)
{
    *seL4_Fault_ptr = seL4_Fault_VMFault_new(IP, Addr, PrefetchFault, FSR);
}

#ifdef CONFIG_HARDWARE_DEBUG_API
SEL4_FAULT_WORD_(DebugException, FaultIP, 4)
SEL4_FAULT_WORD_(DebugException, ExceptionReason, 3)
SEL4_FAULT_WORD_(DebugException, TriggerAddress, 2)
SEL4_FAULT_WORD_(DebugException, BreakpointNumber, 1)

LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_DebugException_new(seL4_Uint64 FaultIP,
                                                               seL4_Uint64 ExceptionReason,
                                                               seL4_Uint64 TriggerAddress,
                                                               seL4_Uint64 BreakpointNumber)
{
    seL4_Fault_t seL4_Fault = seL4_Fault_empty_(seL4_Fault_DebugException);
    seL4_Fault = seL4_Fault_DebugException_set_FaultIP(seL4_Fault, FaultIP);
    seL4_Fault = seL4_Fault_DebugException_set_ExceptionReason(seL4_Fault, ExceptionReason);
    seL4_Fault = seL4_Fault_DebugException_set_TriggerAddress(seL4_Fault, TriggerAddress);
    seL4_Fault = seL4_Fault_DebugException_set_BreakpointNumber(seL4_Fault, BreakpointNumber);
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC void seL4_Fault_DebugException_ptr_new(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 FaultIP,
                                                           seL4_Uint64 ExceptionReason,
                                                           seL4_Uint64 TriggerAddress,
                                                           seL4_Uint64 BreakpointNumber)
{
    *seL4_Fault_ptr = seL4_Fault_DebugException_new(FaultIP, ExceptionReason, TriggerAddress,
                                                    BreakpointNumber);
}
#endif /* CONFIG_HARDWARE_DEBUG_API */

#ifdef CONFIG_KERNEL_MCS
SEL4_FAULT_WORD_(Timeout, data, 2)
SEL4_FAULT_WORD_(Timeout, consumed, 1)

LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_Timeout_new(seL4_Uint64 data, seL4_Uint64 consumed)
{
    seL4_Fault_t seL4_Fault = seL4_Fault_empty_(seL4_Fault_Timeout);
    seL4_Fault = seL4_Fault_Timeout_set_data(seL4_Fault, data);
    seL4_Fault = seL4_Fault_Timeout_set_consumed(seL4_Fault, consumed);
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC void seL4_Fault_Timeout_ptr_new(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 data,
                                                    seL4_Uint64 consumed)
{
    *seL4_Fault_ptr = seL4_Fault_Timeout_new(data, consumed);
}
#endif /* CONFIG_KERNEL_MCS */

/* The fault a message with this tag carries, from its MRs (the IPC buffer); architecture-specific kinds. */
LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_getArchFault(seL4_MessageInfo_t tag)
{
    switch (seL4_MessageInfo_get_label(tag)) {
    case seL4_Fault_UnknownSyscall:
        return seL4_Fault_UnknownSyscall_new(seL4_GetMR(seL4_UnknownSyscall_X0),
                                             seL4_GetMR(seL4_UnknownSyscall_X1),
                                             seL4_GetMR(seL4_UnknownSyscall_X2),
                                             seL4_GetMR(seL4_UnknownSyscall_X3),
                                             seL4_GetMR(seL4_UnknownSyscall_X4),
                                             seL4_GetMR(seL4_UnknownSyscall_X5),
                                             seL4_GetMR(seL4_UnknownSyscall_X6),
                                             seL4_GetMR(seL4_UnknownSyscall_X7),
                                             seL4_GetMR(seL4_UnknownSyscall_FaultIP),
                                             seL4_GetMR(seL4_UnknownSyscall_SP),
                                             seL4_GetMR(seL4_UnknownSyscall_LR),
                                             seL4_GetMR(seL4_UnknownSyscall_SPSR),
                                             seL4_GetMR(seL4_UnknownSyscall_Syscall));
    case seL4_Fault_UserException:
        return seL4_Fault_UserException_new(seL4_GetMR(seL4_UserException_FaultIP),
                                            seL4_GetMR(seL4_UserException_SP),
                                            seL4_GetMR(seL4_UserException_SPSR),
                                            seL4_GetMR(seL4_UserException_Number),
                                            seL4_GetMR(seL4_UserException_Code));
    case seL4_Fault_VMFault:
        return seL4_Fault_VMFault_new(seL4_GetMR(seL4_VMFault_IP),
                                      seL4_GetMR(seL4_VMFault_Addr),
                                      seL4_GetMR(seL4_VMFault_PrefetchFault),
                                      seL4_GetMR(seL4_VMFault_FSR));
#ifdef CONFIG_KERNEL_MCS
    case seL4_Fault_Timeout:
        return seL4_Fault_Timeout_new(seL4_GetMR(seL4_Timeout_Data),
                                      seL4_GetMR(seL4_Timeout_Consumed));
#endif
    default:
        return seL4_Fault_NullFault_new();
    }
}

#endif /* SEL4_SEL4_ARCH_FAULTS_H */
