/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A process's start-up stack, in the System V layout seL4's sel4runtime
 * and sel4utils use: argc, argv[argc], NULL, envp..., NULL, then the
 * auxiliary vector up to AT_NULL. The seL4 entries of the vector say where
 * the initial thread's IPC buffer is (AT_SEL4_IPC_BUFFER, or
 * AT_SEL4_IPC_BUFFER_PTR: the address of a word holding it), its TCB cap
 * (AT_SEL4_TCB) and, if given, a BootInfo (AT_SEL4_BOOT_INFO).
 */
#include "runtime_internal.h"

static char unnamed[] = "process";

void __sel4runtime_parse_process_stack(seL4_Word *stack, struct sel4runtime_process *out,
                                       seL4_IPCBuffer **ipc_buffer, seL4_CPtr *tcb)
{
    out->argc = (int)stack[0];
    out->argv = (char **)&stack[1];
    out->envp = (const char *const *)&out->argv[out->argc + 1];
    const char *const *env_end = out->envp;
    while (*env_end != SEL4RUNTIME_NULL) {
        env_end++;
    }
    out->auxv = (const auxv_t *)(env_end + 1);
    out->name = out->argc > 0 && out->argv[0] != SEL4RUNTIME_NULL ? out->argv[0] : unnamed;
    out->bootinfo = SEL4RUNTIME_NULL;
    *ipc_buffer = SEL4RUNTIME_NULL;
    *tcb = seL4_CapNull;
    for (const auxv_t *a = out->auxv; a->a_type != AT_NULL; a++) {
        switch (a->a_type) {
        case AT_SEL4_IPC_BUFFER:
            *ipc_buffer = (seL4_IPCBuffer *)a->a_un.a_ptr;
            break;
        case AT_SEL4_IPC_BUFFER_PTR:
            *ipc_buffer = *(seL4_IPCBuffer *const *)a->a_un.a_ptr;
            break;
        case AT_SEL4_TCB:
            *tcb = (seL4_CPtr)a->a_un.a_val;
            break;
        case AT_SEL4_BOOT_INFO:
            out->bootinfo = (seL4_BootInfo *)a->a_un.a_ptr;
            break;
        default:
            break;
        }
    }
}

