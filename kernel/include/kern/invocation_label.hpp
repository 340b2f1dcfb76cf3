// SPDX-License-Identifier: BSD-2-Clause
// Invocation labels of seL4 16.0.0 MCS (sel4-abi.md §15.2, the MCS columns).
// The generic labels are the same on both arches; arch labels are in
// <arch/invocation_labels.hpp> (issue #5).
#pragma once

#include <kern/types.hpp>

namespace kern {

enum class Label : word_t {
    InvalidInvocation = 0,
    UntypedRetype = 1,
    TCBReadRegisters = 2,
    TCBWriteRegisters = 3,
    TCBCopyRegisters = 4,
    TCBConfigure = 5,
    TCBSetPriority = 6,
    TCBSetMCPriority = 7,
    TCBSetSchedParams = 8,
    TCBSetTimeoutEndpoint = 9,
    TCBSetIPCBuffer = 10,
    TCBSetSpace = 11,
    TCBSuspend = 12,
    TCBResume = 13,
    TCBBindNotification = 14,
    TCBUnbindNotification = 15,
    TCBSetTLSBase = 16,
    TCBSetFlags = 17,
    CNodeRevoke = 18,
    CNodeDelete = 19,
    CNodeCancelBadgedSends = 20,
    CNodeCopy = 21,
    CNodeMint = 22,
    CNodeMove = 23,
    CNodeMutate = 24,
    CNodeRotate = 25,
    IRQIssueIRQHandler = 26,
    IRQAckIRQ = 27,
    IRQSetIRQHandler = 28,
    IRQClearIRQHandler = 29,
    DomainSetSet = 30,
    DomainScheduleConfigure = 31,
    DomainScheduleSetStart = 32,
    SchedControlConfigureFlags = 33,
    SchedContextBind = 34,
    SchedContextUnbind = 35,
    SchedContextUnbindObject = 36,
    SchedContextConsumed = 37,
    SchedContextYieldTo = 38,
    // 39.. are arch labels (AArch64: ARMVSpaceClean_Data 39 …; RISC-V: RISCVPageTableMap 39 …).
};

inline constexpr word_t first_arch_label = 39;

}  // namespace kern
