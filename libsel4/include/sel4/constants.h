/* SPDX-License-Identifier: BSD-2-Clause */
/* Architecture-independent constants (sel4-abi.md §3, §4, §6.2; sel4-mcs.md §2.2, §4.2). */
#ifndef SEL4_CONSTANTS_H
#define SEL4_CONSTANTS_H

#include <sel4/config.h>
#include <sel4/shared_types.h>

/* Both targets are 64-bit (sel4-abi.md §4). */
#define seL4_WordBits 64
#define seL4_WordSizeBits 3
#define seL4_SlotBits 5
#define seL4_GuardBits 58
#define seL4_GuardSizeBits 6
#define seL4_BadgeBits 64
#define seL4_UntypedRetypeMaxObjects 256

/* Priorities and domains. */
#define seL4_InvalidPrio (-1)
#define seL4_MinPrio 0
#define seL4_MaxPrio (CONFIG_NUM_PRIORITIES - 1)
#define seL4_NumDomains CONFIG_NUM_DOMAINS

/* Sizes shared by both architectures (log2 bytes, sel4-abi.md §6.2). */
#define seL4_EndpointBits 4
#define seL4_NotificationBits 6 /* MCS */
#define seL4_ReplyBits 5        /* MCS */
#define seL4_IPCBufferSizeBits 10
#define seL4_ASIDPoolBits 12
#define seL4_ASIDPoolIndexBits 9
#define seL4_NumASIDPoolsBits 7
#define seL4_MinUntypedBits 4

/* Lookup-failure types carried by CapFault MR3 and by FailedLookup errors (sel4-abi.md §4.3). */
typedef enum {
    seL4_NoFailure = 0,
    seL4_InvalidRoot,
    seL4_MissingCapability,
    seL4_DepthMismatch,
    seL4_GuardMismatch
} seL4_LookupFailureType;

/* seL4_CapRights_t has four rights bits (sel4-abi.md §5.1). */
#define seL4_CapRightsBits 4

/* MCS scheduling contexts (sel4-mcs.md §2.2): a 128-byte core plus 16-byte refills. */
#define seL4_MinSchedContextBits 7
#define seL4_CoreSchedContextBytes (10 * sizeof(seL4_Word) + 6 * 8)
#define seL4_RefillSizeBytes 16

/* Extra refills (beyond the 2 every SC has) an SC of 2^size bytes holds: ConfigureFlags' extra_refills bound. */
LIBSEL4_INLINE_FUNC seL4_Word seL4_MaxExtraRefills(seL4_Word size)
{
    return ((1ul << size) - seL4_CoreSchedContextBytes) / seL4_RefillSizeBytes;
}

/* Flags of seL4_SchedControl_ConfigureFlags. */
typedef enum {
    seL4_SchedContext_NoFlag = 0x0,
    seL4_SchedContext_Sporadic = 0x1
} seL4_SchedContextFlag;

typedef seL4_Uint64 seL4_Time;

/* Flags of seL4_TCB_SetFlags (sel4-abi.md §7.2); the mask holds the flags the kernel keeps. */
typedef enum {
    seL4_TCBFlag_NoFlag = 0x0,
    seL4_TCBFlag_fpuDisabled = 0x1,
    seL4_TCBFlag_MASK = seL4_TCBFlag_NoFlag
#ifdef CONFIG_HAVE_FPU
                        | seL4_TCBFlag_fpuDisabled
#endif
} seL4_TCBFlag;

SEL4_STATIC_ASSERT(seL4_CoreSchedContextBytes == 128, "core SchedContext is 128 bytes");

#endif /* SEL4_CONSTANTS_H */
