/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The client of the passive server: a few protected procedure calls from
 * init(), each printing what went out and what came back.
 */
#include <microkit.h>

#define SERVER 0
#define SERVER_OK 0

struct request {
    seL4_Uint8 count;
    seL4_Word operands[4];
};

static const struct request requests[] = {
    {2, {3, 4}},
    {3, {1, 2, 3}},
    {4, {2, 3, 5, 7}},
    {0, {0}},
};

static void call_server(const struct request *request)
{
    microkit_dbg_puts("client: sending (");
    for (seL4_Uint8 i = 0; i < request->count; ++i) {
        microkit_mr_set(i, request->operands[i]);
        microkit_dbg_puts(i == 0 ? "" : ", ");
        microkit_dbg_put32((seL4_Uint32)request->operands[i]);
    }
    microkit_dbg_puts(") -> ");

    microkit_msginfo reply = microkit_ppcall(SERVER, microkit_msginfo_new(0, request->count));
    if (microkit_msginfo_get_label(reply) != SERVER_OK || microkit_msginfo_get_count(reply) < 3) {
        microkit_dbg_puts("refused (label ");
        microkit_dbg_put32((seL4_Uint32)microkit_msginfo_get_label(reply));
        microkit_dbg_puts(")\n");
        return;
    }
    microkit_dbg_puts("sum ");
    microkit_dbg_put32((seL4_Uint32)microkit_mr_get(0));
    microkit_dbg_puts(", product ");
    microkit_dbg_put32((seL4_Uint32)microkit_mr_get(1));
    microkit_dbg_puts(" (the server's call ");
    microkit_dbg_put32((seL4_Uint32)microkit_mr_get(2));
    microkit_dbg_puts(")\n");
}

void init(void)
{
    for (unsigned i = 0; i < sizeof(requests) / sizeof(requests[0]); ++i) {
        call_server(&requests[i]);
    }
    microkit_dbg_puts("client: done\n");
}

void notified(microkit_channel ch)
{
    (void)ch;
}
