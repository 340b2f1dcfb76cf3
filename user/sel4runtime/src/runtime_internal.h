/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared between the runtime's source files; not installed. */
#ifndef SEL4RUNTIME_INTERNAL_H
#define SEL4RUNTIME_INTERNAL_H

#include <sel4runtime.h>
#include <sel4runtime/gen_config.h>

/* ELF64 program headers, as far as the runtime reads them (System V gABI). */
typedef struct {
    unsigned char e_ident[16];
    seL4_Uint16 e_type;
    seL4_Uint16 e_machine;
    seL4_Uint32 e_version;
    seL4_Uint64 e_entry;
    seL4_Uint64 e_phoff;
    seL4_Uint64 e_shoff;
    seL4_Uint32 e_flags;
    seL4_Uint16 e_ehsize;
    seL4_Uint16 e_phentsize;
    seL4_Uint16 e_phnum;
    seL4_Uint16 e_shentsize;
    seL4_Uint16 e_shnum;
    seL4_Uint16 e_shstrndx;
} sel4runtime_elf64_ehdr;

typedef struct {
    seL4_Uint32 p_type;
    seL4_Uint32 p_flags;
    seL4_Uint64 p_offset;
    seL4_Uint64 p_vaddr;
    seL4_Uint64 p_paddr;
    seL4_Uint64 p_filesz;
    seL4_Uint64 p_memsz;
    seL4_Uint64 p_align;
} sel4runtime_elf64_phdr;

/*
 * Finds PT_TLS and gives the initial thread its TLS (in the static area if
 * it fits), then its IPC buffer and, in debug builds, its name. Runs before
 * any __thread access.
 */
void __sel4runtime_init_tls(seL4_CPtr tcb, seL4_IPCBuffer *ipc_buffer, const char *name);

/* Runs .preinit_array and .init_array. */
void __sel4runtime_run_constructors(void);

/* What the running program was started with (start.c keeps it). */
struct sel4runtime_process {
    seL4_BootInfo *bootinfo; /* the root task's, or AT_SEL4_BOOT_INFO, or null */
    const char *name;
    int argc;
    char **argv;
    const char *const *envp;
    const auxv_t *auxv;
};
void __sel4runtime_set_process(const struct sel4runtime_process *process);

/* Reads a process's start-up stack (start_process.c): arguments,
 * environment, auxiliary vector, and from it the IPC buffer and TCB cap
 * (null and seL4_CapNull when the vector does not say). */
void __sel4runtime_parse_process_stack(seL4_Word *stack, struct sel4runtime_process *out,
                                       seL4_IPCBuffer **ipc_buffer, seL4_CPtr *tcb);

/* Constructors, main with the recorded arguments, then sel4runtime_exit. */
LIBSEL4_NORETURN void __sel4runtime_run_main(void);

/* The ELF header of the running image (mapped: the linker script loads the headers). */
extern const sel4runtime_elf64_ehdr __ehdr_start;

#endif /* SEL4RUNTIME_INTERNAL_H */
