#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The kernel has no heap (DEVELOPERS.md: "operator new must fail to link"):
# no definition of any operator new / new[] may exist in the kernel image,
# so a use anywhere in kernel code is an undefined symbol at link time.
# usage: no_heap_test.sh <kernel.elf> <llvm-nm>
set -eu
kernel=$1 nm=$2
found=$("$nm" --defined-only "$kernel" | awk '{ print $NF }' | grep -E '^_Zna|^_Znw' || true)
if [ -n "$found" ]; then
    echo "FAIL: $kernel defines operator new: $found" >&2
    exit 1
fi
undefined=$("$nm" --undefined-only "$kernel" || true)
if [ -n "$undefined" ]; then
    echo "FAIL: $kernel has undefined symbols: $undefined" >&2
    exit 1
fi
echo "PASS: $kernel defines no operator new and links with no undefined symbol"
