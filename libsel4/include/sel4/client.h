/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Generic object-invocation stubs of seL4 16.0.0 MCS (object-api.xml names
 * and parameter order; wire format sel4-abi.md §15.1a, §5.5, §6.3, §7.2,
 * sel4-mcs.md §4, §7). Each stub lists its extra caps and its packed data
 * words and hands them to seL4_invoke_object_ (<sel4/invoke.h>). Packing
 * rule: each parameter aligned to its own size, so a seL4_Uint8 depth
 * followed by a word takes a whole MR, and adjacent Bool/Uint8 flags share
 * one MR (bit 0, 1, ...; a Uint8 after Bools starts at bit 8).
 */
#ifndef SEL4_CLIENT_H
#define SEL4_CLIENT_H

#include <sel4/invocation.h>
#include <sel4/invoke.h>
#include <sel4/types.h>

#define SEL4_WORDS_OF_(struct_type) (sizeof(struct_type) / sizeof(seL4_Word))

/* Untyped ------------------------------------------------------------------------------------ */

LIBSEL4_INLINE_FUNC seL4_Error seL4_Untyped_Retype(seL4_Untyped _service, seL4_Word type, seL4_Word size_bits,
                                                   seL4_CNode root, seL4_Word node_index, seL4_Word node_depth,
                                                   seL4_Word node_offset, seL4_Word num_objects)
{
    const seL4_CPtr caps[1] = {root};
    const seL4_Word words[6] = {type, size_bits, node_index, node_depth, node_offset, num_objects};
    return SEL4_INVOKE_(_service, UntypedRetype, caps, 1, words, 6);
}

/* CNode (MCS: no SaveCaller) ------------------------------------------------------------------- */

LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Revoke(seL4_CNode _service, seL4_Word index, seL4_Uint8 depth)
{
    const seL4_Word words[2] = {index, depth};
    return SEL4_INVOKE_(_service, CNodeRevoke, 0, 0, words, 2);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Delete(seL4_CNode _service, seL4_Word index, seL4_Uint8 depth)
{
    const seL4_Word words[2] = {index, depth};
    return SEL4_INVOKE_(_service, CNodeDelete, 0, 0, words, 2);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_CancelBadgedSends(seL4_CNode _service, seL4_Word index, seL4_Uint8 depth)
{
    const seL4_Word words[2] = {index, depth};
    return SEL4_INVOKE_(_service, CNodeCancelBadgedSends, 0, 0, words, 2);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Copy(seL4_CNode _service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                                               seL4_CNode src_root, seL4_Word src_index, seL4_Uint8 src_depth,
                                               seL4_CapRights_t rights)
{
    const seL4_CPtr caps[1] = {src_root};
    const seL4_Word words[5] = {dest_index, dest_depth, src_index, src_depth, rights.words[0]};
    return SEL4_INVOKE_(_service, CNodeCopy, caps, 1, words, 5);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Mint(seL4_CNode _service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                                               seL4_CNode src_root, seL4_Word src_index, seL4_Uint8 src_depth,
                                               seL4_CapRights_t rights, seL4_Word badge)
{
    const seL4_CPtr caps[1] = {src_root};
    const seL4_Word words[6] = {dest_index, dest_depth, src_index, src_depth, rights.words[0], badge};
    return SEL4_INVOKE_(_service, CNodeMint, caps, 1, words, 6);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Move(seL4_CNode _service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                                               seL4_CNode src_root, seL4_Word src_index, seL4_Uint8 src_depth)
{
    const seL4_CPtr caps[1] = {src_root};
    const seL4_Word words[4] = {dest_index, dest_depth, src_index, src_depth};
    return SEL4_INVOKE_(_service, CNodeMove, caps, 1, words, 4);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Mutate(seL4_CNode _service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                                                 seL4_CNode src_root, seL4_Word src_index, seL4_Uint8 src_depth,
                                                 seL4_Word badge)
{
    const seL4_CPtr caps[1] = {src_root};
    const seL4_Word words[5] = {dest_index, dest_depth, src_index, src_depth, badge};
    return SEL4_INVOKE_(_service, CNodeMutate, caps, 1, words, 5);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Rotate(seL4_CNode _service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                                                 seL4_Word dest_badge, seL4_CNode pivot_root, seL4_Word pivot_index,
                                                 seL4_Uint8 pivot_depth, seL4_Word pivot_badge, seL4_CNode src_root,
                                                 seL4_Word src_index, seL4_Uint8 src_depth)
{
    const seL4_CPtr caps[2] = {pivot_root, src_root};
    const seL4_Word words[8] = {dest_index, dest_depth, dest_badge, pivot_index,
                                pivot_depth, pivot_badge, src_index, src_depth};
    return SEL4_INVOKE_(_service, CNodeRotate, caps, 2, words, 8);
}

/* TCB (MCS) ---------------------------------------------------------------------------------- */

/*
 * The registers travel in seL4_UserContext order (sel4-abi.md §7.3). On
 * success the first `count` fields of *regs are filled (the reply carries
 * exactly that many); the others are left as they were.
 */
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_ReadRegisters(seL4_TCB _service, seL4_Bool suspend_source,
                                                      seL4_Uint8 arch_flags, seL4_Word count, seL4_UserContext *regs)
{
    const seL4_Word words[2] = {((seL4_Word)(suspend_source & 1)) | ((seL4_Word)arch_flags << 8), count};
    const seL4_Word fields = SEL4_WORDS_OF_(seL4_UserContext);
    return seL4_invoke_object_(_service, TCBReadRegisters, 0, 0, 2, words, (seL4_Word *)regs,
                               count < fields ? count : fields);
}

/*
 * As libsel4: the message always holds the whole context after flags and
 * count (length 2 + the context's words); the kernel writes the first
 * `count` registers and answers TruncatedMessage if count exceeds them.
 */
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_WriteRegisters(seL4_TCB _service, seL4_Bool resume_target,
                                                       seL4_Uint8 arch_flags, seL4_Word count,
                                                       seL4_UserContext *regs)
{
    seL4_Word words[2 + SEL4_WORDS_OF_(seL4_UserContext)];
    const seL4_Word *context = (const seL4_Word *)regs;
    seL4_Word i;
    words[0] = ((seL4_Word)(resume_target & 1)) | ((seL4_Word)arch_flags << 8);
    words[1] = count;
    for (i = 0; i < SEL4_WORDS_OF_(seL4_UserContext); ++i) {
        words[2 + i] = context[i];
    }
    return SEL4_INVOKE_(_service, TCBWriteRegisters, 0, 0, words, 2 + SEL4_WORDS_OF_(seL4_UserContext));
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_CopyRegisters(seL4_TCB _service, seL4_TCB source, seL4_Bool suspend_source,
                                                      seL4_Bool resume_target, seL4_Bool transfer_frame,
                                                      seL4_Bool transfer_integer, seL4_Uint8 arch_flags)
{
    const seL4_CPtr caps[1] = {source};
    const seL4_Word words[1] = {((seL4_Word)(suspend_source & 1)) | ((seL4_Word)(resume_target & 1) << 1) |
                                ((seL4_Word)(transfer_frame & 1) << 2) | ((seL4_Word)(transfer_integer & 1) << 3) |
                                ((seL4_Word)arch_flags << 8)};
    return SEL4_INVOKE_(_service, TCBCopyRegisters, caps, 1, words, 1);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_Configure(seL4_TCB _service, seL4_CNode cspace_root,
                                                  seL4_Word cspace_root_data, seL4_CPtr vspace_root,
                                                  seL4_Word vspace_root_data, seL4_Word buffer,
                                                  seL4_CPtr bufferFrame)
{
    const seL4_CPtr caps[3] = {cspace_root, vspace_root, bufferFrame};
    const seL4_Word words[3] = {cspace_root_data, vspace_root_data, buffer};
    return SEL4_INVOKE_(_service, TCBConfigure, caps, 3, words, 3);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_SetPriority(seL4_TCB _service, seL4_TCB authority, seL4_Word priority)
{
    const seL4_CPtr caps[1] = {authority};
    const seL4_Word words[1] = {priority};
    return SEL4_INVOKE_(_service, TCBSetPriority, caps, 1, words, 1);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_SetMCPriority(seL4_TCB _service, seL4_TCB authority, seL4_Word mcp)
{
    const seL4_CPtr caps[1] = {authority};
    const seL4_Word words[1] = {mcp};
    return SEL4_INVOKE_(_service, TCBSetMCPriority, caps, 1, words, 1);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_SetSchedParams(seL4_TCB _service, seL4_TCB authority, seL4_Word mcp,
                                                       seL4_Word priority, seL4_CPtr sched_context,
                                                       seL4_CPtr fault_ep)
{
    const seL4_CPtr caps[3] = {authority, sched_context, fault_ep};
    const seL4_Word words[2] = {mcp, priority};
    return SEL4_INVOKE_(_service, TCBSetSchedParams, caps, 3, words, 2);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_SetTimeoutEndpoint(seL4_TCB _service, seL4_CPtr timeout_fault_ep)
{
    const seL4_CPtr caps[1] = {timeout_fault_ep};
    return SEL4_INVOKE_(_service, TCBSetTimeoutEndpoint, caps, 1, 0, 0);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_SetIPCBuffer(seL4_TCB _service, seL4_Word buffer, seL4_CPtr bufferFrame)
{
    const seL4_CPtr caps[1] = {bufferFrame};
    const seL4_Word words[1] = {buffer};
    return SEL4_INVOKE_(_service, TCBSetIPCBuffer, caps, 1, words, 1);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_SetSpace(seL4_TCB _service, seL4_CPtr fault_ep, seL4_CNode cspace_root,
                                                 seL4_Word cspace_root_data, seL4_CPtr vspace_root,
                                                 seL4_Word vspace_root_data)
{
    const seL4_CPtr caps[3] = {fault_ep, cspace_root, vspace_root};
    const seL4_Word words[2] = {cspace_root_data, vspace_root_data};
    return SEL4_INVOKE_(_service, TCBSetSpace, caps, 3, words, 2);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_Suspend(seL4_TCB _service)
{
    return SEL4_INVOKE_(_service, TCBSuspend, 0, 0, 0, 0);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_Resume(seL4_TCB _service)
{
    return SEL4_INVOKE_(_service, TCBResume, 0, 0, 0, 0);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_BindNotification(seL4_TCB _service, seL4_CPtr notification)
{
    const seL4_CPtr caps[1] = {notification};
    return SEL4_INVOKE_(_service, TCBBindNotification, caps, 1, 0, 0);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_UnbindNotification(seL4_TCB _service)
{
    return SEL4_INVOKE_(_service, TCBUnbindNotification, 0, 0, 0, 0);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_SetTLSBase(seL4_TCB _service, seL4_Word tls_base)
{
    const seL4_Word words[1] = {tls_base};
    return SEL4_INVOKE_(_service, TCBSetTLSBase, 0, 0, words, 1);
}

typedef struct seL4_TCB_SetFlags {
    int error;
    seL4_Word flags;
} seL4_TCB_SetFlags_t;

LIBSEL4_INLINE_FUNC seL4_TCB_SetFlags_t seL4_TCB_SetFlags(seL4_TCB _service, seL4_Word clear, seL4_Word set)
{
    seL4_TCB_SetFlags_t result = {0, 0};
    const seL4_Word words[2] = {clear, set};
    result.error = (int)seL4_invoke_object_(_service, TCBSetFlags, 0, 0, 2, words, &result.flags, 1);
    return result;
}

/* IRQControl / IRQHandler ------------------------------------------------------------------------- */

LIBSEL4_INLINE_FUNC seL4_Error seL4_IRQControl_Get(seL4_IRQControl _service, seL4_Word irq, seL4_CNode root,
                                                   seL4_Word index, seL4_Uint8 depth)
{
    const seL4_CPtr caps[1] = {root};
    const seL4_Word words[3] = {irq, index, depth};
    return SEL4_INVOKE_(_service, IRQIssueIRQHandler, caps, 1, words, 3);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_IRQHandler_Ack(seL4_IRQHandler _service)
{
    return SEL4_INVOKE_(_service, IRQAckIRQ, 0, 0, 0, 0);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_IRQHandler_SetNotification(seL4_IRQHandler _service, seL4_CPtr notification)
{
    const seL4_CPtr caps[1] = {notification};
    return SEL4_INVOKE_(_service, IRQSetIRQHandler, caps, 1, 0, 0);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_IRQHandler_Clear(seL4_IRQHandler _service)
{
    return SEL4_INVOKE_(_service, IRQClearIRQHandler, 0, 0, 0, 0);
}

/* DomainSet ------------------------------------------------------------------------------------ */

LIBSEL4_INLINE_FUNC seL4_Error seL4_DomainSet_Set(seL4_DomainSet _service, seL4_Uint8 domain, seL4_TCB thread)
{
    const seL4_CPtr caps[1] = {thread};
    const seL4_Word words[1] = {domain};
    return SEL4_INVOKE_(_service, DomainSetSet, caps, 1, words, 1);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_DomainSet_ScheduleConfigure(seL4_DomainSet _service, seL4_Word index,
                                                                seL4_Uint8 domain, seL4_Time duration)
{
    const seL4_Word words[3] = {index, domain, duration};
    return SEL4_INVOKE_(_service, DomainScheduleConfigure, 0, 0, words, 3);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_DomainSet_ScheduleSetStart(seL4_DomainSet _service, seL4_Word index)
{
    const seL4_Word words[1] = {index};
    return SEL4_INVOKE_(_service, DomainScheduleSetStart, 0, 0, words, 1);
}

/* SchedControl / SchedContext (sel4-mcs.md §4) -------------------------------------------------- */

LIBSEL4_INLINE_FUNC seL4_Error seL4_SchedControl_ConfigureFlags(seL4_SchedControl _service,
                                                                seL4_SchedContext schedcontext, seL4_Time budget,
                                                                seL4_Time period, seL4_Word extra_refills,
                                                                seL4_Word badge, seL4_Word flags)
{
    const seL4_CPtr caps[1] = {schedcontext};
    const seL4_Word words[5] = {budget, period, extra_refills, badge, flags};
    return SEL4_INVOKE_(_service, SchedControlConfigureFlags, caps, 1, words, 5);
}

/* libsel4's convenience form: no flags. */
LIBSEL4_INLINE_FUNC seL4_Error seL4_SchedControl_Configure(seL4_SchedControl _service,
                                                           seL4_SchedContext schedcontext, seL4_Time budget,
                                                           seL4_Time period, seL4_Word extra_refills,
                                                           seL4_Word badge)
{
    return seL4_SchedControl_ConfigureFlags(_service, schedcontext, budget, period, extra_refills, badge,
                                            seL4_SchedContext_NoFlag);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_SchedContext_Bind(seL4_SchedContext _service, seL4_CPtr cap)
{
    const seL4_CPtr caps[1] = {cap};
    return SEL4_INVOKE_(_service, SchedContextBind, caps, 1, 0, 0);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_SchedContext_Unbind(seL4_SchedContext _service)
{
    return SEL4_INVOKE_(_service, SchedContextUnbind, 0, 0, 0, 0);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_SchedContext_UnbindObject(seL4_SchedContext _service, seL4_CPtr cap)
{
    const seL4_CPtr caps[1] = {cap};
    return SEL4_INVOKE_(_service, SchedContextUnbindObject, caps, 1, 0, 0);
}

typedef struct seL4_SchedContext_Consumed {
    int error;
    seL4_Time consumed;
} seL4_SchedContext_Consumed_t;

LIBSEL4_INLINE_FUNC seL4_SchedContext_Consumed_t seL4_SchedContext_Consumed(seL4_SchedContext _service)
{
    seL4_SchedContext_Consumed_t result = {0, 0};
    result.error = (int)seL4_invoke_object_(_service, SchedContextConsumed, 0, 0, 0, 0, &result.consumed, 1);
    return result;
}

typedef struct seL4_SchedContext_YieldTo {
    int error;
    seL4_Time consumed;
} seL4_SchedContext_YieldTo_t;

LIBSEL4_INLINE_FUNC seL4_SchedContext_YieldTo_t seL4_SchedContext_YieldTo(seL4_SchedContext _service)
{
    seL4_SchedContext_YieldTo_t result = {0, 0};
    result.error = (int)seL4_invoke_object_(_service, SchedContextYieldTo, 0, 0, 0, 0, &result.consumed, 1);
    return result;
}

#include <sel4/arch/client.h>

#endif /* SEL4_CLIENT_H */
