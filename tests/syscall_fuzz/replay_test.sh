#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# A seed replays a fuzzer run exactly: two runs of the same seed under
# -icount print the same output, byte for byte (what makes a printed seed a
# reproduction of a failure), and another seed prints another run.
# usage: replay_test.sh <source dir> <arch> <fuzzer image> <log dir>
set -u
src=$1 arch=$2 image=$3 logs=$4
mkdir -p "$logs"
run() {  # run SEED NAME
    "$src/scripts/qemu-run.sh" --arch "$arch" --image "$image" --icount --quiet --timeout 120 \
        --log "$logs/fuzz-replay-$arch-$2.log" --append "fuzz.seed=$1 fuzz.count=4000" \
        --require "^fuzz: done: [0-9]+ invocations, seed $1\$" --forbid "FAILED" ||
        { echo "FAIL: the run of seed $1 ($2) did not end with its report" >&2; exit 1; }
}
run 7 first
run 7 again
run 8 other
if ! cmp -s "$logs/fuzz-replay-$arch-first.log" "$logs/fuzz-replay-$arch-again.log"; then
    echo "FAIL: seed 7 printed two different runs:" >&2
    diff "$logs/fuzz-replay-$arch-first.log" "$logs/fuzz-replay-$arch-again.log" | head -n 20 >&2
    exit 1
fi
if cmp -s "$logs/fuzz-replay-$arch-first.log" "$logs/fuzz-replay-$arch-other.log"; then
    echo "FAIL: seeds 7 and 8 printed the same run: the seed does not reach the fuzzer" >&2
    exit 1
fi
echo "PASS: seed 7 ran twice the same ($(wc -l <"$logs/fuzz-replay-$arch-first.log") lines); seed 8 differs"
