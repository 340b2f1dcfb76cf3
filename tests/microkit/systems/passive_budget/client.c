/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Calls the passive server, whose handler spins, and compares the time the
 * call cost each scheduling context (SchedContext_Consumed): all of it must
 * be billed to the client's, none to the server's.
 */
#include <microkit.h>

#define SERVER 0
#define OWN_SC microkit_cspace_root_slot_to_cptr(1)
#define SERVER_SC microkit_cspace_root_slot_to_cptr(2)

void init(void)
{
    /* Consumed returns the time since it was last asked: start both at zero. */
    (void)seL4_SchedContext_Consumed(OWN_SC);
    (void)seL4_SchedContext_Consumed(SERVER_SC);
    (void)microkit_ppcall(SERVER, microkit_msginfo_new(0, 0));
    seL4_SchedContext_Consumed_t own = seL4_SchedContext_Consumed(OWN_SC);
    seL4_SchedContext_Consumed_t server = seL4_SchedContext_Consumed(SERVER_SC);
    microkit_dbg_puts("client: the call cost the client's SC ");
    microkit_dbg_put32((seL4_Uint32)own.consumed);
    microkit_dbg_puts(" us and the server's SC ");
    microkit_dbg_put32((seL4_Uint32)server.consumed);
    microkit_dbg_puts(" us\n");
    if (own.error != seL4_NoError || server.error != seL4_NoError) {
        microkit_dbg_puts("client: FAIL: SchedContext_Consumed failed\n");
    } else if (own.consumed >= 100 && server.consumed * 10 <= own.consumed) {
        microkit_dbg_puts("client: PASS: the passive server ran on the client's budget\n");
    } else {
        microkit_dbg_puts("client: FAIL: the call was not billed to the client\n");
    }
}

void notified(microkit_channel channel) { (void)channel; }
