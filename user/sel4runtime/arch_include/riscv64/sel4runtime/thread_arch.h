/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * RISC-V thread pointer: tp holds the address of the TLS block itself
 * (TLS variant I with an empty TCB; RISC-V ELF psABI, "Thread Local Storage").
 */
#ifndef SEL4RUNTIME_THREAD_ARCH_H
#define SEL4RUNTIME_THREAD_ARCH_H

#include <sel4runtime/stdint.h>

/* Bytes between the thread pointer and the first TLS byte, before alignment. */
#define SEL4RUNTIME_TCB_SIZE 0

static inline sel4runtime_uintptr_t sel4runtime_get_tls_base(void)
{
    sel4runtime_uintptr_t tp;
    __asm__ __volatile__("mv %0, tp" : "=r"(tp));
    return tp;
}

static inline void sel4runtime_set_tls_base(sel4runtime_uintptr_t tls_base)
{
    __asm__ __volatile__("mv tp, %0" : : "r"(tls_base) : "memory");
}

#endif /* SEL4RUNTIME_THREAD_ARCH_H */
