#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The table that ends ./tessera bench for one architecture: each row's Tessera
# figure (read from the logs of this run, or measured with llvm-size), seL4's
# figure and the goal (bench/sel4-figures.txt), the ratio Tessera / seL4 and
# whether the goal is met. A figure missing from the logs shows as "-" and
# counts as not met.
set -u
usage() { echo "usage: bench/table.sh ARCH LOG_DIR RELEASE_KERNEL_ELF" >&2; exit 2; }
[ $# -eq 3 ] || usage
arch=$1 logs=$2 release_elf=$3
here=$(cd "$(dirname "$0")" && pwd)
case "$arch" in riscv64) column=2 ;; aarch64) column=3 ;; *) usage ;; esac
llvm_size=/usr/lib/llvm-19/bin/llvm-size
command -v "$llvm_size" >/dev/null || llvm_size=llvm-size

# text + data as size(1) prints them (Berkeley format: text data bss dec hex file).
kernel_size=""
if [ -f "$release_elf" ]; then
    kernel_size=$("$llvm_size" --format=berkeley "$release_elf" 2>/dev/null | awk 'NR == 2 { print $1 + $2 }')
fi

# figure SOURCE...: the Tessera figure a row's source names (empty if absent).
figure() {
    local kind=$1 log=""
    shift
    case "$kind" in
        size) echo "$kernel_size"; return ;;
        boot) log="$logs/$1-$arch.log"
              [ -f "$log" ] && sed -n 's/^Tessera: entering root task .* after \([0-9]*\) instructions.*/\1/p' "$log" | head -n 1
              return ;;
    esac
    log="$logs/$1-$arch.log"
    shift
    [ -f "$log" ] || return
    # The label is followed by at least one space and "min": match it whole.
    awk -v label="bench: $*" -v kind="$kind" '
        index($0, label) == 1 && substr($0, length(label) + 1) ~ /^ +min / {
            rest = substr($0, length(label) + 1)
            n = split(rest, f, /[ ]+/)
            for (i = 1; i < n; ++i) {
                if (kind == "min" && f[i] == "min") { print f[i + 1]; exit }
                if (kind == "mode" && f[i] == "mode") { print f[i + 1]; exit }
                if (kind == "per-item" && f[i] == "item") { print f[i + 1]; exit }
            }
        }' "$log"
}

printf '=== %s: Tessera against seL4 MCS (guest instructions; kernel size in bytes) ===\n' "$arch"
printf '%-66s %9s %9s %6s %8s  %s\n' "row" "Tessera" "seL4" "ratio" "goal" "met"
met_count=0 rows=0
while IFS='|' read -r row sel4_riscv64 sel4_aarch64 goal source; do
    case "$row" in ''|'#'*) continue ;; esac
    if [ "$column" = 2 ]; then sel4=$sel4_riscv64; else sel4=$sel4_aarch64; fi
    # shellcheck disable=SC2086 # the source is words: kind, log, label
    value=$(figure $source)
    rows=$((rows + 1))
    if [ -z "$value" ]; then
        printf '%-66s %9s %9s %6s %8s  %s\n' "$row" "-" "$sel4" "-" "<= ${goal}x" "no (not measured)"
        continue
    fi
    read -r ratio met < <(awk -v v="$value" -v s="$sel4" -v g="$goal" \
        'BEGIN { r = v / s; printf "%.2f %s\n", r, (r <= g + 1e-9 ? "yes" : "no") }')
    [ "$met" = yes ] && met_count=$((met_count + 1))
    printf '%-66s %9s %9s %6s %8s  %s\n' "$row" "$value" "$sel4" "$ratio" "<= ${goal}x" "$met"
done < "$here/sel4-figures.txt"
printf '%s: %d of %d goals met\n' "$arch" "$met_count" "$rows"
