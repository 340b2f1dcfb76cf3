/* SPDX-License-Identifier: BSD-2-Clause */
/* The benchmark's passive server: answers every call at once. */
#include <microkit.h>

void init(void) {}

void notified(microkit_channel channel) { (void)channel; }

microkit_msginfo protected(microkit_channel channel, microkit_msginfo info)
{
    (void)channel;
    (void)info;
    return microkit_msginfo_new(0, 0);
}
