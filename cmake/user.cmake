# SPDX-License-Identifier: BSD-2-Clause
# User side: libsel4 per architecture and configuration, the runtime
# libraries (sel4runtime, the print helper, the sync library) and
# tessera_add_root_task(). Used by this repository's build (cmake/tessera.cmake)
# and by projects outside it (cmake/TesseraRootTask.cmake), so every path is
# relative to this file.
#
# Configurations: every user program is built for one of the kernel
# configurations debug, release or benchmark (sel4-config.md). It decides
# which <autoconf.h> / <kernel/gen_config.h> the program sees and how the
# runtime libraries are compiled (e.g. sel4runtime names the initial thread
# only in debug builds). A target picks one with CONFIG; without it,
# TESSERA_USER_CONFIG (cache variable, default debug) applies.
include_guard(GLOBAL)
include(${CMAKE_CURRENT_LIST_DIR}/target_flags.cmake)

set(TESSERA_USER_CONFIGS debug release benchmark)
set(TESSERA_USER_CONFIG debug CACHE STRING
  "Configuration of user programs that do not choose one: debug, release or benchmark")
set_property(CACHE TESSERA_USER_CONFIG PROPERTY STRINGS ${TESSERA_USER_CONFIGS})
if(NOT TESSERA_USER_CONFIG IN_LIST TESSERA_USER_CONFIGS)
  message(FATAL_ERROR "TESSERA_USER_CONFIG is '${TESSERA_USER_CONFIG}'; use debug, release or benchmark")
endif()

# The repository root, for functions called from any directory or project.
get_filename_component(tessera_root_ ${CMAKE_CURRENT_LIST_DIR}/.. ABSOLUTE)
set_property(GLOBAL PROPERTY TESSERA_SOURCE_ROOT ${tessera_root_})
unset(tessera_root_)

function(tessera_check_user_config config)
  if(NOT config IN_LIST TESSERA_USER_CONFIGS)
    message(FATAL_ERROR "unknown configuration '${config}' (debug, release or benchmark)")
  endif()
endfunction()

# tessera_add_libsel4(<arch> <config>): the header-only target
# libsel4-<arch>-<config>. Its include path holds exactly one set of
# configuration headers, gen_config/<config>/<arch>.
function(tessera_add_libsel4 arch config)
  tessera_check_user_config(${config})
  if(TARGET libsel4-${arch}-${config})
    return()
  endif()
  get_property(root GLOBAL PROPERTY TESSERA_SOURCE_ROOT)
  set(lib ${root}/libsel4)
  if(NOT IS_DIRECTORY ${lib}/arch_include/${arch})
    message(FATAL_ERROR "unknown arch '${arch}' (riscv64 or aarch64)")
  endif()
  add_library(libsel4-${arch}-${config} INTERFACE)
  target_include_directories(libsel4-${arch}-${config} INTERFACE
    ${lib}/include ${lib}/arch_include/${arch} ${lib}/gen_config/${config}/${arch} ${lib}/gen_config/common)
endfunction()

# Runtime-support code never needs FP/SIMD registers; keeping it out of them
# (AArch64 variadic prologues otherwise save q0-q7) lets a program that does
# no floating point run before the kernel enables the FPU for EL0.
function(tessera_user_support_flags target arch)
  if(arch STREQUAL "aarch64")
    target_compile_options(${target} PRIVATE -mgeneral-regs-only)
  endif()
endfunction()

# tessera_add_user_libraries(<arch> [CONFIG <config>]) makes, once per arch
# and configuration (suffix <arch>-<config>):
#   libsel4-<suffix>        headers (tessera_add_libsel4)
#   sel4runtime-<suffix>    crt0, start-up, TLS, exit, mem* functions
#   tessera_print-<suffix>  <tessera/print.h> on seL4_DebugPutChar
#   sel4sync-<suffix>       <sync/...>: semaphores, mutexes, condition variables
#   tessera_ring-<suffix>   <ring/byte_ring.h>: the shared-memory SPSC byte ring (header only)
#   tessera_drivers-<suffix> <drivers/...>: user-level device drivers (header only)
#   tessera_process-<suffix> <process/...>: loading and starting processes in their own VSpace
function(tessera_add_user_libraries arch)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "CONFIG" "")
  set(config ${TESSERA_USER_CONFIG})
  if(ARG_CONFIG)
    set(config ${ARG_CONFIG})
  endif()
  set(suffix ${arch}-${config})
  if(TARGET sel4runtime-${suffix})
    return()
  endif()
  tessera_add_libsel4(${arch} ${config})
  get_property(root GLOBAL PROPERTY TESSERA_SOURCE_ROOT)

  set(rt ${root}/user/sel4runtime)
  add_library(sel4runtime-${suffix} STATIC
    ${rt}/src/arch/${arch}/crt0.S
    ${rt}/src/start.c
    ${rt}/src/start_root.c
    ${rt}/src/start_process.c
    ${rt}/src/process_stack.c
    ${rt}/src/tls.c
    ${rt}/src/exit.c
    ${rt}/src/mem.c)
  tessera_target_flags(sel4runtime-${suffix} ${arch} user)
  tessera_user_support_flags(sel4runtime-${suffix} ${arch})
  # The mem* loops must not be recognised and turned back into mem* calls.
  set_source_files_properties(${rt}/src/mem.c TARGET_DIRECTORY sel4runtime-${suffix}
    PROPERTIES COMPILE_OPTIONS "-fno-builtin")
  target_include_directories(sel4runtime-${suffix} PUBLIC ${rt}/include ${rt}/arch_include/${arch})
  target_link_libraries(sel4runtime-${suffix} PUBLIC libsel4-${suffix})

  set(print ${root}/user/lib/print)
  add_library(tessera_print-${suffix} STATIC ${print}/print.cpp)
  tessera_target_flags(tessera_print-${suffix} ${arch} user)
  tessera_user_support_flags(tessera_print-${suffix} ${arch})
  target_include_directories(tessera_print-${suffix} PUBLIC ${print}/include)
  # The formatter is header-only (libs/format).
  target_include_directories(tessera_print-${suffix} PRIVATE ${root}/libs/format/include)
  target_link_libraries(tessera_print-${suffix} PUBLIC libsel4-${suffix} sel4runtime-${suffix})

  set(sync ${root}/user/lib/sync)
  add_library(sel4sync-${suffix} STATIC ${sync}/src/atomic.c ${sync}/src/recursive_mutex.c)
  tessera_target_flags(sel4sync-${suffix} ${arch} user)
  tessera_user_support_flags(sel4sync-${suffix} ${arch})
  target_include_directories(sel4sync-${suffix} PUBLIC ${sync}/include)
  target_link_libraries(sel4sync-${suffix} PUBLIC libsel4-${suffix})

  add_library(tessera_ring-${suffix} INTERFACE)
  target_include_directories(tessera_ring-${suffix} INTERFACE ${root}/user/lib/ring/include)
  set(process ${root}/user/lib/process)
  add_library(tessera_process-${suffix} STATIC ${process}/src/vm.cpp ${process}/src/image.cpp
    ${process}/src/process.cpp)
  tessera_target_flags(tessera_process-${suffix} ${arch} user)
  tessera_user_support_flags(tessera_process-${suffix} ${arch})
  target_include_directories(tessera_process-${suffix} PUBLIC ${process}/include)
  target_include_directories(tessera_process-${suffix} PRIVATE ${root}/libs/elf/include)
  target_link_libraries(tessera_process-${suffix} PUBLIC libsel4-${suffix} sel4runtime-${suffix})

  add_library(tessera_drivers-${suffix} INTERFACE)
  target_include_directories(tessera_drivers-${suffix} INTERFACE ${root}/user/lib/drivers/include)
endfunction()

# tessera_add_root_task(<name> ARCH <arch> SOURCES <files...> [CONFIG <config>]
#                       [LIBS <libs...>] [TARGET <target>] [EXTERNAL])
# Builds target <name>-<arch> (or TARGET), output <target>.elf: a static root
# task linked at 0x400000 with sel4runtime, the print helper, the sync library
# and libsel4 of <arch> in <config> (default TESSERA_USER_CONFIG). EXTERNAL:
# the sources are not Tessera's, so Tessera's -Werror warning set is not
# imposed on them.
function(tessera_add_root_task name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "EXTERNAL" "ARCH;CONFIG;TARGET" "SOURCES;LIBS")
  if(NOT ARG_ARCH OR NOT ARG_SOURCES)
    message(FATAL_ERROR "tessera_add_root_task(${name}): ARCH and SOURCES are required")
  endif()
  set(config ${TESSERA_USER_CONFIG})
  if(ARG_CONFIG)
    set(config ${ARG_CONFIG})
  endif()
  tessera_add_user_libraries(${ARG_ARCH} CONFIG ${config})
  set(suffix ${ARG_ARCH}-${config})
  get_property(root GLOBAL PROPERTY TESSERA_SOURCE_ROOT)
  set(linker_script ${root}/user/link/root_task.ld)
  set(target ${name}-${ARG_ARCH})
  if(ARG_TARGET)
    set(target ${ARG_TARGET})
  endif()
  add_executable(${target} ${ARG_SOURCES})
  if(ARG_EXTERNAL)
    tessera_arch_flags(${target} ${ARG_ARCH} user)
  else()
    tessera_target_flags(${target} ${ARG_ARCH} user)
  endif()
  set_target_properties(${target} PROPERTIES SUFFIX ".elf" TESSERA_USER_CONFIG ${config})
  target_link_libraries(${target} PRIVATE ${ARG_LIBS}
    tessera_print-${suffix} sel4sync-${suffix} sel4runtime-${suffix} libsel4-${suffix})
  # 4 KiB pages on both arches (lld's AArch64 default would align segments to 64 KiB).
  target_link_options(${target} PRIVATE -T ${linker_script} -Wl,-z,max-page-size=4096)
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${linker_script})
endfunction()
