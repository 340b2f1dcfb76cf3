/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Static TLS (ELF TLS variant I, both arches): the thread pointer is the
 * start of the thread area; the TLS block follows at SEL4RUNTIME_TCB_SIZE
 * rounded up to the segment's alignment. The initial image is the PT_TLS
 * segment (.tdata, then .tbss zero-filled).
 */
#include "runtime_internal.h"

void *memcpy(void *dest, const void *src, sel4runtime_size_t n);
void *memset(void *dest, int c, sel4runtime_size_t n);

/* Room for the initial thread's TLS when the program's segment is small enough. */
#define STATIC_TLS_BYTES 4096
#define STATIC_TLS_ALIGN 64
static unsigned char static_tls[STATIC_TLS_BYTES] __attribute__((aligned(STATIC_TLS_ALIGN)));

static const sel4runtime_elf64_phdr *tls_segment;
static int initial_tls_enabled;

static sel4runtime_uintptr_t align_up(sel4runtime_uintptr_t value, sel4runtime_uintptr_t align)
{
    return (value + align - 1) & ~(align - 1);
}

static sel4runtime_uintptr_t tls_align(void)
{
    sel4runtime_uintptr_t align = tls_segment != SEL4RUNTIME_NULL ? tls_segment->p_align : 1;
    /* The thread pointer itself must stay 16-byte aligned (AArch64 TCB, stack-like rules). */
    return align < 16 ? 16 : align;
}

static sel4runtime_uintptr_t block_offset(void)
{
    return align_up(SEL4RUNTIME_TCB_SIZE, tls_align());
}

sel4runtime_size_t sel4runtime_get_tp_offset(void)
{
    return block_offset();
}

sel4runtime_size_t sel4runtime_get_tls_size(void)
{
    sel4runtime_size_t memsz = tls_segment != SEL4RUNTIME_NULL ? tls_segment->p_memsz : 0;
    /* Worst-case slack to align the thread pointer inside arbitrary memory. */
    return tls_align() - 1 + block_offset() + memsz;
}

int sel4runtime_initial_tls_enabled(void)
{
    return initial_tls_enabled;
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
    if (tp != 0) {
        sel4runtime_set_tls_base(tp);
        initial_tls_enabled = 1;
    }
    return tp;
}

int __sel4runtime_write_tls_variable(sel4runtime_uintptr_t dest_tls_base, unsigned char *local_tls_dest,
                                     unsigned char *src, sel4runtime_size_t bytes)
{
    sel4runtime_uintptr_t offset = (sel4runtime_uintptr_t)local_tls_dest - sel4runtime_get_tls_base();
    if (tls_segment == SEL4RUNTIME_NULL || offset < block_offset() ||
        offset + bytes > block_offset() + tls_segment->p_memsz) {
        return -1;
    }
    memcpy((void *)(dest_tls_base + offset), src, bytes);
    return 0;
}

void __sel4runtime_init_tls(void)
{
    const sel4runtime_elf64_ehdr *ehdr = &__ehdr_start;
    const unsigned char *phdrs = (const unsigned char *)ehdr + ehdr->e_phoff;
    for (unsigned i = 0; i < ehdr->e_phnum; ++i) {
        const sel4runtime_elf64_phdr *phdr = (const sel4runtime_elf64_phdr *)(phdrs + i * ehdr->e_phentsize);
        if (phdr->p_type == SEL4RUNTIME_PT_TLS) {
            tls_segment = phdr;
        }
    }
    if (tls_segment != SEL4RUNTIME_NULL && tls_segment->p_align > STATIC_TLS_ALIGN) {
        return;
    }
    if (sel4runtime_get_tls_size() <= STATIC_TLS_BYTES) {
        (void)sel4runtime_move_initial_tls(static_tls);
    }
}
