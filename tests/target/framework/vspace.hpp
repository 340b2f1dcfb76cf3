// SPDX-License-Identifier: BSD-2-Clause
// The VSpace vocabulary of the ports (sel4test reaches it through vka and
// sel4utils' seL4_ARCH_* names): object types, attributes and the Page /
// PageTable / ASID invocations under one name on both arches, and memory
// for tests that need more than the allocator's pool.
#pragma once

#include <sel4/sel4.h>

#include <process/vm.hpp>

#include "alloc.hpp"
#include "test.hpp"

namespace tessera_test::vm {

// The vocabulary is the process library's (user/lib/process), with the
// suite's root CNode for new ASID pools.
using process::default_attributes;
using process::execute_never;
using process::huge_page_object;
using process::large_page_object;
using process::page_address;
using process::page_map;
using process::page_table_map;
using process::page_table_object;
using process::page_table_unmap;
using process::page_unmap;
using process::small_page_object;
using process::vspace_object;
inline seL4_Error make_pool(seL4_CPtr untyped, seL4_CPtr slot) {
    return process::asid_control_make_pool(untyped, root_cnode, slot, root_depth);
}
inline seL4_Error assign(seL4_CPtr pool, seL4_CPtr vspace) { return process::asid_pool_assign(pool, vspace); }

using process::paging_levels;

// A free virtual window of 2^bits bytes, naturally aligned, with no page
// table below the root yet (the root task's image and boot frames lie far
// below it): the tests' own mapping area.
seL4_Word free_window(unsigned bits);

// Page tables that let a page be mapped at `va` in the root task's VSpace
// (up to paging_levels - 1 of them), deleted (so unmapped) at the end of the
// scope.
class Tables {
public:
    Tables() = default;
    Tables(const Tables&) = delete;
    Tables& operator=(const Tables&) = delete;
    ~Tables();
    // Maps tables for `va` down to the level that holds pages of 2^page_bits.
    bool cover(seL4_Word va, unsigned page_bits = seL4_PageBits);

private:
    static constexpr unsigned max_ = 16;
    seL4_CPtr tables_[max_] = {};
    unsigned count_ = 0;
};

// Untyped memory beyond the allocator's pool: a child untyped of exactly
// 2^bits bytes cut from the smallest boot untyped (other than the pool)
// that holds it, revoked and deleted at the end of the scope. 0 if none.
class BigUntyped {
public:
    BigUntyped() = default;
    BigUntyped(const BigUntyped&) = delete;
    BigUntyped& operator=(const BigUntyped&) = delete;
    ~BigUntyped();
    seL4_CPtr make(const seL4_BootInfo* bootinfo, unsigned bits);
    seL4_CPtr cap() const { return cap_; }
    // One object from it into a fresh slot (freed with the untyped); 0 on failure.
    seL4_CPtr retype(seL4_Word type, seL4_Word size_bits = 0, seL4_Error* error = nullptr);

private:
    static constexpr unsigned max_ = 1024;
    seL4_CPtr cap_ = 0;
    seL4_CPtr objects_[max_] = {};
    unsigned count_ = 0;
};

}  // namespace tessera_test::vm
