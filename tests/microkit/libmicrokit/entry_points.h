/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The PD entry points of the libmicrokit host test, defined in C
 * (entry_points.c: `protected` is a C++ keyword) and forwarded to hooks the
 * C++ test sets.
 */
#ifndef LIBMICROKIT_TEST_ENTRY_POINTS_H
#define LIBMICROKIT_TEST_ENTRY_POINTS_H

#include <microkit.h>

#ifdef __cplusplus
extern "C" {
#endif

struct entry_point_hooks {
    void (*constructor)(int which); /* the two constructors in the test's .init_array */
    void (*init)(void);
    void (*notified)(microkit_channel ch);
    microkit_msginfo (*protected_)(microkit_channel ch, microkit_msginfo msginfo);
    seL4_Bool (*fault)(microkit_child child, microkit_msginfo msginfo, microkit_msginfo *reply_msginfo);
};

extern struct entry_point_hooks test_hooks;

/* main() of libmicrokit's main.c, renamed for the host build (-Dmain=libmicrokit_main). */
int libmicrokit_main(void);

#ifdef __cplusplus
}
#endif

#endif /* LIBMICROKIT_TEST_ENTRY_POINTS_H */
