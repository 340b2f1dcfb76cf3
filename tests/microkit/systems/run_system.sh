#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Builds a Microkit system with its Makefile against the SDK (as a user
# does, in a fresh temporary build directory), then boots its loader.img
# with Microkit's QEMU command line for the board (qemu-run.sh --microkit)
# and judges the output with the qemu-run.sh options given.
# usage: run_system.sh <sdk> <system dir> <board> <config> gcc|llvm <source dir> <log> [qemu-run options...]
set -u
[ $# -ge 7 ] || { echo "usage: run_system.sh <sdk> <system dir> <board> <config> gcc|llvm <source dir> <log> [qemu-run options...]" >&2; exit 2; }
sdk=$1 system=$2 board=$3 config=$4 toolchain=$5 source_dir=$6 log=$7
shift 7
case "$board" in
    qemu_virt_aarch64) arch=aarch64 ;;
    qemu_virt_riscv64) arch=riscv64 ;;
    *) echo "run_system: unknown board '$board'" >&2; exit 2 ;;
esac
case "$toolchain" in gcc) make_toolchain=() ;; llvm) make_toolchain=(LLVM=True) ;;
    *) echo "run_system: unknown toolchain '$toolchain' (gcc or llvm)" >&2; exit 2 ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! make -C "$system" BUILD_DIR="$work" MICROKIT_SDK="$sdk" MICROKIT_BOARD="$board" MICROKIT_CONFIG="$config" \
        "${make_toolchain[@]}" all >"$work/build.log" 2>&1; then
    echo "run_system: FAIL: $system does not build for $board ($config, $toolchain):" >&2
    tail -n 20 "$work/build.log" >&2
    exit 1
fi
exec "$source_dir/scripts/qemu-run.sh" --arch "$arch" --microkit --image "$work/loader.img" --log "$log" "$@"
