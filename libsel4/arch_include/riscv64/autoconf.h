/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What seL4's generated <autoconf.h> says for the configuration Tessera
 * implements on RISC-V 64 (QEMU virt, Sv39, MCS, debug).
 */
#ifndef TESSERA_LIBSEL4_AUTOCONF_H
#define TESSERA_LIBSEL4_AUTOCONF_H

#include <sel4/config.h>

#define CONFIG_ARCH_RISCV 1
#define CONFIG_ARCH_RISCV64 1
#define CONFIG_SEL4_ARCH riscv64
#define CONFIG_RISCV_SV39 1
#define CONFIG_PT_LEVELS 3
#define CONFIG_HAVE_FPU 1
#define CONFIG_PLAT_QEMU_RISCV_VIRT 1

#endif /* TESSERA_LIBSEL4_AUTOCONF_H */
