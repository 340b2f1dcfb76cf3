#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# scripts/qemu-run.sh's verdicts, with QEMU replaced by a stand-in that
# prints a scripted serial output and then exits or idles: --stop-after ends
# an idling guest as a success, a timeout is a failure, --require/--forbid
# and --expect-status judge any run, and a suite report is judged by its
# summary and its end. Needs no build.
# usage: qemu_run_test.sh <source dir>
set -u
src=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runner="$src/scripts/qemu-run.sh"

# The stand-in prints $FAKE_OUTPUT (printf escapes) and then exits with
# $FAKE_STATUS, or idles forever when that is "idle".
mkdir "$work/bin"
cat >"$work/bin/qemu-system-riscv64" <<'FAKE'
#!/bin/sh
printf "$FAKE_OUTPUT"
[ "$FAKE_STATUS" = idle ] && exec sleep 1000
exit "$FAKE_STATUS"
FAKE
chmod +x "$work/bin/qemu-system-riscv64"
export PATH="$work/bin:$PATH"
: >"$work/image.img"

failures=0
# expect NAME STATUS STDERR-PART OUTPUT FAKE-STATUS [qemu-run options...]
# STDERR-PART is a fixed string the runner's stderr must contain ("" for none).
expect() {
    local name=$1 want=$2 part=$3 output=$4 fake_status=$5
    shift 5
    local started=$SECONDS got
    FAKE_OUTPUT=$output FAKE_STATUS=$fake_status \
        "$runner" --arch riscv64 --image "$work/image.img" --quiet "$@" >"$work/out" 2>"$work/err"
    got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL: $name: status $got, expected $want; stderr: $(cat "$work/err")" >&2
        failures=$((failures + 1))
    elif [ -n "$part" ] && ! grep -qF -- "$part" "$work/err"; then
        echo "FAIL: $name: stderr lacks '$part': $(cat "$work/err")" >&2
        failures=$((failures + 1))
    elif [ $((SECONDS - started)) -gt 8 ]; then
        echo "FAIL: $name: took $((SECONDS - started)) s; the line was there at once" >&2
        failures=$((failures + 1))
    fi
}

# --stop-after: the line ends an idling guest as a normal exit, well before the time limit.
expect stop-after 0 "" 'booting\ndone\n' idle --timeout 30 --stop-after '^done$'
expect stop-after-guest-exits-first 0 "" 'done\n' 0 --stop-after '^done$'
expect stop-after-with-require 0 "" 'tick 5\ndone\n' idle --timeout 30 --require '^tick 5$' --stop-after '^done$'
# Without the line the idling guest times out, which is a failure.
expect stop-after-never 124 "QEMU timed out after 2s" 'booting\n' idle --timeout 2 --stop-after '^done$'
expect stop-after-require-missing 1 "no output line matches '^tick 6\$'" 'tick 5\ndone\n' idle \
    --timeout 30 --require '^tick 6$' --stop-after '^done$'
expect timeout 124 "QEMU timed out after 1s" 'hello\n' idle --timeout 1

# --require and --forbid judge the output of every run; carriage returns are ignored.
expect require 0 "" 'a\r\nfuzz: done: 5 invocations, seed 1\r\n' 0 --require '^fuzz: done: [0-9]+ invocations, seed 1$'
expect require-missing 1 "no output line matches" 'a\n' 0 --require '^b$'
expect forbid 1 "output matches forbidden 'KERNEL PANIC'" 'ok\nKERNEL PANIC\n' 0 --forbid 'KERNEL PANIC'
expect forbid-absent 0 "" 'ok\n' 0 --forbid 'KERNEL PANIC'
expect nonzero-exit 3 "QEMU exited with status 3" 'x\n' 3
expect expect-status 0 "" 'x\n' 3 --expect-status 3
expect expect-status-other 1 "expected exit status 3; QEMU exited normally" 'x\n' 0 --expect-status 3

# Suite verdicts: the summary and the end of the report are both needed.
report() { printf 'Starting test 0: %s\n<testcase classname="sel4test" name="%s">\n' "$1" "$1"; }
passing="$(report TRIVIAL0001)\n</testcase>\nTest suite passed. 1 tests passed.\n</testsuite>\n"
failing="$(report CNODEOP0001)\n<failure type=\"failure\">x</failure>\n</testcase>\nTest suite failed. 1 tests failed.\n</testsuite>\n"
expect suite-pass 0 "" "$passing" 0 --suite
expect suite-fail 1 "CNODEOP0001" "$failing" 0 --suite
expect suite-expected-fail 0 "" "$failing" 0 --suite --expect fail --expect-test CNODEOP0001
expect suite-other-test-failed 1 "" "$failing" 0 --suite --expect fail --expect-test TRIVIAL0001
expect suite-cut-short 1 "it stopped while running test SCHED0011" "$(report SCHED0011)" 0 --suite
expect suite-no-end 1 "without a complete test report" \
    "$(report TRIVIAL0001)\n</testcase>\nTest suite passed. 1 tests passed.\n" 0 --suite

# Usage errors: status 2 and one line, QEMU not started.
expect no-image 2 "qemu-run: error: image '$work/missing.img' does not exist" '' 0 --image "$work/missing.img"
expect bad-timeout 2 "qemu-run: error: --timeout must be a number of seconds" '' 0 --timeout soon
expect bad-expect 2 "qemu-run: error: --expect must be pass or fail" '' 0 --suite --expect maybe
expect bad-option 2 "qemu-run: error: unknown option '--fast'" '' 0 --fast

if [ "$failures" -gt 0 ]; then
    echo "qemu_run_test: $failures case(s) failed" >&2
    exit 1
fi
echo "qemu_run_test: all cases passed"
