/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel configuration values that all six Tessera configurations
 * (debug, release, benchmark on AArch64 and RISC-V 64) share, for code that
 * includes libsel4's shared headers without choosing an architecture and a
 * configuration: the kernel itself (its own settings are C++ constants in
 * kern/) and the host tests. Only architecture-independent macros appear
 * here; the host test of the configurations checks that each value equals
 * the one in every gen_config/<config>/<arch>/kernel/gen_config.h.
 */
#pragma once

#define CONFIG_BOOT_THREAD_TIME_SLICE  5
#define CONFIG_KERNEL_MCS  1
#define CONFIG_KERNEL_WCET_SCALE  1
#define CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS  230
#define CONFIG_MAX_NUM_NODES  1
#define CONFIG_MAX_NUM_WORK_UNITS_PER_PREEMPTION  100
#define CONFIG_NUM_DOMAINS  1
#define CONFIG_NUM_PRIORITIES  256
#define CONFIG_RESET_CHUNK_BITS  8
#define CONFIG_RETYPE_FAN_OUT_LIMIT  256
#define CONFIG_ROOT_CNODE_SIZE_BITS  12
#define CONFIG_WORD_SIZE  64
