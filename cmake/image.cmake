# SPDX-License-Identifier: BSD-2-Clause
# tessera_add_image(<name> ARCH <arch> ROOT_TASK <root-task target> [KERNEL <kernel target>])
# Packs the debug kernel kernel-<arch> (or KERNEL, e.g. kernel-<arch>-release or
# kernel-<arch>-bench, cmake/tessera.cmake) and the root task into ${CMAKE_BINARY_DIR}/images/<name>-<arch>.img
# (an ELF that QEMU boots with -kernel) and adds it to the default build.
# The image path is stored in the global property TESSERA_IMAGE_<name>-<arch>.
function(tessera_add_image name)
  cmake_parse_arguments(I "" "ARCH;ROOT_TASK;KERNEL" "" ${ARGN})
  if(NOT I_KERNEL)
    set(I_KERNEL kernel-${I_ARCH})
  endif()
  set(out ${CMAKE_BINARY_DIR}/images/${name}-${I_ARCH}.img)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/images
    COMMAND $<TARGET_FILE:tessera-image> --arch ${I_ARCH}
            --kernel $<TARGET_FILE:${I_KERNEL}>
            --root-task $<TARGET_FILE:${I_ROOT_TASK}>
            --output ${out}
    DEPENDS tessera-image ${I_KERNEL} ${I_ROOT_TASK}
    COMMENT "Packing ${name}-${I_ARCH}.img"
    VERBATIM)
  add_custom_target(image-${name}-${I_ARCH} ALL DEPENDS ${out})
  set_property(GLOBAL PROPERTY TESSERA_IMAGE_${name}-${I_ARCH} ${out})
endfunction()

# tessera_add_qemu_test(<test name> ARCH <arch> IMAGE <name> [TIMEOUT s] [ARGS qemu-run args...])
function(tessera_add_qemu_test test)
  cmake_parse_arguments(Q "" "ARCH;IMAGE;TIMEOUT" "ARGS" ${ARGN})
  if(NOT Q_TIMEOUT)
    set(Q_TIMEOUT ${TESSERA_QEMU_TIMEOUT})
  endif()
  get_property(image GLOBAL PROPERTY TESSERA_IMAGE_${Q_IMAGE}-${Q_ARCH})
  add_test(NAME ${test}
    COMMAND ${CMAKE_SOURCE_DIR}/scripts/qemu-run.sh --arch ${Q_ARCH} --image ${image}
            --timeout ${Q_TIMEOUT} --log ${CMAKE_BINARY_DIR}/logs/${test}.log ${Q_ARGS})
  # ctest's own limit is a second safety net behind the runner's timeout.
  math(EXPR ctest_timeout "${Q_TIMEOUT} + 30")
  set_tests_properties(${test} PROPERTIES TIMEOUT ${ctest_timeout} LABELS "qemu;${Q_ARCH}")
endfunction()
