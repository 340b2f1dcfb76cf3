// SPDX-License-Identifier: BSD-2-Clause
// Build-time configuration flags of the kernel core, as constexpr values so
// that disabled features are still compiled (and type-checked) everywhere.
//
// The kernel is built in the three configurations seL4 and Microkit ship
// (kernel/CMakeLists.txt, TESSERA_KERNEL_CONFIGS in cmake/tessera.cmake):
//   debug      kernel-<arch>:         debug_build, invariant_checks (unless
//                                     the CMake option turns them off)
//   release    kernel-<arch>-release: none of the flags
//   benchmark  kernel-<arch>-bench:   benchmark only
// Each has the IPC fast path (CMake option TESSERA_FASTPATH, default on);
// kernel-<arch>-slowpath is the debug kernel without it, for the suite.
// The host core library (host unit tests) is built as debug, with the fast
// path switchable at run time (kern/fastpath.hpp).
#pragma once

#ifndef TESSERA_DEBUG_BUILD
#define TESSERA_DEBUG_BUILD 0
#endif

#ifndef TESSERA_INVARIANT_CHECKS
#define TESSERA_INVARIANT_CHECKS 0
#endif

#ifndef TESSERA_BENCHMARK
#define TESSERA_BENCHMARK 0
#endif

#ifndef TESSERA_FASTPATH
#define TESSERA_FASTPATH 1
#endif

// seL4's KernelArmExport*User options (sel4-abi.md §2.4), AArch64 only:
// 1 lets EL0 use that counter / timer directly. Chosen per kernel
// configuration in kernel/CMakeLists.txt.
#ifndef TESSERA_EXPORT_PMU_USER
#define TESSERA_EXPORT_PMU_USER 0
#endif
#ifndef TESSERA_EXPORT_VCNT_USER
#define TESSERA_EXPORT_VCNT_USER 0
#endif
#ifndef TESSERA_EXPORT_PCNT_USER
#define TESSERA_EXPORT_PCNT_USER 0
#endif
#ifndef TESSERA_EXPORT_PTMR_USER
#define TESSERA_EXPORT_PTMR_USER 0
#endif
#ifndef TESSERA_EXPORT_VTMR_USER
#define TESSERA_EXPORT_VTMR_USER 0
#endif

namespace kern::config {

// seL4's KernelDebugBuild (CONFIG_DEBUG_BUILD, sel4-config.md): code that
// exists only to find bugs (checks, diagnostics, the no-fault-handler
// print) tests this and compiles away in release and benchmark kernels.
inline constexpr bool debug_build = TESSERA_DEBUG_BUILD != 0;

// seL4's KernelPrinting (CONFIG_PRINTING): on in all three configurations,
// as in the release build sel4-config.md describes, so the debug system
// calls (DebugPutChar ... DebugNameThread) exist everywhere: the suite, the
// demo and the benchmarks print and stop QEMU through them.
inline constexpr bool printing = true;

// The benchmark kernel (kernel-<arch>-bench): user mode may read the cycle /
// instruction counter, as seL4's KernelArmExportPMUUser (sel4-abi.md §2.4);
// RISC-V user code reads instret without help. It is a release kernel
// otherwise: no invariant checks count in the measurements.
inline constexpr bool benchmark = TESSERA_BENCHMARK != 0;

// What EL0 may use without a system call on AArch64 (sel4-abi.md §2.4),
// seL4's defaults all off:
//   export_pmu_user   KernelArmExportPMUUser   PMUSERENR_EL0.EN (PMCCNTR_EL0 ...)
//   export_vcnt_user  KernelArmExportVCNTUser  CNTVCT_EL0, CNTFRQ_EL0
//   export_pcnt_user  KernelArmExportPCNTUser  CNTPCT_EL0, CNTFRQ_EL0
//   export_ptmr_user  KernelArmExportPTMRUser  the EL1 physical timer CNTP_*
//   export_vtmr_user  KernelArmExportVTMRUser  the virtual timer CNTV_* (the
//                                              kernel's own timer: never on)
// The benchmark kernel exports PMU + VCNT (as seL4's benchmark builds); the
// debug kernel, which the test suite runs on, exports PCNT + PTMR as
// sel4test's qemu-arm-virt configuration does, so a user-level timer driver
// can use the physical timer and its PPI 30 through IRQControl; release
// exports nothing. <autoconf.h> says the same (libsel4/gen_config).
inline constexpr bool export_pmu_user = TESSERA_EXPORT_PMU_USER != 0;
inline constexpr bool export_vcnt_user = TESSERA_EXPORT_VCNT_USER != 0;
inline constexpr bool export_pcnt_user = TESSERA_EXPORT_PCNT_USER != 0;
inline constexpr bool export_ptmr_user = TESSERA_EXPORT_PTMR_USER != 0;
inline constexpr bool export_vtmr_user = TESSERA_EXPORT_VTMR_USER != 0;
static_assert(!export_vtmr_user, "the virtual timer is the kernel's (kernel/arch/aarch64/platform/timer.cpp)");

// CMake option TESSERA_INVARIANT_CHECKS (debug kernel only): run the global
// invariant checker (kern/invariants.hpp, invariants.md §2.1–2.5) at every
// kernel exit. Kernels without it do not link the checker at all.
inline constexpr bool invariant_checks = TESSERA_INVARIANT_CHECKS != 0;

// seL4's KernelFastpath: Call and ReplyRecv in their common case take a
// straight-line path (kernel/core/ipc/fastpath.cpp) with the same result as
// the general one.
inline constexpr bool fastpath = TESSERA_FASTPATH != 0;

static_assert(debug_build || !invariant_checks, "the invariant checker is debug-only code");
static_assert(!(debug_build && benchmark), "a benchmark kernel is a release kernel");

}  // namespace kern::config
