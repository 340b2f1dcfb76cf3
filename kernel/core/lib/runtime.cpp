// SPDX-License-Identifier: BSD-2-Clause
// The C++ ABI traps the compiler expects (toolchain.md §3); the mem*
// functions are libs/runtime/mem.cpp. No operator new: the kernel has no heap.
#include <cstddef>
#include <cstdint>

#include <kern/console.hpp>

extern "C" {

// A pure virtual call can only be a kernel bug (the kernel uses no virtual
// functions at all, style.md §8).
void __cxa_pure_virtual() { kern::panic("pure virtual function called"); }

}  // extern "C"

// Referenced by virtual destructors even if never called (toolchain.md §3).
void operator delete(void*) noexcept { kern::panic("operator delete called: the kernel has no heap"); }
void operator delete(void*, std::size_t) noexcept { kern::panic("operator delete called: the kernel has no heap"); }
