// SPDX-License-Identifier: BSD-2-Clause
// Build-time configuration flags of the kernel core, as constexpr values so
// that disabled features are still compiled (and type-checked) everywhere.
#pragma once

#ifndef TESSERA_INVARIANT_CHECKS
#define TESSERA_INVARIANT_CHECKS 0
#endif

#ifndef TESSERA_BENCHMARK
#define TESSERA_BENCHMARK 0
#endif

#ifndef TESSERA_DEBUG_BUILD
#define TESSERA_DEBUG_BUILD 1
#endif

namespace kern::config {

// The debug kernel (seL4's KernelDebugBuild with KernelPrinting): debug
// system calls, thread names, the no-fault-handler print.
inline constexpr bool debug_build = TESSERA_DEBUG_BUILD != 0;
inline constexpr bool printing = debug_build;

// The benchmark kernel (kernel-<arch>-bench): user mode may read the cycle /
// instruction counter, as seL4's KernelArmExportPMUUser (sel4-abi.md §2.4);
// RISC-V user code reads instret without help. Invariant checks are off in
// it so they do not count in the measurements.
inline constexpr bool benchmark = TESSERA_BENCHMARK != 0;

// CMake option TESSERA_INVARIANT_CHECKS: run the global invariant checker
// (kern/invariants.hpp, invariants.md §2.1–2.4) at every kernel exit.
inline constexpr bool invariant_checks = TESSERA_INVARIANT_CHECKS != 0;

}  // namespace kern::config
