/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * AArch64 thread pointer: TPIDR_EL0 points at a 16-byte TCB; the TLS block
 * follows at 16 rounded up to its alignment (TLS variant I; AArch64 ELF ABI).
 * TPIDR_EL0 is writable from EL0 in seL4's default configuration
 * (sel4-abi.md §1.4, KernelArmTLSReg=tpidru), so no system call is needed.
 */
#ifndef SEL4RUNTIME_THREAD_ARCH_H
#define SEL4RUNTIME_THREAD_ARCH_H

#include <sel4runtime/stdint.h>

#define SEL4RUNTIME_TCB_SIZE 16

static inline sel4runtime_uintptr_t sel4runtime_get_tls_base(void)
{
    sel4runtime_uintptr_t tp;
    __asm__ __volatile__("mrs %0, tpidr_el0" : "=r"(tp));
    return tp;
}

static inline void sel4runtime_set_tls_base(sel4runtime_uintptr_t tls_base)
{
    __asm__ __volatile__("msr tpidr_el0, %0" : : "r"(tls_base) : "memory");
}

#endif /* SEL4RUNTIME_THREAD_ARCH_H */
