#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The invariant checker is debug-only code (kern/invariants.hpp): the debug
# kernel links it, the release and benchmark kernels must not contain a
# single symbol of it (code or its ~340 KB of state). The debug kernel is
# checked too, so that a change of the symbol names cannot make this test
# pass vacuously.
# usage: checker_symbols_test.sh <llvm-nm> <debug kernel.elf|-> <release kernel.elf> <benchmark kernel.elf>
#        ("-" for the debug kernel when it is built without the checker)
set -eu
nm=$1 debug=$2
shift 2
pattern='invariants::'

checker_symbols() {
    local symbols
    symbols=$("$nm" -C "$1") || { echo "FAIL: $nm cannot read $1" >&2; exit 1; }
    printf '%s\n' "$symbols" | grep -F -- "$pattern" || true
}

if [ "$debug" != - ]; then
    if [ -z "$(checker_symbols "$debug")" ]; then
        echo "FAIL: the debug kernel $debug has no symbol containing '$pattern': the test cannot see the checker" >&2
        exit 1
    fi
fi
status=0
for kernel in "$@"; do
    found=$(checker_symbols "$kernel")
    if [ -n "$found" ]; then
        echo "FAIL: $kernel links $(printf '%s\n' "$found" | wc -l) invariant-checker symbols, e.g.:" >&2
        printf '%s\n' "$found" | head -n 5 >&2
        status=1
    else
        echo "PASS: $kernel links no invariant-checker symbol"
    fi
done
exit $status
