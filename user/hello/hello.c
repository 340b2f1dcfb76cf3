/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The demo root task: greets, shows what the kernel handed over, then makes
 * a second thread, a *passive* server (no scheduling context of its own, as
 * Microkit's passive protection domains), and calls it: each Call lends the
 * server the caller's scheduling context until the reply (sel4-mcs.md §5).
 * Only libsel4 and sel4runtime are used, as in any seL4 program.
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>
#include <tessera/print.h>

#if defined(__riscv)
#define ARCH_NAME "riscv64"
#elif defined(__aarch64__)
#define ARCH_NAME "aarch64"
#else
#error "unsupported architecture"
#endif

enum { SERVER_STACK_BYTES = 16384, SERVER_TLS_BYTES = 4096, CALLS = 3 };

static seL4_CPtr endpoint, reply_object;
static unsigned char server_stack[SERVER_STACK_BYTES] __attribute__((aligned(16)));
static unsigned char server_tls[SERVER_TLS_BYTES] __attribute__((aligned(64)));
/* The server's view of its IPC buffer (it sends at most four words, which
 * travel in registers, so the kernel needs no buffer frame for it). */
static seL4_IPCBuffer server_ipc_buffer __attribute__((aligned(1024)));

/* The server: receives a number, replies with its square, and waits again. */
static void server_main(void)
{
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(endpoint, &badge, reply_object);
    for (;;) {
        const seL4_Word x = seL4_GetMR(0);
        tessera_printf("  server: got %lu (badge %lu), running on the caller's scheduling context\n", x, badge);
        seL4_SetMR(0, x * x);
        info = seL4_MessageInfo_new(0, 0, 0, 1);
        info = seL4_ReplyRecv(endpoint, info, &badge, reply_object);
    }
}

/* The first free slot of the root CNode, as BootInfo describes them. */
static seL4_CPtr next_free_slot;

static seL4_CPtr make_object(seL4_CPtr untyped, seL4_Word type, seL4_Word size_bits)
{
    const seL4_CPtr slot = next_free_slot++;
    const seL4_Error e = seL4_Untyped_Retype(untyped, type, size_bits, seL4_CapInitThreadCNode, 0, 0, slot, 1);
    if (e != seL4_NoError) {
        tessera_printf("demo: Untyped_Retype of type %lu failed: error %d\n", type, (int)e);
        return seL4_CapNull;
    }
    return slot;
}

static seL4_CPtr find_untyped(const seL4_BootInfo *bootinfo)
{
    for (seL4_Word i = 0; i < bootinfo->untyped.end - bootinfo->untyped.start; ++i) {
        const seL4_UntypedDesc *d = &bootinfo->untypedList[i];
        if (!d->isDevice && d->sizeBits >= 16) return bootinfo->untyped.start + i;
    }
    return seL4_CapNull;
}

static int run_server_demo(const seL4_BootInfo *bootinfo)
{
    const seL4_CPtr untyped = find_untyped(bootinfo);
    next_free_slot = bootinfo->empty.start;
    if (untyped == seL4_CapNull) return -1;
    endpoint = make_object(untyped, seL4_EndpointObject, 0);
    reply_object = make_object(untyped, seL4_ReplyObject, 0);
    const seL4_CPtr badged = next_free_slot++;
    const seL4_CPtr tcb = make_object(untyped, seL4_TCBObject, 0);
    const seL4_CPtr sc = make_object(untyped, seL4_SchedContextObject, seL4_MinSchedContextBits);
    if (endpoint == seL4_CapNull || reply_object == seL4_CapNull || tcb == seL4_CapNull || sc == seL4_CapNull)
        return -1;
    /* The client calls through a badged copy of the endpoint cap. */
    if (seL4_CNode_Mint(seL4_CapInitThreadCNode, badged, seL4_WordBits, seL4_CapInitThreadCNode, endpoint,
                        seL4_WordBits, seL4_AllRights, 42) != seL4_NoError)
        return -1;

    /* The server starts with its own scheduling context so that it can run
     * to its first Recv; then it gives it up and becomes passive. */
    seL4_Error e = seL4_TCB_Configure(tcb, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0, 0, seL4_CapNull);
    if (e == seL4_NoError)
        e = seL4_SchedControl_Configure(bootinfo->schedcontrol.start, sc, 1000, 1000, 0, 0);
    if (e == seL4_NoError) e = seL4_TCB_SetSchedParams(tcb, seL4_CapInitThreadTCB, 200, 200, sc, seL4_CapNull);
    /* The client (this thread) runs below the server. */
    if (e == seL4_NoError) e = seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100);
    if (e != seL4_NoError) {
        tessera_printf("demo: configuring the server failed: error %d\n", (int)e);
        return -1;
    }
    const sel4runtime_uintptr_t tp = sel4runtime_write_tls_image(server_tls);
    sel4runtime_set_tls_variable(tp, __sel4_ipc_buffer, &server_ipc_buffer);
    seL4_UserContext regs = {0};
    regs.pc = (seL4_Word)&server_main;
    regs.sp = (seL4_Word)(server_stack + SERVER_STACK_BYTES);
#if defined(__riscv)
    regs.tp = tp;
#else
    regs.tpidr_el0 = tp;
#endif
    /* Resuming it lets it run at once (priority 200 > 100) up to its Recv. */
    e = seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof regs / sizeof(seL4_Word), &regs);
    if (e == seL4_NoError) e = seL4_SchedContext_UnbindObject(sc, tcb);
    if (e != seL4_NoError) {
        tessera_printf("demo: starting the server failed: error %d\n", (int)e);
        return -1;
    }
    tessera_printf("Passive server waiting (no scheduling context); the client calls it:\n");
    for (seL4_Word x = 2; x < 2 + CALLS; ++x) {
        seL4_SetMR(0, x);
        seL4_Call(badged, seL4_MessageInfo_new(0, 0, 0, 1));
        tessera_printf("  client: %lu squared is %lu\n", x, seL4_GetMR(0));
    }
    tessera_printf("The server answered %d calls, each on the client's scheduling context.\n", CALLS);
    return 0;
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    const seL4_BootInfo *bootinfo = sel4runtime_bootinfo();
    tessera_printf("Hello from the Tessera root task on %s!\n", ARCH_NAME);
    tessera_printf("  ipcBuffer %p\n", (void *)bootinfo->ipcBuffer);
    tessera_printf("  nodeID %lu, numNodes %lu\n", bootinfo->nodeID, bootinfo->numNodes);
    tessera_printf("  extraLen %lu\n", bootinfo->extraLen);
    tessera_printf("  untyped slots [%lu, %lu), empty slots [%lu, %lu)\n", bootinfo->untyped.start,
                   bootinfo->untyped.end, bootinfo->empty.start, bootinfo->empty.end);
    if (run_server_demo(bootinfo) != 0) tessera_printf("demo: the client/server part failed\n");
#ifdef CONFIG_DEBUG_BUILD
    seL4_DebugHalt();
#endif
    return 0; /* other configurations: sel4runtime suspends the thread */
}
