// SPDX-License-Identifier: BSD-2-Clause
// sel4test frames.c FRAMEEXPORTS0001 (sel4test.md §3.4): frames of every
// size sel4test exports (AArch64: 2 MiB and 4 KiB; RV64: 1 GiB, 2 MiB and
// 4 KiB), largest first, are mapped at an aligned address, must read zero,
// take a write, survive a remap of the mapped cap at the same address with
// all rights, take another write and are unmapped. Upstream allocates until
// memory runs out; here a few frames of each size are enough to exercise
// every mapping level, so the suite's time does not grow with the RAM.
#include "../framework/alloc.hpp"
#include "../framework/test.hpp"
#include "../framework/vspace.hpp"

namespace {

using namespace tessera_test;

struct Size {
    seL4_Word object;
    unsigned bits;
};
#if defined(__aarch64__)
constexpr Size sizes[] = {{vm::large_page_object, seL4_LargePageBits}, {vm::small_page_object, seL4_PageBits}};
#else
constexpr Size sizes[] = {{vm::huge_page_object, seL4_HugePageBits},
                          {vm::large_page_object, seL4_LargePageBits},
                          {vm::small_page_object, seL4_PageBits}};
#endif
constexpr unsigned frames_per_size = 3;
constexpr unsigned probes = 16;

bool bytes_are(seL4_Word va, seL4_Word size, char expected) {
    bool all = true;
    for (unsigned i = 0; i < probes; ++i) all = all && *reinterpret_cast<volatile char*>(va + i * (size / probes)) == expected;
    return all;
}
void write_bytes(seL4_Word va, seL4_Word size, char value) {
    for (unsigned i = 0; i < probes; ++i) *reinterpret_cast<volatile char*>(va + i * (size / probes)) = value;
}

Result test_frame_exports(Env& env) {
    for (const Size& size : sizes) {
        const seL4_Word bytes = seL4_Word{1} << size.bits;
        const seL4_Word va = vm::free_window(size.bits);
        vm::Tables tables;
        test_assert_fatal(tables.cover(va, size.bits));
        vm::BigUntyped memory;
        test_assert_fatal(memory.make(env.bootinfo, size.bits + 2) != 0 || memory.make(env.bootinfo, size.bits) != 0);
        unsigned made = 0;
        for (; made < frames_per_size; ++made) {
            const seL4_CPtr frame = memory.retype(size.object);
            if (frame == 0) break;
            test_eq(vm::page_map(frame, seL4_CapInitThreadVSpace, va, seL4_AllRights, vm::default_attributes),
                    seL4_NoError);
            test_assert(bytes_are(va, bytes, 0));
            write_bytes(va, bytes, 'U');
            test_eq(vm::page_map(frame, seL4_CapInitThreadVSpace, va, seL4_AllRights, vm::default_attributes),
                    seL4_NoError);
            test_assert(bytes_are(va, bytes, 'U'));
            write_bytes(va, bytes, 'V');
            test_eq(vm::page_unmap(frame), seL4_NoError);
        }
        if (made == 0)
            record_failure(__FILE__, __LINE__, "no frame of 2^%u bytes (is there an untyped that large?)", size.bits);
    }
    return test_result();
}

}  // namespace

DEFINE_TEST(FRAMEEXPORTS0001, "Test that we can access all exported frames", test_frame_exports, true);
