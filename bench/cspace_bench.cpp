// SPDX-License-Identifier: BSD-2-Clause
// Capability and untyped benchmark: guest instructions per
// operation, read from the instruction counter in user mode under
// `qemu -icount shift=0,align=off,sleep=off` (RISC-V instret; AArch64
// PMCCNTR_EL0, which counts instructions under icount and which the
// benchmark kernel exports to EL0 as seL4's KernelArmExportPMUUser does).
// Written only against libsel4 and sel4runtime: it runs unchanged on seL4.
#include <cstdint>

#include <sel4/sel4.h>
#include <sel4runtime.h>

#include "measure.hpp"

namespace {

using bench::check;
using bench::counter;
using bench::put;
using bench::put_number;
using bench::put_padded;

const seL4_BootInfo* bi;
seL4_CPtr next_free_slot;

seL4_CPtr alloc_slot() { return next_free_slot++; }

// The largest non-device untyped.
seL4_CPtr find_untyped(unsigned* size_bits) {
    seL4_CPtr best = 0;
    unsigned best_bits = 0;
    for (seL4_CPtr slot = bi->untyped.start; slot < bi->untyped.end; ++slot) {
        const seL4_UntypedDesc& d = bi->untypedList[slot - bi->untyped.start];
        if (!d.isDevice && d.sizeBits > best_bits) {
            best = slot;
            best_bits = d.sizeBits;
        }
    }
    *size_bits = best_bits;
    return best;
}

struct Stats {
    std::uint64_t min = ~0ull;
    std::uint64_t total = 0;
    unsigned runs = 0;
    void add(std::uint64_t v) {
        if (v < min) min = v;
        total += v;
        ++runs;
    }
    std::uint64_t mean() const { return runs == 0 ? 0 : total / runs; }
};

void report(const char* what, const Stats& s, unsigned per) {
    put("bench: ");
    put_padded(what, 40);
    put(" min ");
    put_number(s.min, 8);
    put("  mean ");
    put_number(s.mean(), 8);
    put("  per item ");
    put_number(s.min / per, 6);
    put("  (runs ");
    put_number(s.runs);
    put(")\n");
}

constexpr unsigned repeats = 5;
constexpr unsigned dest_radix = 13;  // room for 4096 endpoints

void bench_retype_and_revoke(seL4_CPtr untyped, seL4_CPtr dest_cnode) {
    const unsigned counts[] = {1, 16, 256, 4096};
    for (unsigned n : counts) {
        Stats retype;
        Stats revoke;
        for (unsigned r = 0; r < repeats; ++r) {
            // Fan-out is at most seL4_UntypedRetypeMaxObjects per call; 4096
            // endpoints take 16 calls, timed together.
            const std::uint64_t start = counter();
            for (unsigned done = 0; done < n; done += seL4_UntypedRetypeMaxObjects) {
                const unsigned batch = n - done < seL4_UntypedRetypeMaxObjects ? n - done : seL4_UntypedRetypeMaxObjects;
                check(seL4_Untyped_Retype(untyped, seL4_EndpointObject, 0, seL4_CapInitThreadCNode, dest_cnode, 64,
                                          done, batch),
                      "Untyped_Retype");
            }
            retype.add(counter() - start);
            const std::uint64_t revoke_start = counter();
            check(seL4_CNode_Revoke(seL4_CapInitThreadCNode, untyped, 64), "CNode_Revoke");
            revoke.add(counter() - revoke_start);
        }
        char label[64];
        report(bench::text(label, sizeof label, {"retype ", bench::decimal(n).digits, " endpoint(s)",
                                                 n > 256 ? " (16 calls)" : ""}),
               retype, n);
        report(bench::text(label, sizeof label, {"revoke untyped with ", bench::decimal(n).digits, " children"}),
               revoke, n);
    }
}

void bench_copy(seL4_CPtr endpoint) {
    Stats copy;
    const seL4_CPtr dest = alloc_slot();
    for (unsigned r = 0; r < repeats; ++r) {
        const std::uint64_t start = counter();
        check(seL4_CNode_Copy(seL4_CapInitThreadCNode, dest, 64, seL4_CapInitThreadCNode, endpoint, 64,
                              seL4_AllRights),
              "CNode_Copy");
        copy.add(counter() - start);
        check(seL4_CNode_Delete(seL4_CapInitThreadCNode, dest, 64), "CNode_Delete");
    }
    report("CNode_Copy", copy, 1);
}

// A chain of 64 CNodes of radix 1: slot 0 of each holds the next, the last
// holds an endpoint. Copying from (chain head, index 0, depth 64) walks 64
// levels; from (last CNode, index 0, depth 1) one level.
void bench_lookup_depth(seL4_CPtr untyped, seL4_CPtr endpoint) {
    constexpr unsigned levels = 64;
    seL4_CPtr chain[levels];
    const seL4_CPtr first = next_free_slot;
    check(seL4_Untyped_Retype(untyped, seL4_CapTableObject, 1, seL4_CapInitThreadCNode, 0, 0, first, levels),
          "Untyped_Retype (CNodes)");
    for (unsigned i = 0; i < levels; ++i) chain[i] = alloc_slot();
    for (unsigned i = 0; i + 1 < levels; ++i)
        check(seL4_CNode_Copy(chain[i], 0, 1, seL4_CapInitThreadCNode, chain[i + 1], 64, seL4_AllRights),
              "CNode_Copy (chain)");
    check(seL4_CNode_Copy(chain[levels - 1], 0, 1, seL4_CapInitThreadCNode, endpoint, 64, seL4_AllRights),
          "CNode_Copy (chain end)");

    const seL4_CPtr dest = alloc_slot();
    Stats deep;
    Stats shallow;
    for (unsigned r = 0; r < repeats; ++r) {
        std::uint64_t start = counter();
        check(seL4_CNode_Copy(seL4_CapInitThreadCNode, dest, 64, chain[0], 0, levels, seL4_AllRights),
              "CNode_Copy (64 levels)");
        deep.add(counter() - start);
        check(seL4_CNode_Delete(seL4_CapInitThreadCNode, dest, 64), "CNode_Delete");
        start = counter();
        check(seL4_CNode_Copy(seL4_CapInitThreadCNode, dest, 64, chain[levels - 1], 0, 1, seL4_AllRights),
              "CNode_Copy (1 level)");
        shallow.add(counter() - start);
        check(seL4_CNode_Delete(seL4_CapInitThreadCNode, dest, 64), "CNode_Delete");
    }
    report("CNode_Copy, source lookup 1 level", shallow, 1);
    report("CNode_Copy, source lookup 64 levels", deep, 1);
    put("bench: ");
    put_padded("lookup cost", 40);
    put(" ");
    put_number((deep.min - shallow.min) / (levels - 1));
    put(" instructions per level\n");
    check(seL4_CNode_Revoke(seL4_CapInitThreadCNode, untyped, 64), "CNode_Revoke");
}

}  // namespace

extern "C" int main() {
    bi = sel4runtime_bootinfo();
    next_free_slot = bi->empty.start;
    unsigned untyped_bits = 0;
    const seL4_CPtr untyped = find_untyped(&untyped_bits);
    put("bench: using untyped slot ");
    put_number(untyped);
    put(" (2^");
    put_number(untyped_bits);
    put(" bytes)\n");

    // Objects that live for the whole run come from a separate untyped
    // region so the measured untyped is revoked cleanly: carve a child.
    const seL4_CPtr work_untyped = alloc_slot();
    check(seL4_Untyped_Retype(untyped, seL4_UntypedObject, 20, seL4_CapInitThreadCNode, 0, 0, work_untyped, 1),
          "Untyped_Retype (work untyped)");
    const seL4_CPtr dest_cnode = alloc_slot();
    check(seL4_Untyped_Retype(untyped, seL4_CapTableObject, dest_radix, seL4_CapInitThreadCNode, 0, 0, dest_cnode, 1),
          "Untyped_Retype (dest CNode)");
    const seL4_CPtr endpoint = alloc_slot();
    check(seL4_Untyped_Retype(untyped, seL4_EndpointObject, 0, seL4_CapInitThreadCNode, 0, 0, endpoint, 1),
          "Untyped_Retype (endpoint)");

    bench_retype_and_revoke(work_untyped, dest_cnode);
    bench_copy(endpoint);
    bench_lookup_depth(work_untyped, endpoint);
    put("bench: done\n");
    seL4_DebugHalt();
    return 0;
}
