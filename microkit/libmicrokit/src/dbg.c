/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Debug console output for PDs (seL4_DebugPutChar, present only when the
 * kernel is built with printing) and the default assertion handler.
 */
#include <microkit.h>

void microkit_dbg_putc(int c)
{
#ifdef CONFIG_PRINTING
    seL4_DebugPutChar((char)c);
#else
    (void)c;
#endif
}

void microkit_dbg_puts(const char *s)
{
    while (*s != '\0') {
        microkit_dbg_putc(*s++);
    }
}

static void put_decimal(seL4_Uint32 value)
{
    char digits[10]; /* 4294967295 */
    unsigned int count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (count > 0) {
        microkit_dbg_putc(digits[--count]);
    }
}

void microkit_dbg_put8(seL4_Uint8 x)
{
    put_decimal(x);
}

void microkit_dbg_put32(seL4_Uint32 x)
{
    put_decimal(x);
}

/*
 * What <assert.h> of a C library calls on a failed assert(). Weak: a PD that
 * links its own C library keeps that library's handler.
 */
__attribute__((noreturn)) void __assert_fail(const char *assertion, const char *file, unsigned int line,
                                             const char *function);

__attribute__((weak, noreturn)) void __assert_fail(const char *assertion, const char *file, unsigned int line,
                                                   const char *function)
{
    microkit_dbg_puts(microkit_name);
    microkit_dbg_puts("|assert failed: ");
    microkit_dbg_puts(assertion != 0 ? assertion : "?");
    microkit_dbg_puts(" (");
    microkit_dbg_puts(file != 0 ? file : "?");
    microkit_dbg_puts(":");
    microkit_dbg_put32(line);
    if (function != 0) {
        microkit_dbg_puts(", ");
        microkit_dbg_puts(function);
    }
    microkit_dbg_puts(")\n");
    microkit_internal_crash(seL4_NoError);
    for (;;) {
    }
}
