/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A passive server: once init() has returned, the tool-started hand-shake
 * takes its scheduling context away (passive="true" in the system file), so
 * protected() runs only on the time of the client that called it.
 *
 * Its service: the sum and the product of the words a caller sends.
 * Request: any label, 1-4 MRs of operands. Reply: label SERVER_OK, MR0 = sum,
 * MR1 = product, MR2 = calls served so far; an empty request gets
 * SERVER_NO_OPERANDS and no MRs.
 */
#include <microkit.h>

#define CLIENT 0
#define SERVER_OK 0
#define SERVER_NO_OPERANDS 1
#define SERVER_MAX_OPERANDS 4

static seL4_Word calls_served;

void init(void)
{
    microkit_dbg_puts("server: initialised; from now on it runs only on its callers' time\n");
}

void notified(microkit_channel ch)
{
    microkit_dbg_puts("server: unexpected notification on channel ");
    microkit_dbg_put32(ch);
    microkit_dbg_puts("\n");
}

microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    seL4_Word count = microkit_msginfo_get_count(msginfo);
    if (ch != CLIENT || count == 0 || count > SERVER_MAX_OPERANDS) {
        return microkit_msginfo_new(SERVER_NO_OPERANDS, 0);
    }
    seL4_Word sum = 0;
    seL4_Word product = 1;
    for (seL4_Uint8 i = 0; i < count; ++i) {
        seL4_Word operand = microkit_mr_get(i);
        sum += operand;
        product *= operand;
    }
    ++calls_served;
    microkit_mr_set(0, sum);
    microkit_mr_set(1, product);
    microkit_mr_set(2, calls_served);
    return microkit_msginfo_new(SERVER_OK, 3);
}
