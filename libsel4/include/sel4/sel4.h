/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Umbrella header for programs written against seL4 16.0.0 (MCS): types,
 * constants, IPC-buffer access, the system-call stubs, the object
 * invocation stubs (<sel4/client.h>) and the fault accessors (<sel4/faults.h>).
 */
#ifndef SEL4_SEL4_H
#define SEL4_SEL4_H

#include <sel4/config.h>
#include <sel4/types.h>
#include <sel4/bootinfo.h>
#include <sel4/functions.h>
#include <sel4/syscalls.h>
#include <sel4/client.h>
#include <sel4/faults.h>

#endif /* SEL4_SEL4_H */
