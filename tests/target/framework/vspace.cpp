// SPDX-License-Identifier: BSD-2-Clause
// See vspace.hpp.
#include "vspace.hpp"

namespace tessera_test::vm {

seL4_Word free_window(unsigned bits) {
#if defined(__aarch64__)
    const seL4_Word base = 0x200000000000ul;  // 32 TiB: level-0 slot 64, far above the image
#else
    const seL4_Word base = 0x2000000000ul;  // 128 GiB: root slot 128 of the lower half
#endif
    return base & ~((seL4_Word{1} << bits) - 1);
}

Tables::~Tables() {
    for (unsigned i = count_; i > 0; --i) allocator().free_object(tables_[i - 1]);
}

bool Tables::cover(seL4_Word va, unsigned page_bits) {
    // Each PageTable_Map installs its table at the first level the walk to
    // `va` finds empty; pages of page_bits need levels - 1 - (page_bits -
    // 12) / 9 tables below the root.
    const unsigned needed = paging_levels - 1 - (page_bits - seL4_PageBits) / 9;
    for (unsigned level = 0; level < needed; ++level) {
        if (count_ == max_) return false;
        const seL4_CPtr pt = allocator().alloc_object(page_table_object, 0);
        if (pt == 0) {
            record_failure(__FILE__, __LINE__, "out of memory for a page table");
            return false;
        }
        const seL4_Error e = page_table_map(pt, seL4_CapInitThreadVSpace, va);
        if (e != seL4_NoError) {
            allocator().free_object(pt);
            if (e == seL4_DeleteFirst) return true;  // the tables are there already
            record_failure(__FILE__, __LINE__, "PageTable_Map at 0x%lx: error %d", static_cast<unsigned long>(va), e);
            return false;
        }
        tables_[count_++] = pt;
    }
    return true;
}

BigUntyped::~BigUntyped() {
    if (cap_ != 0) (void)seL4_CNode_Revoke(root_cnode, cap_, root_depth);
    for (unsigned i = 0; i < count_; ++i) allocator().free_slot(objects_[i]);
    allocator().free_object(cap_);
}

seL4_CPtr BigUntyped::make(const seL4_BootInfo* bootinfo, unsigned bits) {
    const seL4_Word count = bootinfo->untyped.end - bootinfo->untyped.start;
    int best = -1;
    for (seL4_Word i = 0; i < count && i < CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS; ++i) {
        const seL4_UntypedDesc& desc = bootinfo->untypedList[i];
        if (desc.isDevice || desc.sizeBits < bits || bootinfo->untyped.start + i == allocator().pool_untyped()) continue;
        if (best < 0 || desc.sizeBits < bootinfo->untypedList[best].sizeBits) best = static_cast<int>(i);
    }
    if (best < 0) return 0;
    const seL4_CPtr slot = allocator().alloc_slot();
    if (slot == 0) return 0;
    const seL4_Error e = seL4_Untyped_Retype(bootinfo->untyped.start + static_cast<seL4_Word>(best),
                                             seL4_UntypedObject, bits, root_cnode, 0, 0, slot, 1);
    if (e != seL4_NoError) {
        allocator().free_slot(slot);
        return 0;
    }
    cap_ = slot;
    return cap_;
}

seL4_CPtr BigUntyped::retype(seL4_Word type, seL4_Word size_bits, seL4_Error* error) {
    if (cap_ == 0 || count_ == max_) return 0;
    const seL4_CPtr slot = allocator().alloc_slot();
    if (slot == 0) return 0;
    const seL4_Error e = seL4_Untyped_Retype(cap_, type, size_bits, root_cnode, 0, 0, slot, 1);
    if (error != nullptr) *error = e;
    if (e != seL4_NoError) {
        allocator().free_slot(slot);
        return 0;
    }
    objects_[count_++] = slot;
    return slot;
}

}  // namespace tessera_test::vm
