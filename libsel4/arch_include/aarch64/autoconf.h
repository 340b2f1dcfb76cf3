/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What seL4's generated <autoconf.h> says for the configuration Tessera
 * implements on AArch64 (QEMU virt, EL1 without hypervisor, MCS, debug).
 */
#ifndef TESSERA_LIBSEL4_AUTOCONF_H
#define TESSERA_LIBSEL4_AUTOCONF_H

#include <sel4/config.h>

#define CONFIG_ARCH_ARM 1
#define CONFIG_ARCH_AARCH64 1
#define CONFIG_SEL4_ARCH aarch64
#define CONFIG_WORD_SIZE_64 1
#define CONFIG_HAVE_FPU 1
#define CONFIG_PLAT_QEMU_ARM_VIRT 1
#define CONFIG_ARM_CORTEX_A53 1
#define CONFIG_AARCH64_VSPACE_S2_START_L1 0

#endif /* TESSERA_LIBSEL4_AUTOCONF_H */
