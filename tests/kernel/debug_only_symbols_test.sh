#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Debug-only kernel code (the invariant checker and its state, the mapping
# probes) must not reach the release and benchmark kernels: none of their
# symbols may contain PATTERN (demangled). The debug kernel must contain at
# least one, so that a renaming cannot make the test pass vacuously.
# usage: debug_only_symbols_test.sh <llvm-nm> <pattern> <debug kernel.elf|-> <release or benchmark kernel.elf>...
#        ("-" for a debug kernel built without the code in question)
set -eu
nm=$1 pattern=$2 debug=$3
shift 3

matching_symbols() {
    local symbols
    symbols=$("$nm" -C "$1") || { echo "FAIL: $nm cannot read $1" >&2; exit 1; }
    printf '%s\n' "$symbols" | grep -F -- "$pattern" || true
}

if [ "$debug" != - ] && [ -z "$(matching_symbols "$debug")" ]; then
    echo "FAIL: the debug kernel $debug has no symbol containing '$pattern': the test cannot see the code" >&2
    exit 1
fi
status=0
for kernel in "$@"; do
    found=$(matching_symbols "$kernel")
    if [ -n "$found" ]; then
        echo "FAIL: $kernel links $(printf '%s\n' "$found" | wc -l) symbols containing '$pattern', e.g.:" >&2
        printf '%s\n' "$found" | head -n 5 >&2
        status=1
    else
        echo "PASS: $kernel links no symbol containing '$pattern'"
    fi
done
exit $status
