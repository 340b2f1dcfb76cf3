// SPDX-License-Identifier: BSD-2-Clause
// Invocation labels of seL4 16.0.0 MCS (sel4-abi.md §15.2, the MCS columns),
// generated from libsel4's one table (<sel4/invocation_list.h>) so the kernel
// and libsel4 cannot drift apart. Arch labels follow from first_arch_label
// (AArch64: ARMVSpaceClean_Data 39 …; RISC-V: RISCVPageTableMap 39 …).
#pragma once

#include <sel4/invocation_list.h>

#include <kern/types.hpp>

namespace kern {

enum class Label : word_t {
#define TESSERA_LABEL_ENUMERATOR(name) name,
    SEL4_INVOCATION_LABEL_LIST(TESSERA_LABEL_ENUMERATOR)
#undef TESSERA_LABEL_ENUMERATOR
    GenericLabelCount
};

inline constexpr word_t first_arch_label = static_cast<word_t>(Label::GenericLabelCount);

// Spot checks against sel4-abi.md §15.2 (the host tests check every value).
static_assert(static_cast<word_t>(Label::UntypedRetype) == 1);
static_assert(static_cast<word_t>(Label::TCBSetTimeoutEndpoint) == 9);
static_assert(static_cast<word_t>(Label::CNodeRevoke) == 18);
static_assert(static_cast<word_t>(Label::CNodeRotate) == 25);
static_assert(static_cast<word_t>(Label::IRQIssueIRQHandler) == 26);
static_assert(static_cast<word_t>(Label::SchedControlConfigureFlags) == 33);
static_assert(first_arch_label == 39);

}  // namespace kern
