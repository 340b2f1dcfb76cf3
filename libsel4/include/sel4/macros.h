/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Compiler helpers used by every libsel4 header. Written so that the headers
 * compile as C11 and as C++20 (the kernel includes some of them), with
 * -Wall -Wextra -Werror -pedantic.
 */
#ifndef SEL4_MACROS_H
#define SEL4_MACROS_H

#include <autoconf.h>

/* Every libsel4 function is a header-only inline: no libsel4 archive exists. */
#define LIBSEL4_INLINE static inline
#define LIBSEL4_INLINE_FUNC static inline __attribute__((__unused__))
#define LIBSEL4_UNUSED __attribute__((__unused__))
#define LIBSEL4_WEAK __attribute__((__weak__))
#define LIBSEL4_NORETURN __attribute__((__noreturn__))
#define LIBSEL4_NOINLINE __attribute__((__noinline__))

#ifndef CONST
#define CONST __attribute__((__const__))
#endif
#ifndef PURE
#define PURE __attribute__((__pure__))
#endif

#define SEL4_PACKED __attribute__((__packed__))
#define SEL4_DEPRECATED(msg) __attribute__((__deprecated__(msg)))
#define SEL4_DEPRECATE_MACRO(x) x
#define SEL4_OFFSETOF(type, member) __builtin_offsetof(type, member)
#define SEL4_ALIGNED(n) __attribute__((__aligned__(n)))

/* Compile-time checks that work in both languages. */
#ifdef __cplusplus
#define SEL4_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define SEL4_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif
/* libsel4's historic spelling: a named assertion. */
#define SEL4_COMPILE_ASSERT(name, expr) SEL4_STATIC_ASSERT(expr, #name);
/* Object sizes: index bits + entry bits == object bits. */
#define SEL4_SIZE_SANITY(index, entry, size) SEL4_COMPILE_ASSERT(index##entry##size, (index) + (entry) == (size))

/*
 * libsel4's way to keep an enum as wide as a long: the enumerator to add
 * last. (Not used in these headers: no enum here is stored in a structure
 * shared with the kernel, and the value is outside ISO C's int range.)
 */
#define SEL4_FORCE_LONG_ENUM(type) _enum_pad_##type = ((1ULL << ((sizeof(long) * 8) - 1)) - 1)

#define LIBSEL4_BIT(n) (1ul << (n))

/* Code shared with C++ keeps C linkage for the few out-of-line symbols. */
#ifdef __cplusplus
#define SEL4_BEGIN_DECLS extern "C" {
#define SEL4_END_DECLS }
#else
#define SEL4_BEGIN_DECLS
#define SEL4_END_DECLS
#endif

/*
 * libsel4 keeps the IPC-buffer pointer thread-local (sel4-abi.md §2.3)
 * unless configured with LibSel4UseThreadLocals=OFF.
 */
#ifndef LIBSEL4_THREAD_LOCAL
#ifdef CONFIG_LIB_SEL4_USE_THREAD_LOCALS
#define LIBSEL4_THREAD_LOCAL __thread
#else
#define LIBSEL4_THREAD_LOCAL
#endif
#endif

#endif /* SEL4_MACROS_H */
