/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * seL4 16.0.0 kernel configuration macros for Tessera's debug configuration on aarch64 (QEMU virt, MCS),
 * in the form seL4's build generates them (../shared/reference/sel4-config.md).
 * debug: seL4's KernelDebugBuild=ON (what sel4test and Microkit's debug configuration build), with the
 * physical counter and timer exported to EL0 as sel4test's qemu-arm-virt build has them (its timer driver).
 * A macro marked disabled is undefined, as in seL4.
 */
#pragma once

#define CONFIG_AARCH64_USER_CACHE_ENABLE  1
#define CONFIG_ARCH  arm
#define CONFIG_ARCH_AARCH64  1
#define CONFIG_ARCH_ARM  1
#define CONFIG_ARCH_ARM_V8A  1
/* disabled: CONFIG_ARCH_RISCV */
/* disabled: CONFIG_ARCH_RISCV64 */
#define CONFIG_ARM_CORTEX_A53  1
#define CONFIG_ARM_HIKEY_OUTSTANDING_PREFETCHERS  0
#define CONFIG_ARM_HIKEY_PREFETCHER_NPFSTRM  0
#define CONFIG_ARM_HIKEY_PREFETCHER_STRIDE  0
/* disabled: CONFIG_ARM_HYPERVISOR_SUPPORT */
#define CONFIG_ARM_ICACHE_VIPT  1
#define CONFIG_ARM_MACH  
#define CONFIG_ARM_PA_SIZE_BITS_40  1
#define CONFIG_ARM_PLAT  qemu-arm-virt
#define CONFIG_ARM_TLS_REG  tpidru
#define CONFIG_ARM_TLS_REG_TPIDRU  1
/* disabled: CONFIG_BENCHMARK_GENERIC */
/* disabled: CONFIG_BENCHMARK_TRACEPOINTS */
/* disabled: CONFIG_BENCHMARK_TRACK_KERNEL_ENTRIES */
/* disabled: CONFIG_BENCHMARK_TRACK_UTILISATION */
#define CONFIG_BOOT_THREAD_TIME_SLICE  5
/* disabled: CONFIG_CLZ_64 */
#define CONFIG_COLOUR_PRINTING  1
/* disabled: CONFIG_CTZ_64 */
/* disabled: CONFIG_DANGEROUS_CODE_INJECTION */
#define CONFIG_DEBUG_BUILD  1
/* disabled: CONFIG_ENABLE_BENCHMARKS */
/* disabled: CONFIG_ENABLE_SMP_SUPPORT */
#define CONFIG_EXPORT_PCNT_USER  1
/* disabled: CONFIG_EXPORT_PMU_USER */
#define CONFIG_EXPORT_PTMR_USER  1
/* disabled: CONFIG_EXPORT_VCNT_USER */
/* disabled: CONFIG_EXPORT_VTMR_USER */
#define CONFIG_FASTPATH  1
/* disabled: CONFIG_FIRST_HART_ID */
/* disabled: CONFIG_HARDWARE_DEBUG_API */
#define CONFIG_HAVE_FPU  1
#define CONFIG_IRQ_REPORTING  1
#define CONFIG_KERNEL_BENCHMARK  none
/* disabled: CONFIG_KERNEL_LOG_BUFFER */
#define CONFIG_KERNEL_MCS  1
#define CONFIG_KERNEL_OPTIMISATION_CLONE_FUNCTIONS  1
#define CONFIG_KERNEL_OPT_LEVEL  -O2
#define CONFIG_KERNEL_OPT_LEVEL_O2  1
#define CONFIG_KERNEL_STACK_BITS  12
#define CONFIG_KERNEL_STATIC_MAX_PERIOD_US  0
#define CONFIG_KERNEL_WCET_SCALE  1
#define CONFIG_L1_CACHE_LINE_SIZE_BITS  6
#define CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS  230
#define CONFIG_MAX_NUM_NODES  1
#define CONFIG_MAX_NUM_TRACE_POINTS  0
#define CONFIG_MAX_NUM_WORK_UNITS_PER_PREEMPTION  100
#define CONFIG_NO_BENCHMARKS  1
#define CONFIG_NUM_DOMAINS  1
#define CONFIG_NUM_DOMAIN_SCHEDULES  2
#define CONFIG_NUM_PRIORITIES  256
/* disabled: CONFIG_OPENSBI_PLATFORM */
#define CONFIG_PADDR_USER_DEVICE_TOP  1099511627776
#define CONFIG_PLAT  qemu-arm-virt
#define CONFIG_PLAT_QEMU_ARM_VIRT  1
/* disabled: CONFIG_PLAT_QEMU_RISCV_VIRT */
#define CONFIG_PRINTING  1
/* disabled: CONFIG_PT_LEVELS */
#define CONFIG_RESET_CHUNK_BITS  8
#define CONFIG_RETYPE_FAN_OUT_LIMIT  256
/* disabled: CONFIG_RISCV_EXT_D */
/* disabled: CONFIG_RISCV_EXT_F */
#define CONFIG_ROOT_CNODE_SIZE_BITS  12
#define CONFIG_SEL4_ARCH  aarch64
/* disabled: CONFIG_SET_TLS_BASE_SELF */
#define CONFIG_TIMER_FREQUENCY  62500000
#define CONFIG_USER_STACK_TRACE_LENGTH  16
/* disabled: CONFIG_VERIFICATION_BUILD */
#define CONFIG_WORD_SIZE  64
