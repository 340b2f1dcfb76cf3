#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Installs the Debian packages Tessera needs, skipping what is present.
# usage: scripts/setup.sh [extra-package...]
set -eu

packages=(clang-19 lld-19 llvm-19 libclang-rt-19-dev cmake ninja-build libgtest-dev
          qemu-system-misc qemu-system-arm opensbi
          libpugixml-dev libcli11-dev make gcc-aarch64-linux-gnu gcc-riscv64-linux-gnu ipxe-qemu "$@")

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "tessera: installing ${missing[*]}"
as_root=()
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "tessera: error: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    as_root=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
