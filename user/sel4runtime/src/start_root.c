/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Root-task start-up, entered from crt0 on the static stack with the
 * BootInfo pointer the kernel left in a0/x0 (sel4-abi.md §14.3).
 */
#include "runtime_internal.h"

LIBSEL4_NORETURN void __sel4runtime_start_root(seL4_BootInfo *bootinfo);

/* main may modify its arguments, so they live in writable storage. */
static char root_name[] = "rootserver";
static char *root_argv[] = {root_name, SEL4RUNTIME_NULL};
static char root_env_sel4[] = "seL4=1";
static const char *const root_envp[] = {root_env_sel4, SEL4RUNTIME_NULL};
static auxv_t root_auxv[8];

static void build_auxv(seL4_BootInfo *bootinfo)
{
    const sel4runtime_elf64_ehdr *ehdr = &__ehdr_start;
    root_auxv[0].a_type = AT_PHDR;
    root_auxv[0].a_un.a_val = (long)((sel4runtime_uintptr_t)ehdr + ehdr->e_phoff);
    root_auxv[1].a_type = AT_PHENT;
    root_auxv[1].a_un.a_val = ehdr->e_phentsize;
    root_auxv[2].a_type = AT_PHNUM;
    root_auxv[2].a_un.a_val = ehdr->e_phnum;
    root_auxv[3].a_type = AT_PAGESZ;
    root_auxv[3].a_un.a_val = (long)seL4_PageSize;
    root_auxv[4].a_type = AT_ENTRY;
    root_auxv[4].a_un.a_val = (long)ehdr->e_entry;
    root_auxv[5].a_type = AT_SEL4_BOOT_INFO;
    root_auxv[5].a_un.a_ptr = bootinfo;
    root_auxv[6].a_type = AT_SEL4_TCB;
    root_auxv[6].a_un.a_val = seL4_CapInitThreadTCB;
    root_auxv[7].a_type = AT_NULL;
    root_auxv[7].a_un.a_val = 0;
}

void __sel4runtime_start_root(seL4_BootInfo *bootinfo)
{
    const struct sel4runtime_process root = {
        .bootinfo = bootinfo,
        .name = root_name,
        .argc = 1,
        .argv = root_argv,
        .envp = root_envp,
        .auxv = root_auxv,
    };
    __sel4runtime_set_process(&root);
    /*
     * TLS first: __sel4_ipc_buffer is itself thread-local, so the runtime
     * sets it (and, in debug builds, names the thread "rootserver" with
     * seL4_DebugNameThread) as soon as the TLS exists.
     */
    __sel4runtime_init_tls(seL4_CapInitThreadTCB, bootinfo->ipcBuffer, root_name);
    build_auxv(bootinfo);
    __sel4runtime_run_main();
}
