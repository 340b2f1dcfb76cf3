#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# ./tessera sdk: bad input gives one line and a non-zero status; with the SDK
# built, it writes microkit-sdk-<version>.tar.gz holding one top directory
# that is the SDK. Uses the build tree as it is (TESSERA_NO_BUILD=1).
# usage: tessera_sdk_test.sh <source dir> <build dir>
set -u
src=$1 build=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TESSERA_NO_BUILD=1 TESSERA_BUILD_DIR="$build"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

expect_error() {
    local expected=$1 status
    shift
    "$src/tessera" "$@" >"$work/stdout" 2>"$work/stderr"
    status=$?
    if [ "$status" != 0 ] && [ "$(cat "$work/stderr")" = "$expected" ] && [ ! -s "$work/stdout" ]; then
        echo "PASS: ./tessera $* -> $expected"
    else
        fail "./tessera $*: status $status, stderr: $(cat "$work/stderr"); expected: $expected"
    fi
}

e="tessera: error: sdk:"
: >"$work/file"
expect_error "$e unknown option '--out'" sdk --out "$work"
expect_error "$e --output needs a value" sdk --output
expect_error "$e unexpected argument 'now'" sdk now
expect_error "$e output directory '$work/none' does not exist" sdk --output "$work/none"
expect_error "$e output '$work/file' is not a directory" sdk --output "$work/file"

version=$(head -n 1 "$build/sdk/VERSION")
if "$src/tessera" sdk --output "$work" >"$work/stdout" 2>&1; then
    tarball=$work/microkit-sdk-$version.tar.gz
    if [ -s "$tarball" ]; then
        tar -tzf "$tarball" >"$work/list"
        grep -qv "^microkit-sdk-$version/" "$work/list" && fail "the tarball has entries outside microkit-sdk-$version/"
        for board in qemu_virt_aarch64 qemu_virt_riscv64; do
            for config in debug release benchmark; do
                for f in lib/libmicrokit.a lib/microkit.ld include/microkit.h include/kernel/gen_config.h elf/sel4.elf; do
                    grep -qx "microkit-sdk-$version/board/$board/$config/$f" "$work/list" ||
                        fail "the tarball lacks board/$board/$config/$f"
                done
            done
        done
        grep -qx "microkit-sdk-$version/example/hello/Makefile" "$work/list" || fail "the tarball lacks example/hello"
        grep -qx "microkit-sdk-$version/VERSION" "$work/list" || fail "the tarball lacks VERSION"
    else
        fail "./tessera sdk did not write $tarball"
    fi
else
    fail "./tessera sdk --output $work failed: $(cat "$work/stdout")"
fi
[ "$failures" = 0 ] || exit 1
echo "./tessera sdk: all checks passed"
