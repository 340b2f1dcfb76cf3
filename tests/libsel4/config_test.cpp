// SPDX-License-Identifier: BSD-2-Clause
// The configuration headers of one arch and configuration against
// sel4-config.md (compiled once per arch and configuration into one test
// binary; TESSERA_TEST_SUITE names the suite). Including the
// arch-independent kernel/gen_config.h first makes the compiler reject any
// shared macro whose value differs here (a macro may only be redefined
// identically).
#include TESSERA_ARCH_INDEPENDENT_CONFIG
#include <autoconf.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>


#define TESSERA_STR_(x) #x
#define TESSERA_STR(x) TESSERA_STR_(x)

namespace {

#if defined(TESSERA_TEST_ARCH_AARCH64)
constexpr const char* arch = "aarch64";
#else
constexpr const char* arch = "riscv64";
#endif

TEST(TESSERA_TEST_SUITE, SharedValues) {
    EXPECT_STREQ(TESSERA_STR(CONFIG_SEL4_ARCH), arch);
    EXPECT_EQ(CONFIG_KERNEL_MCS, 1);
    EXPECT_EQ(CONFIG_BOOT_THREAD_TIME_SLICE, 5);
    EXPECT_EQ(CONFIG_NUM_PRIORITIES, 256);
    EXPECT_EQ(CONFIG_MAX_NUM_NODES, 1);
    EXPECT_EQ(CONFIG_WORD_SIZE, 64);
    EXPECT_EQ(CONFIG_ROOT_CNODE_SIZE_BITS, 12);
    EXPECT_EQ(CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS, 230);
    EXPECT_EQ(CONFIG_NUM_DOMAINS, 1);
    EXPECT_EQ(CONFIG_NUM_DOMAIN_SCHEDULES, 2);
    EXPECT_EQ(CONFIG_RETYPE_FAN_OUT_LIMIT, 256);
    EXPECT_EQ(CONFIG_RESET_CHUNK_BITS, 8);
    EXPECT_EQ(CONFIG_MAX_NUM_WORK_UNITS_PER_PREEMPTION, 100);
    EXPECT_EQ(CONFIG_KERNEL_STACK_BITS, 12);
    EXPECT_EQ(CONFIG_KERNEL_WCET_SCALE, 1);
    EXPECT_EQ(CONFIG_KERNEL_STATIC_MAX_PERIOD_US, 0);
    EXPECT_EQ(CONFIG_MAX_NUM_TRACE_POINTS, 0);
    EXPECT_EQ(CONFIG_USER_STACK_TRACE_LENGTH, 16);
    EXPECT_EQ(CONFIG_FASTPATH, 1);
    EXPECT_EQ(CONFIG_HAVE_FPU, 1);
    EXPECT_EQ(CONFIG_PRINTING, 1);
    EXPECT_EQ(CONFIG_COLOUR_PRINTING, 1);
    EXPECT_EQ(CONFIG_IRQ_REPORTING, 1);
    EXPECT_STREQ(TESSERA_STR(CONFIG_KERNEL_OPT_LEVEL), "-O2");
    EXPECT_EQ(CONFIG_ARM_HIKEY_OUTSTANDING_PREFETCHERS, 0);
    EXPECT_EQ(CONFIG_LIB_SEL4_INLINE_INVOCATIONS, 1);
    EXPECT_EQ(CONFIG_LIB_SEL4_USE_THREAD_LOCALS, 1);
    EXPECT_EQ(CONFIG_LIB_SEL4_PRINT_INVOCATION_ERRORS, 0);
    EXPECT_EQ(CONFIG_SEL4RUNTIME_ROOT_STACK, 16384);
    EXPECT_EQ(CONFIG_SEL4RUNTIME_STATIC_TLS, 16384);
#if defined(CONFIG_ENABLE_SMP_SUPPORT) || defined(CONFIG_HARDWARE_DEBUG_API) || defined(CONFIG_ARM_HYPERVISOR_SUPPORT) || \
    defined(CONFIG_SET_TLS_BASE_SELF) || defined(CONFIG_VERIFICATION_BUILD)
    ADD_FAILURE() << "an option Tessera does not have is defined";
#endif
}

TEST(TESSERA_TEST_SUITE, ArchValues) {
#if defined(TESSERA_TEST_ARCH_AARCH64)
    EXPECT_STREQ(TESSERA_STR(CONFIG_ARCH), "arm");
    EXPECT_EQ(CONFIG_ARCH_ARM, 1);
    EXPECT_EQ(CONFIG_ARCH_AARCH64, 1);
    EXPECT_EQ(CONFIG_ARCH_ARM_V8A, 1);
    EXPECT_EQ(CONFIG_ARM_CORTEX_A53, 1);
    EXPECT_EQ(CONFIG_PLAT_QEMU_ARM_VIRT, 1);
    EXPECT_STREQ(TESSERA_STR(CONFIG_PLAT), "qemu-arm-virt");
    EXPECT_STREQ(TESSERA_STR(CONFIG_ARM_TLS_REG), "tpidru");
    EXPECT_EQ(CONFIG_ARM_TLS_REG_TPIDRU, 1);
    EXPECT_EQ(CONFIG_ARM_PA_SIZE_BITS_40, 1);
    EXPECT_EQ(CONFIG_L1_CACHE_LINE_SIZE_BITS, 6);
    EXPECT_EQ(CONFIG_TIMER_FREQUENCY, 62500000);
    EXPECT_EQ(CONFIG_PADDR_USER_DEVICE_TOP, 1099511627776);
#if defined(CONFIG_ARCH_RISCV) || defined(CONFIG_PT_LEVELS) || defined(CONFIG_PLAT_QEMU_RISCV_VIRT)
    ADD_FAILURE() << "a RISC-V macro is defined on AArch64";
#endif
#else
    EXPECT_STREQ(TESSERA_STR(CONFIG_ARCH), "riscv");
    EXPECT_EQ(CONFIG_ARCH_RISCV, 1);
    EXPECT_EQ(CONFIG_ARCH_RISCV64, 1);
    EXPECT_EQ(CONFIG_PT_LEVELS, 3);
    EXPECT_EQ(CONFIG_PLAT_QEMU_RISCV_VIRT, 1);
    EXPECT_EQ(CONFIG_RISCV_EXT_D, 1);
    EXPECT_EQ(CONFIG_RISCV_EXT_F, 1);
    EXPECT_EQ(CONFIG_FIRST_HART_ID, 0);
    EXPECT_EQ(CONFIG_TIMER_FREQUENCY, 10000000);
    EXPECT_EQ(CONFIG_PADDR_USER_DEVICE_TOP, 549755813888);
#if defined(CONFIG_ARCH_ARM) || defined(CONFIG_ARCH_AARCH64) || defined(CONFIG_EXPORT_PMU_USER)
    ADD_FAILURE() << "an Arm macro is defined on RISC-V";
#endif
#endif
}

TEST(TESSERA_TEST_SUITE, ConfigurationValues) {
#if defined(TESSERA_TEST_CONFIG_DEBUG)
#ifndef CONFIG_DEBUG_BUILD
    ADD_FAILURE() << "debug configuration without CONFIG_DEBUG_BUILD";
#endif
#elif defined(CONFIG_DEBUG_BUILD)
    ADD_FAILURE() << "CONFIG_DEBUG_BUILD outside the debug configuration";
#endif
#if defined(TESSERA_TEST_CONFIG_DEBUG) && defined(TESSERA_TEST_ARCH_AARCH64)
    // The suite's kernel: the physical timer for a user-level timer driver.
    EXPECT_EQ(CONFIG_EXPORT_PCNT_USER, 1);
    EXPECT_EQ(CONFIG_EXPORT_PTMR_USER, 1);
#elif defined(CONFIG_EXPORT_PCNT_USER) || defined(CONFIG_EXPORT_PTMR_USER)
    ADD_FAILURE() << "physical timer exported outside the AArch64 debug configuration";
#endif
#if defined(CONFIG_EXPORT_VTMR_USER)
    ADD_FAILURE() << "the virtual timer is the kernel's";
#endif
#if defined(TESSERA_TEST_CONFIG_BENCHMARK)
    EXPECT_EQ(CONFIG_ENABLE_BENCHMARKS, 1);
    EXPECT_EQ(CONFIG_BENCHMARK_GENERIC, 1);
    EXPECT_STREQ(TESSERA_STR(CONFIG_KERNEL_BENCHMARK), "generic");
#ifdef CONFIG_NO_BENCHMARKS
    ADD_FAILURE() << "benchmark configuration with CONFIG_NO_BENCHMARKS";
#endif
#if defined(TESSERA_TEST_ARCH_AARCH64)
    EXPECT_EQ(CONFIG_EXPORT_PMU_USER, 1);
    EXPECT_EQ(CONFIG_EXPORT_VCNT_USER, 1);
#endif
#else
    EXPECT_EQ(CONFIG_NO_BENCHMARKS, 1);
    EXPECT_STREQ(TESSERA_STR(CONFIG_KERNEL_BENCHMARK), "none");
#if defined(CONFIG_ENABLE_BENCHMARKS) || defined(CONFIG_EXPORT_PMU_USER) || defined(CONFIG_EXPORT_VCNT_USER)
    ADD_FAILURE() << "benchmark macros outside the benchmark configuration";
#endif
#endif
}

// seL4's line format, which build scripts grep for (e.g. 'CONFIG_SEL4_ARCH  ').
TEST(TESSERA_TEST_SUITE, LineFormatIsSeL4s) {
    std::ifstream file(TESSERA_KERNEL_GEN_CONFIG);
    ASSERT_TRUE(file.good());
    std::stringstream text;
    text << file.rdbuf();
    EXPECT_NE(text.str().find(std::string("\n#define CONFIG_SEL4_ARCH  ") + arch + "\n"), std::string::npos);
    EXPECT_NE(text.str().find("\n#define CONFIG_KERNEL_MCS  1\n"), std::string::npos);
}

}  // namespace
