/* SPDX-License-Identifier: BSD-2-Clause */
#include "entry_points.h"

struct entry_point_hooks test_hooks;

void init(void)
{
    test_hooks.init();
}

void notified(microkit_channel ch)
{
    test_hooks.notified(ch);
}

microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    return test_hooks.protected_(ch, msginfo);
}

seL4_Bool fault(microkit_child child, microkit_msginfo msginfo, microkit_msginfo *reply_msginfo)
{
    return test_hooks.fault(child, msginfo, reply_msginfo);
}

/* The constructor table microkit.ld builds on the target: two entries, in order. */
void libmicrokit_test_first_constructor(void);
void libmicrokit_test_second_constructor(void);

void libmicrokit_test_first_constructor(void)
{
    test_hooks.constructor(1);
}

void libmicrokit_test_second_constructor(void)
{
    test_hooks.constructor(2);
}

__asm__(".pushsection .data\n"
        ".balign 8\n"
        ".globl __init_array_start\n"
        ".globl __init_array_end\n"
        "__init_array_start:\n"
        ".quad libmicrokit_test_first_constructor\n"
        ".quad libmicrokit_test_second_constructor\n"
        "__init_array_end:\n"
        ".popsection\n");
