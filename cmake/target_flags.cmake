# SPDX-License-Identifier: BSD-2-Clause
# Compiler and linker flags of the bare-metal targets (kernel and user), one
# clang for every architecture (toolchain.md §2). Included by tessera.cmake
# and by TesseraRootTask.cmake (projects outside this repository), so every
# path here is relative to this file, never to CMAKE_SOURCE_DIR.
include_guard(GLOBAL)

set(TESSERA_ARCHES riscv64 aarch64)
set(TESSERA_FREESTANDING_STUB ${CMAKE_CURRENT_LIST_DIR}/freestanding-stub)

# Warnings for every target we compile, host or bare metal.
set(TESSERA_WARNINGS -Wall -Wextra -Werror -Wshadow -Wcast-qual -Wno-unused-command-line-argument)

# tessera_arch_flags(<target> <arch> <kind>): code generation, freestanding
# and link flags, no warnings. KIND is `kernel` (soft-float, no FP/SIMD
# registers, freestanding C++) or `user` (hard-float, as seL4 user code is
# built).
function(tessera_arch_flags target arch kind)
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
    message(FATAL_ERROR "unknown arch '${arch}' (riscv64 or aarch64)")
  endif()
  list(APPEND flags -ffreestanding -fno-pic -fno-stack-protector
       -fno-asynchronous-unwind-tables -fno-unwind-tables -O2 -g
       -Wno-unused-command-line-argument)
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

# tessera_target_flags(<target> <arch> <kind>): the above plus Tessera's
# warnings (-Werror), for code in this repository.
function(tessera_target_flags target arch kind)
  tessera_arch_flags(${target} ${arch} ${kind})
  target_compile_options(${target} PRIVATE ${TESSERA_WARNINGS})
endfunction()
