/* SPDX-License-Identifier: BSD-2-Clause */
/* Object types every architecture has (MCS numbering, sel4-abi.md §6.1). */
#ifndef SEL4_OBJECTTYPE_H
#define SEL4_OBJECTTYPE_H

typedef enum api_object {
    seL4_UntypedObject = 0,
    seL4_TCBObject = 1,
    seL4_EndpointObject = 2,
    seL4_NotificationObject = 3,
    seL4_CapTableObject = 4,
    seL4_SchedContextObject = 5,
    seL4_ReplyObject = 6,
    seL4_NonArchObjectTypeCount = 7
} seL4_ObjectTypeNonArch;
typedef int api_object_t;

#endif /* SEL4_OBJECTTYPE_H */
