# SPDX-License-Identifier: BSD-2-Clause
# Building seL4 root tasks for Tessera in a CMake project outside this
# repository: libsel4 headers of the chosen configuration, sel4runtime,
# Tessera's linker script, a static ELF that `./tessera run` boots.
#
#   cmake_minimum_required(VERSION 3.25)
#   project(hello C)
#   include(/path/to/tessera/cmake/TesseraRootTask.cmake)
#   tessera_root_task(hello ARCH riscv64 SOURCES main.c)
#
# configured with clang (the one compiler for every arch):
#   cmake -G Ninja -DCMAKE_C_COMPILER=/usr/lib/llvm-19/bin/clang -B build
#
# tessera_root_task(<target> ARCH riscv64|aarch64 SOURCES <files...>
#                   [CONFIG debug|release|benchmark]      default debug (TESSERA_USER_CONFIG)
#                   [INCLUDE_DIRECTORIES <dirs...>] [COMPILE_DEFINITIONS <defs...>]
#                   [LIBS <libraries...>] [OUTPUT <file>])
# makes executable target <target> (<target>.elf in the build directory,
# copied to OUTPUT if given). Sources may be C, C++ or assembly (.S); they
# are compiled as seL4 user code for ARCH (--target=..., freestanding, -O2)
# and see <sel4/sel4.h>, <autoconf.h>, <sel4runtime.h>, <sync/...> and
# <tessera/print.h>.
include_guard(GLOBAL)
cmake_minimum_required(VERSION 3.25)

# The runtime has assembly and the print helper C++: enable both, with the
# clang next to the C compiler unless the project chose others.
if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "Tessera root tasks are built with clang, not '${CMAKE_C_COMPILER_ID}': configure with "
                      "-DCMAKE_C_COMPILER=/usr/lib/llvm-19/bin/clang (in a fresh build directory)")
endif()
get_filename_component(tessera_clang_dir_ ${CMAKE_C_COMPILER} DIRECTORY)
get_property(tessera_languages_ GLOBAL PROPERTY ENABLED_LANGUAGES)
if(NOT "CXX" IN_LIST tessera_languages_ AND NOT CMAKE_CXX_COMPILER AND EXISTS ${tessera_clang_dir_}/clang++)
  set(CMAKE_CXX_COMPILER ${tessera_clang_dir_}/clang++)
endif()
if(NOT "ASM" IN_LIST tessera_languages_ AND NOT CMAKE_ASM_COMPILER)
  set(CMAKE_ASM_COMPILER ${CMAKE_C_COMPILER})
endif()
# llvm-ar indexes archives of any target architecture.
if(EXISTS ${tessera_clang_dir_}/llvm-ar)
  set(CMAKE_AR ${tessera_clang_dir_}/llvm-ar)
  set(CMAKE_RANLIB ${tessera_clang_dir_}/llvm-ranlib)
endif()
enable_language(CXX)
enable_language(ASM)
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "Tessera root tasks are built with clang++, not '${CMAKE_CXX_COMPILER_ID}': configure with "
                      "-DCMAKE_CXX_COMPILER=/usr/lib/llvm-19/bin/clang++")
endif()
unset(tessera_clang_dir_)
unset(tessera_languages_)
if(NOT CMAKE_C_STANDARD)
  set(CMAKE_C_STANDARD 11)
endif()
if(NOT CMAKE_CXX_STANDARD)
  set(CMAKE_CXX_STANDARD 20)
endif()

include(${CMAKE_CURRENT_LIST_DIR}/user.cmake)
# Tessera's runtime libraries keep their warnings here, but another clang's
# new warnings must not fail someone else's build.
list(REMOVE_ITEM TESSERA_WARNINGS -Werror)

function(tessera_root_task target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "ARCH;CONFIG;OUTPUT" "SOURCES;INCLUDE_DIRECTORIES;COMPILE_DEFINITIONS;LIBS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "tessera_root_task(${target}): unknown arguments '${ARG_UNPARSED_ARGUMENTS}'")
  endif()
  if(NOT ARG_ARCH)
    message(FATAL_ERROR "tessera_root_task(${target}): ARCH riscv64|aarch64 is required")
  endif()
  if(NOT ARG_ARCH IN_LIST TESSERA_ARCHES)
    message(FATAL_ERROR "tessera_root_task(${target}): unknown arch '${ARG_ARCH}' (riscv64 or aarch64)")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "tessera_root_task(${target}): SOURCES is required")
  endif()
  set(config ${TESSERA_USER_CONFIG})
  if(ARG_CONFIG)
    set(config ${ARG_CONFIG})
  endif()
  tessera_check_user_config(${config})
  tessera_add_root_task(${target} ARCH ${ARG_ARCH} CONFIG ${config} TARGET ${target} EXTERNAL
    SOURCES ${ARG_SOURCES} LIBS ${ARG_LIBS})
  if(ARG_INCLUDE_DIRECTORIES)
    target_include_directories(${target} PRIVATE ${ARG_INCLUDE_DIRECTORIES})
  endif()
  if(ARG_COMPILE_DEFINITIONS)
    target_compile_definitions(${target} PRIVATE ${ARG_COMPILE_DEFINITIONS})
  endif()
  if(ARG_OUTPUT)
    get_filename_component(output ${ARG_OUTPUT} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_BINARY_DIR})
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND ${CMAKE_COMMAND} -E copy $<TARGET_FILE:${target}> ${output}
      COMMENT "Root task ${target} (${ARG_ARCH}, ${config}) -> ${output}"
      VERBATIM)
  endif()
endfunction()
