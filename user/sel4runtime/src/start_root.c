/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Root-task start-up, entered from crt0 on the static stack with the
 * BootInfo pointer the kernel left in a0/x0 (sel4-abi.md §14.3).
 */
#include "runtime_internal.h"

/* libsel4's IPC-buffer pointer (sel4-abi.md §2.3); defined here as libsel4 is header-only. */
LIBSEL4_THREAD_LOCAL seL4_IPCBuffer *__sel4_ipc_buffer;

/*
 * main. Under -ffreestanding C++ does not treat main specially, so a C++
 * root task's main carries a mangled name; accept the C name and the two
 * C++ forms, whichever the program defines.
 */
int main(int argc, char **argv) __attribute__((weak));
int sel4runtime_cxx_main_args_(int argc, char **argv) __asm__("_Z4mainiPPc") __attribute__((weak));
int sel4runtime_cxx_main_void_(void) __asm__("_Z4mainv") __attribute__((weak));
LIBSEL4_NORETURN void __sel4runtime_start_root(seL4_BootInfo *bootinfo);

static seL4_BootInfo *boot_info;
/* main may modify its arguments, so they live in writable storage. */
static char root_name[] = "rootserver";
static char *root_argv[] = {root_name, SEL4RUNTIME_NULL};
static char root_env_sel4[] = "seL4=1";
static const char *const root_envp[] = {root_env_sel4, SEL4RUNTIME_NULL};
static auxv_t root_auxv[8];

seL4_BootInfo *sel4runtime_bootinfo(void)
{
    return boot_info;
}

char const *sel4runtime_process_name(void)
{
    return root_name;
}

char const *const *sel4runtime_argv(void)
{
    return (char const *const *)root_argv;
}

int sel4runtime_argc(void)
{
    return 1;
}

char const *const *sel4runtime_envp(void)
{
    return root_envp;
}

auxv_t const *sel4runtime_auxv(void)
{
    return root_auxv;
}

static void build_auxv(void)
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
    root_auxv[5].a_un.a_ptr = boot_info;
    root_auxv[6].a_type = AT_SEL4_TCB;
    root_auxv[6].a_un.a_val = seL4_CapInitThreadTCB;
    root_auxv[7].a_type = AT_NULL;
    root_auxv[7].a_un.a_val = 0;
}

void __sel4runtime_start_root(seL4_BootInfo *bootinfo)
{
    boot_info = bootinfo;
    /*
     * TLS first: __sel4_ipc_buffer is itself thread-local, so the runtime
     * sets it (and, in debug builds, names the thread "rootserver" with
     * seL4_DebugNameThread) as soon as the TLS exists.
     */
    __sel4runtime_init_tls(seL4_CapInitThreadTCB, bootinfo->ipcBuffer, sel4runtime_process_name());
    build_auxv();
    __sel4runtime_run_constructors();
    int code;
    if (main != SEL4RUNTIME_NULL) {
        code = main(sel4runtime_argc(), root_argv);
    } else if (sel4runtime_cxx_main_args_ != SEL4RUNTIME_NULL) {
        code = sel4runtime_cxx_main_args_(sel4runtime_argc(), root_argv);
    } else if (sel4runtime_cxx_main_void_ != SEL4RUNTIME_NULL) {
        code = sel4runtime_cxx_main_void_();
    } else {
#ifdef CONFIG_PRINTING
        seL4_DebugPutString("sel4runtime: no main\n");
#endif
        sel4runtime_abort();
    }
    sel4runtime_exit(code);
}
