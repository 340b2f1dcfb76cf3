/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Microkit benchmarks, as guest instruction counts under QEMU -icount:
 *   - boot: the counter at the start of the first init() to run (the
 *     waiter's: it has the highest priority);
 *   - notify: microkit_notify() to a PD waiting in another address space,
 *     from the call until the waiter's notified() starts;
 *   - ppcall: microkit_ppcall() round trip to a passive PD.
 * Each repeated figure is the minimum and the most frequent value of the samples.
 */
#include <microkit.h>

#include "counter.h"

#define WAITER_CHANNEL 1
#define SERVER_CHANNEL 2
#define SAMPLES 64

struct bench_shared *shared;  /* setvar_vaddr */

static void put(const char *s) { microkit_dbg_puts(s); }

static void report(const char *what, const unsigned long long *samples)
{
    unsigned long long min = samples[0], mode = samples[0];
    int best = 0;
    for (int i = 0; i < SAMPLES; i++) {
        if (samples[i] < min) min = samples[i];
        int count = 0;
        for (int j = 0; j < SAMPLES; j++) count += samples[j] == samples[i];
        if (count > best) {
            best = count;
            mode = samples[i];
        }
    }
    put("bench: ");
    put(what);
    put(": min ");
    bench_put_number(min);
    put(" mode ");
    bench_put_number(mode);
    put(" instructions\n");
}

void init(void)
{
    unsigned long long samples[SAMPLES];

    put("bench: boot to the first PD's init: ");
    bench_put_number(shared->boot);
    put(" instructions since the counter started\n");

    /* The waiter has the higher priority: the notify switches to it at once. */
    for (int i = 0; i < SAMPLES; i++) {
        shared->sent = bench_counter();
        microkit_notify(WAITER_CHANNEL);
        samples[i] = shared->received - shared->sent;
    }
    report("microkit_notify to a waiting PD in another address space", samples);

    for (int i = 0; i < SAMPLES; i++) {
        unsigned long long start = bench_counter();
        (void)microkit_ppcall(SERVER_CHANNEL, microkit_msginfo_new(0, 0));
        samples[i] = bench_counter() - start;
    }
    report("microkit_ppcall round trip to a passive PD", samples);
    put("bench: done\n");
}

void notified(microkit_channel channel)
{
    (void)channel;
}
