// SPDX-License-Identifier: BSD-2-Clause
// Host checks of the architecture-independent libsel4 headers against
// sel4-abi.md (§3, §5.1, §14, §15.3, §17.1) and sel4-mcs.md (§1.1, §8.1, §10).
#include <cstddef>

#include <gtest/gtest.h>

#include <sel4/bootinfo_types.h>
#include <sel4/constants.h>
#include <sel4/errors.h>
#include <sel4/objecttype.h>
#include <sel4/shared_types.h>
#include <sel4/syscall.h>

namespace {

TEST(Libsel4BootInfo, McsLayoutMatchesAbi) {
    EXPECT_EQ(offsetof(seL4_BootInfo, extraLen), 0x00u);
    EXPECT_EQ(offsetof(seL4_BootInfo, nodeID), 0x08u);
    EXPECT_EQ(offsetof(seL4_BootInfo, numNodes), 0x10u);
    EXPECT_EQ(offsetof(seL4_BootInfo, numIOPTLevels), 0x18u);
    EXPECT_EQ(offsetof(seL4_BootInfo, ipcBuffer), 0x20u);
    EXPECT_EQ(offsetof(seL4_BootInfo, empty), 0x28u);
    EXPECT_EQ(offsetof(seL4_BootInfo, sharedFrames), 0x38u);
    EXPECT_EQ(offsetof(seL4_BootInfo, userImageFrames), 0x48u);
    EXPECT_EQ(offsetof(seL4_BootInfo, userImagePaging), 0x58u);
    EXPECT_EQ(offsetof(seL4_BootInfo, ioSpaceCaps), 0x68u);
    EXPECT_EQ(offsetof(seL4_BootInfo, extraBIPages), 0x78u);
    EXPECT_EQ(offsetof(seL4_BootInfo, initThreadCNodeSizeBits), 0x88u);
    EXPECT_EQ(offsetof(seL4_BootInfo, initThreadDomain), 0x90u);
    EXPECT_EQ(offsetof(seL4_BootInfo, schedcontrol), 0x98u);
    EXPECT_EQ(offsetof(seL4_BootInfo, untyped), 0xA8u);
    EXPECT_EQ(offsetof(seL4_BootInfo, untypedList), 0xB8u);
    EXPECT_EQ(sizeof(seL4_BootInfo), 3864u);
    EXPECT_EQ(sizeof(seL4_UntypedDesc), 16u);
    EXPECT_EQ(offsetof(seL4_UntypedDesc, sizeBits), 8u);
    EXPECT_EQ(offsetof(seL4_UntypedDesc, isDevice), 9u);
    EXPECT_EQ(sizeof(seL4_BootInfoHeader), 16u);
    EXPECT_EQ(SEL4_BOOTINFO_HEADER_FDT, 6);
    EXPECT_EQ(SEL4_BOOTINFO_HEADER_PADDING, 0);
}

TEST(Libsel4BootInfo, InitialSlots) {
    EXPECT_EQ(seL4_CapNull, 0);
    EXPECT_EQ(seL4_CapInitThreadTCB, 1);
    EXPECT_EQ(seL4_CapInitThreadCNode, 2);
    EXPECT_EQ(seL4_CapInitThreadVSpace, 3);
    EXPECT_EQ(seL4_CapInitThreadPD, 3);
    EXPECT_EQ(seL4_CapIRQControl, 4);
    EXPECT_EQ(seL4_CapASIDControl, 5);
    EXPECT_EQ(seL4_CapInitThreadASIDPool, 6);
    EXPECT_EQ(seL4_CapBootInfoFrame, 9);
    EXPECT_EQ(seL4_CapInitThreadIPCBuffer, 10);
    EXPECT_EQ(seL4_CapDomain, 11);
    EXPECT_EQ(seL4_CapInitThreadSC, 14);
    EXPECT_EQ(seL4_CapSMC, 15);
    EXPECT_EQ(seL4_NumInitialCaps, 16);
}

TEST(Libsel4IpcBuffer, LayoutMatchesAbi) {
    EXPECT_EQ(sizeof(seL4_IPCBuffer), 1024u);
    EXPECT_EQ(alignof(seL4_IPCBuffer), 1024u);
    EXPECT_EQ(offsetof(seL4_IPCBuffer, msg), 0x008u);
    EXPECT_EQ(offsetof(seL4_IPCBuffer, userData), 0x3C8u);
    EXPECT_EQ(offsetof(seL4_IPCBuffer, caps_or_badges), 0x3D0u);
    EXPECT_EQ(offsetof(seL4_IPCBuffer, receiveCNode), 0x3E8u);
    EXPECT_EQ(offsetof(seL4_IPCBuffer, receiveIndex), 0x3F0u);
    EXPECT_EQ(offsetof(seL4_IPCBuffer, receiveDepth), 0x3F8u);
    EXPECT_EQ(seL4_MsgMaxLength, 120);
    EXPECT_EQ(seL4_MsgMaxExtraCaps, 3);
}

TEST(Libsel4MessageInfo, PacksFieldsAsAbi) {
    const seL4_MessageInfo_t info = seL4_MessageInfo_new(0xABCDE, 5, 3, 100);
    EXPECT_EQ(info.words[0], (0xABCDEull << 12) | (5u << 9) | (3u << 7) | 100u);
    EXPECT_EQ(seL4_MessageInfo_get_label(info), 0xABCDEu);
    EXPECT_EQ(seL4_MessageInfo_get_capsUnwrapped(info), 5u);
    EXPECT_EQ(seL4_MessageInfo_get_extraCaps(info), 3u);
    EXPECT_EQ(seL4_MessageInfo_get_length(info), 100u);
    const seL4_MessageInfo_t longer = seL4_MessageInfo_set_length(info, 7);
    EXPECT_EQ(seL4_MessageInfo_get_length(longer), 7u);
    EXPECT_EQ(seL4_MessageInfo_get_label(longer), 0xABCDEu);
    // Out-of-range values are masked to the field.
    EXPECT_EQ(seL4_MessageInfo_new(0, 0, 0, 0x80).words[0], 0u);
    EXPECT_EQ(sizeof(seL4_MessageInfo_t), 8u);
}

TEST(Libsel4CapRights, PredefinedValues) {
    EXPECT_EQ(seL4_AllRights.words[0], 0xFu);
    EXPECT_EQ(seL4_ReadWrite.words[0], 0x3u);
    EXPECT_EQ(seL4_CanRead.words[0], 0x2u);
    EXPECT_EQ(seL4_CanWrite.words[0], 0x1u);
    EXPECT_EQ(seL4_CanGrant.words[0], 0x4u);
    EXPECT_EQ(seL4_CanGrantReply.words[0], 0x8u);
    EXPECT_EQ(seL4_NoWrite.words[0], 0xEu);
    EXPECT_EQ(seL4_NoRead.words[0], 0xDu);
    EXPECT_EQ(seL4_NoRights.words[0], 0u);
    EXPECT_EQ(seL4_CNode_CapData_new(0x5, 10).words[0], (0x5u << 6) | 10u);
}

TEST(Libsel4Errors, Values) {
    EXPECT_EQ(seL4_NoError, 0);
    EXPECT_EQ(seL4_InvalidArgument, 1);
    EXPECT_EQ(seL4_InvalidCapability, 2);
    EXPECT_EQ(seL4_IllegalOperation, 3);
    EXPECT_EQ(seL4_RangeError, 4);
    EXPECT_EQ(seL4_AlignmentError, 5);
    EXPECT_EQ(seL4_FailedLookup, 6);
    EXPECT_EQ(seL4_TruncatedMessage, 7);
    EXPECT_EQ(seL4_DeleteFirst, 8);
    EXPECT_EQ(seL4_RevokeFirst, 9);
    EXPECT_EQ(seL4_NotEnoughMemory, 10);
    EXPECT_EQ(seL4_NumErrors, 11);
}

TEST(Libsel4Syscalls, McsNumbers) {
    EXPECT_EQ(seL4_SysCall, -1);
    EXPECT_EQ(seL4_SysReplyRecv, -2);
    EXPECT_EQ(seL4_SysNBSendRecv, -3);
    EXPECT_EQ(seL4_SysNBSendWait, -4);
    EXPECT_EQ(seL4_SysSend, -5);
    EXPECT_EQ(seL4_SysNBSend, -6);
    EXPECT_EQ(seL4_SysRecv, -7);
    EXPECT_EQ(seL4_SysNBRecv, -8);
    EXPECT_EQ(seL4_SysWait, -9);
    EXPECT_EQ(seL4_SysNBWait, -10);
    EXPECT_EQ(seL4_SysYield, -11);
    EXPECT_EQ(seL4_SysDebugPutChar, -12);
    EXPECT_EQ(seL4_SysDebugDumpScheduler, -13);
    EXPECT_EQ(seL4_SysDebugHalt, -14);
    EXPECT_EQ(seL4_SysDebugCapIdentify, -15);
    EXPECT_EQ(seL4_SysDebugSnapshot, -16);
    EXPECT_EQ(seL4_SysDebugNameThread, -17);
    EXPECT_EQ(seL4_SysDebugSendIPI, -18);
    EXPECT_EQ(seL4_SysDebugGetThreadAffinity, -19);
    EXPECT_EQ(seL4_SysDebugRun, -20);
    EXPECT_EQ(seL4_SysBenchmarkFlushCaches, -21);
    EXPECT_EQ(seL4_SysBenchmarkResetAllThreadsUtilisation, -29);
    EXPECT_EQ(seL4_SysX86DangerousWRMSR, -30);
    EXPECT_EQ(seL4_SysVMEnter, -32);
    EXPECT_EQ(seL4_SysSetTLSBase, -33);
}

TEST(Libsel4Objects, McsTypesAndSizes) {
    EXPECT_EQ(seL4_UntypedObject, 0);
    EXPECT_EQ(seL4_TCBObject, 1);
    EXPECT_EQ(seL4_EndpointObject, 2);
    EXPECT_EQ(seL4_NotificationObject, 3);
    EXPECT_EQ(seL4_CapTableObject, 4);
    EXPECT_EQ(seL4_SchedContextObject, 5);
    EXPECT_EQ(seL4_ReplyObject, 6);
    EXPECT_EQ(seL4_NonArchObjectTypeCount, 7);
    EXPECT_EQ(seL4_SlotBits, 5);
    EXPECT_EQ(seL4_WordBits, 64);
    EXPECT_EQ(seL4_NotificationBits, 6);
    EXPECT_EQ(seL4_ReplyBits, 5);
    EXPECT_EQ(seL4_EndpointBits, 4);
    EXPECT_EQ(seL4_MinSchedContextBits, 7);
    EXPECT_EQ(seL4_CoreSchedContextBytes, 128u);
    EXPECT_EQ(seL4_MaxExtraRefills(8), 8u);  // (256 - 128) / 16
    EXPECT_EQ(seL4_IPCBufferSizeBits, 10);
    // TCB flags: the FPU flag is kept when the kernel has an FPU.
    EXPECT_EQ(seL4_TCBFlag_NoFlag, 0);
    EXPECT_EQ(seL4_TCBFlag_fpuDisabled, 1);
#ifdef CONFIG_HAVE_FPU
    EXPECT_EQ(seL4_TCBFlag_MASK, 1);
#else
    EXPECT_EQ(seL4_TCBFlag_MASK, 0);
#endif
}

TEST(Libsel4Faults, McsLabels) {
    EXPECT_EQ(seL4_Fault_NullFault, 0);
    EXPECT_EQ(seL4_Fault_CapFault, 1);
    EXPECT_EQ(seL4_Fault_UnknownSyscall, 2);
    EXPECT_EQ(seL4_Fault_UserException, 3);
    EXPECT_EQ(seL4_Fault_Timeout, 5);
    EXPECT_EQ(seL4_Fault_VMFault, 6);
    EXPECT_EQ(seL4_CapFault_BitsLeft, 4);
    EXPECT_EQ(seL4_CapFault_GuardMismatch_BitsFound, 6);
    EXPECT_EQ(seL4_CapFault_IP, 0);
    EXPECT_EQ(seL4_CapFault_LookupFailureType, 3);
    EXPECT_EQ(seL4_CapFault_DepthMismatch_BitsFound, 5);
    EXPECT_EQ(seL4_CapFault_GuardMismatch_GuardFound, 5);
    EXPECT_EQ(seL4_MissingCapability, 2);
}

}  // namespace
