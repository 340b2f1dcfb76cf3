# SPDX-License-Identifier: BSD-2-Clause
# The measuring commands of ./tessera, sourced by it (they use its helpers
# and variables: die, needs_value, check_arch, do_build, kernel_elf, $root,
# $build, $arches): bench (instructions per operation under -icount, and the
# table against seL4) and fuzz (the in-guest system-call fuzzer).

cmd_bench() {
    local selected=("${arches[@]}") profile=0
    while [ $# -gt 0 ]; do
        case "$1" in
            --arch) needs_value bench "$@"; check_arch bench "$2"; selected=("$2"); shift 2 ;;
            --profile) profile=1; shift ;;
            --config) die "bench: always uses the benchmark kernel (no --config)" ;;
            -h|--help) cat <<'USAGE'; exit 0 ;;
usage: ./tessera bench [--arch riscv64|aarch64] [--profile]   (default: both arches)
  Boots the benchmark root tasks on the benchmark kernel (no invariant checks; counters readable
  from user mode) under -icount shift=0,align=off,sleep=off and prints guest instructions per
  operation. The numbers are deterministic for a given build. Each arch ends with a table of
  Tessera against seL4 MCS (bench/sel4-figures.txt): ratio Tessera / seL4 and whether the goal
  is met; the kernel-size row is text + data of the release kernel (llvm-size).
  --profile  instead, the instructions per kernel and user function of one Call+ReplyRecv round
             trip, one Signal, one Poll and one Yield (bench/ipc_profile.cpp, scripts/profile.sh)
USAGE
            -*) die "bench: unknown option '$1'" ;;
            *) die "bench: unexpected argument '$1'" ;;
        esac
    done
    local a status=0
    local b
    if [ "$profile" = 1 ]; then
        local targets=()
        for a in "${selected[@]}"; do targets+=(--target "image-ipc_profile-$a"); done
        do_build "${targets[@]}"
        for a in "${selected[@]}"; do
            "$root/scripts/profile.sh" --arch "$a" --image "$build/images/ipc_profile-$a.img" \
                --kernel "$build/kernel/arch/$a/kernel-$a-bench.elf" --root-task "$build/bench/ipc_profile-$a.elf" \
                --log-dir "$build/logs" || status=1
        done
        exit $status
    fi
    do_build
    for a in "${selected[@]}"; do
        for b in cspace_bench ipc_bench irq_bench; do
            echo "=== $b on $a ==="
            rm -f "$build/logs/$b-$a.log"  # the table reads only this run's figures
            "$root/scripts/qemu-run.sh" --arch "$a" --image "$build/images/$b-$a.img" --icount --quiet \
                --log "$build/logs/$b-$a.log" --timeout 600 --require "^bench: done$" || status=1
            grep -E '^(bench|Tessera: entering)' "$build/logs/$b-$a.log"
        done
        echo "=== microkit_bench on $a (a Microkit system: bench/microkit) ==="
        local log="$build/logs/microkit_bench-$a.log"
        "$root/scripts/qemu-run.sh" --arch "$a" --microkit --icount --quiet --log "$log" --timeout 600 \
            --image "$build/bench/microkit-$a/loader.img" --stop-after "^bench: done$" || status=1
        grep -E '^(bench|Tessera: entering)' "$log"
        # The PDs read the counter the kernel read at its entry: boot from there.
        awk '/counter at kernel entry: / { sub(/.*counter at kernel entry: /, ""); sub(/\).*/, ""); entry = $0 }
             /^bench: boot to the first PD.s init: / { boot = $8 }
             END { if (entry != "" && boot != "")
                       printf "bench: kernel entry to the first PD'"'"'s init: %d instructions\n", boot - entry }' "$log"
        # Tessera against seL4 (bench/sel4-figures.txt), from this run's logs.
        "$root/bench/table.sh" "$a" "$build/logs" "$(kernel_elf "$a" release)"
    done
    exit $status
}

# The in-guest system-call fuzzer (tests/syscall_fuzz): seed and count go to
# the root task on the kernel command line; under -icount the run is
# deterministic, so the seed replays a failure exactly.
cmd_fuzz() {
    local arch="" seed=1 count=20000 timeout_s=""
    while [ $# -gt 0 ]; do
        case "$1" in
            --arch) needs_value fuzz "$@"; check_arch fuzz "$2"; arch="$2"; shift 2 ;;
            --seed) needs_value fuzz "$@"
                    [[ "$2" =~ ^[0-9]{1,19}$ ]] || die "fuzz: --seed '$2' is not a number (0 to 9999999999999999999)"
                    seed=$(sed 's/^0*//' <<<"$2"); seed=${seed:-0}; shift 2 ;;
            --count) needs_value fuzz "$@"
                     [[ "$2" =~ ^[1-9][0-9]{0,11}$ ]] || die "fuzz: --count '$2' is not a positive number of invocations"
                     count="$2"; shift 2 ;;
            --timeout) needs_value fuzz "$@"
                       [[ "$2" =~ ^[1-9][0-9]{0,6}$ ]] || die "fuzz: --timeout '$2' is not a positive number of seconds"
                       timeout_s="$2"; shift 2 ;;
            -h|--help) cat <<'USAGE'; exit 0 ;;
usage: ./tessera fuzz --arch riscv64|aarch64 [--seed S] [--count N] [--timeout SECONDS]
  Boots the system-call fuzzer (tests/syscall_fuzz) on the debug kernel, whose invariant checker
  runs at every kernel exit. Worker threads issue random system calls and invocations of every
  label on a random world of objects until N invocations (default 20000) are done; a supervisor
  thread restarts the workers that fault or block and reports a hang or a lost thread. It ends with
  "fuzz: done: N invocations, seed S" and the counts, or prints "fuzz: FAILED seed=S" (with the
  last calls of every worker when the fuzzer itself detected it). The guest runs under -icount,
  so the same --seed and --count replay a run exactly. Default seed 1; default time limit
  60 s + 1 s per 200 invocations of host time.
USAGE
            -*) die "fuzz: unknown option '$1'" ;;
            *) die "fuzz: unexpected argument '$1'" ;;
        esac
    done
    [ -n "$arch" ] || die "fuzz: --arch is required"
    [ -n "$timeout_s" ] || timeout_s=$((60 + count / 200))
    do_build --target "image-syscall_fuzz-$arch"
    local log="$build/logs/fuzz-$arch-seed$seed.log"
    mkdir -p "$build/logs"
    "$root/scripts/qemu-run.sh" --arch "$arch" --image "$build/images/syscall_fuzz-$arch.img" --icount \
        --timeout "$timeout_s" --log "$log" --append "fuzz.seed=$seed fuzz.count=$count" \
        --require "^fuzz: done: [0-9]+ invocations, seed $seed\$" --forbid "FAILED" && exit 0
    if ! tr -d '\r' <"$log" | grep -q "^fuzz: FAILED"; then
        # The machine stopped (a kernel panic, an invariant violation) or hung
        # before the fuzzer could say so.
        local why
        why=$(tr -d '\r' <"$log" | grep -E "^(KERNEL PANIC|INVARIANT VIOLATION|Tessera: )" |
              grep -vE "^Tessera: (kernel at|entering|this CPU)" | head -n 1)
        echo "fuzz: FAILED seed=$seed (${why:-no report within ${timeout_s} s of host time})"
    fi
    echo "fuzz: replay with: ./tessera fuzz --arch $arch --seed $seed --count $count   (log: $log)"
    exit 1
}
