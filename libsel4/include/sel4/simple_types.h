/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fixed-width integer names of libsel4. Both Tessera targets (AArch64 and
 * RISC-V 64) are LP64, so the word is 64 bits everywhere; the host tests are
 * LP64 as well. Written without <stdint.h> so that freestanding C++ in the
 * kernel can include it with only libsel4/include on the include path.
 */
#ifndef SEL4_SIMPLE_TYPES_H
#define SEL4_SIMPLE_TYPES_H

#include <sel4/macros.h>

typedef signed char seL4_Int8;
typedef unsigned char seL4_Uint8;
typedef signed short seL4_Int16;
typedef unsigned short seL4_Uint16;
typedef signed int seL4_Int32;
typedef unsigned int seL4_Uint32;
typedef signed long seL4_Int64;
typedef unsigned long seL4_Uint64;

typedef seL4_Int8 seL4_Bool;
#define seL4_True 1
#define seL4_False 0
#define seL4_Null ((void *)0)

typedef seL4_Uint64 seL4_Word;
typedef seL4_Word seL4_CPtr;
typedef seL4_Word seL4_NodeId;
typedef seL4_Word seL4_PAddr;
typedef seL4_Word seL4_Domain;
typedef seL4_Word seL4_SlotPos;

/* printf formats matching the typedefs above. */
#define SEL4_PRId64 "ld"
#define SEL4_PRIi64 "li"
#define SEL4_PRIu64 "lu"
#define SEL4_PRIx64 "lx"
#define SEL4_PRId_word SEL4_PRId64
#define SEL4_PRIi_word SEL4_PRIi64
#define SEL4_PRIu_word SEL4_PRIu64
#define SEL4_PRIx_word SEL4_PRIx64
#define SEL4_PRI_word SEL4_PRIu64

SEL4_STATIC_ASSERT(sizeof(seL4_Uint8) == 1, "seL4_Uint8 is one byte");
SEL4_STATIC_ASSERT(sizeof(seL4_Uint16) == 2, "seL4_Uint16 is two bytes");
SEL4_STATIC_ASSERT(sizeof(seL4_Uint32) == 4, "seL4_Uint32 is four bytes");
SEL4_STATIC_ASSERT(sizeof(seL4_Uint64) == 8, "seL4_Uint64 is eight bytes");
SEL4_STATIC_ASSERT(sizeof(seL4_Word) == sizeof(void *), "seL4_Word is pointer sized (LP64 only)");

#endif /* SEL4_SIMPLE_TYPES_H */
