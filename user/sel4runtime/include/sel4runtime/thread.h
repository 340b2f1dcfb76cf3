/* SPDX-License-Identifier: BSD-2-Clause */
/* The thread pointer of the running thread (seL4's sel4runtime header name). */
#ifndef SEL4RUNTIME_THREAD_H
#define SEL4RUNTIME_THREAD_H

#include <sel4runtime/thread_arch.h>

#endif /* SEL4RUNTIME_THREAD_H */
