// SPDX-License-Identifier: BSD-2-Clause
// The ASID table (seL4 armKSASIDTable / riscvKSASIDTable) and the lookups
// on it: findVSpaceForASID, and the root a thread runs in (setVMRoot).
#include <kern/object/asid_pool.hpp>
#include <kern/object/tcb.hpp>
#include <kern/object_type.hpp>
#include <kern/vspace.hpp>

namespace kern {

namespace {

paddr_t asid_table[asid_pool_count];

}  // namespace

namespace asid {

AsidPool* pool(word_t pool_number) {
    if (pool_number >= asid_pool_count || asid_table[pool_number] == 0) return nullptr;
    return phys_to_virt<AsidPool>(asid_table[pool_number]);
}

void set_pool(word_t pool_number, paddr_t pool) { asid_table[pool_number] = pool; }

Result<paddr_t> find_vspace(word_t asid) {
    const AsidPool* p = pool(asid_pool_number(asid));
    if (p == nullptr || p->roots[asid_pool_index(asid)] == 0)
        return SyscallError::failed_lookup(false, LookupFailure::invalid_root());
    return p->roots[asid_pool_index(asid)];
}

void reset_table() {
    for (paddr_t& entry : asid_table) entry = 0;
}

}  // namespace asid

namespace vspace {

ActiveRoot thread_root(const Tcb& thread) {
    const Cap& cap = thread.slot(TcbSlot::VTable).cap;
    word_t asid = asid_invalid;
    if (cap.type() == CapType::VSpace && cap.as<VSpaceCap>().is_mapped()) asid = cap.as<VSpaceCap>().asid();
    else if (cap.type() == CapType::PageTable && !arch_has_vspace_object() && cap.as<PageTableCap>().is_mapped())
        asid = cap.as<PageTableCap>().mapped_asid();
    else return {};
    const Result<paddr_t> root = asid::find_vspace(asid);
    if (!root.ok() || root.value() != cap.object()) return {};
    return {root.value(), asid};
}

}  // namespace vspace

}  // namespace kern
