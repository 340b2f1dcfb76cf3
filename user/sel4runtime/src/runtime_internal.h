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

/* The ELF header of the running image (mapped: the linker script loads the headers). */
extern const sel4runtime_elf64_ehdr __ehdr_start;

#endif /* SEL4RUNTIME_INTERNAL_H */
