// SPDX-License-Identifier: BSD-2-Clause
// AArch64's part of VSpace decoding (kern/vspace.hpp VSpaceArch, pure
// constexpr): VMSAv8-64 entries, the VSpace object as root, seL4_UserTop
// inclusive (so user_top is one past it), Page_Map replacing a valid entry
// as seL4 16.0.0 does, cache maintenance, and the labels (sel4-abi.md §11.2,
// §15.2 MCS: ARMVSpaceClean_Data = 39 ... ARMASIDPoolAssign = 54).
#pragma once

#include "page_table_entry.hpp"
#include <kern/invocation_label.hpp>
#include <kern/vspace.hpp>

namespace arch {

struct Aarch64VSpaceDecode {
    using Format = Aarch64Format;
    static constexpr kern::CapType root_cap_type = kern::CapType::VSpace;
    static constexpr kern::vaddr_t user_top = 0x0000800000000000ull;  // seL4_UserTop + 1
    static constexpr bool overmap_replaces = true;
    static constexpr kern::vspace::VSpaceLabels labels = [] {
        constexpr kern::word_t first = kern::first_arch_label;
        kern::vspace::VSpaceLabels l;
        l.vspace_clean = first + 0;
        l.vspace_invalidate = first + 1;
        l.vspace_clean_invalidate = first + 2;
        l.vspace_unify = first + 3;
        // first + 4 is ARMSMCCall.
        l.page_table_map = first + 5;
        l.page_table_unmap = first + 6;
        l.page_map = first + 7;
        l.page_unmap = first + 8;
        l.page_clean = first + 9;
        l.page_invalidate = first + 10;
        l.page_clean_invalidate = first + 11;
        l.page_unify = first + 12;
        l.page_get_address = first + 13;
        l.asid_control_make_pool = first + 14;
        l.asid_pool_assign = first + 15;
        return l;
    }();
};
static_assert(Aarch64VSpaceDecode::labels.page_table_map == 44 && Aarch64VSpaceDecode::labels.page_map == 46 &&
              Aarch64VSpaceDecode::labels.asid_pool_assign == 54);

}  // namespace arch
