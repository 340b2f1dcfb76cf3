/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * printf-style output for user programs on the kernel's debug console
 * (seL4_DebugPutChar, sel4-abi.md §1.4). Formats: %d %i %u %x %X %p %s %c %%,
 * flags '-' '0', a width, length modifiers h hh l ll z j t (libs/format).
 */
#ifndef TESSERA_PRINT_H
#define TESSERA_PRINT_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

int tessera_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int tessera_vprintf(const char *fmt, va_list args) __attribute__((format(printf, 1, 0)));
/* As C snprintf: writes at most size-1 characters plus NUL, returns the untruncated length. */
int tessera_snprintf(char *buffer, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int tessera_vsnprintf(char *buffer, size_t size, const char *fmt, va_list args)
    __attribute__((format(printf, 3, 0)));
/* Writes the string and a newline, as C puts. */
int tessera_puts(const char *text);
int tessera_putchar(int c);

#ifdef __cplusplus
}
#endif

#endif /* TESSERA_PRINT_H */
