// SPDX-License-Identifier: BSD-2-Clause
// The loader's parts: the generic run() (loader.cpp), the console
// (console.cpp) and what each architecture supplies (<arch>/arch.cpp).
// Nothing here allocates; the loader runs with the MMU and caches off on one
// CPU, from its link address, on the stack its linker script reserves.
#pragma once

#include <cstddef>
#include <cstdint>

namespace microkit_loader {

// What the loader was handed at entry (RISC-V) or found (AArch64).
struct Handoff {
    std::uint64_t device_tree = 0;  // physical address of the DTB
    std::uint64_t hart_id = 0;      // RISC-V: the hart OpenSBI started (a0)
};

// Checks the device tree and the payload, copies the regions, and enters the
// kernel. Every failure prints one LDR|ERROR line and stops the machine.
[[noreturn]] void run(const Handoff& handoff);

// Console: `info` prints `LDR|INFO: ...` in the debug configuration only,
// as Microkit's loader; `fail` prints `LDR|ERROR: ...` in every
// configuration and stops the machine.
void info(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
[[noreturn]] void fail(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

#if TESSERA_LOADER_INFO
inline constexpr bool prints_info = true;
#else
inline constexpr bool prints_info = false;
#endif

namespace arch {

inline constexpr const char* name =
#if defined(__aarch64__)
    "aarch64";
#elif defined(__riscv)
    "riscv64";
#else
#error "unsupported architecture"
#endif

void put_char(char c);
// Prints (debug configuration) how the loader was started: EL, hart, console.
void report_entry(const Handoff& handoff);
// Make [start, start + size) as written by data stores visible to
// instruction fetch.
void sync_instruction_fetch(std::uint64_t start, std::uint64_t size);
// Enters the kernel as QEMU's direct kernel boot does for this architecture.
[[noreturn]] void enter_kernel(std::uint64_t entry, const Handoff& handoff);
// Powers the machine off; parks the CPU if the firmware cannot.
[[noreturn]] void stop();

}  // namespace arch
}  // namespace microkit_loader

// runtime.cpp (<cstring> needs the C library's headers, which freestanding code lacks).
extern "C" {
void* memcpy(void* __restrict dst, const void* __restrict src, std::size_t n);
void* memset(void* dst, int value, std::size_t n);
}

// Bounds from the linker script (loader.ld of each architecture).
extern "C" {
extern std::uint8_t __loader_start[];  // the link address, the loader's first byte
extern std::uint8_t __loader_end[];    // page-aligned end of code, data, .bss and stack: the payload
}
