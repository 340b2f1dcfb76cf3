# SPDX-License-Identifier: BSD-2-Clause
# Build helpers shared by every directory. One build tree holds the host
# tests and the bare-metal targets for every architecture; cross targets get
# their flags per target, never through CMAKE_<LANG>_FLAGS, so nothing leaks
# between the host and the targets.

set(TESSERA_ARCHES riscv64 aarch64)
set(TESSERA_FREESTANDING_STUB ${CMAKE_SOURCE_DIR}/cmake/freestanding-stub)

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

# Warnings for every target we compile, host or bare metal.
set(TESSERA_WARNINGS -Wall -Wextra -Werror -Wshadow -Wcast-qual -Wno-unused-command-line-argument)

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

# --- bare-metal targets -------------------------------------------------------
# KIND is `kernel` (soft-float, no FP/SIMD registers, freestanding C++) or
# `user` (hard-float, as seL4 user code is built).
function(tessera_target_flags target arch kind)
  if(arch STREQUAL "riscv64")
    if(kind STREQUAL "kernel")
      set(flags --target=riscv64-unknown-elf -march=rv64imac_zicsr_zifencei -mabi=lp64)
    else()
      set(flags --target=riscv64-unknown-elf -march=rv64gc -mabi=lp64d)
    endif()
    list(APPEND flags -mcmodel=medany -mno-relax)
  elseif(arch STREQUAL "aarch64")
    set(flags --target=aarch64-unknown-elf)
    if(kind STREQUAL "kernel")
      list(APPEND flags -mgeneral-regs-only -mstrict-align)
    endif()
  else()
    message(FATAL_ERROR "unknown arch ${arch}")
  endif()
  list(APPEND flags -ffreestanding -fno-pic -fno-stack-protector
       -fno-asynchronous-unwind-tables -fno-unwind-tables
       -O2 -g ${TESSERA_WARNINGS})
  set(cxxflags -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-c++-static-destructors)
  target_compile_options(${target} PRIVATE ${flags}
    "$<$<COMPILE_LANGUAGE:CXX>:${cxxflags}>")
  # libstdc++'s freestanding headers (type_traits, span, array, ...) and a
  # two-line features.h shim keep glibc out (toolchain.md §2). Passed as
  # options, not include directories: CMake drops /usr/include/c++/12 from
  # include lists because it is implicit for the host compiler.
  target_compile_options(${target} PRIVATE
    "$<$<COMPILE_LANGUAGE:CXX>:SHELL:-isystem ${TESSERA_FREESTANDING_STUB}>"
    "$<$<COMPILE_LANGUAGE:CXX>:SHELL:-isystem /usr/include/c++/12>"
    "$<$<COMPILE_LANGUAGE:CXX>:SHELL:-isystem /usr/include/x86_64-linux-gnu/c++/12>")
  target_link_options(${target} PRIVATE ${flags} -nostdlib -static -fuse-ld=lld
    -Wl,--no-undefined -Wl,--build-id=none)
  set_target_properties(${target} PROPERTIES TESSERA_ARCH ${arch})
endfunction()
