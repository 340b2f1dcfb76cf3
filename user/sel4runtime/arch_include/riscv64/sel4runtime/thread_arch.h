/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * RISC-V thread pointer: tp holds the address of the TLS block itself
 * (TLS variant I with an empty TCB; RISC-V ELF psABI, "Thread Local
 * Storage"). User code writes tp directly; another thread's is set with
 * seL4_TCB_SetTLSBase.
 */
#ifndef SEL4RUNTIME_THREAD_ARCH_H
#define SEL4RUNTIME_THREAD_ARCH_H

#include <sel4runtime/stdint.h>

/* Bytes between the thread pointer and the first TLS byte, before alignment. */
#define SEL4RUNTIME_TCB_SIZE 0
/* seL4's sel4runtime name for the layout: TLS above the thread pointer. */
#define TLS_ABOVE_TP

static inline sel4runtime_uintptr_t sel4runtime_read_tp(void)
{
    sel4runtime_uintptr_t value;
    __asm__ __volatile__("mv %0, tp" : "=r"(value));
    return value;
}

static inline void sel4runtime_write_tp(sel4runtime_uintptr_t value)
{
    __asm__ __volatile__("mv tp, %0" : : "r"(value) : "memory");
}

static inline sel4runtime_uintptr_t sel4runtime_get_tls_base(void)
{
    return sel4runtime_read_tp();
}

static inline void sel4runtime_set_tls_base(sel4runtime_uintptr_t tls_base)
{
    sel4runtime_write_tp(tls_base);
}

#endif /* SEL4RUNTIME_THREAD_ARCH_H */
