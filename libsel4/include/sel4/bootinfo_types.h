/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the kernel hands the root task at boot (sel4-abi.md §14, MCS layout
 * from sel4-mcs.md §10). Shared by the kernel (C++20) and user code (C11):
 * it needs only libsel4/include on the include path, and the layout is
 * pinned below by compile-time checks of every offset and the total size.
 */
#ifndef SEL4_BOOTINFO_TYPES_H
#define SEL4_BOOTINFO_TYPES_H

#include <sel4/config.h>
#include <sel4/macros.h>
#include <sel4/simple_types.h>

/* Fixed slots of the root CNode (sel4-abi.md §14.1, MCS slot 14). */
enum seL4_RootCNodeCapSlots {
    seL4_CapNull = 0,
    seL4_CapInitThreadTCB = 1,
    seL4_CapInitThreadCNode = 2,
    seL4_CapInitThreadVSpace = 3,
    seL4_CapIRQControl = 4,
    seL4_CapASIDControl = 5,
    seL4_CapInitThreadASIDPool = 6,
    seL4_CapIOPortControl = 7,   /* x86 only: null here */
    seL4_CapIOSpace = 8,         /* null without an IOMMU */
    seL4_CapBootInfoFrame = 9,
    seL4_CapInitThreadIPCBuffer = 10,
    seL4_CapDomain = 11,
    seL4_CapSMMUSIDControl = 12, /* null without an Arm SMMU */
    seL4_CapSMMUCBControl = 13,  /* null without an Arm SMMU */
    seL4_CapInitThreadSC = 14,   /* MCS: the root thread's scheduling context */
    seL4_CapSMC = 15,            /* Arm SMC cap if configured, else null */
    seL4_NumInitialCaps = 16
};
/* The old name of the VSpace slot. */
#define seL4_CapInitThreadPD seL4_CapInitThreadVSpace

/* A run of CNode slots, [start, end). */
typedef struct seL4_SlotRegion {
    seL4_SlotPos start;
    seL4_SlotPos end;
} seL4_SlotRegion;

/* One untyped cap handed to the root task; untypedList[i] is slot untyped.start + i. */
typedef struct seL4_UntypedDesc {
    seL4_Word paddr;
    seL4_Uint8 sizeBits;
    seL4_Uint8 isDevice;
    seL4_Uint8 padding[sizeof(seL4_Word) - 2 * sizeof(seL4_Uint8)];
} seL4_UntypedDesc;

/* Declared here so the kernel needs no other libsel4 header; defined in sel4/shared_types.h. */
typedef struct seL4_IPCBuffer_ seL4_IPCBuffer;

typedef struct seL4_BootInfo {
    seL4_Word extraLen;                /* bytes of extra boot info after this frame */
    seL4_NodeId nodeID;
    seL4_Word numNodes;
    seL4_Word numIOPTLevels;           /* 0 without an IOMMU */
    seL4_IPCBuffer *ipcBuffer;         /* root task's IPC buffer (vaddr) */
    seL4_SlotRegion empty;             /* free slots of the root CNode */
    seL4_SlotRegion sharedFrames;      /* always empty on Arm and RISC-V */
    seL4_SlotRegion userImageFrames;   /* 4 KiB frames of the image, by vaddr */
    seL4_SlotRegion userImagePaging;   /* page tables of the image */
    seL4_SlotRegion ioSpaceCaps;
    seL4_SlotRegion extraBIPages;      /* frames of the extra boot info */
    seL4_Word initThreadCNodeSizeBits; /* radix of the root CNode */
    seL4_Domain initThreadDomain;
    seL4_SlotRegion schedcontrol;      /* MCS: one SchedControl cap per core */
    seL4_SlotRegion untyped;
    seL4_UntypedDesc untypedList[CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS];
} seL4_BootInfo;

/* Extra boot info is a sequence of chunks, each starting with this header (len includes it). */
typedef struct seL4_BootInfoHeader {
    seL4_Word id;
    seL4_Word len;
} seL4_BootInfoHeader;

#define SEL4_BOOTINFO_HEADER_PADDING 0
#define SEL4_BOOTINFO_HEADER_X86_VBE 1
#define SEL4_BOOTINFO_HEADER_X86_MBMMAP 2
#define SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP 3
#define SEL4_BOOTINFO_HEADER_X86_FRAMEBUFFER 4
#define SEL4_BOOTINFO_HEADER_X86_TSC_FREQ 5
#define SEL4_BOOTINFO_HEADER_FDT 6
#define SEL4_BOOTINFO_HEADER_NUM 7

/* The BootInfo frame is one 4 KiB page (sel4-abi.md §14.2). */
#define seL4_BootInfoFrameBits 12
#define seL4_BootInfoFrameSize (1ul << seL4_BootInfoFrameBits)

/* Layout pins: sel4-abi.md §14.2 with the MCS schedcontrol region (sel4-mcs.md §10). */
SEL4_STATIC_ASSERT(sizeof(seL4_SlotRegion) == 16, "seL4_SlotRegion is two words");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_SlotRegion, start) == 0, "SlotRegion.start");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_SlotRegion, end) == 8, "SlotRegion.end");
SEL4_STATIC_ASSERT(sizeof(seL4_UntypedDesc) == 16, "seL4_UntypedDesc is 16 bytes");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_UntypedDesc, paddr) == 0, "UntypedDesc.paddr");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_UntypedDesc, sizeBits) == 8, "UntypedDesc.sizeBits");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_UntypedDesc, isDevice) == 9, "UntypedDesc.isDevice");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_UntypedDesc, padding) == 10, "UntypedDesc.padding");
SEL4_STATIC_ASSERT(sizeof(seL4_BootInfoHeader) == 16, "seL4_BootInfoHeader is two words");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfoHeader, id) == 0, "BootInfoHeader.id");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfoHeader, len) == 8, "BootInfoHeader.len");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, extraLen) == 0x00, "BootInfo.extraLen");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, nodeID) == 0x08, "BootInfo.nodeID");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, numNodes) == 0x10, "BootInfo.numNodes");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, numIOPTLevels) == 0x18, "BootInfo.numIOPTLevels");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, ipcBuffer) == 0x20, "BootInfo.ipcBuffer");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, empty) == 0x28, "BootInfo.empty");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, sharedFrames) == 0x38, "BootInfo.sharedFrames");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, userImageFrames) == 0x48, "BootInfo.userImageFrames");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, userImagePaging) == 0x58, "BootInfo.userImagePaging");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, ioSpaceCaps) == 0x68, "BootInfo.ioSpaceCaps");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, extraBIPages) == 0x78, "BootInfo.extraBIPages");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, initThreadCNodeSizeBits) == 0x88,
                   "BootInfo.initThreadCNodeSizeBits");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, initThreadDomain) == 0x90, "BootInfo.initThreadDomain");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, schedcontrol) == 0x98, "BootInfo.schedcontrol");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, untyped) == 0xA8, "BootInfo.untyped");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, untypedList) == 0xB8, "BootInfo.untypedList");
SEL4_STATIC_ASSERT(CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS == 230, "seL4 default untypedList length");
SEL4_STATIC_ASSERT(sizeof(seL4_BootInfo) == 3864, "MCS seL4_BootInfo is 3864 bytes");
SEL4_STATIC_ASSERT(sizeof(seL4_BootInfo) <= seL4_BootInfoFrameSize, "BootInfo fits its frame");

#endif /* SEL4_BOOTINFO_TYPES_H */
