// SPDX-License-Identifier: BSD-2-Clause
// Virtual-memory objects, independent of the page-table format: what the
// core needs from each arch (a PageTableFormat for its entries and a small
// VSpaceArch of decode differences and hardware hooks), and the page-table
// walk seL4 calls lookupPTSlot (sel4-abi.md §11). The invocations built on
// this are in kern/vspace_ops.hpp; kernel/core/vspace/ instantiates them for
// arch::VSpaceArch, host tests for both real formats.
#pragma once

#include <concepts>

#include <kern/arch_contract.hpp>
#include <kern/cap.hpp>
#include <kern/object/asid_pool.hpp>
#include <kern/types.hpp>

namespace kern {

struct Tcb;

namespace vspace {

// The entry format of one arch's translation tables. Depth 0 is the root
// table (the VSpace); depth levels - 1 holds 4 KiB pages. Every table is
// one 4 KiB page of 512 entries.
template <typename F>
concept PageTableFormat = requires(typename F::Entry e, vaddr_t va, paddr_t pa, unsigned depth, VmRights rights,
                                   word_t attributes, bool device) {
    requires std::same_as<typename F::Entry, word_t>;
    { F::levels } -> std::convertible_to<unsigned>;
    { F::bits_mapped(depth) } -> std::same_as<unsigned>;  // log2 bytes one entry at `depth` maps
    { F::index(va, depth) } -> std::same_as<unsigned>;
    { F::is_valid(e) } -> std::same_as<bool>;
    { F::is_table(e, depth) } -> std::same_as<bool>;  // points to a next-level table
    { F::is_page(e, depth) } -> std::same_as<bool>;   // maps a frame of bits_mapped(depth)
    { F::address(e) } -> std::same_as<paddr_t>;       // the table or frame it names
    { F::invalid() } -> std::same_as<word_t>;
    { F::table(pa) } -> std::same_as<word_t>;
    { F::page(pa, depth, rights, attributes, device) } -> std::same_as<word_t>;  // may be invalid()
    { F::page_is_writable(e) } -> std::same_as<bool>;
};

// The labels of the VSpace invocations of one arch (sel4-abi.md §15.2, MCS
// columns); `none` for an invocation the arch does not have.
struct VSpaceLabels {
    static constexpr word_t none = ~word_t{0};
    word_t page_table_map = none, page_table_unmap = none;
    word_t page_map = none, page_unmap = none, page_get_address = none;
    word_t page_clean = none, page_invalidate = none, page_clean_invalidate = none, page_unify = none;
    word_t vspace_clean = none, vspace_invalidate = none, vspace_clean_invalidate = none, vspace_unify = none;
    word_t asid_control_make_pool = none, asid_pool_assign = none;
};

enum class CacheOp { Clean, Invalidate, CleanInvalidate, Unify };

// The per-arch part of VSpace decoding and the hardware it touches:
//  * Format: the PageTableFormat;
//  * root_cap_type: the cap that names a VSpace (AArch64 VSpace, RISC-V the
//    top-level PageTable);
//  * user_top: the first address user mappings may not reach (RISC-V
//    USER_TOP; AArch64 seL4_UserTop + 1, so seL4's inclusive comparisons
//    become `>= user_top` on both);
//  * overmap_replaces: Page_Map of a new mapping over a valid entry replaces
//    it (AArch64) instead of failing with DeleteFirst (RISC-V);
//  * labels;
//  * flush_page / flush_asid: TLB maintenance after an entry changed;
//  * entry_written: make a table write visible to the table walker;
//  * init_root: a root just assigned an ASID (RISC-V: copy the kernel window);
//  * cache_maintenance: on the physical range [start, end] (inclusive).
template <typename A>
concept VSpaceArch = requires(word_t asid, vaddr_t va, paddr_t pa, word_t* entry, CacheOp op) {
    requires PageTableFormat<typename A::Format>;
    { A::root_cap_type } -> std::convertible_to<CapType>;
    { A::user_top } -> std::convertible_to<vaddr_t>;
    { A::overmap_replaces } -> std::convertible_to<bool>;
    { A::labels } -> std::convertible_to<VSpaceLabels>;
    A::flush_page(asid, va);
    A::flush_asid(asid);
    A::entry_written(entry);
    A::init_root(pa);
    A::cache_maintenance(op, pa, pa);
};

// The entries of the table at `table` (reached through the kernel window).
inline word_t* table_entries(paddr_t table) { return phys_to_virt<word_t>(table); }

// seL4 lookupPTSlot: walks from `root` towards `va` while entries point to
// tables; the slot where it stopped and the log2 size that slot maps.
struct SlotLookup {
    word_t* slot;
    unsigned depth;
    unsigned bits_left;
};
template <PageTableFormat F>
SlotLookup lookup_slot(paddr_t root, vaddr_t va) {
    unsigned depth = 0;
    word_t* slot = table_entries(root) + F::index(va, 0);
    while (depth + 1 < F::levels && F::is_table(*slot, depth)) {
        ++depth;
        slot = table_entries(F::address(*slot)) + F::index(va, depth);
    }
    return {slot, depth, F::bits_mapped(depth)};
}

// The depth at which a frame of `size` is mapped.
template <PageTableFormat F>
constexpr unsigned frame_depth(FrameSize size) {
    return F::levels - 1 - static_cast<unsigned>(size);
}

// Where the current thread's address space is: the root its VTable cap names
// and that root's ASID, when the cap is a valid root still assigned that
// ASID (seL4 setVMRoot); otherwise {0, 0}: the thread runs with no user
// mappings.
struct ActiveRoot {
    paddr_t root = 0;
    word_t asid = asid_invalid;
    friend constexpr bool operator==(const ActiveRoot&, const ActiveRoot&) = default;
};
[[nodiscard]] ActiveRoot thread_root(const Tcb& thread);

// Deletion hooks of kern::cdt (seL4 arch finaliseCap): a frame cap's
// mapping goes with the cap; a final page table is unmapped, a final root
// releases its ASID, a final ASID pool leaves the ASID table.
void finalise_frame(const FrameCap& frame);
void finalise_page_table(const PageTableCap& table, bool final);
void finalise_vspace(const VSpaceCap& vspace, bool final);
void finalise_asid_pool(const AsidPoolCap& pool, bool final);

}  // namespace vspace
}  // namespace kern
