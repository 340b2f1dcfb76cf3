/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * How seL4_Fault_t is laid out and accessed, shared by the per-arch
 * <sel4/sel4_arch/faults.h>. libsel4 generates seL4_Fault_t from its
 * bitfield specification (sel4_arch/types.bf) as a tagged union in an array
 * of words: the tag (the fault type) in bits 0-3 of word 0, the fields of
 * each fault listed from the top word down, the last field in word 1 (or in
 * the upper bits of word 0). The macros below define, for one field at
 * words[word] bits [shift, shift + width), the accessors libsel4 generates:
 *   seL4_Fault_<Fault>_get_<Field>(seL4_Fault_t)
 *   seL4_Fault_<Fault>_set_<Field>(seL4_Fault_t, value) -> seL4_Fault_t
 *   seL4_Fault_<Fault>_ptr_get_<Field>(seL4_Fault_t *)
 *   seL4_Fault_<Fault>_ptr_set_<Field>(seL4_Fault_t *, value)
 * Values wider than the field are truncated to it.
 */
#ifndef SEL4_FAULT_FIELDS_H
#define SEL4_FAULT_FIELDS_H

#include <sel4/macros.h>
#include <sel4/simple_types.h>

#define SEL4_FAULT_FIELD_MASK_(width) (~0ull >> (64 - (width)))

#define SEL4_FAULT_FIELD_(fault, field, word, shift, width)                                                 \
    LIBSEL4_INLINE_FUNC seL4_Uint64 seL4_Fault_##fault##_get_##field(seL4_Fault_t seL4_Fault)               \
    {                                                                                                       \
        return (seL4_Fault.words[word] >> (shift)) & SEL4_FAULT_FIELD_MASK_(width);                         \
    }                                                                                                       \
    LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_##fault##_set_##field(seL4_Fault_t seL4_Fault, seL4_Uint64 v64) \
    {                                                                                                       \
        seL4_Fault.words[word] &= ~(SEL4_FAULT_FIELD_MASK_(width) << (shift));                              \
        seL4_Fault.words[word] |= (v64 & SEL4_FAULT_FIELD_MASK_(width)) << (shift);                         \
        return seL4_Fault;                                                                                  \
    }                                                                                                       \
    LIBSEL4_INLINE_FUNC seL4_Uint64 seL4_Fault_##fault##_ptr_get_##field(seL4_Fault_t *seL4_Fault_ptr)      \
    {                                                                                                       \
        return seL4_Fault_##fault##_get_##field(*seL4_Fault_ptr);                                           \
    }                                                                                                       \
    LIBSEL4_INLINE_FUNC void seL4_Fault_##fault##_ptr_set_##field(seL4_Fault_t *seL4_Fault_ptr, seL4_Uint64 v64) \
    {                                                                                                       \
        *seL4_Fault_ptr = seL4_Fault_##fault##_set_##field(*seL4_Fault_ptr, v64);                           \
    }

/* A whole-word field of a fault whose last field is in word 1: field number n of count is in word count - n. */
#define SEL4_FAULT_WORD_(fault, field, word) SEL4_FAULT_FIELD_(fault, field, word, 0, 64)

/* The tag: the fault type, bits 0-3 of word 0 (the same for every fault). */
#define SEL4_FAULT_TAG_ACCESSORS_()                                                                  \
    LIBSEL4_INLINE_FUNC seL4_Uint64 seL4_Fault_get_seL4_FaultType(seL4_Fault_t seL4_Fault)           \
    {                                                                                                \
        return seL4_Fault.words[0] & 0xfull;                                                         \
    }                                                                                                \
    LIBSEL4_INLINE_FUNC seL4_Uint64 seL4_Fault_ptr_get_seL4_FaultType(seL4_Fault_t *seL4_Fault_ptr) \
    {                                                                                                \
        return seL4_Fault_ptr->words[0] & 0xfull;                                                    \
    }                                                                                                \
    /* A fault of the given type with every field 0. */                                             \
    LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_empty_(seL4_Uint64 type)                             \
    {                                                                                                \
        seL4_Fault_t fault;                                                                          \
        unsigned i;                                                                                  \
        for (i = 0; i < sizeof(fault.words) / sizeof(fault.words[0]); ++i) {                         \
            fault.words[i] = 0;                                                                      \
        }                                                                                            \
        fault.words[0] = type & 0xfull;                                                              \
        return fault;                                                                                \
    }

#endif /* SEL4_FAULT_FIELDS_H */
