# SPDX-License-Identifier: BSD-2-Clause
# The kernel's mapping rules (kern/kernel_mappings.hpp), one boot per probe
# of the debug kernel (kern/mapping_probe.hpp): the kernel must stop with the
# panic status and a kernel-fault message naming the rule, for a fault at the
# very address the probe accessed (not a later one elsewhere). A probe the
# hardware does not stop ends in a different panic ("did not fault"), so the
# test fails if the rule is broken. Included by CMakeLists.txt per ${arch}.
# (AArch64 exec-user: the root task's pages are writable at EL0, which the
# architecture makes PXN by itself, so the probe makes its target page
# read-only at EL0 first and the test sees the PXN bit of user pages.)
set(_rule_write_text "W\\^X: kernel text is read-only")
set(_rule_write_rodata "kernel rodata is read-only")
set(_rule_exec_data "W\\^X: only kernel text is executable")
set(_rule_exec_stack "W\\^X: only kernel text is executable")
set(_rule_exec_user "the kernel never executes user memory")
set(_rule_read_user "the kernel never accesses user memory through a user address")
set(_access_write_text write)
set(_access_write_rodata write)
set(_access_exec_data "instruction fetch")
set(_access_exec_stack "instruction fetch")
set(_access_exec_user "instruction fetch")
set(_access_read_user read)

foreach(probe write-text write-rodata exec-data exec-stack exec-user read-user)
  string(REPLACE "-" "_" key ${probe})
  set(cpu_args "")
  if(arch STREQUAL "aarch64" AND probe STREQUAL "read-user")
    # PAN is ARMv8.1: the runner's default cortex-a53 has none.
    set(cpu_args --cpu max)
  endif()
  tessera_add_qemu_test(qemu.${arch}.mapping_probe_${key} ARCH ${arch} IMAGE sel4test TIMEOUT 30
    ARGS ${cpu_args} --append "tessera.mapping_probe=${probe}" --expect-status 3
         --require "^Tessera: mapping probe ${probe} requested"
         --require "^Tessera: mapping probe ${probe} faulted at its target 0x[0-9a-f]+$"
         --require "^KERNEL PANIC: kernel ${_access_${key}} at 0x[0-9a-f]+ breaks a mapping rule: ${_rule_${key}} \\("
         --forbid "did not fault" --forbid "not at its target")
endforeach()

if(arch STREQUAL "aarch64")
  # Without PAN the kernel says so at boot, and the read-user probe reports
  # the rule as not enforced instead of passing silently.
  tessera_add_qemu_test(qemu.${arch}.mapping_probe_read_user_no_pan ARCH ${arch} IMAGE sel4test TIMEOUT 30
    ARGS --cpu cortex-a53 --append "tessera.mapping_probe=read-user" --expect-status 3
         --require "^Tessera: this CPU has no PAN"
         --require "^KERNEL PANIC: mapping probe read-user: the kernel did not fault, .* \\(AArch64: needs PAN\\)$")
  # With PAN the whole suite runs: no kernel path touches a user address.
  # (qemu.aarch64.suite_cpu_max, CMakeLists.txt, boots with -cpu max.)
endif()
