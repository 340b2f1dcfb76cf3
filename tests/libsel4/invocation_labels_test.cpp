// SPDX-License-Identifier: BSD-2-Clause
// Every invocation label of libsel4 against sel4-abi.md §15.2 (seL4 16.0.0,
// MCS columns: "MCS aarch64, no hyp" and "MCS riscv64"). Built once per
// arch with that arch's include directory (TESSERA_LABELS_ARCH_*).
#include <gtest/gtest.h>

#include <sel4/arch/invocation.h>
#include <sel4/invocation.h>
#include <sel4/sel4_arch/invocation.h>

namespace {

struct Expected {
    const char* name;
    long value;
};

// sel4-abi.md §15.2, generic part (identical on both arches under MCS).
constexpr Expected generic_labels[] = {
    {"InvalidInvocation", 0},        {"UntypedRetype", 1},
    {"TCBReadRegisters", 2},         {"TCBWriteRegisters", 3},
    {"TCBCopyRegisters", 4},         {"TCBConfigure", 5},
    {"TCBSetPriority", 6},           {"TCBSetMCPriority", 7},
    {"TCBSetSchedParams", 8},        {"TCBSetTimeoutEndpoint", 9},
    {"TCBSetIPCBuffer", 10},         {"TCBSetSpace", 11},
    {"TCBSuspend", 12},              {"TCBResume", 13},
    {"TCBBindNotification", 14},     {"TCBUnbindNotification", 15},
    {"TCBSetTLSBase", 16},           {"TCBSetFlags", 17},
    {"CNodeRevoke", 18},             {"CNodeDelete", 19},
    {"CNodeCancelBadgedSends", 20},  {"CNodeCopy", 21},
    {"CNodeMint", 22},               {"CNodeMove", 23},
    {"CNodeMutate", 24},             {"CNodeRotate", 25},
    {"IRQIssueIRQHandler", 26},      {"IRQAckIRQ", 27},
    {"IRQSetIRQHandler", 28},        {"IRQClearIRQHandler", 29},
    {"DomainSetSet", 30},            {"DomainScheduleConfigure", 31},
    {"DomainScheduleSetStart", 32},  {"SchedControlConfigureFlags", 33},
    {"SchedContextBind", 34},        {"SchedContextUnbind", 35},
    {"SchedContextUnbindObject", 36}, {"SchedContextConsumed", 37},
    {"SchedContextYieldTo", 38},
};

#if defined(TESSERA_LABELS_ARCH_AARCH64)
constexpr Expected sel4_arch_labels[] = {
    {"ARMVSpaceClean_Data", 39}, {"ARMVSpaceInvalidate_Data", 40}, {"ARMVSpaceCleanInvalidate_Data", 41},
    {"ARMVSpaceUnify_Instruction", 42}, {"ARMSMCCall", 43},
};
constexpr Expected arch_labels[] = {
    {"ARMPageTableMap", 44},          {"ARMPageTableUnmap", 45},
    {"ARMPageMap", 46},               {"ARMPageUnmap", 47},
    {"ARMPageClean_Data", 48},        {"ARMPageInvalidate_Data", 49},
    {"ARMPageCleanInvalidate_Data", 50}, {"ARMPageUnify_Instruction", 51},
    {"ARMPageGetAddress", 52},        {"ARMASIDControlMakePool", 53},
    {"ARMASIDPoolAssign", 54},        {"ARMIRQIssueIRQHandlerTrigger", 55},
    {"ARMIRQIssueSGISignal", 56},
};
constexpr long expected_n_sel4_arch = 44;
constexpr long expected_n_arch = 57;
#elif defined(TESSERA_LABELS_ARCH_RISCV64)
constexpr Expected* sel4_arch_labels = nullptr;
constexpr Expected arch_labels[] = {
    {"RISCVPageTableMap", 39},   {"RISCVPageTableUnmap", 40},      {"RISCVPageMap", 41},
    {"RISCVPageUnmap", 42},      {"RISCVPageGetAddress", 43},      {"RISCVASIDControlMakePool", 44},
    {"RISCVASIDPoolAssign", 45}, {"RISCVIRQIssueIRQHandlerTrigger", 46},
};
constexpr long expected_n_sel4_arch = 39;
constexpr long expected_n_arch = 47;
#else
#error "define TESSERA_LABELS_ARCH_AARCH64 or TESSERA_LABELS_ARCH_RISCV64"
#endif

struct Actual {
    const char* name;
    long value;
};

#define TESSERA_ACTUAL_LABEL(name) Actual{#name, static_cast<long>(name)},
constexpr Actual actual_generic[] = {SEL4_INVOCATION_LABEL_LIST(TESSERA_ACTUAL_LABEL)};
constexpr Actual actual_arch[] = {SEL4_ARCH_INVOCATION_LABEL_LIST(TESSERA_ACTUAL_LABEL)};
#if defined(TESSERA_LABELS_ARCH_AARCH64)
constexpr Actual actual_sel4_arch[] = {SEL4_SEL4_ARCH_INVOCATION_LABEL_LIST(TESSERA_ACTUAL_LABEL)};
#endif

template <std::size_t N, std::size_t M>
void expect_same(const Actual (&actual)[N], const Expected (&expected)[M]) {
    ASSERT_EQ(N, M);
    for (std::size_t i = 0; i < N; ++i) {
        EXPECT_STREQ(actual[i].name, expected[i].name) << "entry " << i;
        EXPECT_EQ(actual[i].value, expected[i].value) << expected[i].name;
    }
}

TEST(Libsel4InvocationLabels, GenericMatchesMcsTable) {
    expect_same(actual_generic, generic_labels);
    EXPECT_EQ(static_cast<long>(nInvocationLabels), 39);
    // Spot checks by name (the enumerators are what programs use).
    EXPECT_EQ(UntypedRetype, 1);
    EXPECT_EQ(CNodeCopy, 21);
    EXPECT_EQ(CNodeRotate, 25);
    EXPECT_EQ(IRQIssueIRQHandler, 26);
}

TEST(Libsel4InvocationLabels, ArchMatchesMcsTable) {
#if defined(TESSERA_LABELS_ARCH_AARCH64)
    expect_same(actual_sel4_arch, sel4_arch_labels);
    EXPECT_EQ(ARMPageMap, 46);
    EXPECT_EQ(ARMIRQIssueSGISignal, 56);
#else
    EXPECT_EQ(sel4_arch_labels, nullptr);
    EXPECT_EQ(RISCVPageMap, 41);
#endif
    expect_same(actual_arch, arch_labels);
    EXPECT_EQ(static_cast<long>(nSeL4ArchInvocationLabels), expected_n_sel4_arch);
    EXPECT_EQ(static_cast<long>(nArchInvocationLabels), expected_n_arch);
}

}  // namespace
