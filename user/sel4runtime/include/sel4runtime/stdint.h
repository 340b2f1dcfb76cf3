/* SPDX-License-Identifier: BSD-2-Clause */
/* Integer types of the runtime, independent of any C library. */
#ifndef SEL4RUNTIME_STDINT_H
#define SEL4RUNTIME_STDINT_H

typedef __UINTPTR_TYPE__ sel4runtime_uintptr_t;
typedef __INTPTR_TYPE__ sel4runtime_intptr_t;

#endif /* SEL4RUNTIME_STDINT_H */
