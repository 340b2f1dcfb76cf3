/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * seL4_Fault_t on RISC-V 64: libsel4's fault tagged union (sel4_arch/types.bf; layout
 * rules in <sel4/fault_fields.h>), 12 words, its constructors and accessors, and
 * seL4_getArchFault, which builds one from a fault message (sel4-abi.md §10.3,
 * sel4-mcs.md §8.2). As in libsel4, the VMFault FSR field is 5 bits wide (the kernel
 * reports the normalised causes 1, 5 and 7) and CapFault MR4-MR6 are the
 * lookup-failure words (seL4_CapFault_BitsLeft ...).
 */
#ifndef SEL4_SEL4_ARCH_FAULTS_H
#define SEL4_SEL4_ARCH_FAULTS_H

#include <sel4/config.h>
#include <sel4/fault_fields.h>
#include <sel4/functions.h>
#include <sel4/sel4_arch/constants.h>
#include <sel4/shared_types.h>

typedef struct seL4_Fault {
    seL4_Uint64 words[12];
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

SEL4_FAULT_WORD_(UnknownSyscall, FaultIP, 11)
SEL4_FAULT_WORD_(UnknownSyscall, SP, 10)
SEL4_FAULT_WORD_(UnknownSyscall, RA, 9)
SEL4_FAULT_WORD_(UnknownSyscall, A0, 8)
SEL4_FAULT_WORD_(UnknownSyscall, A1, 7)
SEL4_FAULT_WORD_(UnknownSyscall, A2, 6)
SEL4_FAULT_WORD_(UnknownSyscall, A3, 5)
SEL4_FAULT_WORD_(UnknownSyscall, A4, 4)
SEL4_FAULT_WORD_(UnknownSyscall, A5, 3)
SEL4_FAULT_WORD_(UnknownSyscall, A6, 2)
SEL4_FAULT_WORD_(UnknownSyscall, Syscall, 1)

LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_UnknownSyscall_new(seL4_Uint64 FaultIP, seL4_Uint64 SP,
                                                               seL4_Uint64 RA, seL4_Uint64 A0, seL4_Uint64 A1,
                                                               seL4_Uint64 A2, seL4_Uint64 A3, seL4_Uint64 A4,
                                                               seL4_Uint64 A5, seL4_Uint64 A6,
                                                               seL4_Uint64 Syscall)
{
    seL4_Fault_t seL4_Fault = seL4_Fault_empty_(seL4_Fault_UnknownSyscall);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_FaultIP(seL4_Fault, FaultIP);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_SP(seL4_Fault, SP);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_RA(seL4_Fault, RA);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_A0(seL4_Fault, A0);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_A1(seL4_Fault, A1);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_A2(seL4_Fault, A2);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_A3(seL4_Fault, A3);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_A4(seL4_Fault, A4);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_A5(seL4_Fault, A5);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_A6(seL4_Fault, A6);
    seL4_Fault = seL4_Fault_UnknownSyscall_set_Syscall(seL4_Fault, Syscall);
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UnknownSyscall_ptr_new(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 FaultIP,
                                                           seL4_Uint64 SP, seL4_Uint64 RA, seL4_Uint64 A0,
                                                           seL4_Uint64 A1, seL4_Uint64 A2, seL4_Uint64 A3,
                                                           seL4_Uint64 A4, seL4_Uint64 A5, seL4_Uint64 A6,
                                                           seL4_Uint64 Syscall)
{
    *seL4_Fault_ptr = seL4_Fault_UnknownSyscall_new(FaultIP, SP, RA, A0, A1, A2, A3, A4, A5, A6, Syscall);
}

SEL4_FAULT_WORD_(UserException, FaultIP, 4)
SEL4_FAULT_WORD_(UserException, SP, 3)
SEL4_FAULT_WORD_(UserException, Number, 2)
SEL4_FAULT_WORD_(UserException, Code, 1)

LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_UserException_new(seL4_Uint64 FaultIP, seL4_Uint64 SP,
                                                              seL4_Uint64 Number, seL4_Uint64 Code)
{
    seL4_Fault_t seL4_Fault = seL4_Fault_empty_(seL4_Fault_UserException);
    seL4_Fault = seL4_Fault_UserException_set_FaultIP(seL4_Fault, FaultIP);
    seL4_Fault = seL4_Fault_UserException_set_SP(seL4_Fault, SP);
    seL4_Fault = seL4_Fault_UserException_set_Number(seL4_Fault, Number);
    seL4_Fault = seL4_Fault_UserException_set_Code(seL4_Fault, Code);
    return seL4_Fault;
}

LIBSEL4_INLINE_FUNC void seL4_Fault_UserException_ptr_new(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 FaultIP,
                                                          seL4_Uint64 SP, seL4_Uint64 Number,
                                                          seL4_Uint64 Code)
{
    *seL4_Fault_ptr = seL4_Fault_UserException_new(FaultIP, SP, Number, Code);
}

SEL4_FAULT_WORD_(VMFault, IP, 3)
SEL4_FAULT_WORD_(VMFault, Addr, 2)
SEL4_FAULT_WORD_(VMFault, PrefetchFault, 1)
SEL4_FAULT_FIELD_(VMFault, FSR, 0, 27, 5)

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
        return seL4_Fault_UnknownSyscall_new(seL4_GetMR(seL4_UnknownSyscall_FaultIP),
                                             seL4_GetMR(seL4_UnknownSyscall_SP),
                                             seL4_GetMR(seL4_UnknownSyscall_RA),
                                             seL4_GetMR(seL4_UnknownSyscall_A0),
                                             seL4_GetMR(seL4_UnknownSyscall_A1),
                                             seL4_GetMR(seL4_UnknownSyscall_A2),
                                             seL4_GetMR(seL4_UnknownSyscall_A3),
                                             seL4_GetMR(seL4_UnknownSyscall_A4),
                                             seL4_GetMR(seL4_UnknownSyscall_A5),
                                             seL4_GetMR(seL4_UnknownSyscall_A6),
                                             seL4_GetMR(seL4_UnknownSyscall_Syscall));
    case seL4_Fault_UserException:
        return seL4_Fault_UserException_new(seL4_GetMR(seL4_UserException_FaultIP),
                                            seL4_GetMR(seL4_UserException_SP),
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
