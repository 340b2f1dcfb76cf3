/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The project-wide configuration header seL4's build generates: it pulls in
 * the configuration of the kernel and of every user library that has one
 * (../shared/reference/sel4-config.md). Which kernel/gen_config.h it finds
 * decides the architecture and the configuration (debug, release,
 * benchmark): the build puts exactly one gen_config/<config>/<arch>
 * directory on the include path.
 */
#define AUTOCONF_INCLUDED
#ifndef AUTOCONF_Configuration_H
#define AUTOCONF_Configuration_H

#include <kernel/gen_config.h>
#include <sel4/gen_config.h>
#include <sel4runtime/gen_config.h>

#endif /* AUTOCONF_Configuration_H */
