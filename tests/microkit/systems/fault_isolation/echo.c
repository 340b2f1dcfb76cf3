/* SPDX-License-Identifier: BSD-2-Clause */
/* Answers every notification from survivor with one of its own. */
#include <microkit.h>

#define SURVIVOR 4

void init(void) {}

void notified(microkit_channel channel)
{
    if (channel == SURVIVOR) microkit_notify(SURVIVOR);
}
