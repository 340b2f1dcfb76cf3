/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The instruction counter as the Microkit benchmark PDs read it: RISC-V
 * instret, AArch64 PMCCNTR_EL0 (which counts instructions under -icount;
 * the benchmark configuration exports it to EL0, as Microkit's benchmark
 * configuration does with KernelArmExportPMUUser). Only libmicrokit and
 * libsel4: the same sources build for Microkit on seL4.
 */
#ifndef BENCH_MICROKIT_COUNTER_H
#define BENCH_MICROKIT_COUNTER_H

#include <microkit.h>

static inline unsigned long long bench_counter(void)
{
    unsigned long long value;
#if defined(__riscv)
    __asm__ volatile("rdinstret %0" : "=r"(value));
#elif defined(__aarch64__)
    __asm__ volatile("isb; mrs %0, pmccntr_el0" : "=r"(value));
#else
#error "unsupported architecture"
#endif
    return value;
}

/* The shared page between the benchmark PD and the one it signals. */
struct bench_shared {
    volatile unsigned long long boot;      /* counter at the first init() (the waiter's) */
    volatile unsigned long long sent;      /* counter just before microkit_notify */
    volatile unsigned long long received;  /* counter at the start of notified() */
};

static inline void bench_put_number(unsigned long long v)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0) microkit_dbg_putc(digits[--n]);
}

#endif
