/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The seL4 run-time for C and C++ programs: start-up of the root task
 * (stack, BootInfo, IPC buffer, static TLS, constructors, main) and the
 * exit path. The names follow seL4's sel4runtime so that programs written
 * for it build unchanged.
 */
#ifndef SEL4RUNTIME_H
#define SEL4RUNTIME_H

#include <sel4/sel4.h>
#include <sel4runtime/auxv.h>
#include <sel4runtime/stddef.h>
#include <sel4runtime/stdint.h>
#include <sel4runtime/thread.h>

SEL4_BEGIN_DECLS

/* Base name of argv[0]; the root task is called "rootserver". */
char const *sel4runtime_process_name(void);

/* The vectors main was called with (root task: argc 1, argv {"rootserver", NULL}). */
char const *const *sel4runtime_argv(void);
int sel4runtime_argc(void);
char const *const *sel4runtime_envp(void);
auxv_t const *sel4runtime_auxv(void);

/* The BootInfo the kernel passed to the root task (NULL in other processes). */
seL4_BootInfo *sel4runtime_bootinfo(void);

/*
 * sel4runtime_get_tls_base() / sel4runtime_set_tls_base(tls_base): the
 * calling thread's thread pointer (static inline, <sel4runtime/thread_arch.h>).
 */

/*
 * Bytes needed for one thread's TLS area (TCB, block and alignment slack).
 * A new thread gets its TLS and IPC buffer as in seL4: memory of this size,
 * tp = sel4runtime_write_tls_image(memory),
 * sel4runtime_set_tls_variable(tp, __sel4_ipc_buffer, its_buffer), then
 * seL4_TCB_SetTLSBase(its_tcb, tp).
 */
sel4runtime_size_t sel4runtime_get_tls_size(void);

/* Offset of the TLS block from the thread pointer. */
sel4runtime_size_t sel4runtime_get_tp_offset(void);

/*
 * Whether the initial thread has its TLS: false only if it did not fit the
 * static area (CONFIG_SEL4RUNTIME_STATIC_TLS); then
 * sel4runtime_move_initial_tls must be called first.
 */
int sel4runtime_initial_tls_enabled(void);

/*
 * Writes a fresh TLS image into tls_memory (at least
 * sel4runtime_get_tls_size() bytes) and returns the thread pointer to give
 * the new thread (seL4_TCB_SetTLSBase), or 0 on error.
 */
sel4runtime_uintptr_t sel4runtime_write_tls_image(void *tls_memory);

/*
 * Gives the initial thread a fresh TLS in tls_memory and returns its thread
 * pointer; also sets its IPC buffer and, in debug builds, names the thread
 * after the process (seL4_DebugNameThread), as the start-up does.
 */
sel4runtime_uintptr_t sel4runtime_move_initial_tls(void *tls_memory);

/* Copies bytes into the TLS of the thread whose thread pointer is dest_tls_base. */
int __sel4runtime_write_tls_variable(sel4runtime_uintptr_t dest_tls_base, unsigned char *local_tls_dest,
                                     unsigned char *src, sel4runtime_size_t bytes);

/* Writes `variable` (a __thread object) of the thread with thread pointer `thread_pointer`. */
#define sel4runtime_set_tls_variable(thread_pointer, variable, value)                                      \
    __extension__({                                                                                        \
        __typeof__(variable) sel4runtime_typed_value_ = (value);                                           \
        __sel4runtime_write_tls_variable((thread_pointer), (unsigned char *)&(variable),                   \
                                         (unsigned char *)&sel4runtime_typed_value_,                       \
                                         sizeof(sel4runtime_typed_value_));                                \
    })

/* Called last on exit, instead of suspending the thread; returns the previous one. */
typedef void sel4runtime_exit_cb(int code);
sel4runtime_exit_cb *sel4runtime_set_exit(sel4runtime_exit_cb *cb);

/* Called first on exit; returns the exit code to use. Returns the previous one. */
typedef int sel4runtime_pre_exit_cb(int code);
sel4runtime_pre_exit_cb *sel4runtime_set_pre_exit(sel4runtime_pre_exit_cb *cb);

/*
 * Runs the pre-exit callback, the destructors (.fini_array) and the exit
 * callback, then suspends the thread (root task: seL4_CapInitThreadTCB).
 */
LIBSEL4_NORETURN void sel4runtime_exit(int code);

/* Tessera addition: stops at once (no destructors), for unrecoverable errors. */
LIBSEL4_NORETURN void sel4runtime_abort(void);

SEL4_END_DECLS

#endif /* SEL4RUNTIME_H */
