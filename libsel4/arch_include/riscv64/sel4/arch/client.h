/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * RISC-V object-invocation stubs (RISC-V object-api-arch.xml names; wire
 * format sel4-abi.md §11.2, §15.1a), on the one marshalling path of
 * <sel4/invoke.h>. Included by <sel4/client.h>.
 */
#ifndef SEL4_ARCH_CLIENT_H
#define SEL4_ARCH_CLIENT_H

#include <sel4/arch/invocation.h>
#include <sel4/invoke.h>
#include <sel4/types.h>

LIBSEL4_INLINE_FUNC seL4_Error seL4_RISCV_PageTable_Map(seL4_RISCV_PageTable _service, seL4_RISCV_PageTable vspace,
                                                        seL4_Word vaddr, seL4_RISCV_VMAttributes attr)
{
    const seL4_CPtr caps[1] = {vspace};
    const seL4_Word words[2] = {vaddr, (seL4_Word)attr};
    return SEL4_INVOKE_(_service, RISCVPageTableMap, caps, 1, words, 2);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_RISCV_PageTable_Unmap(seL4_RISCV_PageTable _service)
{
    return SEL4_INVOKE_(_service, RISCVPageTableUnmap, 0, 0, 0, 0);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_RISCV_Page_Map(seL4_RISCV_Page _service, seL4_RISCV_PageTable vspace,
                                                   seL4_Word vaddr, seL4_CapRights_t rights,
                                                   seL4_RISCV_VMAttributes attr)
{
    const seL4_CPtr caps[1] = {vspace};
    const seL4_Word words[3] = {vaddr, rights.words[0], (seL4_Word)attr};
    return SEL4_INVOKE_(_service, RISCVPageMap, caps, 1, words, 3);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_RISCV_Page_Unmap(seL4_RISCV_Page _service)
{
    return SEL4_INVOKE_(_service, RISCVPageUnmap, 0, 0, 0, 0);
}

typedef struct seL4_RISCV_Page_GetAddress {
    int error;
    seL4_Word paddr;
} seL4_RISCV_Page_GetAddress_t;

LIBSEL4_INLINE_FUNC seL4_RISCV_Page_GetAddress_t seL4_RISCV_Page_GetAddress(seL4_RISCV_Page _service)
{
    seL4_RISCV_Page_GetAddress_t result = {0, 0};
    result.error = (int)seL4_invoke_object_(_service, RISCVPageGetAddress, 0, 0, 0, 0, &result.paddr, 1);
    return result;
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_RISCV_ASIDControl_MakePool(seL4_RISCV_ASIDControl _service,
                                                               seL4_Untyped untyped, seL4_CNode root,
                                                               seL4_Word index, seL4_Uint8 depth)
{
    const seL4_CPtr caps[2] = {untyped, root};
    const seL4_Word words[2] = {index, depth};
    return SEL4_INVOKE_(_service, RISCVASIDControlMakePool, caps, 2, words, 2);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_RISCV_ASIDPool_Assign(seL4_RISCV_ASIDPool _service, seL4_CPtr vspace)
{
    const seL4_CPtr caps[1] = {vspace};
    return SEL4_INVOKE_(_service, RISCVASIDPoolAssign, caps, 1, 0, 0);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_IRQControl_GetTrigger(seL4_IRQControl _service, seL4_Word irq,
                                                          seL4_Word trigger, seL4_CNode root, seL4_Word index,
                                                          seL4_Uint8 depth)
{
    const seL4_CPtr caps[1] = {root};
    const seL4_Word words[4] = {irq, trigger, index, depth};
    return SEL4_INVOKE_(_service, RISCVIRQIssueIRQHandlerTrigger, caps, 1, words, 4);
}

#endif /* SEL4_ARCH_CLIENT_H */
