/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * seL4_Syscall_ID, generated from the one table of system-call numbers
 * (sel4/syscall_list.h, sel4-mcs.md §1.1) so libsel4 and the kernel agree.
 */
#ifndef SEL4_SYSCALL_H
#define SEL4_SYSCALL_H

#include <sel4/syscall_list.h>

#define SEL4_SYSCALL_ENUMERATOR(name, number, kind) seL4_Sys##name = (number),
typedef enum {
    SEL4_SYSCALL_LIST(SEL4_SYSCALL_ENUMERATOR)
    /* Keeps the list's trailing comma legal in C and C++; not a system call. */
    seL4_SysEndOfList_ = 0
} seL4_Syscall_ID;
#undef SEL4_SYSCALL_ENUMERATOR

#endif /* SEL4_SYSCALL_H */
