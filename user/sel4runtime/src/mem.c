/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The memory functions the compiler may call on its own. Built with
 * -fno-builtin so these loops are not turned back into calls to themselves.
 */
#include <sel4runtime/stddef.h>

void *memcpy(void *dest, const void *src, sel4runtime_size_t n);
void *memmove(void *dest, const void *src, sel4runtime_size_t n);
void *memset(void *dest, int c, sel4runtime_size_t n);
int memcmp(const void *a, const void *b, sel4runtime_size_t n);

void *memcpy(void *dest, const void *src, sel4runtime_size_t n)
{
    unsigned char *d = (unsigned char *)dest;
    const unsigned char *s = (const unsigned char *)src;
    while (n-- > 0) {
        *d++ = *s++;
    }
    return dest;
}

void *memmove(void *dest, const void *src, sel4runtime_size_t n)
{
    unsigned char *d = (unsigned char *)dest;
    const unsigned char *s = (const unsigned char *)src;
    if (d < s) {
        while (n-- > 0) {
            *d++ = *s++;
        }
    } else {
        while (n-- > 0) {
            d[n] = s[n];
        }
    }
    return dest;
}

void *memset(void *dest, int c, sel4runtime_size_t n)
{
    unsigned char *d = (unsigned char *)dest;
    while (n-- > 0) {
        *d++ = (unsigned char)c;
    }
    return dest;
}

int memcmp(const void *a, const void *b, sel4runtime_size_t n)
{
    const unsigned char *x = (const unsigned char *)a;
    const unsigned char *y = (const unsigned char *)b;
    for (; n > 0; --n, ++x, ++y) {
        if (*x != *y) {
            return *x < *y ? -1 : 1;
        }
    }
    return 0;
}
