/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libsel4's own configuration (the same in every Tessera configuration,
 * ../shared/reference/sel4-config.md): every stub is a static inline
 * function in the headers, invocation errors are not printed, and the
 * IPC-buffer pointer is thread-local.
 */
#pragma once

#define CONFIG_LIB_SEL4_FUNCTION_ATTRIBUTE  inline
#define CONFIG_LIB_SEL4_INLINE_INVOCATIONS  1
#define CONFIG_LIB_SEL4_PRINT_INVOCATION_ERRORS  0
/* disabled: CONFIG_LIB_SEL4_PUBLIC_SYMBOLS */
#define CONFIG_LIB_SEL4_USE_THREAD_LOCALS  1
