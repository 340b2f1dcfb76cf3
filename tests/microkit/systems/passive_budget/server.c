/* SPDX-License-Identifier: BSD-2-Clause */
/* A passive server whose one service is to keep the CPU busy for a while. */
#include <microkit.h>

void init(void) {}

void notified(microkit_channel channel) { (void)channel; }

microkit_msginfo protected(microkit_channel channel, microkit_msginfo info)
{
    (void)channel;
    (void)info;
    for (volatile unsigned long i = 0; i < 3000000; i++) {
    }
    return microkit_msginfo_new(0, 0);
}
