/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ONE table of generic invocation labels of seL4 16.0.0 MCS (sel4-abi.md
 * §15.2, MCS columns), in seL4's order from 0. libsel4's enum
 * invocation_label (<sel4/invocation.h>) and the kernel's kern::Label
 * (kernel/include/kern/invocation_label.hpp) are both generated from it.
 */
#ifndef SEL4_INVOCATION_LIST_H
#define SEL4_INVOCATION_LIST_H

#define SEL4_INVOCATION_LABEL_LIST(SEL4_INVOCATION_LABEL) \
    SEL4_INVOCATION_LABEL(InvalidInvocation)              \
    SEL4_INVOCATION_LABEL(UntypedRetype)                  \
    SEL4_INVOCATION_LABEL(TCBReadRegisters)               \
    SEL4_INVOCATION_LABEL(TCBWriteRegisters)              \
    SEL4_INVOCATION_LABEL(TCBCopyRegisters)               \
    SEL4_INVOCATION_LABEL(TCBConfigure)                   \
    SEL4_INVOCATION_LABEL(TCBSetPriority)                 \
    SEL4_INVOCATION_LABEL(TCBSetMCPriority)               \
    SEL4_INVOCATION_LABEL(TCBSetSchedParams)              \
    SEL4_INVOCATION_LABEL(TCBSetTimeoutEndpoint)          \
    SEL4_INVOCATION_LABEL(TCBSetIPCBuffer)                \
    SEL4_INVOCATION_LABEL(TCBSetSpace)                    \
    SEL4_INVOCATION_LABEL(TCBSuspend)                     \
    SEL4_INVOCATION_LABEL(TCBResume)                      \
    SEL4_INVOCATION_LABEL(TCBBindNotification)            \
    SEL4_INVOCATION_LABEL(TCBUnbindNotification)          \
    SEL4_INVOCATION_LABEL(TCBSetTLSBase)                  \
    SEL4_INVOCATION_LABEL(TCBSetFlags)                    \
    SEL4_INVOCATION_LABEL(CNodeRevoke)                    \
    SEL4_INVOCATION_LABEL(CNodeDelete)                    \
    SEL4_INVOCATION_LABEL(CNodeCancelBadgedSends)         \
    SEL4_INVOCATION_LABEL(CNodeCopy)                      \
    SEL4_INVOCATION_LABEL(CNodeMint)                      \
    SEL4_INVOCATION_LABEL(CNodeMove)                      \
    SEL4_INVOCATION_LABEL(CNodeMutate)                    \
    SEL4_INVOCATION_LABEL(CNodeRotate)                    \
    SEL4_INVOCATION_LABEL(IRQIssueIRQHandler)             \
    SEL4_INVOCATION_LABEL(IRQAckIRQ)                      \
    SEL4_INVOCATION_LABEL(IRQSetIRQHandler)               \
    SEL4_INVOCATION_LABEL(IRQClearIRQHandler)             \
    SEL4_INVOCATION_LABEL(DomainSetSet)                   \
    SEL4_INVOCATION_LABEL(DomainScheduleConfigure)        \
    SEL4_INVOCATION_LABEL(DomainScheduleSetStart)         \
    SEL4_INVOCATION_LABEL(SchedControlConfigureFlags)     \
    SEL4_INVOCATION_LABEL(SchedContextBind)               \
    SEL4_INVOCATION_LABEL(SchedContextUnbind)             \
    SEL4_INVOCATION_LABEL(SchedContextUnbindObject)       \
    SEL4_INVOCATION_LABEL(SchedContextConsumed)           \
    SEL4_INVOCATION_LABEL(SchedContextYieldTo)

#endif /* SEL4_INVOCATION_LIST_H */
