/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a program started by sel4runtime can ask about itself (its name,
 * arguments, environment, auxiliary vector, BootInfo), filled in by one of
 * the two entry paths: the root task's (start_root.c) or a process's
 * (start_process.c); and the call of main common to both.
 */
#include "runtime_internal.h"

/* libsel4's IPC-buffer pointer (sel4-abi.md §2.3); defined here as libsel4 is header-only. */
LIBSEL4_THREAD_LOCAL seL4_IPCBuffer *__sel4_ipc_buffer;

/*
 * main. Under -ffreestanding C++ does not treat main specially, so a C++
 * program's main carries a mangled name; accept the C name and the two
 * C++ forms, whichever the program defines.
 */
int main(int argc, char **argv) __attribute__((weak));
int sel4runtime_cxx_main_args_(int argc, char **argv) __asm__("_Z4mainiPPc") __attribute__((weak));
int sel4runtime_cxx_main_void_(void) __asm__("_Z4mainv") __attribute__((weak));

static struct sel4runtime_process process;

void __sel4runtime_set_process(const struct sel4runtime_process *p)
{
    process = *p;
}

seL4_BootInfo *sel4runtime_bootinfo(void)
{
    return process.bootinfo;
}

char const *sel4runtime_process_name(void)
{
    return process.name;
}

char const *const *sel4runtime_argv(void)
{
    return (char const *const *)process.argv;
}

int sel4runtime_argc(void)
{
    return process.argc;
}

char const *const *sel4runtime_envp(void)
{
    return process.envp;
}

auxv_t const *sel4runtime_auxv(void)
{
    return process.auxv;
}

void __sel4runtime_run_main(void)
{
    __sel4runtime_run_constructors();
    int code;
    if (main != SEL4RUNTIME_NULL) {
        code = main(process.argc, process.argv);
    } else if (sel4runtime_cxx_main_args_ != SEL4RUNTIME_NULL) {
        code = sel4runtime_cxx_main_args_(process.argc, process.argv);
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
