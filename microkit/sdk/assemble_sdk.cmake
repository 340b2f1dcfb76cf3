# SPDX-License-Identifier: BSD-2-Clause
# cmake -DMANIFEST=<sdk_manifest.cmake> -P assemble_sdk.cmake
# Rebuilds the SDK directory from scratch (so nothing stale survives) from
# the paths the manifest lists (written by microkit/sdk/CMakeLists.txt).
cmake_minimum_required(VERSION 3.25)
if(NOT MANIFEST)
  message(FATAL_ERROR "assemble_sdk.cmake: -DMANIFEST=<file> is required")
endif()
include(${MANIFEST})

# copy_file(<from> <to>): one file, failing loudly when it is missing.
function(copy_file from to)
  if(NOT EXISTS ${from})
    message(FATAL_ERROR "SDK: '${from}' does not exist")
  endif()
  get_filename_component(dir ${to} DIRECTORY)
  file(MAKE_DIRECTORY ${dir})
  file(COPY_FILE ${from} ${to} ONLY_IF_DIFFERENT)
endfunction()

# enable_exports(<gen_config.h> <CONFIG_X,...>): the SDK's kernel exports
# these to EL0 where the tree's kernel of the same configuration does not,
# so seL4's "/* disabled: CONFIG_X */" becomes "#define CONFIG_X  1".
function(enable_exports file macros)
  file(READ ${file} text)
  string(REPLACE "," ";" macros "${macros}")
  foreach(macro ${macros})
    string(FIND "${text}" "/* disabled: ${macro} */" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "SDK: ${file} has no line '/* disabled: ${macro} */' to enable")
    endif()
    string(REPLACE "/* disabled: ${macro} */" "#define ${macro}  1" text "${text}")
  endforeach()
  file(WRITE ${file} "${text}")
endfunction()

file(REMOVE_RECURSE ${SDK_DIR})
file(MAKE_DIRECTORY ${SDK_DIR})
file(WRITE ${SDK_DIR}/VERSION "${SDK_VERSION}\n")
if(TOOL STREQUAL "-")
  message(STATUS "SDK: the microkit tool is not built in this tree: no bin/microkit")
else()
  copy_file(${TOOL} ${SDK_DIR}/bin/microkit)
  file(CHMOD ${SDK_DIR}/bin/microkit PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE
       GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endif()

foreach(entry ${BOARD_CONFIGS})
  separate_arguments(fields UNIX_COMMAND "${entry}")
  list(GET fields 0 board)
  list(GET fields 1 arch)
  list(GET fields 2 config)
  list(GET fields 3 libmicrokit)
  list(GET fields 4 kernel)
  list(GET fields 5 loader)
  list(GET fields 6 initialiser)
  list(GET fields 7 exports)
  set(dir ${SDK_DIR}/board/${board}/${config})

  # include/: the layout libsel4's include path has in the tree
  # (tessera_add_libsel4), flattened into one directory.
  file(COPY ${LIBSEL4_DIR}/include/sel4 DESTINATION ${dir}/include)
  file(COPY ${LIBSEL4_DIR}/arch_include/${arch}/sel4 DESTINATION ${dir}/include)
  file(COPY ${LIBSEL4_DIR}/gen_config/${config}/${arch}/kernel DESTINATION ${dir}/include)
  if(NOT exports STREQUAL "-")
    enable_exports(${dir}/include/kernel/gen_config.h "${exports}")
  endif()
  file(COPY ${LIBSEL4_DIR}/gen_config/common/autoconf.h DESTINATION ${dir}/include)
  file(COPY ${LIBSEL4_DIR}/gen_config/common/sel4runtime DESTINATION ${dir}/include)
  copy_file(${SEL4_GEN_CONFIG} ${dir}/include/sel4/gen_config.h)
  copy_file(${LIBMICROKIT_DIR}/include/microkit.h ${dir}/include/microkit.h)
  # Makefiles find the architecture with grep 'CONFIG_SEL4_ARCH  <arch>' (two spaces).
  file(STRINGS ${dir}/include/kernel/gen_config.h arch_line REGEX "^#define CONFIG_SEL4_ARCH  ${arch}$")
  if(NOT arch_line)
    message(FATAL_ERROR "SDK: ${dir}/include/kernel/gen_config.h lacks '#define CONFIG_SEL4_ARCH  ${arch}'")
  endif()

  copy_file(${libmicrokit} ${dir}/lib/libmicrokit.a)
  copy_file(${LIBMICROKIT_DIR}/microkit.ld ${dir}/lib/microkit.ld)

  copy_file(${kernel} ${dir}/elf/sel4.elf)
  if(NOT loader STREQUAL "-")
    copy_file(${loader} ${dir}/elf/loader.elf)
  endif()
  if(NOT initialiser STREQUAL "-")
    copy_file(${initialiser} ${dir}/elf/initialiser.elf)
  endif()
endforeach()

if(IS_DIRECTORY ${EXAMPLES_DIR})
  file(COPY ${EXAMPLES_DIR}/ DESTINATION ${SDK_DIR}/example)
endif()
message(STATUS "SDK ${SDK_VERSION} assembled in ${SDK_DIR}")
