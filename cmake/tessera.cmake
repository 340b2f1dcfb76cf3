# SPDX-License-Identifier: BSD-2-Clause
# Build helpers shared by every directory. One build tree holds the host
# tests and the bare-metal targets for every architecture; cross targets get
# their flags per target, never through CMAKE_<LANG>_FLAGS, so nothing leaks
# between the host and the targets.

include(${CMAKE_CURRENT_LIST_DIR}/target_flags.cmake)

# The kernel configurations, as seL4 and Microkit name them (kern/config.hpp):
#   debug      kernel-<arch>.elf          invariant checker at every kernel exit
#                                         (option TESSERA_INVARIANT_CHECKS), debug build
#   release    kernel-<arch>-release.elf  no checker, no debug-only code
#   benchmark  kernel-<arch>-bench.elf    release plus counters readable from user mode
#                                         (sel4-abi.md 2.4)
set(TESSERA_KERNEL_CONFIGS debug release benchmark)

# tessera_kernel_target(<out-var> <arch> <config>): the kernel target of a configuration.
function(tessera_kernel_target out arch config)
  if(config STREQUAL "debug")
    set(${out} kernel-${arch} PARENT_SCOPE)
  elseif(config STREQUAL "release")
    set(${out} kernel-${arch}-release PARENT_SCOPE)
  elseif(config STREQUAL "benchmark")
    set(${out} kernel-${arch}-bench PARENT_SCOPE)
  else()
    message(FATAL_ERROR "unknown kernel configuration '${config}' (${TESSERA_KERNEL_CONFIGS})")
  endif()
endfunction()

# tessera_sdk_kernel_target(<out-var> <arch> <config>): the kernel the
# Microkit SDK ships for a configuration. Microkit's qemu_virt_aarch64 board
# gives EL0 the physical counter and timer in every configuration
# (microkit.md §3.7; sDDF's timer driver needs both), which of our kernels
# only the debug one does: the SDK's AArch64 release and benchmark kernels
# are variants that add these exports (kernel/CMakeLists.txt), and the
# SDK's kernel/gen_config.h defines CONFIG_EXPORT_<X>_USER for them.
set(TESSERA_MICROKIT_AARCH64_EXPORTS PCNT PTMR)
function(tessera_sdk_kernel_target out arch config)
  tessera_kernel_target(kernel ${arch} ${config})
  if(arch STREQUAL "aarch64" AND NOT config STREQUAL "debug")
    string(APPEND kernel -microkit)
  endif()
  set(${out} ${kernel} PARENT_SCOPE)
endfunction()

# --- host -------------------------------------------------------------------
add_library(tessera_host_options INTERFACE)
target_compile_options(tessera_host_options INTERFACE ${TESSERA_WARNINGS} -g)
if(TESSERA_SANITIZE)
  target_compile_options(tessera_host_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(tessera_host_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fuse-ld=lld)
else()
  target_link_options(tessera_host_options INTERFACE -fuse-ld=lld)
endif()

# --- bare-metal targets ------------------------------------------------------
# tessera_target_flags() and tessera_arch_flags() are in target_flags.cmake;
# the user-side libraries and tessera_add_root_task() in user.cmake.
include(${CMAKE_CURRENT_LIST_DIR}/user.cmake)
