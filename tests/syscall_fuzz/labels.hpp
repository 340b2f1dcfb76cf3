// SPDX-License-Identifier: BSD-2-Clause
// The invocation methods of every object type a worker can hold, with the
// shape of their arguments as libsel4's stubs marshal them (sel4-abi.md
// §15.1a: extra caps in declaration order, then the data words), so the
// fuzzer can build near-valid messages for any of them.
//
// Extra-cap kinds: n CNode, t TCB, e endpoint (fault/timeout handler),
// N notification, s SchedContext, v VSpace, f frame, u untyped, a any.
// Word kinds: i slot index, I node index, j node depth, d depth, r rights,
// b badge, P priority, T object type, z size bits, c object count,
// V virtual address, A VM attributes, m time (µs), E extra refills,
// F flags, q IRQ number, D domain, k schedule index, R register count,
// X the register values (to the end of the message), B IPC buffer address,
// x a user address outside this image, g CNode guard data, 0 zero, o offset,
// w any word.
#pragma once

#include <sel4/sel4.h>

#include "fuzz.hpp"

namespace fuzz {

struct LabelSpec {
    unsigned label;
    u8 tag;
    const char* caps;
    const char* words;
};

// clang-format off
inline constexpr LabelSpec label_specs[] = {
    {UntypedRetype, TagUntyped, "n", "TzIjic"},

    {TCBReadRegisters, TagThread, "", "FR"},
    {TCBWriteRegisters, TagThread, "", "FRX"},
    {TCBCopyRegisters, TagThread, "t", "F"},
    {TCBConfigure, TagThread, "nvf", "g0B"},
    {TCBSetPriority, TagThread, "t", "P"},
    {TCBSetMCPriority, TagThread, "t", "P"},
    {TCBSetSchedParams, TagThread, "tse", "PP"},
    {TCBSetTimeoutEndpoint, TagThread, "e", ""},
    {TCBSetIPCBuffer, TagThread, "f", "B"},
    {TCBSetSpace, TagThread, "env", "g0"},
    {TCBSuspend, TagThread, "", ""},
    {TCBResume, TagThread, "", ""},
    {TCBBindNotification, TagThread, "N", ""},
    {TCBUnbindNotification, TagThread, "", ""},
    {TCBSetTLSBase, TagThread, "", "x"},
    {TCBSetFlags, TagThread, "", "FF"},

    {CNodeRevoke, TagCNode, "", "id"},
    {CNodeDelete, TagCNode, "", "id"},
    {CNodeCancelBadgedSends, TagCNode, "", "id"},
    {CNodeCopy, TagCNode, "n", "ididr"},
    {CNodeMint, TagCNode, "n", "ididrb"},
    {CNodeMove, TagCNode, "n", "idid"},
    {CNodeMutate, TagCNode, "n", "ididb"},
    {CNodeRotate, TagCNode, "nn", "idbidbid"},

    {IRQIssueIRQHandler, TagIrqControl, "n", "qid"},
    {IRQAckIRQ, TagIrqHandler, "", ""},
    {IRQSetIRQHandler, TagIrqHandler, "N", ""},
    {IRQClearIRQHandler, TagIrqHandler, "", ""},

    {DomainSetSet, TagDomain, "t", "D"},
    {DomainScheduleConfigure, TagDomain, "", "kDm"},
    {DomainScheduleSetStart, TagDomain, "", "k"},

    {SchedControlConfigureFlags, TagSchedControl, "s", "mmEbF"},
    {SchedContextBind, TagSchedContext, "a", ""},
    {SchedContextUnbind, TagSchedContext, "", ""},
    {SchedContextUnbindObject, TagSchedContext, "a", ""},
    {SchedContextConsumed, TagSchedContext, "", ""},
    {SchedContextYieldTo, TagSchedContext, "", ""},

#if defined(__riscv)
    {RISCVPageTableMap, TagPageTable, "v", "VA"},
    {RISCVPageTableUnmap, TagPageTable, "", ""},
    {RISCVPageMap, TagFrame, "v", "VrA"},
    {RISCVPageUnmap, TagFrame, "", ""},
    {RISCVPageGetAddress, TagFrame, "", ""},
    {RISCVASIDControlMakePool, TagAsidControl, "un", "id"},
    {RISCVASIDPoolAssign, TagAsidPool, "v", ""},
    {RISCVIRQIssueIRQHandlerTrigger, TagIrqControl, "n", "qFid"},
#else
    {ARMPageTableMap, TagPageTable, "v", "VA"},
    {ARMPageTableUnmap, TagPageTable, "", ""},
    {ARMPageMap, TagFrame, "v", "VrA"},
    {ARMPageUnmap, TagFrame, "", ""},
    {ARMPageClean_Data, TagFrame, "", "oo"},
    {ARMPageInvalidate_Data, TagFrame, "", "oo"},
    {ARMPageCleanInvalidate_Data, TagFrame, "", "oo"},
    {ARMPageUnify_Instruction, TagFrame, "", "oo"},
    {ARMPageGetAddress, TagFrame, "", ""},
    {ARMASIDControlMakePool, TagAsidControl, "un", "id"},
    {ARMASIDPoolAssign, TagAsidPool, "v", ""},
    {ARMIRQIssueIRQHandlerTrigger, TagIrqControl, "n", "qFid"},
    {ARMIRQIssueSGISignal, TagIrqControl, "n", "qwid"},
    {ARMVSpaceClean_Data, TagVSpace, "", "VV"},
    {ARMVSpaceInvalidate_Data, TagVSpace, "", "VV"},
    {ARMVSpaceCleanInvalidate_Data, TagVSpace, "", "VV"},
    {ARMVSpaceUnify_Instruction, TagVSpace, "", "VV"},
#endif
};
// clang-format on
inline constexpr unsigned label_spec_count = sizeof label_specs / sizeof label_specs[0];
inline constexpr unsigned all_labels = nArchInvocationLabels;
static_assert(all_labels <= max_label);

// Fills the IPC buffer for one invocation of `spec` (or, for null, of a
// random label with random arguments) and returns its message info.
// `caps_out` gets the extra caps' slots; `self` is set when a cap or
// index names the worker's own TCB or CNode slots.
seL4_MessageInfo_t build_invocation(Rng& rng, const LabelSpec* spec, seL4_Word label, seL4_Word* args_out,
                                    bool& self);

}  // namespace fuzz
