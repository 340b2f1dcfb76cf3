#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Boots one Tessera image under QEMU with a wall-clock timeout, its own log
# file, and (for the test suite) a verdict read from the sel4test-style report.
#
# A suite run passes only if QEMU exited normally (status 0) AND the report
# says "Test suite passed" AND it reached </testsuite>. A panic, a hang, a
# non-zero exit or a missing summary is a failure, and the test that was
# running is named.
set -u

usage() {
    cat <<'USAGE'
usage: qemu-run.sh --arch riscv64|aarch64 --image IMAGE [options] [-- extra qemu args]
  --log FILE          also write the serial output to FILE (default: none)
  --timeout SEC       wall-clock limit (default 60); a timeout is a failure
  --append TEXT       kernel command line (/chosen/bootargs), e.g. sel4test.filter=REGEX
  --mem SIZE          guest RAM (default 512M; 2G with --suite: FRAMEEXPORTS0001 needs a
                      naturally aligned 1 GiB untyped on RISC-V)
  --cpu CPU           AArch64 CPU model (default cortex-a53)
  --machine-opts OPT  extra -machine options, e.g. virtualization=on
  --icount            deterministic instruction counting (-icount shift=0,align=off,sleep=off,
                      with the RTC on the same virtual clock)
  --gdb PORT          wait for gdb on tcp PORT before running (-S -gdb)
  --suite             judge the sel4test-style report (see --expect)
  --expect pass|fail  with --suite: the verdict that makes this run succeed (default pass)
  --expect-test NAME  with --expect fail: NAME must be the test that failed
  --require REGEX     the output must contain a line matching REGEX (grep -E); repeatable
  --forbid REGEX      no output line may match REGEX; repeatable
  --expect-status N   (not --suite) succeed only if QEMU exits with status N
  --stop-after REGEX  stop QEMU once an output line matches REGEX and count that as a normal
                      exit (status 0): for systems that idle forever once done
  --quiet             do not copy the serial output to stdout
  --type-after REGEX TEXT
                      once an output line matches REGEX, type TEXT into the serial port
                      (printf escapes, e.g. 'hi\r\004'); repeatable, taken in order
  --interactive       the terminal is the serial port (Ctrl-A X quits QEMU)
  --microkit          IMAGE is a Microkit loader.img: boot it with Microkit's QEMU command line
                      (microkit.md §3.4, §3.7) instead of -kernel: AArch64 -machine
                      virt,virtualization=on and -device loader,file=IMAGE,addr=0x70000000,cpu-num=0;
                      RISC-V -kernel IMAGE under QEMU's default OpenSBI; both with -m size=2G
                      (unless --mem). No semihosting. The runner's own serial, monitor, -no-reboot
                      and -nic none settings stay
  --microkit-el1      as --microkit, with the qemu_virt_aarch64_el1 line (no virtualization=on:
                      the loader and kernel start at EL1); AArch64 only
USAGE
}

die() { echo "qemu-run: error: $*" >&2; exit 2; }

arch="" image="" log="" timeout_s=60 append="" mem=512M cpu=cortex-a53 machine_opts="" mem_given=0
expect_status="" stop_after="" icount=0 gdb_port="" suite=0 expect=pass expect_test="" quiet=0
extra=()
type_after=()
interactive=0
microkit=""
require=()
forbid=()
while [ $# -gt 0 ]; do
    case "$1" in
        --arch) arch="${2:-}"; shift 2 ;;
        --image) image="${2:-}"; shift 2 ;;
        --log) log="${2:-}"; shift 2 ;;
        --timeout) timeout_s="${2:-}"; shift 2 ;;
        --append) append="${2:-}"; shift 2 ;;
        --mem) mem="${2:-}"; mem_given=1; shift 2 ;;
        --cpu) cpu="${2:-}"; shift 2 ;;
        --machine-opts) machine_opts="${2:-}"; shift 2 ;;
        --icount) icount=1; shift ;;
        --gdb) gdb_port="${2:-}"; shift 2 ;;
        --suite) suite=1; shift ;;
        --expect) expect="${2:-}"; shift 2 ;;
        --expect-test) expect_test="${2:-}"; shift 2 ;;
        --quiet) quiet=1; shift ;;
        --type-after) [ $# -ge 3 ] || die "--type-after needs a REGEX and a TEXT"
                      type_after+=("$2" "$3"); shift 3 ;;
        --interactive) interactive=1; shift ;;
        --microkit) microkit=el2; shift ;;
        --microkit-el1) microkit=el1; shift ;;
        --expect-status) expect_status="${2:-}"; shift 2 ;;
        --stop-after) stop_after="${2:-}"; shift 2 ;;
        --require) require+=("${2:-}"); shift 2 ;;
        --forbid) forbid+=("${2:-}"); shift 2 ;;
        -h|--help) usage; exit 0 ;;
        --) shift; extra=("$@"); break ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
done
[ -n "$arch" ] || die "--arch is required"
[ -n "$image" ] || die "--image is required"
[ -f "$image" ] || die "image '$image' does not exist"
case "$expect" in pass|fail) ;; *) die "--expect must be pass or fail" ;; esac
[[ "$timeout_s" =~ ^[0-9]+$ ]] || die "--timeout must be a number of seconds"
if [ "$suite" = 1 ] && [ "$mem_given" = 0 ]; then mem=2G; fi
if [ -n "$microkit" ] && [ "$mem_given" = 0 ]; then mem=2G; fi
[ "$microkit" = el1 ] && [ "$arch" != aarch64 ] && die "--microkit-el1 is for aarch64 only"
case "$image" in *,*) [ -n "$microkit" ] && [ "$arch" = aarch64 ] &&
    die "image path '$image' contains a comma, which -device loader,file= cannot take" ;; esac

machine="virt${machine_opts:+,$machine_opts}"
case "$arch:$microkit" in
    riscv64:) qemu=(qemu-system-riscv64 -machine "$machine" -bios default) ;;
    aarch64:) qemu=(qemu-system-aarch64 -machine "$machine" -cpu "$cpu"
                    -semihosting-config enable=on,target=native) ;;
    # Microkit's lines (microkit.md §3.7): the loader is entered at its link
    # address by QEMU's generic loader device (AArch64) or by OpenSBI (RISC-V).
    riscv64:el2) qemu=(qemu-system-riscv64 -machine "$machine") ;;
    aarch64:el2) qemu=(qemu-system-aarch64 -machine "virt,virtualization=on${machine_opts:+,$machine_opts}"
                       -cpu "$cpu") ;;
    aarch64:el1) qemu=(qemu-system-aarch64 -machine "$machine" -cpu "$cpu") ;;
    *) die "unknown arch '$arch' (riscv64 or aarch64)" ;;
esac
# -nic none: no NIC (and no option ROM for it, which QEMU may fail to find:
# without it Microkit's own lines stop at "failed to find romfile
# efi-virtio.rom" on hosts without ipxe-qemu).
qemu+=(-smp 1 -nic none -display none -no-reboot)
case "$arch:$microkit" in
    *:) qemu+=(-m "$mem" -kernel "$image") ;;
    riscv64:*) qemu+=(-kernel "$image" -m "size=$mem") ;;
    aarch64:*) qemu+=(-device "loader,file=$image,addr=0x70000000,cpu-num=0" -m "size=$mem") ;;
esac
if [ "$interactive" = 1 ]; then
    qemu+=(-serial mon:stdio)  # the monitor shares the terminal: Ctrl-A X quits
else
    qemu+=(-monitor none -serial stdio)
fi
# Under -icount the guest's clocks follow its instruction count; the RTC
# (the goldfish RTC is the RISC-V tests' timer device) must follow the same
# virtual clock, not the host's.
[ "$icount" = 1 ] && qemu+=(-icount shift=0,align=off,sleep=off -rtc clock=vm)
[ -n "$append" ] && qemu+=(-append "$append")
[ -n "$gdb_port" ] && qemu+=(-S -gdb "tcp::$gdb_port")
qemu+=("${extra[@]}")

tmp_log=$(mktemp)
trap 'rm -f "$tmp_log"' EXIT
[ -n "$log" ] && mkdir -p "$(dirname "$log")"

# What QEMU reads as serial input: the terminal (--interactive), what
# --type-after types (through a FIFO, written once the output shows each
# trigger line; the UART models take input only as fast as the guest reads
# it, so nothing is lost), or nothing. Without a terminal QEMU never touches
# it (toolchain.md §8).
input=/dev/null
typist=""
if [ "${#type_after[@]}" -gt 0 ]; then
    input_fifo="$tmp_log.input"
    mkfifo "$input_fifo" || die "cannot make a FIFO for --type-after"
    trap 'rm -f "$tmp_log" "$input_fifo"; [ -n "$typist" ] && kill "$typist" 2>/dev/null' EXIT
    (
        exec 3>"$input_fifo"
        i=0
        while [ "$i" -lt "${#type_after[@]}" ]; do
            until tr -d '\r' <"$tmp_log" | grep -Eq -- "${type_after[$i]}"; do sleep 0.2; done
            printf -- "${type_after[$((i + 1))]}" >&3
            i=$((i + 2))
        done
        # Keep the FIFO open so that QEMU does not see the end of its input.
        while sleep 1; do :; done
    ) &
    typist=$!
    input="$input_fifo"
fi
# --stop-after: a watcher ends the run (through `timeout`, which passes the
# signal on to QEMU) once the line appears.
watcher=""
if [ -n "$stop_after" ]; then
    script_pid=$$
    (
        until tr -d '\r' <"$tmp_log" | grep -Eq -- "$stop_after"; do sleep 0.2; done
        pkill -TERM -P "$script_pid" -x timeout
    ) &
    watcher=$!
fi
# -k: if QEMU ignores SIGTERM, kill it 5 s later. An interactive run has
# no time limit and keeps the terminal in the foreground.
if [ "$interactive" = 1 ]; then
    "${qemu[@]}" 2>&1 | tee "$tmp_log"
    status=${PIPESTATUS[0]}
elif [ "$quiet" = 1 ]; then
    timeout -k 5 "$timeout_s" "${qemu[@]}" <"$input" >"$tmp_log" 2>&1
    status=$?
else
    timeout -k 5 "$timeout_s" "${qemu[@]}" <"$input" 2>&1 | tee "$tmp_log"
    status=${PIPESTATUS[0]}
fi
if [ -n "$typist" ]; then
    kill "$typist" 2>/dev/null
    wait "$typist" 2>/dev/null
    typist=""
fi
if [ -n "$watcher" ]; then
    # Reaching the line is a normal end, whether the watcher stopped QEMU
    # or the guest stopped it first.
    tr -d '\r' <"$tmp_log" | grep -Eq -- "$stop_after" && status=0
    kill "$watcher" 2>/dev/null
    wait "$watcher" 2>/dev/null
fi
[ -n "$log" ] && cp "$tmp_log" "$log"

describe_status() {
    case "$1" in
        0) echo "QEMU exited normally" ;;
        124|137) echo "QEMU timed out after ${timeout_s}s" ;;
        *) echo "QEMU exited with status $1" ;;
    esac
}

# Output requirements apply to every kind of run.
for pattern in "${require[@]}"; do
    if ! tr -d '\r' <"$tmp_log" | grep -Eq -- "$pattern"; then
        echo "qemu-run: FAIL ($arch): no output line matches '$pattern' ($(describe_status "$status"))" >&2
        exit 1
    fi
done
for pattern in "${forbid[@]}"; do
    if tr -d '\r' <"$tmp_log" | grep -Eq -- "$pattern"; then
        echo "qemu-run: FAIL ($arch): output matches forbidden '$pattern'" >&2
        exit 1
    fi
done

if [ "$suite" = 0 ]; then
    if [ -n "$expect_status" ]; then
        if [ "$status" = "$expect_status" ]; then
            echo "qemu-run: PASS ($arch): QEMU exited with the expected status $status"
            exit 0
        fi
        echo "qemu-run: FAIL ($arch): expected exit status $expect_status; $(describe_status "$status")" >&2
        exit 1
    fi
    [ "$status" = 0 ] || echo "qemu-run: $(describe_status "$status")" >&2
    exit "$status"
fi

# --- suite verdict -----------------------------------------------------------
clean=$(tr -d '\r' <"$tmp_log")
last_test=$(printf '%s\n' "$clean" | sed -n 's/^Starting test [0-9]*: //p' | tail -n 1)
failed_tests=$(printf '%s\n' "$clean" | awk '
    /<testcase classname="sel4test" name="/ { match($0, / name="[^"]*"/); name = substr($0, RSTART + 7, RLENGTH - 8) }
    /<failure type="failure">/ { print name }')
summary=$(printf '%s\n' "$clean" | grep -E '^Test suite (passed|failed)\.' | tail -n 1)
ended=0
printf '%s\n' "$clean" | grep -q '^</testsuite>' && ended=1

verdict=pass
reason="$summary"
if [ "$status" != 0 ] || [ -z "$summary" ] || [ "$ended" = 0 ]; then
    verdict=fail
    reason="$(describe_status "$status") without a complete test report"
    if [ -n "$last_test" ] && ! printf '%s\n' "$clean" | grep -q '^</testsuite>'; then
        reason="$reason; it stopped while running test $last_test"
        failed_tests=$(printf '%s\n%s\n' "$failed_tests" "$last_test")
    fi
elif [[ "$summary" == "Test suite failed."* ]]; then
    verdict=fail
    reason="$summary Failed: $(printf '%s' "$failed_tests" | tr '\n' ' ')"
fi

if [ "$expect" = pass ]; then
    if [ "$verdict" = pass ]; then
        echo "qemu-run: PASS ($arch): $reason"
        exit 0
    fi
    echo "qemu-run: FAIL ($arch): $reason" >&2
    exit 1
fi

# --expect fail: the harness self-check. The run must be judged a failure,
# and, if named, because of the expected test.
if [ "$verdict" = pass ]; then
    echo "qemu-run: FAIL ($arch): expected a failing report, got: $reason" >&2
    exit 1
fi
if [ -n "$expect_test" ] && ! printf '%s\n' "$failed_tests" | grep -qx "$expect_test"; then
    echo "qemu-run: FAIL ($arch): expected $expect_test to be reported as failed; report said: $reason" >&2
    exit 1
fi
echo "qemu-run: PASS ($arch): the failure was detected and reported: $reason"
exit 0
