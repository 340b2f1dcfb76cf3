/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * AArch64 object-invocation stubs (object-api-sel4-arch.xml and ARM
 * object-api-arch.xml names; wire format sel4-abi.md §11.2, §15.1a), on the
 * one marshalling path of <sel4/invoke.h>. Included by <sel4/client.h>.
 */
#ifndef SEL4_ARCH_CLIENT_H
#define SEL4_ARCH_CLIENT_H

#include <sel4/arch/invocation.h>
#include <sel4/invoke.h>
#include <sel4/types.h>

/* A VSpace or Page cache operation on [start, end). */
#define SEL4_ARM_RANGE_STUB_(object, method, label)                                                    \
    LIBSEL4_INLINE_FUNC seL4_Error seL4_ARM_##object##_##method(seL4_ARM_##object _service, seL4_Word start, \
                                                                seL4_Word end)                         \
    {                                                                                                  \
        const seL4_Word words[2] = {start, end};                                                       \
        return SEL4_INVOKE_(_service, label, 0, 0, words, 2);                                          \
    }

SEL4_ARM_RANGE_STUB_(VSpace, Clean_Data, ARMVSpaceClean_Data)
SEL4_ARM_RANGE_STUB_(VSpace, Invalidate_Data, ARMVSpaceInvalidate_Data)
SEL4_ARM_RANGE_STUB_(VSpace, CleanInvalidate_Data, ARMVSpaceCleanInvalidate_Data)
SEL4_ARM_RANGE_STUB_(VSpace, Unify_Instruction, ARMVSpaceUnify_Instruction)
SEL4_ARM_RANGE_STUB_(Page, Clean_Data, ARMPageClean_Data)
SEL4_ARM_RANGE_STUB_(Page, Invalidate_Data, ARMPageInvalidate_Data)
SEL4_ARM_RANGE_STUB_(Page, CleanInvalidate_Data, ARMPageCleanInvalidate_Data)
SEL4_ARM_RANGE_STUB_(Page, Unify_Instruction, ARMPageUnify_Instruction)

/* x0-x7 of an SMC, in and out. */
typedef struct seL4_ARM_SMCContext_ {
    seL4_Word x0, x1, x2, x3, x4, x5, x6, x7;
} seL4_ARM_SMCContext;

LIBSEL4_INLINE_FUNC seL4_Error seL4_ARM_SMC_Call(seL4_ARM_SMC _service, seL4_ARM_SMCContext *smc_args,
                                                 seL4_ARM_SMCContext *smc_response)
{
    return seL4_invoke_object_(_service, ARMSMCCall, 0, 0, 8, (const seL4_Word *)smc_args,
                               (seL4_Word *)smc_response, 8);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_ARM_PageTable_Map(seL4_ARM_PageTable _service, seL4_CPtr vspace,
                                                      seL4_Word vaddr, seL4_ARM_VMAttributes attr)
{
    const seL4_CPtr caps[1] = {vspace};
    const seL4_Word words[2] = {vaddr, (seL4_Word)attr};
    return SEL4_INVOKE_(_service, ARMPageTableMap, caps, 1, words, 2);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_ARM_PageTable_Unmap(seL4_ARM_PageTable _service)
{
    return SEL4_INVOKE_(_service, ARMPageTableUnmap, 0, 0, 0, 0);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_ARM_Page_Map(seL4_ARM_Page _service, seL4_CPtr vspace, seL4_Word vaddr,
                                                 seL4_CapRights_t rights, seL4_ARM_VMAttributes attr)
{
    const seL4_CPtr caps[1] = {vspace};
    const seL4_Word words[3] = {vaddr, rights.words[0], (seL4_Word)attr};
    return SEL4_INVOKE_(_service, ARMPageMap, caps, 1, words, 3);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_ARM_Page_Unmap(seL4_ARM_Page _service)
{
    return SEL4_INVOKE_(_service, ARMPageUnmap, 0, 0, 0, 0);
}

typedef struct seL4_ARM_Page_GetAddress {
    int error;
    seL4_Word paddr;
} seL4_ARM_Page_GetAddress_t;

LIBSEL4_INLINE_FUNC seL4_ARM_Page_GetAddress_t seL4_ARM_Page_GetAddress(seL4_ARM_Page _service)
{
    seL4_ARM_Page_GetAddress_t result = {0, 0};
    result.error = (int)seL4_invoke_object_(_service, ARMPageGetAddress, 0, 0, 0, 0, &result.paddr, 1);
    return result;
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_ARM_ASIDControl_MakePool(seL4_ARM_ASIDControl _service, seL4_Untyped untyped,
                                                             seL4_CNode root, seL4_Word index, seL4_Uint8 depth)
{
    const seL4_CPtr caps[2] = {untyped, root};
    const seL4_Word words[2] = {index, depth};
    return SEL4_INVOKE_(_service, ARMASIDControlMakePool, caps, 2, words, 2);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_ARM_ASIDPool_Assign(seL4_ARM_ASIDPool _service, seL4_CPtr vspace)
{
    const seL4_CPtr caps[1] = {vspace};
    return SEL4_INVOKE_(_service, ARMASIDPoolAssign, caps, 1, 0, 0);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_IRQControl_GetTrigger(seL4_IRQControl _service, seL4_Word irq,
                                                          seL4_Word trigger, seL4_CNode root, seL4_Word index,
                                                          seL4_Uint8 depth)
{
    const seL4_CPtr caps[1] = {root};
    const seL4_Word words[4] = {irq, trigger, index, depth};
    return SEL4_INVOKE_(_service, ARMIRQIssueIRQHandlerTrigger, caps, 1, words, 4);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_IRQControl_IssueSGISignal(seL4_IRQControl _service, seL4_Word irq,
                                                              seL4_Word target, seL4_CNode root, seL4_Word index,
                                                              seL4_Uint8 depth)
{
    const seL4_CPtr caps[1] = {root};
    const seL4_Word words[4] = {irq, target, index, depth};
    return SEL4_INVOKE_(_service, ARMIRQIssueSGISignal, caps, 1, words, 4);
}

#endif /* SEL4_ARCH_CLIENT_H */
