# SPDX-License-Identifier: BSD-2-Clause
# Build helpers shared by every directory. One build tree holds the host
# tests and the bare-metal targets for every architecture; cross targets get
# their flags per target, never through CMAKE_<LANG>_FLAGS, so nothing leaks
# between the host and the targets.

include(${CMAKE_CURRENT_LIST_DIR}/target_flags.cmake)

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
