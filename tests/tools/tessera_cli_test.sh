#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# ./tessera with bad input: every mistake is one line on stderr and a
# non-zero exit, found before anything is booted. QEMU, gdb and ctest are
# replaced by fakes that leave a mark, so a command that would boot (or run
# the tests recursively) fails this test. The build tree is used as it is
# (TESSERA_NO_BUILD=1), so run it after a build.
# usage: tessera_cli_test.sh <source dir> <build dir>
set -u
src=$1 build=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

real_ctest=$(command -v ctest)
mkdir "$work/bin"
for fake in qemu-system-riscv64 qemu-system-aarch64 gdb-multiarch; do
    printf '#!/bin/sh\necho "%s $*" >>"%s/ran"\nexit 1\n' "$fake" "$work" >"$work/bin/$fake"
done
# tessera reads ctest's option list from ctest --help; anything else would run tests.
printf '#!/bin/sh\n[ "$*" = --help ] && exec "%s" --help\necho "ctest $*" >>"%s/ran"\nexit 1\n' \
    "$real_ctest" "$work" >"$work/bin/ctest"
chmod +x "$work/bin/"*
export PATH="$work/bin:$PATH" TESSERA_NO_BUILD=1 TESSERA_BUILD_DIR="$build"

mkdir "$work/dir"
: >"$work/empty.elf"
printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\002\000\363\000\001\000\000\000\000\000\000\000\000\000' \
    >"$work/short.elf"  # 30 bytes: an ELF header cut short
cp "$work/short.elf" "$work/ok-looking.elf"

failures=0
# expect_error EXPECTED ARGS...: ./tessera ARGS fails with exactly the line EXPECTED on stderr.
expect_error() {
    local expected=$1 status
    shift
    "$src/tessera" "$@" >"$work/stdout" 2>"$work/stderr"
    status=$?
    if [ "$status" != 0 ] && [ "$(cat "$work/stderr")" = "$expected" ]; then
        echo "PASS: ./tessera $* -> status $status: $expected"
    else
        echo "FAIL: ./tessera $*: status $status, stderr:" >&2
        cat "$work/stderr" >&2
        echo "      expected a non-zero status and: $expected" >&2
        failures=$((failures + 1))
    fi
}

e="tessera: error:"
# The suite filter is checked on the host with the suite's own regex engine.
expect_error "$e suite: invalid --filter '(': missing ')'" suite --arch riscv64 --filter '('
expect_error "$e suite: invalid --filter '[0-9': missing ']'" suite --arch aarch64 --config release --filter '[0-9'
expect_error "$e suite: invalid --filter 'A B': it contains a space, and the suite splits its options at spaces (it would read 'A')" \
    suite --arch riscv64 --filter 'A B'
expect_error "$e suite: --filter needs a value" suite --arch riscv64 --filter
expect_error "$e suite: unknown --config 'fast' (debug, release or benchmark)" suite --arch riscv64 --config fast
expect_error "$e suite: --arch is required" suite --filter TRIVIAL
expect_error "$e suite: unexpected argument 'TRIVIAL'" suite --arch riscv64 TRIVIAL
expect_error "$e suite: --repeat needs a positive count, not '0'" suite --arch riscv64 --repeat 0
expect_error "$e suite: --repeat needs a positive count, not 'many'" suite --arch riscv64 --repeat many
expect_error "$e suite: --repeat needs a value" suite --arch riscv64 --repeat
# run: the root task file, its options, and what the packer says about the file.
expect_error "$e run: root task '$work/dir' is a directory, not an ELF file" run --arch riscv64 "$work/dir"
expect_error "$e run: root task '$work/none.elf' does not exist" run --arch riscv64 "$work/none.elf"
expect_error "$e run: root task '$work/empty.elf' is empty, not an ELF file" run --arch aarch64 "$work/empty.elf"
expect_error "tessera-image: error: $work/short.elf: root task: truncated: 30 bytes is too short for an ELF header" \
    run --arch riscv64 "$work/short.elf"
expect_error "tessera-image: error: $work/short.elf: root task: truncated: 30 bytes is too short for an ELF header" \
    run --arch riscv64 --config benchmark "$work/short.elf"
expect_error "$e run: unknown --config 'fast' (debug, release or benchmark)" run --arch riscv64 --config fast "$work/short.elf"
expect_error "$e run: --mem '12Q' is not a size (e.g. 512M, 2G, or a number of MiB)" run --arch riscv64 --mem 12Q "$work/short.elf"
expect_error "$e run: unknown option '--bogus'" run --arch riscv64 --bogus "$work/short.elf"
expect_error "$e run: --arch needs a value" run --arch
expect_error "$e run: unknown arch 'mips' (riscv64 or aarch64)" run --arch mips "$work/short.elf"
expect_error "$e run: no root-task ELF given" run --arch riscv64
expect_error "$e run: more than one ELF given ('$work/short.elf' and '$work/ok-looking.elf')" \
    run --arch riscv64 "$work/short.elf" "$work/ok-looking.elf"
# root-task: the sources, the output and the options, checked before anything is built.
expect_error "$e root-task: source '$work/none.c' does not exist" root-task --arch riscv64 -o "$work/out.elf" "$work/none.c"
expect_error "$e root-task: source '$work/dir' is not a file" root-task --arch riscv64 -o "$work/out.elf" "$work/dir"
expect_error "$e root-task: '$work/short.elf' is not a C, C++ or assembly source (.c .cc .cpp .cxx .S .s)" \
    root-task --arch aarch64 -o "$work/out.elf" "$work/short.elf"
expect_error "$e root-task: unknown arch 'mips' (riscv64 or aarch64)" root-task --arch mips -o "$work/out.elf" a.c
expect_error "$e root-task: --arch needs a value" root-task --arch
expect_error "$e root-task: -o OUT.elf is required" root-task --arch riscv64 a.c
expect_error "$e root-task: output '$work/dir' is a directory" root-task --arch riscv64 -o "$work/dir" a.c
# gdb, bench, demo, test, setup, build and the command itself.
expect_error "$e gdb: root task '$work/dir' is a directory, not an ELF file" gdb --arch riscv64 "$work/dir"
expect_error "$e gdb: root task 'dmeo' does not exist" gdb --arch riscv64 dmeo
expect_error "$e gdb: unknown --config 'fast' (debug, release or benchmark)" gdb --arch riscv64 --config fast
expect_error "$e gdb: --port 'x' is not a TCP port number" gdb --arch riscv64 --port x
expect_error "$e bench: always uses the benchmark kernel (no --config)" bench --config release
expect_error "$e bench: unexpected argument 'riscv64'" bench riscv64
expect_error "$e fuzz: --arch is required" fuzz --seed 3
expect_error "$e fuzz: unknown arch 'x86' (riscv64 or aarch64)" fuzz --arch x86
expect_error "$e fuzz: --seed 'abc' is not a number (0 to 9999999999999999999)" fuzz --arch riscv64 --seed abc
expect_error "$e fuzz: --seed '-1' is not a number (0 to 9999999999999999999)" fuzz --arch riscv64 --seed -1
expect_error "$e fuzz: --count '0' is not a positive number of invocations" fuzz --arch aarch64 --count 0
expect_error "$e fuzz: --count '10k' is not a positive number of invocations" fuzz --arch aarch64 --count 10k
expect_error "$e fuzz: --count needs a value" fuzz --arch aarch64 --count
expect_error "$e fuzz: --timeout '0' is not a positive number of seconds" fuzz --arch riscv64 --timeout 0
expect_error "$e fuzz: unknown option '--config'" fuzz --arch riscv64 --config release
expect_error "$e fuzz: unexpected argument 'riscv64'" fuzz riscv64
expect_error "$e demo: unknown arch 'x86' (riscv64 or aarch64)" demo --arch x86
expect_error "$e demo: unknown demo 'blinky' (hello, drivers or microkit)" demo blinky
expect_error "$e demo: unknown option '--fast'" demo drivers --fast
expect_error "$e test: unknown ctest option '--bogus' (see ctest --help)" test --bogus
expect_error "$e test: -R needs a value" test -R
expect_error "$e test: unexpected argument 'host' (ctest options only, e.g. -R REGEX)" test host
expect_error "$e setup: unknown option '--yes'" setup --yes
expect_error "$e build: unexpected argument 'kernel'" build kernel
expect_error "$e unknown command 'frob' (see ./tessera --help)" frob
expect_error "$e no command given (see ./tessera --help)"

if [ -e "$work/ran" ]; then
    echo "FAIL: a command ran a program it must not run:" >&2
    cat "$work/ran" >&2
    failures=$((failures + 1))
fi

# The packer's default RAM is the runner's (scripts/qemu-run.sh --mem).
runner_mem=$(sed -n 's/.* mem=\([0-9]*[KMGT]\) .*/\1/p' "$src/scripts/qemu-run.sh")
if [ -n "$runner_mem" ] && "$build/tools/image/tessera-image" --help | grep -qF "(default $runner_mem,"; then
    echo "PASS: tessera-image assumes the runner's default RAM ($runner_mem)"
else
    echo "FAIL: scripts/qemu-run.sh gives '$runner_mem' of RAM; tessera-image --help says otherwise" >&2
    failures=$((failures + 1))
fi

[ "$failures" = 0 ] || { echo "$failures failures" >&2; exit 1; }
