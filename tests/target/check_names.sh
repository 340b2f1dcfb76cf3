#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Checks a suite report against the target set: every name of EXPECTED must
# appear in the report as a test case that ran, unless PENDING lists it
# (with the reason the suite cannot run it yet). A pending name that now
# runs is an error too, so the pending list only ever shrinks.
# usage: check_names.sh REPORT.log EXPECTED.txt PENDING.txt
set -u
[ $# = 3 ] || { echo "usage: check_names.sh REPORT.log EXPECTED.txt PENDING.txt" >&2; exit 2; }
report=$1 expected=$2 pending=$3
for f in "$report" "$expected" "$pending"; do
    [ -f "$f" ] || { echo "check_names: '$f' is not a file (run the suite test first)" >&2; exit 2; }
done
names() { grep -v '^#' "$1" | awk 'NF { print $1 }' | sort -u; }
ran=$(tr -d '\r' <"$report" | sed -n 's/.*<testcase classname="sel4test" name="\([A-Z0-9_]*\)".*/\1/p' | sort -u)
[ -n "$ran" ] || { echo "check_names: no test case in $report" >&2; exit 1; }
missing=$(comm -23 <(names "$expected") <(printf '%s\n' "$ran") | comm -23 - <(names "$pending"))
stale=$(comm -12 <(names "$pending") <(printf '%s\n' "$ran"))
unknown=$(comm -23 <(names "$pending") <(names "$expected"))
status=0
if [ -n "$missing" ]; then
    echo "check_names: target-set tests that did not run: $(echo $missing)" >&2
    status=1
fi
if [ -n "$stale" ]; then
    echo "check_names: listed as pending in $(basename "$pending") but they ran (remove them): $(echo $stale)" >&2
    status=1
fi
if [ -n "$unknown" ]; then
    echo "check_names: pending names that are not in the target set: $(echo $unknown)" >&2
    status=1
fi
total=$(names "$expected" | wc -l)
waiting=$(names "$pending" | wc -l)
[ "$status" = 0 ] && echo "check_names: $((total - waiting)) of $total target-set tests ran; $waiting pending ($(basename "$pending"))"
exit $status
