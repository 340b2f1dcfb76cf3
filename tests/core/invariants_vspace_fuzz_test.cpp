// SPDX-License-Identifier: BSD-2-Clause
// Random VSpace and interrupt operations with the invariant checker at every
// kernel exit (kern/invariants.hpp) and a full check after each step: ASID
// assignment, page-table and frame map / remap / unmap, copies and deletion
// of frame, table and root caps (deleting a root or a mapped table leaves
// caps that record mappings which no longer exist, as in seL4), IRQ handler
// caps issued and deleted. The seed is deterministic.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include <arch/machine.hpp>
#include <arch/vspace_arch.hpp>
#include <kern/invariants.hpp>
#include <kern/vspace.hpp>

#include "support/system_fixture.hpp"

namespace {

using namespace kern;
using test_support::System;

constexpr auto labels = arch::VSpaceArch::labels;

class VSpaceFuzz {
public:
    explicit VSpaceFuzz(unsigned seed) : rng_(seed) {
        asid::reset_table();
        cnode_ = sys.make_root_cnode_cap();
        const word_t control = put(make_simple_cap(CapType::AsidControl));
        const word_t untyped = put(UntypedCap::make(sys.allocate(12), 12, false, 0));
        pool_ = sys.new_cptr();
        EXPECT_EQ(call(control, labels.asid_control_make_pool, {pool_, 64}, {untyped, cnode_}), 0u);
        irq_control_ = put(make_simple_cap(CapType::IrqControl));
    }
    ~VSpaceFuzz() { asid::reset_table(); }

    // Returns how many operations succeeded.
    unsigned run(unsigned steps) {
        unsigned succeeded = 0;
        for (unsigned i = 0; i < steps && !::testing::Test::HasFailure(); ++i) {
            succeeded += step() == 0 ? 1 : 0;
            const invariants::Violation v = invariants::check({invariants::ZeroScan::Full});
            EXPECT_FALSE(v) << "step " << i << ": " << v.check << ": " << v.detail;
        }
        return succeeded;
    }

private:
    word_t pick(word_t n) { return std::uniform_int_distribution<word_t>(0, n - 1)(rng_); }
    word_t any(const std::vector<word_t>& v) { return v.empty() ? 0 : v[pick(v.size())]; }
    word_t va() {
        static constexpr vaddr_t bases[] = {0x10000000, 0x10200000, 0x50000000, 0x1000};
        return bases[pick(4)] + pick(3) * page_size;
    }
    word_t call(word_t cptr, word_t label, const std::vector<word_t>& mrs, const std::vector<word_t>& caps = {}) {
        return sys.invoke(sys.current(), cptr, label, mrs, caps);
    }
    word_t put(const Cap& cap) { return sys.put(cap); }
    word_t copy(word_t from, std::vector<word_t>& into) {
        const word_t dest = sys.new_cptr();
        const word_t error = sys.invoke(sys.current(), cnode_, Label::CNodeCopy, {dest, 64, from, 64, 0xf}, {cnode_});
        if (error == 0) into.push_back(dest);
        return error;
    }
    word_t remove(std::vector<word_t>& from, Label how) {
        if (from.empty()) return 1;
        const word_t i = pick(from.size());
        const word_t error = sys.invoke(sys.current(), cnode_, how, {from[i], 64});
        if (error == 0 && how == Label::CNodeDelete) from.erase(from.begin() + static_cast<long>(i));
        return error;
    }

    word_t step() {
        switch (pick(12)) {
        case 0: {
            if (roots_.size() > 6) return 1;
            const word_t root = put(PageTableCap::make(sys.allocate(12)));
            roots_.push_back(root);
            return call(pool_, labels.asid_pool_assign, {}, {root});
        }
        case 1: {
            if (tables_.size() < 12) tables_.push_back(put(PageTableCap::make(sys.allocate(12))));
            return call(any(tables_), labels.page_table_map, {va(), 0}, {any(roots_)});
        }
        case 2: return tables_.empty() ? 1 : call(any(tables_), labels.page_table_unmap, {});
        case 3: {
            if (frames_.size() < 16)
                frames_.push_back(put(FrameCap::make(sys.allocate(12), FrameSize::Small, VmRights::ReadWrite, false)));
            return call(any(frames_), labels.page_map, {va(), 0xf, 0}, {any(roots_)});
        }
        case 4: return frames_.empty() ? 1 : call(any(frames_), labels.page_unmap, {});
        case 5: return frames_.empty() ? 1 : copy(any(frames_), frames_);
        case 6: return tables_.empty() ? 1 : copy(any(tables_), tables_);
        case 7: return remove(frames_, Label::CNodeDelete);
        case 8: return remove(pick(2) == 0 ? tables_ : roots_, Label::CNodeDelete);
        case 9: return remove(pick(2) == 0 ? tables_ : roots_, Label::CNodeRevoke);
        case 10: {
            const word_t dest = sys.new_cptr();
            const word_t irq = arch::irq_first + pick(8);
            const word_t error =
                sys.invoke(sys.current(), irq_control_, Label::IRQIssueIRQHandler, {irq, dest, 64}, {cnode_});
            if (error == 0) handlers_.push_back(dest);
            return error;
        }
        default: return remove(handlers_, Label::CNodeDelete);
        }
    }

    std::mt19937_64 rng_;
    System sys;
    word_t cnode_ = 0, pool_ = 0, irq_control_ = 0;
    std::vector<word_t> roots_, tables_, frames_, handlers_;
};

TEST(InvariantsVSpaceFuzz, RandomOperationsKeepEveryInvariant) {
    for (unsigned seed = 1; seed <= 4; ++seed) {
        VSpaceFuzz fuzz(seed);
        const unsigned succeeded = fuzz.run(400);
        EXPECT_GT(succeeded, 100u) << "seed " << seed;
    }
}

}  // namespace
