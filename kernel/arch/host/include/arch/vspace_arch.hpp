// SPDX-License-Identifier: BSD-2-Clause
// The host arch decodes VSpace invocations as RISC-V does (its object
// numbering is RISC-V's too) and records the hardware maintenance it would
// do, for tests to look at.
#pragma once

#include <vector>

#include "../../../riscv64/include/arch/vspace_decode.hpp"

namespace arch {

struct HostTlbFlush {
    kern::word_t asid;
    kern::vaddr_t va;  // host_flush_whole_asid for a whole-ASID flush
    friend bool operator==(const HostTlbFlush&, const HostTlbFlush&) = default;
};
inline constexpr kern::vaddr_t host_flush_whole_asid = ~kern::vaddr_t{0};
// Every flush since the last reset, in order; the roots init_root saw.
std::vector<HostTlbFlush>& host_tlb_flushes();
std::vector<kern::paddr_t>& host_initialised_roots();

struct VSpaceArch : riscv::VSpaceDecode {
    static void flush_page(kern::word_t asid, kern::vaddr_t va) { host_tlb_flushes().push_back({asid, va}); }
    static void flush_asid(kern::word_t asid) { host_tlb_flushes().push_back({asid, host_flush_whole_asid}); }
    static void entry_written(kern::word_t*) {}
    // As RISC-V: the upper half of every root is the kernel's. The host
    // kernel has no mappings of its own, so that half stays empty.
    static void init_root(kern::paddr_t root) { host_initialised_roots().push_back(root); }
    static bool kernel_mappings_equal(kern::paddr_t root) {
        const auto* entries = kern::phys_to_virt<kern::word_t>(root);
        for (unsigned i = 256; i < 512; ++i)
            if (entries[i] != 0) return false;
        return true;
    }
    static void cache_maintenance(kern::vspace::CacheOp, kern::paddr_t, kern::paddr_t) {}
};

}  // namespace arch
