// SPDX-License-Identifier: BSD-2-Clause
// RISC-V VSpace hardware hooks (kern/vspace.hpp VSpaceArch), implemented in
// kernel/arch/riscv64/vspace_maintenance.cpp.
#pragma once

#include "vspace_decode.hpp"

namespace arch {

struct VSpaceArch : riscv::VSpaceDecode {
    static void flush_page(kern::word_t asid, kern::vaddr_t va);
    static void flush_asid(kern::word_t asid);
    // The MMU reads tables through the same coherent memory system [riscv/priv 4.2.1].
    static void entry_written(kern::word_t*) {}
    static void init_root(kern::paddr_t root);
    // The upper half of `root` equals the kernel's own root (the invariant
    // checker's equal_kernel_mappings).
    static bool kernel_mappings_equal(kern::paddr_t root);
    static void cache_maintenance(kern::vspace::CacheOp, kern::paddr_t, kern::paddr_t) {}
};

}  // namespace arch
