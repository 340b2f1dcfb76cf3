/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Types shared with the kernel: message info, cap rights, CNode cap data and
 * the IPC buffer (sel4-abi.md §3, §4.1, §5.1). The bit-field accessors mirror
 * the names libsel4 generates from shared_types.bf.
 */
#ifndef SEL4_SHARED_TYPES_H
#define SEL4_SHARED_TYPES_H

#include <sel4/macros.h>
#include <sel4/simple_types.h>

/* Defines a getter, a value setter and the two pointer forms of one bit field. */
#define SEL4_BITFIELD_ACCESSORS(type, field, shift, width)                                   \
    LIBSEL4_INLINE_FUNC seL4_Uint64 type##_get_##field(type##_t value)                       \
    {                                                                                        \
        return (value.words[0] >> (shift)) & ((1ull << (width)) - 1);                        \
    }                                                                                        \
    LIBSEL4_INLINE_FUNC type##_t type##_set_##field(type##_t value, seL4_Uint64 field_value) \
    {                                                                                        \
        seL4_Uint64 mask = ((1ull << (width)) - 1) << (shift);                               \
        value.words[0] = (value.words[0] & ~mask) | ((field_value << (shift)) & mask);       \
        return value;                                                                        \
    }                                                                                        \
    LIBSEL4_INLINE_FUNC seL4_Uint64 type##_ptr_get_##field(const type##_t *value)            \
    {                                                                                        \
        return type##_get_##field(*value);                                                   \
    }                                                                                        \
    LIBSEL4_INLINE_FUNC void type##_ptr_set_##field(type##_t *value, seL4_Uint64 field_value) \
    {                                                                                        \
        *value = type##_set_##field(*value, field_value);                                    \
    }

/* sel4-abi.md §3.1: length 0-6, extraCaps 7-8, capsUnwrapped 9-11, label 12-63. */
typedef struct seL4_MessageInfo {
    seL4_Uint64 words[1];
} seL4_MessageInfo_t;

SEL4_BITFIELD_ACCESSORS(seL4_MessageInfo, length, 0, 7)
SEL4_BITFIELD_ACCESSORS(seL4_MessageInfo, extraCaps, 7, 2)
SEL4_BITFIELD_ACCESSORS(seL4_MessageInfo, capsUnwrapped, 9, 3)
SEL4_BITFIELD_ACCESSORS(seL4_MessageInfo, label, 12, 52)

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_MessageInfo_new(seL4_Uint64 label, seL4_Uint64 capsUnwrapped,
                                                            seL4_Uint64 extraCaps, seL4_Uint64 length)
{
    seL4_MessageInfo_t info = {{0}};
    info = seL4_MessageInfo_set_label(info, label);
    info = seL4_MessageInfo_set_capsUnwrapped(info, capsUnwrapped);
    info = seL4_MessageInfo_set_extraCaps(info, extraCaps);
    return seL4_MessageInfo_set_length(info, length);
}

/* sel4-abi.md §5.1: write bit 0, read 1, grant 2, grant-reply 3. */
typedef struct seL4_CapRights {
    seL4_Uint64 words[1];
} seL4_CapRights_t;

SEL4_BITFIELD_ACCESSORS(seL4_CapRights, capAllowWrite, 0, 1)
SEL4_BITFIELD_ACCESSORS(seL4_CapRights, capAllowRead, 1, 1)
SEL4_BITFIELD_ACCESSORS(seL4_CapRights, capAllowGrant, 2, 1)
SEL4_BITFIELD_ACCESSORS(seL4_CapRights, capAllowGrantReply, 3, 1)

LIBSEL4_INLINE_FUNC seL4_CapRights_t seL4_CapRights_new(seL4_Uint64 capAllowGrantReply, seL4_Uint64 capAllowGrant,
                                                        seL4_Uint64 capAllowRead, seL4_Uint64 capAllowWrite)
{
    seL4_CapRights_t rights = {{0}};
    rights = seL4_CapRights_set_capAllowGrantReply(rights, capAllowGrantReply);
    rights = seL4_CapRights_set_capAllowGrant(rights, capAllowGrant);
    rights = seL4_CapRights_set_capAllowRead(rights, capAllowRead);
    return seL4_CapRights_set_capAllowWrite(rights, capAllowWrite);
}

#define seL4_NoRights seL4_CapRights_new(0, 0, 0, 0)
#define seL4_CanWrite seL4_CapRights_new(0, 0, 0, 1)
#define seL4_CanRead seL4_CapRights_new(0, 0, 1, 0)
#define seL4_CanGrant seL4_CapRights_new(0, 1, 0, 0)
#define seL4_CanGrantReply seL4_CapRights_new(1, 0, 0, 0)
#define seL4_ReadWrite seL4_CapRights_new(0, 0, 1, 1)
#define seL4_NoWrite seL4_CapRights_new(1, 1, 1, 0)
#define seL4_NoRead seL4_CapRights_new(1, 1, 0, 1)
#define seL4_AllRights seL4_CapRights_new(1, 1, 1, 1)

/* sel4-abi.md §4.1: CNode cap data, guardSize bits 0-5, guard bits 6-63. */
typedef struct seL4_CNode_CapData {
    seL4_Uint64 words[1];
} seL4_CNode_CapData_t;

SEL4_BITFIELD_ACCESSORS(seL4_CNode_CapData, guardSize, 0, 6)
SEL4_BITFIELD_ACCESSORS(seL4_CNode_CapData, guard, 6, 58)

LIBSEL4_INLINE_FUNC seL4_CNode_CapData_t seL4_CNode_CapData_new(seL4_Uint64 guard, seL4_Uint64 guardSize)
{
    seL4_CNode_CapData_t data = {{0}};
    data = seL4_CNode_CapData_set_guard(data, guard);
    return seL4_CNode_CapData_set_guardSize(data, guardSize);
}

/* Message limits (sel4-abi.md §3.1). */
#define seL4_MsgLengthBits 7
#define seL4_MsgExtraCapBits 2
#define seL4_MsgMaxLength 120
#define seL4_MsgMaxExtraCaps ((1 << seL4_MsgExtraCapBits) - 1)

/* sel4-abi.md §3.2: 128 words, 1024 bytes, aligned to its size. */
typedef struct seL4_IPCBuffer_ {
    seL4_MessageInfo_t tag;
    seL4_Word msg[seL4_MsgMaxLength];
    seL4_Word userData;
    seL4_Word caps_or_badges[seL4_MsgMaxExtraCaps];
    seL4_CPtr receiveCNode;
    seL4_CPtr receiveIndex;
    seL4_Word receiveDepth;
} seL4_IPCBuffer __attribute__((__aligned__(sizeof(struct seL4_IPCBuffer_))));

/*
 * Fault types = the label of a fault message (sel4-mcs.md §8.1): the tags of
 * libsel4's seL4_Fault tagged union under MCS without hypervisor support.
 * seL4_Fault_t itself is per architecture (<sel4/sel4_arch/faults.h>).
 */
enum seL4_Fault_tag {
    seL4_Fault_NullFault = 0,
    seL4_Fault_CapFault = 1,
    seL4_Fault_UnknownSyscall = 2,
    seL4_Fault_UserException = 3,
#ifdef CONFIG_HARDWARE_DEBUG_API
    seL4_Fault_DebugException = 4,
#endif
    seL4_Fault_Timeout = 5,
    seL4_Fault_VMFault = 6
};
typedef enum seL4_Fault_tag seL4_Fault_tag_t;
/* Tessera's earlier name for the fault-type enum, kept for existing code. */
typedef enum seL4_Fault_tag seL4_FaultType;

/* CapFault message registers (sel4-abi.md §10.3); MR3 is an seL4_LookupFailureType. */
typedef enum {
    seL4_CapFault_IP,
    seL4_CapFault_Addr,
    seL4_CapFault_InRecvPhase,
    seL4_CapFault_LookupFailureType,
    seL4_CapFault_BitsLeft,
    seL4_CapFault_DepthMismatch_BitsFound,
    seL4_CapFault_GuardMismatch_GuardFound = seL4_CapFault_DepthMismatch_BitsFound,
    seL4_CapFault_GuardMismatch_BitsFound
} seL4_CapFault_Msg;

SEL4_STATIC_ASSERT(sizeof(seL4_MessageInfo_t) == 8, "seL4_MessageInfo_t is one word");
SEL4_STATIC_ASSERT(sizeof(seL4_CapRights_t) == 8, "seL4_CapRights_t is one word");
SEL4_STATIC_ASSERT(sizeof(seL4_IPCBuffer) == 1024, "seL4_IPCBuffer is 1024 bytes");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_IPCBuffer, tag) == 0x000, "IPCBuffer.tag");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_IPCBuffer, msg) == 0x008, "IPCBuffer.msg");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_IPCBuffer, userData) == 0x3C8, "IPCBuffer.userData");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_IPCBuffer, caps_or_badges) == 0x3D0, "IPCBuffer.caps_or_badges");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_IPCBuffer, receiveCNode) == 0x3E8, "IPCBuffer.receiveCNode");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_IPCBuffer, receiveIndex) == 0x3F0, "IPCBuffer.receiveIndex");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_IPCBuffer, receiveDepth) == 0x3F8, "IPCBuffer.receiveDepth");

#endif /* SEL4_SHARED_TYPES_H */
