/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Thread-local storage (ELF TLS variant I on both arches): the thread
 * pointer is the start of the thread area; the TLS block follows at
 * SEL4RUNTIME_TCB_SIZE rounded up to the segment's alignment. The initial
 * image is the PT_TLS segment (.tdata, then .tbss zero-filled).
 *
 * The initial thread gets its TLS in a static area of
 * CONFIG_SEL4RUNTIME_STATIC_TLS bytes when it fits; every other thread (and
 * the initial one when it does not fit) gets a block the program provides,
 * as with seL4's sel4runtime: sel4runtime_get_tls_size() bytes,
 * sel4runtime_write_tls_image(), then seL4_TCB_SetTLSBase() with the result
 * and sel4runtime_set_tls_variable() for __sel4_ipc_buffer.
 */
#include "runtime_internal.h"

void *memcpy(void *dest, const void *src, sel4runtime_size_t n);
void *memset(void *dest, int c, sel4runtime_size_t n);

/* Alignment of the thread pointer whatever the segment asks for (AArch64 TCB, stack-like rules). */
#define MIN_TLS_ALIGN 16

static unsigned char static_tls[CONFIG_SEL4RUNTIME_STATIC_TLS] __attribute__((aligned(MIN_TLS_ALIGN)));

static const sel4runtime_elf64_phdr *tls_segment;

/* The initial thread: what it is named after and gets as IPC buffer once its TLS exists. */
static struct {
    sel4runtime_uintptr_t tls_base; /* 0 until its TLS is set up */
    seL4_CPtr tcb;
    seL4_IPCBuffer *ipc_buffer;
    const char *name;
} initial_thread;

static sel4runtime_uintptr_t align_up(sel4runtime_uintptr_t value, sel4runtime_uintptr_t align)
{
    return (value + align - 1) & ~(align - 1);
}

static sel4runtime_uintptr_t tls_align(void)
{
    sel4runtime_uintptr_t align = tls_segment != SEL4RUNTIME_NULL ? tls_segment->p_align : 1;
    return align < MIN_TLS_ALIGN ? MIN_TLS_ALIGN : align;
}

static sel4runtime_uintptr_t block_offset(void)
{
    return align_up(SEL4RUNTIME_TCB_SIZE, tls_align());
}

static sel4runtime_size_t block_size(void)
{
    return tls_segment != SEL4RUNTIME_NULL ? tls_segment->p_memsz : 0;
}

sel4runtime_size_t sel4runtime_get_tp_offset(void)
{
    return block_offset();
}

sel4runtime_size_t sel4runtime_get_tls_size(void)
{
    /* Worst-case slack to align the thread pointer inside arbitrary memory. */
    return tls_align() - 1 + block_offset() + block_size();
}

int sel4runtime_initial_tls_enabled(void)
{
    return initial_thread.tls_base != 0;
}

sel4runtime_uintptr_t sel4runtime_write_tls_image(void *tls_memory)
{
    if (tls_memory == SEL4RUNTIME_NULL) {
        return 0;
    }
    sel4runtime_uintptr_t tp = align_up((sel4runtime_uintptr_t)tls_memory, tls_align());
    unsigned char *block = (unsigned char *)(tp + block_offset());
    memset((void *)tp, 0, block_offset());
    if (tls_segment != SEL4RUNTIME_NULL) {
        memcpy(block, (const void *)tls_segment->p_vaddr, tls_segment->p_filesz);
        memset(block + tls_segment->p_filesz, 0, tls_segment->p_memsz - tls_segment->p_filesz);
    }
    return tp;
}

sel4runtime_uintptr_t sel4runtime_move_initial_tls(void *tls_memory)
{
    sel4runtime_uintptr_t tp = sel4runtime_write_tls_image(tls_memory);
    if (tp == 0) {
        return 0;
    }
    sel4runtime_set_tls_base(tp);
    /* __sel4_ipc_buffer is thread-local: it can only be set once the TLS exists. */
    if (initial_thread.ipc_buffer != SEL4RUNTIME_NULL) {
        __sel4_ipc_buffer = initial_thread.ipc_buffer;
    }
    initial_thread.tls_base = tp;
#ifdef CONFIG_DEBUG_BUILD
    /* As seL4's sel4runtime: debug builds name the initial thread after the process (needs the IPC buffer). */
    if (initial_thread.tcb != seL4_CapNull && initial_thread.ipc_buffer != SEL4RUNTIME_NULL &&
        initial_thread.name != SEL4RUNTIME_NULL) {
        seL4_DebugNameThread(initial_thread.tcb, initial_thread.name);
    }
#endif
    return tp;
}

int __sel4runtime_write_tls_variable(sel4runtime_uintptr_t dest_tls_base, unsigned char *local_tls_dest,
                                     unsigned char *src, sel4runtime_size_t bytes)
{
    /* The variable's offset in the caller's TLS block is its offset in every thread's block. */
    sel4runtime_uintptr_t offset = (sel4runtime_uintptr_t)local_tls_dest - sel4runtime_get_tls_base();
    if (tls_segment == SEL4RUNTIME_NULL || offset < block_offset() ||
        offset + bytes > block_offset() + block_size()) {
        return -1;
    }
    memcpy((void *)(dest_tls_base + offset), src, bytes);
    return 0;
}

void __sel4runtime_init_tls(seL4_CPtr tcb, seL4_IPCBuffer *ipc_buffer, const char *name)
{
    initial_thread.tcb = tcb;
    initial_thread.ipc_buffer = ipc_buffer;
    initial_thread.name = name;
    const sel4runtime_elf64_ehdr *ehdr = &__ehdr_start;
    const unsigned char *phdrs = (const unsigned char *)ehdr + ehdr->e_phoff;
    for (unsigned i = 0; i < ehdr->e_phnum; ++i) {
        const sel4runtime_elf64_phdr *phdr = (const sel4runtime_elf64_phdr *)(phdrs + i * ehdr->e_phentsize);
        if (phdr->p_type == PT_TLS) {
            tls_segment = phdr;
        }
    }
    /* Too large for the static area: the program must call sel4runtime_move_initial_tls itself. */
    if (sel4runtime_get_tls_size() <= sizeof(static_tls)) {
        (void)sel4runtime_move_initial_tls(static_tls);
    }
}
