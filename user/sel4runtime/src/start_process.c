/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Start-up of a process that another program loaded (not the root task),
 * entered from crt0 with the stack the loader built (process_stack.c reads
 * it): TLS with the IPC buffer and name, then main.
 */
#include "runtime_internal.h"

LIBSEL4_NORETURN void __sel4runtime_start_process(seL4_Word *stack);

void __sel4runtime_start_process(seL4_Word *stack)
{
    struct sel4runtime_process process;
    seL4_IPCBuffer *ipc_buffer;
    seL4_CPtr tcb;
    __sel4runtime_parse_process_stack(stack, &process, &ipc_buffer, &tcb);
    __sel4runtime_set_process(&process);
    __sel4runtime_init_tls(tcb, ipc_buffer, process.name);
    __sel4runtime_run_main();
}
