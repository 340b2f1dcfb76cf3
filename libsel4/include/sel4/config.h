/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The configuration libsel4 is compiled for, as in seL4: the kernel's
 * generated <kernel/gen_config.h> and libsel4's own <sel4/gen_config.h>.
 * Tessera ships one set per architecture and configuration in
 * libsel4/gen_config/ (../shared/reference/sel4-config.md); the build
 * selects one by its include path (cmake/user.cmake).
 */
#ifndef SEL4_CONFIG_H
#define SEL4_CONFIG_H

#include <kernel/gen_config.h>
#include <sel4/gen_config.h>

#endif /* SEL4_CONFIG_H */
