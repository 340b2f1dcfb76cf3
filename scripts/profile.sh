#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Instruction profile of windows of a run: boots IMAGE under QEMU with
# -icount shift=0,align=off,sleep=off and -singlestep -d exec,nochain (one
# logged translation block, with its PC, per executed instruction), takes the
# instructions from the first instruction of the root task's profile_begin()
# to the first instruction of its profile_end() (each pair is one window; the
# marker calls themselves are left out), maps every PC to the function of the
# kernel ELF or the root-task ELF that holds it (llvm-nm -n) and prints the
# instructions per function and in total for each window. Windows are named by
# the root task's "profile: window NAME" lines, in order (bench/ipc_profile.cpp),
# and shown beside "profile: counter N", the instruction counter's view of the
# window (markers included). Where it exceeds the logged count by more than
# the markers, code outside the logged ranges ran: on RISC-V the M-mode
# firmware (SBI calls), which is not logged. [k] marks kernel functions, [u]
# the root task's.
#
# The instruction log is read from a FIFO as QEMU writes it (a full boot logs
# millions of lines); only the windows' instructions are kept, in
# LOG_DIR/profile-<arch>.trace (window, PC, function per line).
set -u

usage() {
    cat <<'USAGE'
usage: profile.sh --arch riscv64|aarch64 --image IMAGE --kernel KERNEL.elf --root-task ROOT_TASK.elf
                  [--log-dir DIR] [--top N] [--timeout SEC] [--max-unlogged N]
  --log-dir DIR   where the serial log and the windows' trace go (default: .)
  --top N         functions listed per window, most instructions first (default 25; 0: all)
  --timeout SEC   wall-clock limit of the QEMU run (default 900)
  --max-unlogged N  fail unless every named window was logged and the counter saw at most N
                  instructions more than the log in each (the markers' own cost is a few)
USAGE
}

die() { echo "profile: error: $*" >&2; exit 2; }

arch="" image="" kernel="" root_task="" log_dir=. top=25 timeout_s=900 max_unlogged=""
while [ $# -gt 0 ]; do
    case "$1" in
        --arch) arch="${2:-}"; shift 2 ;;
        --image) image="${2:-}"; shift 2 ;;
        --kernel) kernel="${2:-}"; shift 2 ;;
        --root-task) root_task="${2:-}"; shift 2 ;;
        --log-dir) log_dir="${2:-}"; shift 2 ;;
        --top) top="${2:-}"; shift 2 ;;
        --timeout) timeout_s="${2:-}"; shift 2 ;;
        --max-unlogged) max_unlogged="${2:-}"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
done
case "$arch" in riscv64|aarch64) ;; *) die "--arch must be riscv64 or aarch64" ;; esac
for f in "$image" "$kernel" "$root_task"; do
    [ -n "$f" ] && [ -f "$f" ] || die "--image, --kernel and --root-task must name existing files"
done
[[ "$top" =~ ^[0-9]+$ ]] || die "--top must be a number"
[ -z "$max_unlogged" ] || [[ "$max_unlogged" =~ ^[0-9]+$ ]] || die "--max-unlogged must be a number"

root=$(cd "$(dirname "$0")/.." && pwd)
nm=llvm-nm
command -v llvm-nm-19 >/dev/null && nm=llvm-nm-19
command -v "$nm" >/dev/null || die "llvm-nm not found"
cxxfilt=llvm-cxxfilt
command -v llvm-cxxfilt-19 >/dev/null && cxxfilt=llvm-cxxfilt-19
command -v "$cxxfilt" >/dev/null || cxxfilt=cat

mkdir -p "$log_dir"
serial_log="$log_dir/profile-$arch.log"
trace="$log_dir/profile-$arch.trace"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Code symbols of both ELFs as "<16 hex digits> <name> <k|u>", sorted by
# address (fixed-width hex sorts as the numbers do). Mapping symbols ($x,
# $d) and absolute ones are not functions.
text_symbols() {
    "$nm" -n --defined-only "$1" | awk -v side="$2" '
        NF == 3 && $2 ~ /^[TtWw]$/ && $3 !~ /^\$/ { a = $1; while (length(a) < 16) a = "0" a; print a, $3, side }'
}
{ text_symbols "$kernel" k; text_symbols "$root_task" u; } | LC_ALL=C sort > "$work/symbols"
begin=$(awk '$2 == "profile_begin" { print $1 }' "$work/symbols")
end=$(awk '$2 == "profile_end" { print $1 }' "$work/symbols")
[ -n "$begin" ] && [ -n "$end" ] || die "$root_task has no profile_begin / profile_end"

# Only the kernel and user space are logged: on RISC-V OpenSBI (below the
# kernel's load address 0x80200000) runs millions of instructions first.
case "$arch" in
    riscv64) dfilter=(-dfilter 0..0x7fffffff,0x80200000..0xffffffffffffffff) ;;
    aarch64) dfilter=() ;;
esac

mkfifo "$work/exec.fifo" || die "cannot make a FIFO"
# The reader: "Trace 0: HOST [CS_BASE/PC/FLAGS/CFLAGS] ...", one line per
# instruction. A PC is named by binary search in the symbol list (kept as
# strings with a prefix so awk never compares them as numbers).
awk -v symbols="$work/symbols" -v begin="x$begin" -v end="x$end" -v trace="$trace" '
    BEGIN {
        n = 0
        while ((getline line < symbols) > 0) {
            split(line, s, " ")
            ++n; addr[n] = "x" s[1]; name[n] = "[" s[3] "] " s[2]
        }
        inside = 0; window = 0
        printf "" > trace
    }
    function lookup(pc,    lo, hi, mid) {
        if (pc in cache) return cache[pc]
        lo = 1; hi = n
        if (n == 0 || pc < addr[1]) return cache[pc] = "?"
        while (lo < hi) {
            mid = int((lo + hi + 1) / 2)
            if (addr[mid] <= pc) lo = mid; else hi = mid - 1
        }
        return cache[pc] = name[lo]
    }
    /^Trace / {
        i = index($0, "[")
        if (i == 0) next
        split(substr($0, i + 1), f, "/")
        pc = f[2]
        while (length(pc) < 16) pc = "0" pc
        pc = "x" pc
        if (!inside) {
            if (pc == begin) { inside = 1; ++window }
            next
        }
        if (pc == end) { inside = 0; next }
        fn = lookup(pc)
        if (fn == "[u] profile_begin") next
        print window, substr(pc, 2), fn > trace
        count[window, fn]++
        total[window]++
    }
    END {
        for (key in count) {
            split(key, k, SUBSEP)
            print "C", k[1], count[key], k[2]
        }
        for (w = 1; w <= window; ++w) print "T", w, total[w] + 0
        if (inside) print "open", window
    }' < "$work/exec.fifo" > "$work/counts" &
reader=$!

"$root/scripts/qemu-run.sh" --arch "$arch" --image "$image" --icount --quiet --log "$serial_log" \
    --timeout "$timeout_s" --require "^profile: done$" --forbid "failed with error" \
    -- -singlestep -d exec,nochain "${dfilter[@]}" -D "$work/exec.fifo"
status=$?
# Should QEMU never have opened the FIFO, the reader still waits in open():
# a read-write open (which does not block) and close give it its EOF.
exec 3<>"$work/exec.fifo"
exec 3>&-
wait "$reader" || status=1
[ "$status" = 0 ] || { echo "profile: the run failed (serial output in $serial_log)" >&2; exit 1; }
grep -q '^open' "$work/counts" && { echo "profile: a window was not closed" >&2; exit 1; }

# Names of the windows from the serial output, then per window the total and
# the functions, most instructions first, their names demangled.
grep '^profile: window ' "$serial_log" | sed 's/^profile: window //' > "$work/names"
grep '^profile: counter ' "$serial_log" | sed 's/^profile: counter //' > "$work/counters"
sort -k2,2n -k3,3nr "$work/counts" > "$work/sorted"
awk -v names="$work/names" -v counters="$work/counters" -v top="$top" -v arch="$arch" -v max_unlogged="$max_unlogged" '
    BEGIN {
        w = 0; while ((getline line < names) > 0) wname[++w] = line
        w = 0; while ((getline line < counters) > 0) wcounter[++w] = line
    }
    $1 == "T" { total[$2] = $3; windows = $2 > windows ? $2 : windows; next }
    $1 == "C" { ++rows[$2]; row[$2, rows[$2]] = sprintf("%8d  %s %s", $3, $4, $5) }
    END {
        for (w = 1; w <= windows; ++w) {
            printf "profile %s: %s: %d instructions logged, %s by the counter\n", arch,
                   (w in wname) ? wname[w] : "window " w, total[w], (w in wcounter) ? wcounter[w] : "?"
            for (r = 1; r <= rows[w] && (top == 0 || r <= top); ++r) print row[w, r]
            if (top != 0 && rows[w] > top) printf "%8s  (%d more functions)\n", "", rows[w] - top
        }
        if (max_unlogged == "") exit 0
        bad = 0
        for (w = 1; w <= names_count(); ++w) {
            if (!(w in total) || total[w] == 0 || !(w in wcounter) || wcounter[w] - total[w] > max_unlogged + 0) {
                printf "profile %s: window %d (%s): %d logged, counter %s: more than %d not logged\n", arch, w,
                       wname[w], total[w], wcounter[w], max_unlogged > "/dev/stderr"
                bad = 1
            }
        }
        exit bad
    }
    function names_count(    n) { n = 0; while ((n + 1) in wname) ++n; return n }' "$work/sorted" > "$work/report"
checked=$?
"$cxxfilt" < "$work/report"
exit $checked
