/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * AArch64 thread pointer: TPIDR_EL0 points at a 16-byte TCB; the TLS block
 * follows at 16 rounded up to its alignment (TLS variant I; AArch64 ELF ABI).
 * TPIDR_EL0 is writable from EL0 in seL4's default configuration
 * (sel4-abi.md §1.4, KernelArmTLSReg=tpidru), so no system call is needed;
 * another thread's is set with seL4_TCB_SetTLSBase.
 */
#ifndef SEL4RUNTIME_THREAD_ARCH_H
#define SEL4RUNTIME_THREAD_ARCH_H

#include <sel4runtime/stdint.h>

#define SEL4RUNTIME_TCB_SIZE 16
/* seL4's sel4runtime names for the layout: TLS above the thread pointer, 16 bytes in between. */
#define TLS_ABOVE_TP
#define GAP_ABOVE_TP 16

static inline sel4runtime_uintptr_t sel4runtime_read_tpidr_el0(void)
{
    sel4runtime_uintptr_t value;
    __asm__ __volatile__("mrs %0, tpidr_el0" : "=r"(value));
    return value;
}

static inline void sel4runtime_write_tpidr_el0(sel4runtime_uintptr_t value)
{
    __asm__ __volatile__("msr tpidr_el0, %0" : : "r"(value) : "memory");
}

static inline sel4runtime_uintptr_t sel4runtime_read_tpidrro_el0(void)
{
    sel4runtime_uintptr_t value;
    __asm__ __volatile__("mrs %0, tpidrro_el0" : "=r"(value));
    return value;
}

static inline sel4runtime_uintptr_t sel4runtime_get_tls_base(void)
{
    return sel4runtime_read_tpidr_el0();
}

static inline void sel4runtime_set_tls_base(sel4runtime_uintptr_t tls_base)
{
    sel4runtime_write_tpidr_el0(tls_base);
}

#endif /* SEL4RUNTIME_THREAD_ARCH_H */
