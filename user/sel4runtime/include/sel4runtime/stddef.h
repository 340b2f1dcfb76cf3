/* SPDX-License-Identifier: BSD-2-Clause */
/* Size types of the runtime, independent of any C library. */
#ifndef SEL4RUNTIME_STDDEF_H
#define SEL4RUNTIME_STDDEF_H

typedef __SIZE_TYPE__ sel4runtime_size_t;
typedef __PTRDIFF_TYPE__ sel4runtime_ptrdiff_t;
#define SEL4RUNTIME_NULL ((void *)0)

#endif /* SEL4RUNTIME_STDDEF_H */
