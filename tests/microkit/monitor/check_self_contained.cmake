# SPDX-License-Identifier: BSD-2-Clause
# Fails when the static library ARCHIVE refers to a symbol it does not define:
# the monitor links it without any C or C++ runtime, so a call the compiler
# introduced (memcpy, memset, __cxa_*) or a libc function would not link.
# Usage: cmake -DNM=<llvm-nm> -DARCHIVE=<lib.a> -P check_self_contained.cmake
cmake_minimum_required(VERSION 3.25)
execute_process(COMMAND ${NM} --undefined-only --just-symbol-name ${ARCHIVE}
  OUTPUT_VARIABLE undefined RESULT_VARIABLE undefined_status)
execute_process(COMMAND ${NM} --defined-only --just-symbol-name ${ARCHIVE}
  OUTPUT_VARIABLE defined RESULT_VARIABLE defined_status)
if(NOT undefined_status EQUAL 0 OR NOT defined_status EQUAL 0)
  message(FATAL_ERROR "${NM} could not read ${ARCHIVE}")
endif()
string(REGEX MATCHALL "[^\n]+" undefined "${undefined}")
string(REGEX MATCHALL "[^\n]+" defined "${defined}")
set(external "")
foreach(symbol IN LISTS undefined)
  # Member headers ("name.o:") are not symbols.
  if(NOT symbol MATCHES ":$" AND NOT symbol IN_LIST defined)
    list(APPEND external ${symbol})
  endif()
endforeach()
list(REMOVE_DUPLICATES external)
if(external)
  message(FATAL_ERROR "${ARCHIVE} needs symbols from outside: ${external}")
endif()
list(LENGTH defined count)
message(STATUS "${ARCHIVE}: self-contained (${count} defined symbols)")
