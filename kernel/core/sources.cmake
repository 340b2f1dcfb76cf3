# SPDX-License-Identifier: BSD-2-Clause
# Generic boot and the kernel runtime (included by kernel/CMakeLists.txt).
# Files that also run on the host are added to the host core library too.
set(_core ${CMAKE_CURRENT_LIST_DIR})
get_filename_component(_libs ${_core}/../../libs ABSOLUTE)

set(_boot_host_sources
  ${_core}/boot/page_allocator.cpp
  ${_core}/boot/root_task.cpp
  ${_core}/boot/boot_state.cpp
)
list(APPEND KERNEL_BOOT_SOURCES
  ${_boot_host_sources}
  ${_core}/boot/boot_kernel.cpp
  ${_core}/lib/runtime.cpp
  ${_libs}/runtime/mem.cpp
)
target_sources(kernel_core_host PRIVATE ${_boot_host_sources})

# VSpace objects (core, also on the host, where the host arch records the
# hardware maintenance).
set(_vspace_sources
  ${_core}/vspace/asid.cpp
  ${_core}/vspace/invocations.cpp
)
list(APPEND KERNEL_CORE_SOURCES ${_vspace_sources})
target_sources(kernel_core_host PRIVATE ${_vspace_sources} ${_core}/../arch/host/vspace.cpp)
target_link_libraries(kernel_core_host PUBLIC elf fdt)

