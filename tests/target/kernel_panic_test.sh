#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# A real kernel panic must end QEMU with the panic status and a clear
# message. A copy of a good image gets its boot payload's magic zeroed, so the
# kernel finds no valid root task and panics.
# usage: kernel_panic_test.sh <arch> <image> <log> <readelf>
set -eu
arch=$1 image=$2 log=$3 readelf=$4
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The payload is the image's last PT_LOAD: file offset column 2, physical address column 4.
read -r offset paddr < <("$readelf" -lW "$image" | awk '$1 == "LOAD" { o = $2; p = $4 } END { print o, p }')
[ -n "${paddr:-}" ] || { echo "kernel_panic_test: no PT_LOAD in $image" >&2; exit 1; }
paddr=$(printf '0x%x' "$paddr")   # readelf pads with zeros; the kernel prints %lx
cp "$image" "$work/broken.img"
dd if=/dev/zero of="$work/broken.img" bs=1 seek=$((offset)) count=8 conv=notrunc status=none
exec "$root/scripts/qemu-run.sh" --arch "$arch" --image "$work/broken.img" --log "$log" --timeout 60 \
    --expect-status 3 --require "^KERNEL PANIC: boot: bad boot payload at 0x${paddr#0x}"
