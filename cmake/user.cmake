# SPDX-License-Identifier: BSD-2-Clause
# User-side build helpers: the per-arch runtime libraries and
# tessera_add_root_task(). Included from user/CMakeLists.txt.

# Cache-free globals: the functions below are called from other directories
# (e.g. tests/target), where plain directory variables would be unset.
set_property(GLOBAL PROPERTY TESSERA_USER_DIR ${CMAKE_SOURCE_DIR}/user)

# Runtime-support code never needs FP/SIMD registers; keeping it out of them
# (AArch64 variadic prologues otherwise save q0-q7) lets a program that does
# no floating point run before the kernel enables the FPU for EL0.
function(tessera_user_support_flags target arch)
  if(arch STREQUAL "aarch64")
    target_compile_options(${target} PRIVATE -mgeneral-regs-only)
  endif()
endfunction()

# sel4runtime-<arch> (static): crt0, start-up, TLS, exit, mem* functions.
# tessera_print-<arch> (static): <tessera/print.h> on seL4_DebugPutChar.
function(tessera_add_user_libraries arch)
  get_property(TESSERA_USER_DIR GLOBAL PROPERTY TESSERA_USER_DIR)
  set(rt ${TESSERA_USER_DIR}/sel4runtime)
  add_library(sel4runtime-${arch} STATIC
    ${rt}/src/arch/${arch}/crt0.S
    ${rt}/src/start_root.c
    ${rt}/src/tls.c
    ${rt}/src/exit.c
    ${rt}/src/mem.c)
  tessera_target_flags(sel4runtime-${arch} ${arch} user)
  tessera_user_support_flags(sel4runtime-${arch} ${arch})
  # The mem* loops must not be recognised and turned back into mem* calls.
  set_source_files_properties(${rt}/src/mem.c TARGET_DIRECTORY sel4runtime-${arch}
    PROPERTIES COMPILE_OPTIONS "-fno-builtin")
  target_include_directories(sel4runtime-${arch} PUBLIC
    ${rt}/include ${rt}/arch_include/${arch})
  target_link_libraries(sel4runtime-${arch} PUBLIC libsel4-${arch})

  add_library(tessera_print-${arch} STATIC ${TESSERA_USER_DIR}/lib/print/print.cpp)
  tessera_target_flags(tessera_print-${arch} ${arch} user)
  tessera_user_support_flags(tessera_print-${arch} ${arch})
  target_include_directories(tessera_print-${arch} PUBLIC ${TESSERA_USER_DIR}/lib/print/include)
  target_link_libraries(tessera_print-${arch} PUBLIC libsel4-${arch} sel4runtime-${arch})
  target_link_libraries(tessera_print-${arch} PRIVATE format)
endfunction()

# tessera_add_root_task(<name> ARCH <arch> SOURCES <files...> [LIBS <libs...>])
# Builds target <name>-<arch>, output <name>-<arch>.elf, a root task linked
# at 0x400000 with sel4runtime, the print helper and libsel4 for <arch>.
function(tessera_add_root_task name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "ARCH" "SOURCES;LIBS")
  if(NOT ARG_ARCH OR NOT ARG_SOURCES)
    message(FATAL_ERROR "tessera_add_root_task(${name}): ARCH and SOURCES are required")
  endif()
  get_property(user_dir GLOBAL PROPERTY TESSERA_USER_DIR)
  set(linker_script ${user_dir}/link/root_task.ld)
  set(target ${name}-${ARG_ARCH})
  add_executable(${target} ${ARG_SOURCES})
  tessera_target_flags(${target} ${ARG_ARCH} user)
  set_target_properties(${target} PROPERTIES SUFFIX ".elf")
  target_link_libraries(${target} PRIVATE ${ARG_LIBS}
    tessera_print-${ARG_ARCH} sel4runtime-${ARG_ARCH} libsel4-${ARG_ARCH})
  # 4 KiB pages on both arches (lld's AArch64 default would align segments to 64 KiB).
  target_link_options(${target} PRIVATE -T ${linker_script} -Wl,-z,max-page-size=4096)
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${linker_script})
endfunction()
