// SPDX-License-Identifier: BSD-2-Clause
// Invariant checker, part 4: interrupts in hardware and the VSpace objects
// (invariants.md §2.6 valid_irq_states, §2.7). Runs after the object-store
// checks, over the caps sorted by address (sort_caps), so "is there a cap
// naming this table / frame / pool" is a binary search.
//
// Direction of valid_vs_lookup: every valid entry reachable through an
// assigned ASID must be recorded by a cap (so unmap and delete can find and
// clear it). The converse need not hold: a frame cap may record a mapping
// whose entry was since replaced (AArch64 Page_Map over a valid entry,
// docs/design/vspace.md) or whose VSpace is gone; unmapping through such a
// cap checks the entry first and leaves it alone (kern/vspace_ops.hpp).
#include "invariants_state.hpp"

#include <arch/vspace_arch.hpp>
#include <kern/irq.hpp>
#include <kern/object/asid_pool.hpp>
#include <kern/object_type.hpp>
#include <kern/vspace.hpp>

namespace kern::invariants::detail {

namespace {

using A = arch::VSpaceArch;
using F = A::Format;

// Every table, the root included, is one page of entries (kern/vspace.hpp).
constexpr unsigned entry_count = (1u << page_table_bits) / sizeof(word_t);
static_assert(page_table_bits == 12);

// The range of by_address records whose region starts at `base`.
struct CapRange {
    std::uint32_t first, end;
};
CapRange caps_at(paddr_t base) {
    const State& s = state();
    std::uint32_t lo = 0, hi = s.by_address_count;
    while (lo < hi) {
        const std::uint32_t mid = lo + (hi - lo) / 2;
        if (s.caps[s.by_address[mid]].region.base < base) lo = mid + 1;
        else hi = mid;
    }
    std::uint32_t end = lo;
    while (end < s.by_address_count && s.caps[s.by_address[end]].region.base == base) ++end;
    return {lo, end};
}
const Cap& cap_of(std::uint32_t k) { return state().caps[state().by_address[k]].slot->cap; }
Cte* slot_of(std::uint32_t k) { return state().caps[state().by_address[k]].slot; }

bool is_table_cap(const Cap& cap) { return cap.type() == CapType::PageTable || cap.type() == CapType::VSpace; }
bool table_cap_mapped(const Cap& cap) {
    return cap.type() == CapType::VSpace ? cap.as<VSpaceCap>().is_mapped() : cap.as<PageTableCap>().is_mapped();
}
word_t table_cap_asid(const Cap& cap) {
    return cap.type() == CapType::VSpace ? cap.as<VSpaceCap>().asid() : cap.as<PageTableCap>().mapped_asid();
}
vaddr_t table_cap_address(const Cap& cap) {
    return cap.type() == CapType::VSpace ? 0 : cap.as<PageTableCap>().mapped_address();
}

// valid_irq_states: an IRQ no handler owns is masked at the controller.
bool valid_irq_states() {
    for (word_t irq = 0; irq <= arch::irq_max; ++irq)
        if (irq::state(irq) == irq::IrqState::Inactive && arch::irq_enabled(irq))
            return fail("valid_irq_states", "IRQ %lu is inactive but enabled in the interrupt controller", irq);
    return true;
}

// Per-cap checks of table, pool and mapped frame caps: valid_vs_lookup
// (ASID 0 maps nothing), valid_asid_pool_caps, unique_table_caps,
// unique_table_refs, valid_table_caps.
bool check_vspace_caps() {
    const State& s = state();
    for (std::uint32_t k = 0; k < s.by_address_count; ++k) {
        const Cap& cap = cap_of(k);
        if (cap.type() == CapType::Frame) {
            const auto frame = cap.as<FrameCap>();
            if (frame.is_mapped() && frame.mapped_asid() == asid_invalid)
                return fail("valid_vs_lookup", "frame cap in slot %p is mapped through ASID 0",
                            static_cast<void*>(slot_of(k)));
            continue;
        }
        if (cap.type() == CapType::AsidPool) {
            const auto pool = cap.as<AsidPoolCap>();
            if (asid_pool_index(pool.asid_base()) != 0 ||
                phys_to_virt<AsidPool>(cap.object()) != asid::pool(asid_pool_number(pool.asid_base())))
                return fail("valid_asid_pool_caps", "ASID-pool cap in slot %p (pool 0x%lx, ASID base 0x%lx) is not "
                            "the ASID table's pool for that base", static_cast<void*>(slot_of(k)), cap.object(),
                            pool.asid_base());
            continue;
        }
        if (!is_table_cap(cap)) continue;
        if (table_cap_mapped(cap) && cap.type() == CapType::PageTable && table_cap_asid(cap) == asid_invalid)
            return fail("valid_vs_lookup", "page-table cap in slot %p is mapped through ASID 0",
                        static_cast<void*>(slot_of(k)));
        // All caps to one table agree on its mapping (unique_table_refs);
        // an unmapped one has no copies (unique_table_caps). The range is
        // scanned from its first record only.
        if (k > 0 && s.caps[s.by_address[k - 1]].region.base == cap.object() && is_table_cap(cap_of(k - 1))) continue;
        const CapRange same = caps_at(cap.object());
        for (std::uint32_t j = same.first; j < same.end; ++j) {
            const Cap& other = cap_of(j);
            if (j == k || !is_table_cap(other)) continue;
            if (!table_cap_mapped(cap) || !table_cap_mapped(other))
                return fail("unique_table_caps", "slots %p and %p both hold caps to the unmapped table 0x%lx",
                            static_cast<void*>(slot_of(k)), static_cast<void*>(slot_of(j)), cap.object());
            if (table_cap_asid(other) != table_cap_asid(cap) || table_cap_address(other) != table_cap_address(cap))
                return fail("unique_table_refs", "slots %p and %p disagree on the mapping of table 0x%lx",
                            static_cast<void*>(slot_of(k)), static_cast<void*>(slot_of(j)), cap.object());
        }
        if (!table_cap_mapped(cap)) {
            const word_t* entries = vspace::table_entries(cap.object());
            for (unsigned i = 0; i < entry_count; ++i)
                if (F::is_valid(entries[i]))
                    return fail("valid_table_caps", "unmapped table 0x%lx (slot %p) has valid entry %u",
                                cap.object(), static_cast<void*>(slot_of(k)), i);
        }
    }
    return true;
}

// A table the walk reached: some table cap names it, recording (asid, va).
bool table_entry_ok(paddr_t table, unsigned depth, word_t asid, vaddr_t va, const word_t* entry) {
    const CapRange caps = caps_at(table);
    bool named = false;
    for (std::uint32_t k = caps.first; k < caps.end; ++k) {
        const Cap& cap = cap_of(k);
        if (cap.type() != CapType::PageTable) continue;
        named = true;
        if (cap.as<PageTableCap>().is_mapped() && cap.as<PageTableCap>().mapped_asid() == asid &&
            cap.as<PageTableCap>().mapped_address() == va)
            return true;
    }
    if (!named)
        return fail("valid_vspace_objs", "entry %p (ASID %lu, depth %u, va 0x%lx) points to 0x%lx, no page table",
                    static_cast<const void*>(entry), asid, depth, va, table);
    return fail("valid_vs_lookup", "page table 0x%lx reached at ASID %lu va 0x%lx has no cap recording that mapping",
                table, asid, va);
}

bool frame_entry_ok(paddr_t frame, unsigned bits, unsigned depth, word_t asid, vaddr_t va, const word_t* entry) {
    const CapRange caps = caps_at(frame);
    bool named = false;
    for (std::uint32_t k = caps.first; k < caps.end; ++k) {
        const Cap& cap = cap_of(k);
        if (cap.type() != CapType::Frame || frame_size_bits(cap.as<FrameCap>().size()) != bits) continue;
        named = true;
        const auto f = cap.as<FrameCap>();
        if (f.is_mapped() && f.mapped_asid() == asid && f.mapped_address() == va) return true;
    }
    if (!named)
        return fail("valid_vspace_objs", "entry %p (ASID %lu, depth %u, va 0x%lx) maps 0x%lx, which no frame cap of "
                    "2^%u bytes covers", static_cast<const void*>(entry), asid, depth, va, frame, bits);
    return fail("valid_vs_lookup", "frame 0x%lx mapped at ASID %lu va 0x%lx has no cap recording that mapping", frame,
                asid, va);
}

bool frame_depth_allowed(unsigned depth) {
    return depth == vspace::frame_depth<F>(FrameSize::Small) || depth == vspace::frame_depth<F>(FrameSize::Large) ||
           depth == vspace::frame_depth<F>(FrameSize::Huge);
}

// valid_vspace_objs and valid_vs_lookup over the user part of one table.
bool walk_table(paddr_t table, unsigned depth, word_t asid, vaddr_t base) {
    const word_t* entries = vspace::table_entries(table);
    const unsigned bits = F::bits_mapped(depth);
    for (unsigned i = 0; i < entry_count; ++i) {
        const vaddr_t va = base + (vaddr_t{i} << bits);
        if (depth == 0 && va >= A::user_top) break;
        const word_t e = entries[i];
        if (!F::is_valid(e)) continue;
        ++state().stats.vspace_entries;
        if (depth + 1 < F::levels && F::is_table(e, depth)) {
            const paddr_t child = F::address(e);
            if (!table_entry_ok(child, depth + 1, asid, va, &entries[i])) return false;
            if (!walk_table(child, depth + 1, asid, va)) return false;
        } else if (F::is_page(e, depth) && frame_depth_allowed(depth)) {
            if (!frame_entry_ok(F::address(e), bits, depth, asid, va, &entries[i])) return false;
        } else {
            return fail("valid_vspace_objs", "entry %u of table 0x%lx (ASID %lu, depth %u) is malformed: 0x%lx", i,
                        table, asid, depth, e);
        }
    }
    return true;
}

// valid_asid_map: an assigned ASID's root is a live root cap of that ASID.
bool root_ok(paddr_t root, word_t asid) {
    const CapRange caps = caps_at(root);
    for (std::uint32_t k = caps.first; k < caps.end; ++k) {
        const Cap& cap = cap_of(k);
        if (cap.type() == A::root_cap_type && table_cap_mapped(cap) && table_cap_asid(cap) == asid) return true;
    }
    return fail("valid_asid_map", "ASID %lu is assigned root 0x%lx, which no %s cap of that ASID names", asid, root,
                cap_type_name(A::root_cap_type));
}

// valid_asid_table, valid_asid_map, equal_kernel_mappings and the walk
// of every assigned root.
bool check_asids() {
    for (word_t p = 0; p < asid_pool_count; ++p) {
        const AsidPool* pool = asid::pool(p);
        if (pool == nullptr) continue;
        const paddr_t pool_paddr = reinterpret_cast<word_t>(pool) - arch::kernel_window_offset;
        if (!in_kernel_window(pool_paddr, sizeof(AsidPool)))
            return fail("valid_asid_table", "ASID table entry %lu names 0x%lx, outside the kernel window", p,
                        pool_paddr);
        for (word_t q = p + 1; q < asid_pool_count; ++q)
            if (asid::pool(q) == pool)
                return fail("valid_asid_table", "ASID table entries %lu and %lu name the same pool 0x%lx", p, q,
                            pool_paddr);
        bool has_cap = false;
        const CapRange caps = caps_at(pool_paddr);
        for (std::uint32_t k = caps.first; k < caps.end && !has_cap; ++k) has_cap = cap_of(k).type() == CapType::AsidPool;
        if (!has_cap)
            return fail("valid_asid_pool_caps", "ASID pool 0x%lx (table entry %lu) has no ASID-pool cap", pool_paddr, p);
        for (word_t i = 0; i < asid_pool_entries; ++i) {
            const paddr_t root = pool->roots[i];
            if (root == 0) continue;
            const word_t asid = (p << asid_pool_index_bits) | i;
            if (asid == asid_invalid)
                return fail("valid_asid_table", "ASID 0 is assigned the root 0x%lx", root);
            if (!root_ok(root, asid)) return false;
            if (!A::kernel_mappings_equal(root))
                return fail("equal_kernel_mappings", "the kernel half of root 0x%lx (ASID %lu) differs from the "
                            "kernel's own", root, asid);
            if (!walk_table(root, 0, asid, 0)) return false;
        }
    }
    return true;
}

}  // namespace

bool check_vspace_and_irq() { return valid_irq_states() && check_vspace_caps() && check_asids(); }

}  // namespace kern::invariants::detail
