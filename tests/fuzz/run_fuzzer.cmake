# SPDX-License-Identifier: BSD-2-Clause
# Runs one libFuzzer target for a fixed time on a copy of its seed corpus
# (the checked-in files plus those fuzz_seeds writes), so the source tree is
# never written. Fails on any crash, leak, timeout or sanitizer report.
# cmake -DFUZZER=<binary> -DSEEDS=<fuzz_seeds> -DNAME=<target> -DCORPUS=<dir>
#       -DWORK=<scratch dir> [-DSECONDS=15] -P run_fuzzer.cmake
if(NOT DEFINED SECONDS)
  set(SECONDS 15)
endif()
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/corpus ${WORK}/artifacts)
if(IS_DIRECTORY ${CORPUS})
  file(GLOB seeds ${CORPUS}/*)
  file(COPY ${seeds} DESTINATION ${WORK}/corpus)
endif()
execute_process(COMMAND ${SEEDS} ${NAME} ${WORK}/corpus RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "fuzz_seeds ${NAME} failed (${status})")
endif()
file(GLOB seeds ${WORK}/corpus/*)
list(LENGTH seeds seed_count)
if(seed_count EQUAL 0)
  message(FATAL_ERROR "no seed inputs for ${NAME}")
endif()

execute_process(
  COMMAND ${FUZZER} -max_total_time=${SECONDS} -timeout=5 -rss_limit_mb=2048 -print_final_stats=1
          -artifact_prefix=${WORK}/artifacts/ ${WORK}/corpus
  RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
# libFuzzer exits non-zero on a crash, leak, timeout or out-of-memory; the
# sanitizers abort (-fno-sanitize-recover). The output is searched as well,
# in case a report did not end the run.
string(REGEX MATCH "(ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|SUMMARY: )" report "${output}")
string(REGEX MATCH "Done ([0-9]+) runs" done "${output}")
if(NOT status EQUAL 0 OR report OR NOT done OR CMAKE_MATCH_1 EQUAL 0)
  message("${output}")
  file(GLOB artifacts ${WORK}/artifacts/*)
  message(FATAL_ERROR "fuzzing ${NAME} failed (status ${status}); reproducer: ${artifacts}")
endif()
message("${NAME}: ${done} from ${seed_count} seeds, no failure")
