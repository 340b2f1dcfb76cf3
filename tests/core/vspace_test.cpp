// SPDX-License-Identifier: BSD-2-Clause
// The VSpace state machine (kern/vspace_ops.hpp, kern/vspace_asid_ops.hpp)
// instantiated with BOTH real page-table formats (Sv39 and VMSAv8-64) over
// host memory standing in for physical memory (the host kernel window is
// the identity): ASID pools, PageTable_Map/Unmap, Page_Map/Unmap, remap,
// overmapping, every decode error in seL4's order, and the deletion cases of
// VSPACE0001 and PT0001 (sel4-abi.md §11, sel4test.md §3.4).
#include <cstdlib>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "../../kernel/arch/aarch64/include/arch/vspace_decode.hpp"
#include <arch/vspace_arch.hpp>
#include <kern/cdt.hpp>
#include <kern/invocation.hpp>
#include <kern/object/cnode.hpp>
#include <kern/vspace_asid_ops.hpp>

namespace {

using namespace kern;

struct Flush {
    word_t asid;
    vaddr_t va;  // whole_asid for an ASID flush
    friend bool operator==(const Flush&, const Flush&) = default;
};
constexpr vaddr_t whole_asid = ~vaddr_t{0};

template <typename Decode>
struct RecordingArch : Decode {
    static inline std::vector<Flush> flushes;
    static inline std::vector<paddr_t> initialised;
    struct Maintenance {
        vspace::CacheOp op;
        paddr_t start, end;
        friend bool operator==(const Maintenance&, const Maintenance&) = default;
    };
    static inline std::vector<Maintenance> maintenance;
    static void flush_page(word_t asid, vaddr_t va) { flushes.push_back({asid, va}); }
    static void flush_asid(word_t asid) { flushes.push_back({asid, whole_asid}); }
    static void entry_written(word_t*) {}
    static void init_root(paddr_t root) { initialised.push_back(root); }
    static void cache_maintenance(vspace::CacheOp op, paddr_t start, paddr_t end) {
        maintenance.push_back({op, start, end});
    }
};
using RiscvArch = RecordingArch<arch::riscv::VSpaceDecode>;
using Aarch64Arch = RecordingArch<arch::Aarch64VSpaceDecode>;
static_assert(vspace::VSpaceArch<RiscvArch> && vspace::VSpaceArch<Aarch64Arch>);

// ---- entry formats ---------------------------------------------------------

TEST(PteFormat, Sv39EveryBit) {
    using F = arch::riscv::Sv39Format;
    const word_t pa = 0x80123000;
    // V R W X U G A D, PPN at bit 10.
    EXPECT_EQ(F::page(pa, 2, VmRights::ReadWrite, 0, false), (pa >> 12 << 10) | 0b11011111);
    EXPECT_EQ(F::page(pa, 2, VmRights::ReadOnly, 0, false), (pa >> 12 << 10) | 0b11011011);
    EXPECT_EQ(F::page(pa, 2, VmRights::ReadOnly, F::attribute_execute_never, false), (pa >> 12 << 10) | 0b11010011);
    EXPECT_EQ(F::page(pa, 2, VmRights::KernelOnly, 0, false), (pa >> 12 << 10) | 0b11011001);
    // No R, W or X: an invalid entry, as seL4 makeUserPTE.
    EXPECT_EQ(F::page(pa, 2, VmRights::KernelOnly, F::attribute_execute_never, false), 0u);
    // Mega and giga pages are leaves at depth 1 and 0; tables have only V.
    EXPECT_TRUE(F::is_page(F::page(0x80200000, 1, VmRights::ReadWrite, 0, true), 1));
    EXPECT_EQ(F::table(pa), (pa >> 12 << 10) | 1);
    EXPECT_TRUE(F::is_table(F::table(pa), 0));
    EXPECT_FALSE(F::is_page(F::table(pa), 0));
    EXPECT_EQ(F::address(F::table(pa)), pa);
    EXPECT_EQ(F::bits_mapped(0), 30u);
    EXPECT_EQ(F::bits_mapped(2), 12u);
    EXPECT_EQ(F::index(0x40201000, 0), 1u);
    EXPECT_EQ(F::index(0x40201000, 1), 1u);
    EXPECT_EQ(F::index(0x40201000, 2), 1u);
    EXPECT_TRUE(F::page_is_writable(F::page(pa, 2, VmRights::ReadWrite, 0, false)));
    EXPECT_FALSE(F::page_is_writable(F::page(pa, 2, VmRights::ReadOnly, 0, false)));
}

TEST(PteFormat, Aarch64EveryBit) {
    using F = arch::Aarch64Format;
    const word_t pa = 0x40123000;
    // Valid, page, AttrIndx 1 (normal), AP 01, SH 11, AF, nG, PXN; UXN clear.
    const word_t normal_rw = pa | 0b11 | (1u << 2) | (0b01u << 6) | (0b11u << 8) | (1u << 10) | (1u << 11) |
                             (word_t{1} << 53);
    EXPECT_EQ(F::page(pa, 3, VmRights::ReadWrite, F::attribute_cacheable, false), normal_rw);
    // ExecuteNever sets UXN; read-only is AP 11; kernel-only AP 00.
    EXPECT_EQ(F::page(pa, 3, VmRights::ReadWrite, F::attribute_cacheable | F::attribute_execute_never, false),
              normal_rw | (word_t{1} << 54));
    EXPECT_EQ(F::page(pa, 3, VmRights::ReadOnly, F::attribute_cacheable, false), normal_rw | (0b11u << 6));
    EXPECT_EQ(F::page(pa, 3, VmRights::KernelOnly, F::attribute_cacheable, false), normal_rw & ~word_t{0b11u << 6});
    // Not cacheable, or a device frame: Device-nGnRnE (AttrIndx 0), not shareable.
    const word_t device = normal_rw & ~word_t{(1u << 2) | (0b11u << 8)};
    EXPECT_EQ(F::page(pa, 3, VmRights::ReadWrite, 0, false), device);
    EXPECT_EQ(F::page(pa, 3, VmRights::ReadWrite, F::attribute_cacheable, true), device);
    // Blocks at levels 1 and 2 have bit 1 clear.
    const word_t block = F::page(0x40200000, 2, VmRights::ReadWrite, F::attribute_cacheable, false);
    EXPECT_EQ(block & 0b11, 0b01u);
    EXPECT_TRUE(F::is_page(block, 2));
    EXPECT_FALSE(F::is_table(block, 2));
    EXPECT_TRUE(F::is_page(F::page(0x40000000, 1, VmRights::ReadWrite, 1, false), 1));
    EXPECT_TRUE(F::is_table(F::table(pa), 0));
    EXPECT_FALSE(F::is_table(F::table(pa), 3));  // 0b11 at level 3 is a page
    EXPECT_TRUE(F::is_page(F::table(pa), 3));
    EXPECT_EQ(F::table(pa), pa | 0b11);
    EXPECT_EQ(F::bits_mapped(0), 39u);
    EXPECT_EQ(F::bits_mapped(3), 12u);
    EXPECT_TRUE(F::page_is_writable(normal_rw));
    EXPECT_FALSE(F::page_is_writable(normal_rw | (0b11u << 6)));
}

// ---- the state machine -----------------------------------------------------

template <typename A>
class VSpaceTest : public ::testing::Test {
protected:
    using M = vspace::Mappings<A>;
    using Asids = vspace::AsidOps<A>;
    using F = typename A::Format;
    static constexpr bool riscv = A::root_cap_type == CapType::PageTable;

    void SetUp() override {
        asid::reset_table();
        A::flushes.clear();
        cnode_ = page();
        root_cnode_ = CNodeCap::make(cnode_, 7, 64 - 7, 0);
    }
    void TearDown() override {
        asid::reset_table();
        for (void* p : pages_) std::free(p);
    }

    paddr_t page() {
        void* p = std::aligned_alloc(4096, 4096);
        std::memset(p, 0, 4096);
        pages_.push_back(p);
        return reinterpret_cast<paddr_t>(p);
    }
    Cte& slot(word_t i) { return cnode_slots(cnode_)[i]; }
    Cte& put(word_t i, const Cap& cap) {
        cdt::insert_root(slot(i), cap);
        return slot(i);
    }

    InvocationMessage message(word_t label, std::initializer_list<word_t> words, std::initializer_list<Cte*> caps) {
        InvocationMessage msg;
        msg.registers = &regs_;
        msg.label = label;
        msg.length = words.size();
        unsigned i = 0;
        for (word_t w : words) regs_.set_message_register(i++, w);
        for (Cte* c : caps) msg.extra_caps[msg.extra_cap_count++] = {c->cap, c};
        return msg;
    }
    static InvocationTarget target(Cte& s) { return {s.cap, &s}; }

    Cap root_cap(paddr_t root) {
        return riscv ? PageTableCap::make(root).cap() : VSpaceCap::make(root).cap();
    }

    // A pool made through MakePool in slot 2 (from the untyped in slot 1).
    SyscallError make_pool() {
        put(1, UntypedCap::make(page(), asid_pool_bits, false, 0).cap());
        slot(0).cap = root_cnode_.cap();
        return Asids::invoke_asid_control(message(A::labels.asid_control_make_pool, {2, 64}, {&slot(1), &slot(0)}))
            .error;
    }
    // A fresh root in slot `i`, assigned from the pool in slot 2.
    SyscallError assign(word_t i) {
        put(i, root_cap(page()));
        return Asids::invoke_asid_pool(message(A::labels.asid_pool_assign, {}, {&slot(i)}), target(slot(2))).error;
    }
    SyscallError map_table(word_t table_slot, word_t root_slot, vaddr_t va) {
        return M::invoke_page_table(message(A::labels.page_table_map, {va, 0}, {&slot(root_slot)}),
                                    target(slot(table_slot)))
            .error;
    }
    SyscallError map_page(word_t frame_slot, word_t root_slot, vaddr_t va, word_t rights = 0xf, word_t attr = 0) {
        InvocationReply reply;
        return M::invoke_frame(message(A::labels.page_map, {va, rights, attr}, {&slot(root_slot)}),
                               target(slot(frame_slot)), reply)
            .error;
    }
    SyscallError unmap_page(word_t frame_slot) {
        InvocationReply reply;
        return M::invoke_frame(message(A::labels.page_unmap, {}, {}), target(slot(frame_slot)), reply).error;
    }
    // Maps enough tables (slots 20..) below the root in `root_slot` for 4 KiB pages at `va`.
    void cover(word_t root_slot, vaddr_t va) {
        for (unsigned i = 0; i + 1 < F::levels; ++i) {
            put(20 + i, PageTableCap::make(page()).cap());
            ASSERT_EQ(map_table(20 + i, root_slot, va).type, Error::None);
        }
    }
    word_t entry_at(word_t root_slot, vaddr_t va) {
        return *vspace::lookup_slot<F>(slot(root_slot).cap.object(), va).slot;
    }

    std::vector<void*> pages_;
    paddr_t cnode_ = 0;
    CNodeCap root_cnode_ = CNodeCap::make(0, 0, 0, 0);
    arch::UserContext regs_{};
};

using Arches = ::testing::Types<RiscvArch, Aarch64Arch>;
TYPED_TEST_SUITE(VSpaceTest, Arches);

TYPED_TEST(VSpaceTest, MakePoolAndAssign) {
    using A = TypeParam;
    EXPECT_EQ(this->make_pool().type, Error::None);
    ASSERT_EQ(this->slot(2).cap.type(), CapType::AsidPool);
    const word_t base = this->slot(2).cap.template as<AsidPoolCap>().asid_base();
    EXPECT_EQ(base, 0u);  // the table was empty: pool 0, whose ASID 0 is never handed out
    EXPECT_NE(asid::pool(0), nullptr);
    // The untyped is used up.
    EXPECT_EQ(this->slot(1).cap.template as<UntypedCap>().free_index(), 4096u);
    EXPECT_EQ(this->assign(3).type, Error::None);
    EXPECT_EQ(vspace::Mappings<A>::root_asid(this->slot(3).cap), 1u);
    EXPECT_EQ(A::initialised.back(), this->slot(3).cap.object());
    // Assigned already: InvalidCapability 1.
    EXPECT_EQ(vspace::AsidOps<A>::invoke_asid_pool(this->message(A::labels.asid_pool_assign, {}, {&this->slot(3)}),
                                                   this->target(this->slot(2)))
                  .error,
              SyscallError::invalid_capability(1));
    // No cap: TruncatedMessage; another label: IllegalOperation.
    EXPECT_EQ(vspace::AsidOps<A>::invoke_asid_pool(this->message(A::labels.asid_pool_assign, {}, {}),
                                                   this->target(this->slot(2)))
                  .error,
              SyscallError::truncated_message());
    EXPECT_EQ(vspace::AsidOps<A>::invoke_asid_pool(this->message(A::labels.page_map, {}, {&this->slot(3)}),
                                                   this->target(this->slot(2)))
                  .error,
              SyscallError::illegal_operation());
    // Fill the pool: 511 ASIDs in pool 0 (ASID 0 is reserved), then DeleteFirst.
    for (word_t i = 2; i < asid_pool_entries; ++i) {
        this->put(4, this->root_cap(this->page()));
        ASSERT_EQ(vspace::AsidOps<A>::invoke_asid_pool(this->message(A::labels.asid_pool_assign, {}, {&this->slot(4)}),
                                                       this->target(this->slot(2)))
                      .error.type,
                  Error::None);
        cdt::remove(this->slot(4));
    }
    this->put(4, this->root_cap(this->page()));
    EXPECT_EQ(vspace::AsidOps<A>::invoke_asid_pool(this->message(A::labels.asid_pool_assign, {}, {&this->slot(4)}),
                                                   this->target(this->slot(2)))
                  .error,
              SyscallError::delete_first());
}

TYPED_TEST(VSpaceTest, MakePoolErrors) {
    using A = TypeParam;
    using Asids = vspace::AsidOps<A>;
    this->slot(0).cap = this->root_cnode_.cap();
    this->put(1, UntypedCap::make(this->page(), 13, false, 0).cap());
    EXPECT_EQ(Asids::invoke_asid_control(this->message(A::labels.asid_control_make_pool, {2}, {&this->slot(1), &this->slot(0)})).error,
              SyscallError::truncated_message());
    // Not exactly 4 KiB: InvalidCapability 1.
    EXPECT_EQ(Asids::invoke_asid_control(this->message(A::labels.asid_control_make_pool, {2, 64}, {&this->slot(1), &this->slot(0)})).error,
              SyscallError::invalid_capability(1));
    cdt::remove(this->slot(1));
    this->put(1, UntypedCap::make(this->page(), 12, false, 0).cap());
    this->put(2, EndpointCap::make(this->page(), 0, CapRights::all()).cap());
    EXPECT_EQ(Asids::invoke_asid_control(this->message(A::labels.asid_control_make_pool, {2, 64}, {&this->slot(1), &this->slot(0)})).error,
              SyscallError::delete_first());
    // A full ASID table: DeleteFirst before the untyped is looked at.
    for (word_t i = 0; i < asid_pool_count; ++i) asid::set_pool(i, this->page());
    EXPECT_EQ(Asids::invoke_asid_control(this->message(A::labels.asid_control_make_pool, {3, 64}, {&this->slot(1), &this->slot(0)})).error,
              SyscallError::delete_first());
}

TYPED_TEST(VSpaceTest, PageTableMapErrorsAndUnmap) {
    using A = TypeParam;
    using F = typename A::Format;
    ASSERT_EQ(this->make_pool().type, Error::None);
    ASSERT_EQ(this->assign(3).type, Error::None);
    this->put(5, PageTableCap::make(this->page()).cap());
    const vaddr_t va = 0x40000000;
    EXPECT_EQ(vspace::Mappings<A>::invoke_page_table(this->message(A::labels.page_table_map, {va}, {&this->slot(3)}),
                                                     this->target(this->slot(5)))
                  .error,
              SyscallError::truncated_message());
    this->put(6, this->root_cap(this->page()));  // not assigned
    EXPECT_EQ(this->map_table(5, 6, va), SyscallError::invalid_capability(1));
    EXPECT_EQ(this->map_table(5, 3, A::user_top), SyscallError::invalid_argument(0));
    EXPECT_EQ(this->map_table(5, 3, va).type, Error::None);
    const PageTableCap mapped = this->slot(5).cap.template as<PageTableCap>();
    EXPECT_TRUE(mapped.is_mapped());
    EXPECT_EQ(mapped.mapped_address(), align_down(va, word_t{1} << F::bits_mapped(0)));
    EXPECT_EQ(this->map_table(5, 3, va), SyscallError::invalid_capability(0));
    // Fill the rest of the walk, then a further table meets the page level.
    for (unsigned i = 1; i + 1 < F::levels; ++i) {
        this->put(6 + i, PageTableCap::make(this->page()).cap());
        EXPECT_EQ(this->map_table(6 + i, 3, va).type, Error::None);
    }
    this->put(15, PageTableCap::make(this->page()).cap());
    EXPECT_EQ(this->map_table(15, 3, va), SyscallError::delete_first());
    // Unmap: the entry in the root is cleared and the ASID flushed.
    A::flushes.clear();
    EXPECT_EQ(vspace::Mappings<A>::invoke_page_table(this->message(A::labels.page_table_unmap, {}, {}),
                                                     this->target(this->slot(5)))
                  .error.type,
              Error::None);
    EXPECT_FALSE(F::is_valid(vspace::table_entries(this->slot(3).cap.object())[F::index(va, 0)]));
    EXPECT_FALSE(this->slot(5).cap.template as<PageTableCap>().is_mapped());
    EXPECT_EQ(A::flushes, (std::vector<Flush>{{1, whole_asid}}));
    // A stale ASID: FailedLookup (InvalidRoot).
    vspace::Mappings<A>::delete_asid(1, this->slot(3).cap.object());
    EXPECT_EQ(this->map_table(5, 3, va), SyscallError::failed_lookup(false, LookupFailure::invalid_root()));
}

TYPED_TEST(VSpaceTest, PageMapRemapOvermapUnmap) {
    using A = TypeParam;
    using F = typename A::Format;
    ASSERT_EQ(this->make_pool().type, Error::None);
    ASSERT_EQ(this->assign(3).type, Error::None);
    const vaddr_t va = 0x10000000;
    this->put(5, FrameCap::make(this->page(), FrameSize::Small, VmRights::ReadWrite, false).cap());
    // No tables yet: FailedLookup, MissingCapability with what the root slot maps.
    EXPECT_EQ(this->map_page(5, 3, va), SyscallError::failed_lookup(false, LookupFailure::missing_capability(F::bits_mapped(0))));
    this->cover(3, va);
    EXPECT_EQ(this->map_page(5, 3, va + 8), SyscallError::alignment_error());
    EXPECT_EQ(this->map_page(5, 3, A::user_top), SyscallError::invalid_argument(0));
    InvocationReply reply;
    EXPECT_EQ(vspace::Mappings<A>::invoke_frame(this->message(A::labels.page_map, {va, 0xf}, {&this->slot(3)}),
                                                this->target(this->slot(5)), reply)
                  .error,
              SyscallError::truncated_message());
    A::flushes.clear();
    EXPECT_EQ(this->map_page(5, 3, va).type, Error::None);
    const paddr_t frame = this->slot(5).cap.object();
    EXPECT_EQ(this->entry_at(3, va), F::page(frame, F::levels - 1, VmRights::ReadWrite, 0, false));
    // Remap at the same address with fewer rights: the entry changes in place, flushed.
    EXPECT_EQ(this->map_page(5, 3, va, /*read only*/ 0x2).type, Error::None);
    EXPECT_EQ(this->entry_at(3, va), F::page(frame, F::levels - 1, VmRights::ReadOnly, 0, false));
    EXPECT_EQ(A::flushes.back(), (Flush{1, va}));
    // A mapped cap elsewhere: InvalidArgument 0; through another VSpace: InvalidCapability 1.
    EXPECT_EQ(this->map_page(5, 3, va + 4096), SyscallError::invalid_argument(0));
    ASSERT_EQ(this->assign(4).type, Error::None);
    EXPECT_EQ(this->map_page(5, 4, va), SyscallError::invalid_capability(1));
    // Another frame over the mapped one: RISC-V DeleteFirst, AArch64 replaces it.
    this->put(6, FrameCap::make(this->page(), FrameSize::Small, VmRights::ReadWrite, false).cap());
    if constexpr (A::overmap_replaces) {
        EXPECT_EQ(this->map_page(6, 3, va).type, Error::None);
        // The first cap is stale: its unmap leaves the new mapping alone.
        EXPECT_EQ(this->unmap_page(5).type, Error::None);
        EXPECT_TRUE(F::is_valid(this->entry_at(3, va)));
        EXPECT_EQ(F::address(this->entry_at(3, va)), this->slot(6).cap.object());
        EXPECT_EQ(this->unmap_page(6).type, Error::None);
    } else {
        EXPECT_EQ(this->map_page(6, 3, va), SyscallError::delete_first());
        EXPECT_EQ(this->unmap_page(5).type, Error::None);
    }
    EXPECT_FALSE(F::is_valid(this->entry_at(3, va)));
    EXPECT_FALSE(this->slot(5).cap.template as<FrameCap>().is_mapped());
    EXPECT_EQ(this->unmap_page(5).type, Error::None);  // not mapped: nothing to do
}

// VSPACE0001: the VSpace (and so its ASID) goes first; unmapping the frame
// later touches nothing.
TYPED_TEST(VSpaceTest, UnmapAfterTheVSpaceWasDeleted) {
    using A = TypeParam;
    ASSERT_EQ(this->make_pool().type, Error::None);
    ASSERT_EQ(this->assign(3).type, Error::None);
    const vaddr_t va = 0x10000000;
    this->cover(3, va);
    this->put(5, FrameCap::make(this->page(), FrameSize::Small, VmRights::ReadWrite, false).cap());
    ASSERT_EQ(this->map_page(5, 3, va).type, Error::None);
    const paddr_t root = this->slot(3).cap.object();
    A::flushes.clear();
    if (A::root_cap_type == CapType::VSpace) vspace::Mappings<A>::finalise_vspace(this->slot(3).cap.template as<VSpaceCap>(), true);
    else vspace::Mappings<A>::finalise_page_table(this->slot(3).cap.template as<PageTableCap>(), true);
    EXPECT_EQ(A::flushes, (std::vector<Flush>{{1, whole_asid}}));
    EXPECT_FALSE(asid::find_vspace(1).ok());
    std::memset(reinterpret_cast<void*>(root), 0xff, 4096);  // freed memory: must not be read
    EXPECT_EQ(this->unmap_page(5).type, Error::None);
    EXPECT_FALSE(this->slot(5).cap.template as<FrameCap>().is_mapped());
    // The ASID is free again, and handed out again.
    EXPECT_EQ(this->assign(6).type, Error::None);
    EXPECT_EQ(vspace::Mappings<A>::root_asid(this->slot(6).cap), 1u);
}

// PT0001: deleting a mapped table clears its entry in the level above, so a
// new table can take its place; frames mapped through the old one are
// harmless.
TYPED_TEST(VSpaceTest, DeletingATableClearsItsParentEntry) {
    using A = TypeParam;
    using F = typename A::Format;
    ASSERT_EQ(this->make_pool().type, Error::None);
    ASSERT_EQ(this->assign(3).type, Error::None);
    const vaddr_t va = 0x10000000;
    this->cover(3, va);
    this->put(5, FrameCap::make(this->page(), FrameSize::Small, VmRights::ReadWrite, false).cap());
    ASSERT_EQ(this->map_page(5, 3, va + 4096).type, Error::None);
    const word_t last = 20 + F::levels - 2;  // the table holding pages
    vspace::Mappings<A>::finalise_page_table(this->slot(last).cap.template as<PageTableCap>(), true);
    cdt::remove(this->slot(last));
    // The stale frame cap: the walk now stops a level higher.
    EXPECT_EQ(this->map_page(5, 3, va + 4096),
              SyscallError::failed_lookup(false, LookupFailure::missing_capability(F::bits_mapped(F::levels - 2))));
    EXPECT_EQ(this->unmap_page(5).type, Error::None);
    this->put(last, PageTableCap::make(this->page()).cap());
    EXPECT_EQ(this->map_table(last, 3, va).type, Error::None);
    EXPECT_EQ(this->map_page(5, 3, va + 4096).type, Error::None);
    // Deleting a mapped frame cap removes its mapping, final or not.
    vspace::Mappings<A>::finalise_frame(this->slot(5).cap.template as<FrameCap>());
    EXPECT_FALSE(F::is_valid(this->entry_at(3, va + 4096)));
}

// Deleting a pool removes it from the ASID table and flushes its ASIDs.
TYPED_TEST(VSpaceTest, DeletingAPoolFreesItsTableEntry) {
    using A = TypeParam;
    ASSERT_EQ(this->make_pool().type, Error::None);
    ASSERT_EQ(this->assign(3).type, Error::None);
    A::flushes.clear();
    const AsidPoolCap pool = this->slot(2).cap.template as<AsidPoolCap>();
    vspace::Mappings<A>::delete_asid_pool(pool.asid_base(), pool.object());
    EXPECT_EQ(asid::pool(0), nullptr);
    EXPECT_EQ(A::flushes, (std::vector<Flush>{{1, whole_asid}}));
    EXPECT_FALSE(asid::find_vspace(1).ok());
}

// AArch64 cache maintenance of a frame and of a VSpace range, with every
// error in seL4's order (sel4-abi.md §11.2).
TYPED_TEST(VSpaceTest, CacheMaintenance) {
    using A = TypeParam;
    using M = vspace::Mappings<A>;
    if constexpr (A::labels.page_clean == vspace::VSpaceLabels::none) {
        // RISC-V has none: IllegalOperation, like any unknown label.
        this->put(5, FrameCap::make(this->page(), FrameSize::Small, VmRights::ReadWrite, false).cap());
        InvocationReply reply;
        EXPECT_EQ(M::invoke_frame(this->message(A::labels.page_get_address + 100, {0, 1}, {}), this->target(this->slot(5)), reply).error,
                  SyscallError::illegal_operation());
    } else {
        ASSERT_EQ(this->make_pool().type, Error::None);
        ASSERT_EQ(this->assign(3).type, Error::None);
        const vaddr_t va = 0x10000000;
        this->cover(3, va);
        this->put(5, FrameCap::make(this->page(), FrameSize::Small, VmRights::ReadWrite, false).cap());
        const paddr_t frame = this->slot(5).cap.object();
        InvocationReply reply;
        auto page_op = [&](word_t label, std::initializer_list<word_t> words) {
            return M::invoke_frame(this->message(label, words, {}), this->target(this->slot(5)), reply).error;
        };
        auto vspace_op = [&](word_t label, std::initializer_list<word_t> words) {
            return M::invoke_vspace(this->message(label, words, {}), this->target(this->slot(3))).error;
        };
        // Not mapped: IllegalOperation (after the length check).
        EXPECT_EQ(page_op(A::labels.page_clean, {0}), SyscallError::truncated_message());
        EXPECT_EQ(page_op(A::labels.page_clean, {0, 64}), SyscallError::illegal_operation());
        ASSERT_EQ(this->map_page(5, 3, va).type, Error::None);
        EXPECT_EQ(page_op(A::labels.page_clean, {64, 64}), SyscallError::invalid_argument(1));
        EXPECT_EQ(page_op(A::labels.page_clean, {0, 4097}), SyscallError::invalid_argument(0));
        A::maintenance.clear();
        EXPECT_EQ(page_op(A::labels.page_unify, {64, 128}).type, Error::None);
        EXPECT_EQ(A::maintenance.back().start, frame + 64);
        EXPECT_EQ(A::maintenance.back().end, frame + 127);
        EXPECT_EQ(A::maintenance.back().op, vspace::CacheOp::Unify);
        // VSpace ranges: order of checks, an unmapped start is a no-op, the
        // range must stay in the one frame mapped at start.
        EXPECT_EQ(vspace_op(A::labels.vspace_clean, {va}), SyscallError::truncated_message());
        EXPECT_EQ(vspace_op(A::labels.vspace_clean, {va, va}), SyscallError::invalid_argument(1));
        EXPECT_EQ(vspace_op(A::labels.vspace_clean, {va, A::user_top + 1}), SyscallError::illegal_operation());
        A::maintenance.clear();
        EXPECT_EQ(vspace_op(A::labels.vspace_clean_invalidate, {va + 0x100000, va + 0x100010}).type, Error::None);
        EXPECT_TRUE(A::maintenance.empty());
        EXPECT_EQ(vspace_op(A::labels.vspace_clean, {va + 8, va + 4097}), SyscallError::range_error(va + 8, va + 4095));
        EXPECT_EQ(vspace_op(A::labels.vspace_invalidate, {va + 8, va + 16}).type, Error::None);
        EXPECT_EQ(A::maintenance.back().start, frame + 8);
        EXPECT_EQ(A::maintenance.back().end, frame + 15);
        // Read-only mapping: Invalidate is refused.
        ASSERT_EQ(this->map_page(5, 3, va, 0x2).type, Error::None);
        EXPECT_EQ(vspace_op(A::labels.vspace_invalidate, {va, va + 8}), SyscallError::illegal_operation());
        // An unassigned VSpace cap: InvalidCapability 0.
        this->put(6, this->root_cap(this->page()));
        EXPECT_EQ(M::invoke_vspace(this->message(A::labels.vspace_clean, {va, va + 8}, {}), this->target(this->slot(6))).error,
                  SyscallError::invalid_capability(0));
        // Another label on a VSpace: IllegalOperation.
        EXPECT_EQ(vspace_op(A::labels.page_map, {va, va + 8}), SyscallError::illegal_operation());
    }
}

// RISC-V: a root (an assigned top-level table) cannot be unmapped.
TEST(VSpaceRiscv, UnmappingARootIsRevokeFirst) {
    asid::reset_table();
    void* pool_mem = std::aligned_alloc(4096, 4096);
    void* root_mem = std::aligned_alloc(4096, 4096);
    std::memset(pool_mem, 0, 4096);
    const paddr_t root = reinterpret_cast<paddr_t>(root_mem);
    asid::set_pool(0, reinterpret_cast<paddr_t>(pool_mem));
    static_cast<AsidPool*>(pool_mem)->roots[1] = root;
    Cte slot{};
    cdt::insert_root(slot, PageTableCap::make(root).with_mapping(1, 0).cap());
    EXPECT_EQ(vspace::Mappings<RiscvArch>::decode_page_table_unmap({slot.cap, &slot}).error(),
              SyscallError::revoke_first());
    cdt::remove(slot);
    asid::reset_table();
    std::free(pool_mem);
    std::free(root_mem);
}

}  // namespace
