// SPDX-License-Identifier: BSD-2-Clause
// RISC-V's part of VSpace decoding (kern/vspace.hpp VSpaceArch, pure
// constexpr): Sv39 entries, the top-level PageTable as VSpace, USER_TOP
// exclusive, DeleteFirst on overmapping, no cache maintenance, and the
// labels (sel4-abi.md §11.2, §15.2 MCS: RISCVPageTableMap = 39 ...).
#pragma once

#include "pte.hpp"
#include <kern/invocation_label.hpp>
#include <kern/vspace.hpp>

namespace arch::riscv {

struct VSpaceDecode {
    using Format = Sv39Format;
    static constexpr kern::CapType root_cap_type = kern::CapType::PageTable;
    static constexpr kern::vaddr_t user_top = 0x0000003ffffff000ull;  // seL4 USER_TOP
    static constexpr bool overmap_replaces = false;
    static constexpr kern::vspace::VSpaceLabels labels = [] {
        constexpr kern::word_t first = kern::first_arch_label;
        kern::vspace::VSpaceLabels l;
        l.page_table_map = first + 0;
        l.page_table_unmap = first + 1;
        l.page_map = first + 2;
        l.page_unmap = first + 3;
        l.page_get_address = first + 4;
        l.asid_control_make_pool = first + 5;
        l.asid_pool_assign = first + 6;
        return l;
    }();
};
static_assert(VSpaceDecode::labels.page_table_map == 39 && VSpaceDecode::labels.asid_pool_assign == 45);

}  // namespace arch::riscv
