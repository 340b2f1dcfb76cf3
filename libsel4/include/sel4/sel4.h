/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Umbrella header for programs written against seL4 16.0.0 (MCS): types,
 * constants, IPC-buffer access and the system-call stubs. Object
 * invocations (seL4_TCB_*, seL4_Untyped_Retype, ...) are not provided yet.
 */
#ifndef SEL4_SEL4_H
#define SEL4_SEL4_H

#include <sel4/config.h>
#include <sel4/types.h>
#include <sel4/bootinfo.h>
#include <sel4/functions.h>
#include <sel4/syscalls.h>

#endif /* SEL4_SEL4_H */
