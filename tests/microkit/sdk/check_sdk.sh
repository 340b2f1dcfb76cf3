#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The SDK directory against Microkit 2.3.0's layout (microkit.md §3.1): for
# each board and configuration, include/ (microkit.h, libsel4 with the
# configuration Microkit builds it with, kernel/gen_config.h with the
# CONFIG_SEL4_ARCH line Makefiles grep), lib/ (libmicrokit.a for the right
# machine and ABI, microkit.ld), elf/ (the kernel; the loader and initial
# task when built). Then <microkit.h> is compiled, as C and as C++, with
# -Wall -Wextra -Werror and no system include directory, by clang and by the
# GCC cross compilers found.
# usage: check_sdk.sh <sdk dir> <llvm bin dir> <api_use.c>
set -u
sdk=$1 llvm_bin=$2 api_use=$3
nm=$llvm_bin/llvm-nm readelf=$llvm_bin/llvm-readelf
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
note() { echo "NOTE: $*"; }
[ -d "$sdk" ] || { echo "FAIL: $sdk does not exist (cmake --build build --target microkit-sdk)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

grep -qE '^2\.3\.0' "$sdk/VERSION" 2>/dev/null || fail "VERSION is missing or not a 2.3.0 version: $(cat "$sdk/VERSION" 2>/dev/null)"
if [ -x "$sdk/bin/microkit" ]; then echo "bin/microkit present"; else note "no bin/microkit in the SDK (the tool is not built in this tree)"; fi

# elf_machine FILE: the e_machine name readelf prints.
elf_machine() { "$readelf" -h "$1" 2>/dev/null | sed -n 's/^ *Machine: *//p'; }

for board_arch in qemu_virt_aarch64:aarch64 qemu_virt_riscv64:riscv64; do
    board=${board_arch%:*} arch=${board_arch#*:}
    case $arch in
        aarch64) machine=AArch64 triple=aarch64-none-elf gccs="aarch64-none-elf aarch64-linux-gnu"
                 arch_flags=(-mstrict-align) ;;
        riscv64) machine=RISC-V triple=riscv64-unknown-elf gccs="riscv64-unknown-elf riscv64-linux-gnu"
                 arch_flags=(-march=rv64imafdc_zicsr_zifencei -mabi=lp64d) ;;
    esac
    for config in debug release benchmark; do
        dir=$sdk/board/$board/$config
        where="$board/$config"
        [ -d "$dir" ] || { fail "$where: missing"; continue; }
        for f in include/microkit.h include/sel4/sel4.h include/sel4/arch/syscall_regs.h \
                 include/sel4/sel4_arch/constants.h include/autoconf.h include/sel4runtime/gen_config.h \
                 include/sel4/gen_config.h include/kernel/gen_config.h lib/libmicrokit.a lib/microkit.ld elf/sel4.elf; do
            [ -s "$dir/$f" ] || fail "$where: $f is missing"
        done
        grep -qx "#define CONFIG_SEL4_ARCH  $arch" "$dir/include/kernel/gen_config.h" ||
            fail "$where: kernel/gen_config.h lacks '#define CONFIG_SEL4_ARCH  $arch'"
        [ "$(grep 'CONFIG_SEL4_ARCH  ' "$dir/include/kernel/gen_config.h" | cut -d' ' -f4)" = "$arch" ] ||
            fail "$where: the Makefiles' grep | cut does not give '$arch'"
        # Microkit's qemu_virt_aarch64 gives EL0 the physical counter and timer in every configuration.
        for export in PCNT PTMR; do
            if [ "$arch" = aarch64 ]; then
                grep -qx "#define CONFIG_EXPORT_${export}_USER  1" "$dir/include/kernel/gen_config.h" ||
                    fail "$where: kernel/gen_config.h does not define CONFIG_EXPORT_${export}_USER"
            else
                ! grep -q "^#define CONFIG_EXPORT_${export}_USER" "$dir/include/kernel/gen_config.h" ||
                    fail "$where: kernel/gen_config.h defines CONFIG_EXPORT_${export}_USER on $arch"
            fi
        done
        ! grep -q '^#define CONFIG_LIB_SEL4_USE_THREAD_LOCALS' "$dir/include/sel4/gen_config.h" ||
            fail "$where: sel4/gen_config.h defines CONFIG_LIB_SEL4_USE_THREAD_LOCALS (Microkit's libsel4 has no thread locals)"
        [ "$(elf_machine "$dir/elf/sel4.elf")" = "$machine" ] || fail "$where: elf/sel4.elf is not an $machine ELF"
        for part in loader initialiser; do
            if [ -e "$dir/elf/$part.elf" ]; then
                [ "$(elf_machine "$dir/elf/$part.elf")" = "$machine" ] || fail "$where: elf/$part.elf is not an $machine ELF"
            else
                note "$where: no elf/$part.elf (not built in this tree)"
            fi
        done

        # libmicrokit.a: every member for this machine (RISC-V: the double-float ABI user code uses),
        # and the symbols a PD image needs from it.
        mkdir -p "$work/ar" && rm -f "$work/ar/"*
        (cd "$work/ar" && "$llvm_bin/llvm-ar" x "$dir/lib/libmicrokit.a") || fail "$where: libmicrokit.a cannot be read"
        for member in "$work/ar/"*; do
            [ "$(elf_machine "$member")" = "$machine" ] || fail "$where: libmicrokit.a member $(basename "$member") is not $machine"
            if [ "$arch" = riscv64 ]; then
                "$readelf" -h "$member" | grep -q 'double-float ABI' ||
                    fail "$where: libmicrokit.a member $(basename "$member") is not lp64d"
            fi
        done
        symbols=$("$nm" "$dir/lib/libmicrokit.a" 2>/dev/null)
        for symbol in _start main microkit_name microkit_passive microkit_irqs microkit_notifications \
                      microkit_pps microkit_ioports microkit_have_signal microkit_signal_cap microkit_signal_msg \
                      __sel4_ipc_buffer microkit_dbg_putc microkit_dbg_puts microkit_dbg_put8 microkit_dbg_put32; do
            grep -qE " [TDBR] $symbol\$" <<<"$symbols" || fail "$where: libmicrokit.a does not define $symbol"
        done
        for symbol in protected fault __assert_fail; do
            grep -qE " W $symbol\$" <<<"$symbols" || fail "$where: libmicrokit.a has no weak default $symbol"
        done
        # What it takes from the PD and the linker script, nothing else (no mem* or libc calls).
        expected="__init_array_end __init_array_start init main microkit_dbg_puts microkit_name notified"
        [ "$arch" = riscv64 ] && expected="__global_pointer\$ $expected"
        undefined=$("$nm" -u "$dir/lib/libmicrokit.a" 2>/dev/null | awk 'NF == 2 { print $2 }' | LC_ALL=C sort -u | tr '\n' ' ')
        [ "$undefined" = "$(tr ' ' '\n' <<<"$expected" | LC_ALL=C sort -u | tr '\n' ' ')" ] ||
            fail "$where: libmicrokit.a needs other symbols than $expected: $undefined"

        # <microkit.h> with nothing but the SDK's include directory.
        common=(-ffreestanding -nostdlib -nostdinc -Wall -Wextra -Werror -O2 -c "${arch_flags[@]}" -I"$dir/include")
        "$llvm_bin/clang" --target=$triple -x c -std=gnu11 "${common[@]}" "$api_use" -o "$work/api.o" ||
            fail "$where: microkit.h does not compile as C with clang"
        "$llvm_bin/clang" --target=$triple -x c++ -std=c++20 "${common[@]}" "$api_use" -o "$work/api.o" ||
            fail "$where: microkit.h does not compile as C++ with clang"
        for gcc in $gccs; do
            if command -v "$gcc-gcc" >/dev/null; then
                "$gcc-gcc" -x c "${common[@]}" "$api_use" -o "$work/api.o" ||
                    fail "$where: microkit.h does not compile as C with $gcc-gcc"
            fi
            if command -v "$gcc-g++" >/dev/null; then
                "$gcc-g++" -x c++ -std=c++20 "${common[@]}" "$api_use" -o "$work/api.o" ||
                    fail "$where: microkit.h does not compile as C++ with $gcc-g++"
            fi
        done
        echo "checked $where"
    done
done
[ "$failures" = 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo "the SDK layout is complete"
