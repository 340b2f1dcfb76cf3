/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The auxiliary vector the runtime builds for main's process (System V ABI
 * names). For the root task it describes the program headers and page size.
 */
#ifndef SEL4RUNTIME_AUXV_H
#define SEL4RUNTIME_AUXV_H

#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_ENTRY 9

typedef struct {
    long a_type;
    union {
        long a_val;
        void *a_ptr;
        void (*a_fnc)(void);
    } a_un;
} auxv_t;

#endif /* SEL4RUNTIME_AUXV_H */
