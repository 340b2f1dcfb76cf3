/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host test double of <sel4runtime/thread_arch.h>: the thread pointer is a
 * variable of the test, with the AArch64 layout (a 16-byte TCB before the
 * TLS block, unless the test chooses another SEL4RUNTIME_TCB_SIZE).
 */
#ifndef SEL4RUNTIME_THREAD_ARCH_H
#define SEL4RUNTIME_THREAD_ARCH_H

#include <sel4runtime/stdint.h>

#ifndef SEL4RUNTIME_TCB_SIZE
#define SEL4RUNTIME_TCB_SIZE 16
#endif

#ifdef __cplusplus
extern "C" {
#endif
extern sel4runtime_uintptr_t sel4runtime_fake_tp;
#ifdef __cplusplus
}
#endif

static inline sel4runtime_uintptr_t sel4runtime_get_tls_base(void)
{
    return sel4runtime_fake_tp;
}

static inline void sel4runtime_set_tls_base(sel4runtime_uintptr_t tls_base)
{
    sel4runtime_fake_tp = tls_base;
}

#endif /* SEL4RUNTIME_THREAD_ARCH_H */
