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
    {UntypedRetype, cap_tag_untyped, "n", "TzIjic"},

    {TCBReadRegisters, cap_tag_thread, "", "FR"},
    {TCBWriteRegisters, cap_tag_thread, "", "FRX"},
    {TCBCopyRegisters, cap_tag_thread, "t", "F"},
    {TCBConfigure, cap_tag_thread, "nvf", "g0B"},
    {TCBSetPriority, cap_tag_thread, "t", "P"},
    {TCBSetMCPriority, cap_tag_thread, "t", "P"},
    {TCBSetSchedParams, cap_tag_thread, "tse", "PP"},
    {TCBSetTimeoutEndpoint, cap_tag_thread, "e", ""},
    {TCBSetIPCBuffer, cap_tag_thread, "f", "B"},
    {TCBSetSpace, cap_tag_thread, "env", "g0"},
    {TCBSuspend, cap_tag_thread, "", ""},
    {TCBResume, cap_tag_thread, "", ""},
    {TCBBindNotification, cap_tag_thread, "N", ""},
    {TCBUnbindNotification, cap_tag_thread, "", ""},
    {TCBSetTLSBase, cap_tag_thread, "", "x"},
    {TCBSetFlags, cap_tag_thread, "", "FF"},

    {CNodeRevoke, cap_tag_cnode, "", "id"},
    {CNodeDelete, cap_tag_cnode, "", "id"},
    {CNodeCancelBadgedSends, cap_tag_cnode, "", "id"},
    {CNodeCopy, cap_tag_cnode, "n", "ididr"},
    {CNodeMint, cap_tag_cnode, "n", "ididrb"},
    {CNodeMove, cap_tag_cnode, "n", "idid"},
    {CNodeMutate, cap_tag_cnode, "n", "ididb"},
    {CNodeRotate, cap_tag_cnode, "nn", "idbidbid"},

    {IRQIssueIRQHandler, cap_tag_irq_control, "n", "qid"},
    {IRQAckIRQ, cap_tag_irq_handler, "", ""},
    {IRQSetIRQHandler, cap_tag_irq_handler, "N", ""},
    {IRQClearIRQHandler, cap_tag_irq_handler, "", ""},

    {DomainSetSet, cap_tag_domain, "t", "D"},
    {DomainScheduleConfigure, cap_tag_domain, "", "kDm"},
    {DomainScheduleSetStart, cap_tag_domain, "", "k"},

    {SchedControlConfigureFlags, cap_tag_sched_control, "s", "mmEbF"},
    {SchedContextBind, cap_tag_sched_context, "a", ""},
    {SchedContextUnbind, cap_tag_sched_context, "", ""},
    {SchedContextUnbindObject, cap_tag_sched_context, "a", ""},
    {SchedContextConsumed, cap_tag_sched_context, "", ""},
    {SchedContextYieldTo, cap_tag_sched_context, "", ""},

#if defined(__riscv)
    {RISCVPageTableMap, cap_tag_page_table, "v", "VA"},
    {RISCVPageTableUnmap, cap_tag_page_table, "", ""},
    {RISCVPageMap, cap_tag_frame, "v", "VrA"},
    {RISCVPageUnmap, cap_tag_frame, "", ""},
    {RISCVPageGetAddress, cap_tag_frame, "", ""},
    {RISCVASIDControlMakePool, cap_tag_asid_control, "un", "id"},
    {RISCVASIDPoolAssign, cap_tag_asid_pool, "v", ""},
    {RISCVIRQIssueIRQHandlerTrigger, cap_tag_irq_control, "n", "qFid"},
#else
    {ARMPageTableMap, cap_tag_page_table, "v", "VA"},
    {ARMPageTableUnmap, cap_tag_page_table, "", ""},
    {ARMPageMap, cap_tag_frame, "v", "VrA"},
    {ARMPageUnmap, cap_tag_frame, "", ""},
    {ARMPageClean_Data, cap_tag_frame, "", "oo"},
    {ARMPageInvalidate_Data, cap_tag_frame, "", "oo"},
    {ARMPageCleanInvalidate_Data, cap_tag_frame, "", "oo"},
    {ARMPageUnify_Instruction, cap_tag_frame, "", "oo"},
    {ARMPageGetAddress, cap_tag_frame, "", ""},
    {ARMASIDControlMakePool, cap_tag_asid_control, "un", "id"},
    {ARMASIDPoolAssign, cap_tag_asid_pool, "v", ""},
    {ARMIRQIssueIRQHandlerTrigger, cap_tag_irq_control, "n", "qFid"},
    {ARMIRQIssueSGISignal, cap_tag_irq_control, "n", "qwid"},
    {ARMVSpaceClean_Data, cap_tag_vspace, "", "VV"},
    {ARMVSpaceInvalidate_Data, cap_tag_vspace, "", "VV"},
    {ARMVSpaceCleanInvalidate_Data, cap_tag_vspace, "", "VV"},
    {ARMVSpaceUnify_Instruction, cap_tag_vspace, "", "VV"},
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
