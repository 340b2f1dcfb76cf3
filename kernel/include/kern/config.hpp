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
// The host core library (host unit tests) is built as debug.
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

// CMake option TESSERA_INVARIANT_CHECKS (debug kernel only): run the global
// invariant checker (kern/invariants.hpp, invariants.md §2.1–2.5) at every
// kernel exit. Kernels without it do not link the checker at all.
inline constexpr bool invariant_checks = TESSERA_INVARIANT_CHECKS != 0;

static_assert(debug_build || !invariant_checks, "the invariant checker is debug-only code");
static_assert(!(debug_build && benchmark), "a benchmark kernel is a release kernel");

}  // namespace kern::config
