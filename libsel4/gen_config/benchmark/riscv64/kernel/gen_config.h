/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * seL4 16.0.0 kernel configuration macros for Tessera's benchmark configuration on riscv64 (QEMU virt, MCS),
 * in the form seL4's build generates them (../shared/reference/sel4-config.md).
 * benchmark: release plus the generic benchmark support (KernelBenchmarks=generic) and, on AArch64,
 * the PMU and virtual counter readable from EL0.
 * A macro marked disabled is undefined, as in seL4.
 */
#pragma once

/* disabled: CONFIG_AARCH64_USER_CACHE_ENABLE */
#define CONFIG_ARCH  riscv
/* disabled: CONFIG_ARCH_AARCH64 */
/* disabled: CONFIG_ARCH_ARM */
/* disabled: CONFIG_ARCH_ARM_V8A */
#define CONFIG_ARCH_RISCV  1
#define CONFIG_ARCH_RISCV64  1
/* disabled: CONFIG_ARM_CORTEX_A53 */
#define CONFIG_ARM_HIKEY_OUTSTANDING_PREFETCHERS  0
#define CONFIG_ARM_HIKEY_PREFETCHER_NPFSTRM  0
#define CONFIG_ARM_HIKEY_PREFETCHER_STRIDE  0
/* disabled: CONFIG_ARM_HYPERVISOR_SUPPORT */
/* disabled: CONFIG_ARM_ICACHE_VIPT */
/* disabled: CONFIG_ARM_MACH */
/* disabled: CONFIG_ARM_PA_SIZE_BITS_40 */
/* disabled: CONFIG_ARM_PLAT */
/* disabled: CONFIG_ARM_TLS_REG */
/* disabled: CONFIG_ARM_TLS_REG_TPIDRU */
#define CONFIG_BENCHMARK_GENERIC  1
/* disabled: CONFIG_BENCHMARK_TRACEPOINTS */
/* disabled: CONFIG_BENCHMARK_TRACK_KERNEL_ENTRIES */
/* disabled: CONFIG_BENCHMARK_TRACK_UTILISATION */
#define CONFIG_BOOT_THREAD_TIME_SLICE  5
#define CONFIG_CLZ_64  1
#define CONFIG_COLOUR_PRINTING  1
#define CONFIG_CTZ_64  1
/* disabled: CONFIG_DANGEROUS_CODE_INJECTION */
/* disabled: CONFIG_DEBUG_BUILD */
#define CONFIG_ENABLE_BENCHMARKS  1
/* disabled: CONFIG_ENABLE_SMP_SUPPORT */
/* disabled: CONFIG_EXPORT_PCNT_USER */
/* disabled: CONFIG_EXPORT_PMU_USER */
/* disabled: CONFIG_EXPORT_PTMR_USER */
/* disabled: CONFIG_EXPORT_VCNT_USER */
/* disabled: CONFIG_EXPORT_VTMR_USER */
#define CONFIG_FASTPATH  1
#define CONFIG_FIRST_HART_ID  0
/* disabled: CONFIG_HARDWARE_DEBUG_API */
#define CONFIG_HAVE_FPU  1
#define CONFIG_IRQ_REPORTING  1
#define CONFIG_KERNEL_BENCHMARK  generic
/* disabled: CONFIG_KERNEL_LOG_BUFFER */
#define CONFIG_KERNEL_MCS  1
#define CONFIG_KERNEL_OPTIMISATION_CLONE_FUNCTIONS  1
#define CONFIG_KERNEL_OPT_LEVEL  -O2
#define CONFIG_KERNEL_OPT_LEVEL_O2  1
#define CONFIG_KERNEL_STACK_BITS  12
#define CONFIG_KERNEL_STATIC_MAX_PERIOD_US  0
#define CONFIG_KERNEL_WCET_SCALE  1
/* disabled: CONFIG_L1_CACHE_LINE_SIZE_BITS */
#define CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS  230
#define CONFIG_MAX_NUM_NODES  1
#define CONFIG_MAX_NUM_TRACE_POINTS  0
#define CONFIG_MAX_NUM_WORK_UNITS_PER_PREEMPTION  100
/* disabled: CONFIG_NO_BENCHMARKS */
#define CONFIG_NUM_DOMAINS  1
#define CONFIG_NUM_DOMAIN_SCHEDULES  2
#define CONFIG_NUM_PRIORITIES  256
#define CONFIG_OPENSBI_PLATFORM  generic
#define CONFIG_PADDR_USER_DEVICE_TOP  549755813888
#define CONFIG_PLAT  qemu-riscv-virt
/* disabled: CONFIG_PLAT_QEMU_ARM_VIRT */
#define CONFIG_PLAT_QEMU_RISCV_VIRT  1
#define CONFIG_PRINTING  1
#define CONFIG_PT_LEVELS  3
#define CONFIG_RESET_CHUNK_BITS  8
#define CONFIG_RETYPE_FAN_OUT_LIMIT  256
#define CONFIG_RISCV_EXT_D  1
#define CONFIG_RISCV_EXT_F  1
#define CONFIG_ROOT_CNODE_SIZE_BITS  12
#define CONFIG_SEL4_ARCH  riscv64
/* disabled: CONFIG_SET_TLS_BASE_SELF */
#define CONFIG_TIMER_FREQUENCY  10000000
#define CONFIG_USER_STACK_TRACE_LENGTH  16
/* disabled: CONFIG_VERIFICATION_BUILD */
#define CONFIG_WORD_SIZE  64
