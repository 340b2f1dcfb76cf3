/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reading fault messages and answering Timeout faults (libsel4's faults.h;
 * sel4-abi.md §10, sel4-mcs.md §8): seL4_getFault decodes the message just
 * received (label = fault type, fields from the message registers) into an
 * seL4_Fault_t, whose accessors are in <sel4/sel4_arch/faults.h>.
 */
#ifndef SEL4_FAULTS_H
#define SEL4_FAULTS_H

#include <sel4/config.h>
#include <sel4/functions.h>
#include <sel4/sel4_arch/faults.h>
#include <sel4/types.h>

LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_getFault(seL4_MessageInfo_t tag)
{
    switch (seL4_MessageInfo_get_label(tag)) {
    case seL4_Fault_CapFault:
        return seL4_Fault_CapFault_new(seL4_GetMR(seL4_CapFault_IP), seL4_GetMR(seL4_CapFault_Addr),
                                       seL4_GetMR(seL4_CapFault_InRecvPhase),
                                       seL4_GetMR(seL4_CapFault_LookupFailureType),
                                       seL4_GetMR(seL4_CapFault_BitsLeft),
                                       seL4_GetMR(seL4_CapFault_GuardMismatch_GuardFound),
                                       seL4_GetMR(seL4_CapFault_GuardMismatch_BitsFound));
    default:
        return seL4_getArchFault(tag);
    }
}

LIBSEL4_INLINE_FUNC seL4_Bool seL4_isVMFault_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_VMFault;
}

LIBSEL4_INLINE_FUNC seL4_Bool seL4_isUnknownSyscall_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_UnknownSyscall;
}

LIBSEL4_INLINE_FUNC seL4_Bool seL4_isUserException_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_UserException;
}

LIBSEL4_INLINE_FUNC seL4_Bool seL4_isNullFault_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_NullFault;
}

LIBSEL4_INLINE_FUNC seL4_Bool seL4_isCapFault_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_CapFault;
}

#ifdef CONFIG_KERNEL_MCS
LIBSEL4_INLINE_FUNC seL4_Bool seL4_isTimeoutFault_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_Timeout;
}

/*
 * The reply to a Timeout fault: label 0 resumes the thread (any other label
 * leaves it stopped) after the kernel has written the first `length` words
 * of regs, which this puts in MR0..length-1, to its registers in
 * seL4_UserContext order (sel4-mcs.md §8.5).
 */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_TimeoutReply_new(seL4_Bool resume, seL4_UserContext regs,
                                                             seL4_Word length)
{
    seL4_MessageInfo_t info = seL4_MessageInfo_new(!resume, 0, 0, length);
    const seL4_Word *words = (const seL4_Word *)&regs;
    seL4_Word i;
    for (i = 0; i < length; i++) {
        seL4_SetMR((int)i, words[i]);
    }
    return info;
}
#endif /* CONFIG_KERNEL_MCS */

#endif /* SEL4_FAULTS_H */
