#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Builds every example of the SDK the way a user does: from a copy of the SDK
# directory in a fresh temporary directory (nothing reaches into the source
# or build tree), with the example's own Makefile, for every configuration
# of one board, with GCC or with LLVM=True, down to loader.img and
# report.txt. Then checks what the microkit tool relies on in each PD ELF:
# entry and _start at 0x200000, the patched symbols present (with their
# sizes) inside the loaded data segment, exactly two loadable segments.
# usage: build_examples.sh <sdk dir> <board> gcc|llvm <llvm bin dir> <source dir> <build dir>
set -u
sdk=$1 board=$2 toolchain=$3 llvm_bin=$4 source_dir=$5 build_dir=$6
nm=$llvm_bin/llvm-nm readelf=$llvm_bin/llvm-readelf
[ -d "$sdk/board/$board" ] || { echo "FAIL: $sdk/board/$board does not exist (cmake --build build --target microkit-sdk)" >&2; exit 1; }
case "$toolchain" in gcc) make_toolchain=() ;; llvm) make_toolchain=(LLVM=True) ;;
    *) echo "FAIL: unknown toolchain '$toolchain' (gcc or llvm)" >&2; exit 1 ;; esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -a "$sdk" "$work/sdk"
copy=$work/sdk
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

[ -x "$copy/bin/microkit" ] || { echo "FAIL: the SDK has no bin/microkit" >&2; exit 1; }

# check_elf ELF: what the tool needs of a PD image.
check_elf() {
    local elf=$1 entry loads symbols name size value found_size
    [ -f "$elf" ] || { fail "$elf was not built"; return; }
    entry=$("$readelf" -h "$elf" | awk '/Entry point address:/ { print $4 }')
    [ "$entry" = 0x200000 ] || fail "$elf: entry point $entry, not 0x200000"
    # One line per PT_LOAD: vaddr memsz flags (e.g. "0x201000 0x1a8 RW").
    loads=$("$readelf" -lW "$elf" | awk '$1 == "LOAD" { f = ""; for (i = 7; i < NF; i++) f = f $i; print $3, $6, f }')
    local count text_flags data_vaddr data_size data_flags data_start data_end
    count=$(grep -c . <<<"$loads")
    [ "$count" = 2 ] || { fail "$elf: $count PT_LOAD segments, not 2"; return; }
    text_flags=$(sed -n '1s/.* //p' <<<"$loads")
    read -r data_vaddr data_size data_flags <<<"$(sed -n 2p <<<"$loads")"
    [ "$text_flags" = RE ] && [ "$data_flags" = RW ] ||
        fail "$elf: the segments are not text (RE) then data (RW): $(tr '\n' ';' <<<"$loads")"
    data_start=$((data_vaddr)) data_end=$((data_vaddr + data_size))
    symbols=$("$nm" -S "$elf")
    grep -qE '^0+200000 [0-9a-f]+ T _start$|^0+200000 T _start$' <<<"$symbols" || fail "$elf: _start is not at 0x200000"
    for name_size in microkit_name:64 microkit_passive:1 microkit_irqs:8 microkit_notifications:8 \
                     microkit_pps:8 microkit_ioports:8 __sel4_ipc_buffer:8; do
        name=${name_size%:*} size=${name_size#*:}
        read -r value found_size <<<"$(awk -v n="$name" '$NF == n { print $1, $2 }' <<<"$symbols")"
        if [ -z "$value" ]; then fail "$elf: no symbol $name"; continue; fi
        [ $((16#$found_size)) = "$size" ] || fail "$elf: $name is $((16#$found_size)) bytes, not $size"
        [ $((16#$value)) -ge "$data_start" ] && [ $((16#$value + size)) -le "$data_end" ] ||
            fail "$elf: $name (0x$value) is outside the loaded data segment"
    done
}

examples=$(cd "$copy/example" && ls -d */ 2>/dev/null | tr -d /)
[ -n "$examples" ] || fail "the SDK has no examples in $copy/example"
for example in $examples; do
    for config in $(ls "$copy/board/$board"); do
        out=$work/build/$example-$config
        log=$work/$example-$config.log
        if ! make -C "$copy/example/$example" BUILD_DIR="$out" MICROKIT_SDK="$copy" MICROKIT_BOARD="$board" \
                MICROKIT_CONFIG="$config" "${make_toolchain[@]}" all >"$log" 2>&1; then
            fail "$example ($board, $config, $toolchain) does not build:"
            tail -n 20 "$log" >&2
            continue
        fi
        # The build used the copy only.
        if grep -qF -e "$source_dir" -e "$build_dir/" "$log"; then
            fail "$example ($board, $config): the build reached outside the SDK copy:"
            grep -F -e "$source_dir" -e "$build_dir/" "$log" | head -n 3 >&2
        fi
        programs=$(sed -n 's/^PROGRAMS := //p' "$copy/example/$example/Makefile")
        for program in $programs; do check_elf "$out/$program"; done
        [ -s "$out/loader.img" ] || fail "$example ($board, $config): no loader.img"
        [ -s "$out/report.txt" ] || fail "$example ($board, $config): no report.txt"
        echo "built $example for $board ($config) with $toolchain: $programs"
    done
done

[ "$failures" = 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo "all examples built for $board with $toolchain"
