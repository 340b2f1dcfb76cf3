/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The auxiliary vector the runtime builds for main's process: System V ABI
 * entry types plus seL4's own (the values of seL4's sel4runtime). For the
 * root task it describes the program headers, the BootInfo and the TCB.
 */
#ifndef SEL4RUNTIME_AUXV_H
#define SEL4RUNTIME_AUXV_H

/* Standard entry and program-header types. */
#define AT_NULL 0
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define PT_TLS 7
#define PT_NUM 8
#define AT_ENTRY 9
#define AT_SYSINFO 32

/* seL4-specific entry types. */
#define AT_SEL4_BOOT_INFO 64
#define AT_SEL4_CSPACE_DESCRIPTOR 65
#define AT_SEL4_VSYSCALL 66
#define AT_SEL4_IPC_BUFFER_PTR 67
#define AT_SEL4_IPC_BUFFER 68
#define AT_SEL4_TCB 69
#define AT_SEL4_CNODE 70
#define AT_SEL4_VSPACE 71
#define AT_SEL4_ASID_POOL 72

typedef struct {
    int a_type;
    union {
        long a_val;
        void *a_ptr;
        void (*a_fnc)(void);
    } a_un;
} auxv_t;

#define ARRAY_LENGTH(a) (sizeof(a) / sizeof((a)[0]))

#endif /* SEL4RUNTIME_AUXV_H */
