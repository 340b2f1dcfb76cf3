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

# elf64 MACHINE [CLASS] [ENTRY] [MEMSZ] [OVERLAP]: a root task of one
# PT_LOAD (R+X, the whole file at 0x400000, entry just past the headers),
# with a second PT_LOAD on top of it when OVERLAP is given.
le() {
    local value=$1 bytes=$2 i
    for ((i = 0; i < bytes; i++)); do printf "\\x$(printf %02x $(((value >> (8 * i)) & 255)))"; done
}
elf64() {
    local machine=$1 class=${2:-2} entry=${3:-} memsz=${4:-0} phnum=1
    [ -n "${5:-}" ] && phnum=2
    local size=$((64 + 56 * phnum + 8))
    [ -n "$entry" ] || entry=$((0x400000 + 64 + 56 * phnum))
    [ "$memsz" -gt "$size" ] || memsz=$size
    printf '\177ELF'; le "$class" 1; le 1 1; le 1 1; le 0 9
    le 2 2; le "$machine" 2; le 1 4; le "$entry" 8; le 64 8; le 0 8; le 0 4
    le 64 2; le 56 2; le "$phnum" 2; le 64 2; le 0 2; le 0 2
    local i
    for ((i = 0; i < phnum; i++)); do
        le 1 4; le 5 4; le 0 8; le $((0x400000)) 8; le $((0x400000)) 8; le "$size" 8; le "$memsz" 8; le 4096 8
    done
    le 0 8  # the code
}
elf64 243 >"$work/good-riscv64.elf"
elf64 183 >"$work/good-aarch64.elf"
elf64 62 >"$work/x86-64.elf"
elf64 243 1 >"$work/elf32.elf"
elf64 243 2 $((0x10)) >"$work/entry.elf"
elf64 243 2 "" $((1 << 30)) >"$work/huge-bss.elf"
elf64 243 2 "" 0 overlap >"$work/overlap.elf"
{ printf 'MZ'; tail -c +3 "$work/good-riscv64.elf"; } >"$work/magic.elf"
head -c 100 "$work/good-riscv64.elf" >"$work/phdrs-cut.elf"
head -c 127 "$work/good-riscv64.elf" >"$work/data-cut.elf"
truncate -s 2G "$work/sparse.elf"

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

# expect_error_start PREFIX ARGS...: as expect_error, for one line starting with PREFIX.
expect_error_start() {
    local prefix=$1 status
    shift
    "$src/tessera" "$@" >"$work/stdout" 2>"$work/stderr"
    status=$?
    if [ "$status" != 0 ] && [ "$(wc -l <"$work/stderr")" = 1 ] && [ "$(head -c ${#prefix} "$work/stderr")" = "$prefix" ]; then
        echo "PASS: ./tessera $* -> status $status: $prefix..."
    else
        echo "FAIL: ./tessera $*: status $status, stderr:" >&2
        cat "$work/stderr" >&2
        echo "      expected a non-zero status and one line starting: $prefix" >&2
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
# Every kind of broken root task is refused by the packer before anything boots.
t="tessera-image: error: $work"
expect_error "$t/good-aarch64.elf: root task: wrong machine: EM 183 (expected 243, RISC-V)" \
    run --arch riscv64 "$work/good-aarch64.elf"
expect_error "$t/good-riscv64.elf: root task: wrong machine: EM 243 (expected 183, AArch64)" \
    run --arch aarch64 "$work/good-riscv64.elf"
expect_error "$t/x86-64.elf: root task: wrong machine: EM 62 (expected 243, RISC-V)" run --arch riscv64 "$work/x86-64.elf"
expect_error "$t/elf32.elf: root task: not a 64-bit ELF file (class 1, expected 2)" run --arch riscv64 "$work/elf32.elf"
expect_error "$t/magic.elf: root task: not an ELF file (bad magic)" run --arch riscv64 "$work/magic.elf"
expect_error "$t/phdrs-cut.elf: root task: bad program header table (must be 56-byte entries, 8-byte aligned, inside the file)" \
    run --arch riscv64 "$work/phdrs-cut.elf"
expect_error "$t/data-cut.elf: root task: segment 0 file bytes [0x0, +0x80) lie outside the file (127 bytes)" \
    run --arch riscv64 "$work/data-cut.elf"
expect_error "$t/entry.elf: root task: entry point 0x10 is not inside an executable (PF_X) PT_LOAD segment" \
    run --arch riscv64 "$work/entry.elf"
expect_error "$t/overlap.elf: root task: segment 1 [0x400000, 0x4000b8) overlaps segment 0 [0x400000, 0x4000b8)" run --arch riscv64 "$work/overlap.elf"
expect_error "$t/sparse.elf: the file is 2147483648 bytes, larger than the 536870912 bytes of guest RAM (--ram) it would have to fit in" \
    run --arch aarch64 "$work/sparse.elf"
# (What the platform has left depends on the size of the kernel.)
expect_error_start "$t/huge-bss.elf: root task needs 1077053568 bytes of memory (1073741824 for its segments, 3311744 for page tables, boot info and its kernel objects), the platform has " \
    run --arch riscv64 "$work/huge-bss.elf"
expect_error "$e run: root task '/dev/zero' is not a regular file" run --arch riscv64 /dev/zero
mkdir "$work/empty-build"
TESSERA_BUILD_DIR="$work/empty-build" expect_error \
    "$e run: the packer $work/empty-build/tools/image/tessera-image is not built (TESSERA_NO_BUILD=1 uses the build tree as it is)" \
    run --arch riscv64 "$work/good-riscv64.elf"
mkdir -p "$work/tool-only/tools/image"
ln -s "$build/tools/image/tessera-image" "$work/tool-only/tools/image/tessera-image"
TESSERA_BUILD_DIR="$work/tool-only" expect_error \
    "$e run: the release kernel for aarch64, $work/tool-only/kernel/arch/aarch64/kernel-aarch64-release.elf, is not built (TESSERA_NO_BUILD=1 uses the build tree as it is)" \
    run --arch aarch64 --config release "$work/good-aarch64.elf"
expect_error "$e run: unknown --config 'fast' (debug, release or benchmark)" run --arch riscv64 --config fast "$work/short.elf"
expect_error "$e run: --mem '12Q' is not a size (e.g. 512M, 2G, or a number of MiB)" run --arch riscv64 --mem 12Q "$work/short.elf"
expect_error "$e run: --mem '99999999999T' is too large (more bytes than 64 bits count)" \
    run --arch riscv64 --mem 99999999999T "$work/short.elf"
expect_error "$e run: --mem '12345678901234567890' is too large (more bytes than 64 bits count)" \
    run --arch riscv64 --mem 12345678901234567890 "$work/short.elf"
expect_error "tessera-image: error: $build/kernel/arch/riscv64/kernel-riscv64.elf: the file is $(stat -c %s "$build/kernel/arch/riscv64/kernel-riscv64.elf") bytes, larger than the 1024 bytes of guest RAM (--ram) it would have to fit in" \
    run --arch riscv64 --mem 1K "$work/good-riscv64.elf"
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

# The broken files above differ from a good one only where they are broken.
for arch in riscv64 aarch64; do
    if "$build/tools/image/tessera-image" --arch "$arch" --kernel "$build/kernel/arch/$arch/kernel-$arch.elf" \
        --root-task "$work/good-$arch.elf" --output "$work/good-$arch.img" 2>"$work/stderr"; then
        echo "PASS: tessera-image packs the good $arch root task the broken ones are made from"
    else
        echo "FAIL: tessera-image refuses the good $arch root task: $(cat "$work/stderr")" >&2
        failures=$((failures + 1))
    fi
done

# The packer's default RAM is the runner's (scripts/qemu-run.sh --mem).
runner_mem=$(sed -n 's/.* mem=\([0-9]*[KMGT]\) .*/\1/p' "$src/scripts/qemu-run.sh")
if [ -n "$runner_mem" ] && "$build/tools/image/tessera-image" --help | grep -qF "(default $runner_mem,"; then
    echo "PASS: tessera-image assumes the runner's default RAM ($runner_mem)"
else
    echo "FAIL: scripts/qemu-run.sh gives '$runner_mem' of RAM; tessera-image --help says otherwise" >&2
    failures=$((failures + 1))
fi

[ "$failures" = 0 ] || { echo "$failures failures" >&2; exit 1; }
