// SPDX-License-Identifier: BSD-2-Clause
// AArch64 VSpace hardware hooks (kern/vspace.hpp VSpaceArch), implemented in
// kernel/arch/aarch64/vspace/maintenance.cpp.
#pragma once

#include "vspace_decode.hpp"

namespace arch {

struct VSpaceArch : Aarch64VSpaceDecode {
    static void flush_page(kern::word_t asid, kern::vaddr_t va);
    static void flush_asid(kern::word_t asid);
    static void entry_written(kern::word_t* entry);
    // TTBR1 holds the kernel window: a new root needs nothing.
    static void init_root(kern::paddr_t) {}
    // The kernel runs on TTBR1: no VSpace holds kernel mappings.
    static bool kernel_mappings_equal(kern::paddr_t) { return true; }
    static void cache_maintenance(kern::vspace::CacheOp op, kern::paddr_t start, kern::paddr_t end);
};

}  // namespace arch
