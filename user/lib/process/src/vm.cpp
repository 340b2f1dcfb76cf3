// SPDX-License-Identifier: BSD-2-Clause
// Mapping a frame with the page tables it needs (process/vm.hpp).
#include <process/vm.hpp>

namespace process {

seL4_Error map_frame(seL4_CPtr frame, seL4_CPtr vspace, seL4_Word va, seL4_CapRights_t rights, seL4_Word attributes,
                     ObjectSource& objects, seL4_CPtr* tables, unsigned max_tables, unsigned* table_count) {
    // Each missing level costs one retry; a walk has paging_levels - 1 of them below the root.
    for (unsigned attempt = 0; attempt < paging_levels; ++attempt) {
        const seL4_Error error = page_map(frame, vspace, va, rights, attributes);
        if (error != seL4_FailedLookup) return error;
        const seL4_CPtr table = objects.object(page_table_object, 0);
        if (table == 0) return seL4_NotEnoughMemory;
        const seL4_Error table_error = page_table_map(table, vspace, va);
        if (table_error != seL4_NoError) return table_error;
        if (tables != nullptr && table_count != nullptr && *table_count < max_tables) tables[(*table_count)++] = table;
    }
    return seL4_FailedLookup;
}

}  // namespace process
