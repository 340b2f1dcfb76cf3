/* SPDX-License-Identifier: BSD-2-Clause */
/* Constructors on start-up and the exit path (as seL4's sel4runtime). */
#include "runtime_internal.h"

typedef void (*sel4runtime_ctor)(void);

/* Array bounds provided by the linker (user/link/root_task.ld). */
extern sel4runtime_ctor __preinit_array_start[];
extern sel4runtime_ctor __preinit_array_end[];
extern sel4runtime_ctor __init_array_start[];
extern sel4runtime_ctor __init_array_end[];
extern sel4runtime_ctor __fini_array_start[];
extern sel4runtime_ctor __fini_array_end[];

static sel4runtime_exit_cb *exit_callback;
static sel4runtime_pre_exit_cb *pre_exit_callback;

void __sel4runtime_run_constructors(void)
{
    for (sel4runtime_ctor *f = __preinit_array_start; f < __preinit_array_end; ++f) {
        (*f)();
    }
    for (sel4runtime_ctor *f = __init_array_start; f < __init_array_end; ++f) {
        (*f)();
    }
}

static void run_destructors(void)
{
    for (sel4runtime_ctor *f = __fini_array_end; f > __fini_array_start;) {
        (*--f)();
    }
}

sel4runtime_exit_cb *sel4runtime_set_exit(sel4runtime_exit_cb *cb)
{
    sel4runtime_exit_cb *previous = exit_callback;
    exit_callback = cb;
    return previous;
}

sel4runtime_pre_exit_cb *sel4runtime_set_pre_exit(sel4runtime_pre_exit_cb *cb)
{
    sel4runtime_pre_exit_cb *previous = pre_exit_callback;
    pre_exit_callback = cb;
    return previous;
}

static LIBSEL4_NORETURN void stop_thread(void)
{
    (void)seL4_TCB_Suspend(seL4_CapInitThreadTCB);
    /* Only reached if the suspend failed: stop the machine instead (debug kernels only). */
#ifdef CONFIG_DEBUG_BUILD
    seL4_DebugHalt();
#endif
    for (;;) {
        seL4_Yield();
    }
}

void sel4runtime_exit(int code)
{
    if (pre_exit_callback != SEL4RUNTIME_NULL) {
        code = pre_exit_callback(code);
    }
    run_destructors();
    if (exit_callback != SEL4RUNTIME_NULL) {
        exit_callback(code);
    }
    stop_thread();
}

void sel4runtime_abort(void)
{
#ifdef CONFIG_DEBUG_BUILD
    seL4_DebugHalt();
#endif
    stop_thread();
}
