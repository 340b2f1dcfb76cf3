// SPDX-License-Identifier: BSD-2-Clause
// The VSpace invocations and the mapping state machine over any
// VSpaceArch (kern/vspace.hpp), as seL4 16.0.0 decodes and performs them
// (sel4-abi.md §11.2, errors in seL4's order): PageTable_Map/Unmap,
// Page_Map/Unmap/GetAddress and the AArch64 cache maintenance of frames and
// VSpaces. ASIDControl/ASIDPool are in kern/vspace_asid_ops.hpp. Decode reads
// and may fail; perform cannot fail (style.md §8.7).
//
// Each mapping belongs to exactly one cap, which records (ASID, vaddr). The
// entry it wrote is only cleared if it still maps that frame or table
// through that ASID, so a cap whose VSpace or table is gone is harmless.
#pragma once

#include <kern/cdt.hpp>
#include <kern/invariants.hpp>
#include <kern/invocation.hpp>
#include <kern/object_type.hpp>
#include <kern/vspace.hpp>

namespace kern::vspace {

// seL4 maskVMRights: a frame without Read becomes kernel-only (§5.1).
constexpr VmRights mask_vm_rights(VmRights vm, CapRights rights) {
    if (vm == VmRights::ReadOnly && rights.can_read()) return VmRights::ReadOnly;
    if (vm == VmRights::ReadWrite && rights.can_read())
        return rights.can_write() ? VmRights::ReadWrite : VmRights::ReadOnly;
    return VmRights::KernelOnly;
}

template <VSpaceArch A>
struct Mappings {
    using F = typename A::Format;

    // ---- roots (isValidNativeRoot / isValidVTableRoot) ------------------
    static bool is_assigned_root(const Cap& cap) {
        if (cap.type() != A::root_cap_type) return false;
        if (cap.type() == CapType::VSpace) return cap.as<VSpaceCap>().is_mapped();
        return cap.as<PageTableCap>().is_mapped();
    }
    static word_t root_asid(const Cap& cap) {
        if (cap.type() == CapType::VSpace) return cap.as<VSpaceCap>().asid();
        return cap.as<PageTableCap>().mapped_asid();
    }
    static Cap assigned(const Cap& cap, word_t asid) {
        if (cap.type() == CapType::VSpace) return cap.as<VSpaceCap>().with_asid(asid).cap();
        return cap.as<PageTableCap>().with_mapping(asid, 0).cap();
    }

    // The root of an assigned root cap, checked against the ASID table.
    // `cap_index` is the cap's index for InvalidCapability.
    static Result<paddr_t> checked_root(const Cap& cap, word_t cap_index) {
        if (!is_assigned_root(cap)) return SyscallError::invalid_capability(cap_index);
        const Result<paddr_t> found = asid::find_vspace(root_asid(cap));
        if (!found.ok()) return found.error();
        if (found.value() != cap.object()) return SyscallError::invalid_capability(cap_index);
        return found.value();
    }

    static void write_entry(word_t* slot, word_t value) {
        *slot = value;
        A::entry_written(slot);
    }

    // ---- removal primitives (unmapPage, unmapPageTable, deleteASID) ------
    static void unmap_page(FrameSize size, word_t asid, vaddr_t va, paddr_t frame) {
        const Result<paddr_t> root = asid::find_vspace(asid);
        if (!root.ok()) return;
        const SlotLookup found = lookup_slot<F>(root.value(), va);
        if (found.bits_left != frame_size_bits(size)) return;
        if (!F::is_page(*found.slot, found.depth) || F::address(*found.slot) != frame) return;
        write_entry(found.slot, F::invalid());
        A::flush_page(asid, va);
    }

    static void unmap_page_table(word_t asid, vaddr_t va, paddr_t table) {
        const Result<paddr_t> root = asid::find_vspace(asid);
        if (!root.ok()) return;
        paddr_t at = root.value();
        word_t* slot = nullptr;
        for (unsigned depth = 0; depth + 1 < F::levels && at != table; ++depth) {
            slot = table_entries(at) + F::index(va, depth);
            if (!F::is_table(*slot, depth)) return;
            at = F::address(*slot);
        }
        if (at != table || slot == nullptr) return;
        write_entry(slot, F::invalid());
        A::flush_asid(asid);
    }

    static void delete_asid(word_t asid, paddr_t root) {
        AsidPool* pool = asid::pool(asid_pool_number(asid));
        if (pool == nullptr || pool->roots[asid_pool_index(asid)] != root) return;
        A::flush_asid(asid);
        pool->roots[asid_pool_index(asid)] = 0;
    }

    static void delete_asid_pool(word_t asid_base, paddr_t pool_paddr) {
        AsidPool* pool = asid::pool(asid_pool_number(asid_base));
        if (pool == nullptr || pool != phys_to_virt<AsidPool>(pool_paddr)) return;
        for (word_t i = 0; i < asid_pool_entries; ++i)
            if (pool->roots[i] != 0) A::flush_asid(asid_base + i);
        asid::set_pool(asid_pool_number(asid_base), 0);
    }

    // ---- finaliseCap ------------------------------------------------------
    static void finalise_frame(const FrameCap& frame) {
        if (frame.is_mapped()) unmap_page(frame.size(), frame.mapped_asid(), frame.mapped_address(), frame.base());
    }
    static void finalise_page_table(const PageTableCap& table, bool final) {
        if (!final || !table.is_mapped()) return;
        const Result<paddr_t> root = asid::find_vspace(table.mapped_asid());
        if (root.ok() && root.value() == table.object()) delete_asid(table.mapped_asid(), table.object());
        else unmap_page_table(table.mapped_asid(), table.mapped_address(), table.object());
    }
    static void finalise_vspace(const VSpaceCap& vspace, bool final) {
        if (final && vspace.is_mapped()) delete_asid(vspace.asid(), vspace.object());
    }

    // ---- PageTable ----------------------------------------------------------
    struct PageTableMap {
        Cte* slot;
        Cap cap;
        word_t* entry;
        word_t value;
        word_t asid;
        vaddr_t va;
    };
    static Result<PageTableMap> decode_page_table_map(const InvocationMessage& msg, const InvocationTarget& target) {
        if (msg.length < 2 || msg.extra_cap_count < 1) return SyscallError::truncated_message();
        const PageTableCap table = target.cap.as<PageTableCap>();
        if (table.is_mapped()) return SyscallError::invalid_capability(0);
        const vaddr_t va = msg.mr(0);
        const Cap& root_cap = msg.extra_caps[0].cap;
        if (!is_assigned_root(root_cap)) return SyscallError::invalid_capability(1);
        if (va >= A::user_top) return SyscallError::invalid_argument(0);
        const Result<paddr_t> root = checked_root(root_cap, 1);
        if (!root.ok()) return root.error();
        const SlotLookup found = lookup_slot<F>(root.value(), va);
        if (found.bits_left == page_bits || F::is_valid(*found.slot)) return SyscallError::delete_first();
        const word_t asid = root_asid(root_cap);
        const vaddr_t base = align_down(va, word_t{1} << found.bits_left);
        return PageTableMap{target.slot, table.with_mapping(asid, base).cap(), found.slot, F::table(table.object()),
                            asid, base};
    }
    static void perform(const PageTableMap& op) {
        invariants::note_state_change();
        op.slot->cap = op.cap;
        write_entry(op.entry, op.value);
        // An invalid entry may have been cached as such [riscv/priv 4.2.1].
        A::flush_page(op.asid, op.va);
    }

    static Status decode_page_table_unmap(const InvocationTarget& target) {
        if (!cdt::is_final(*target.slot)) return SyscallError::revoke_first();
        const PageTableCap table = target.cap.as<PageTableCap>();
        if (table.is_mapped()) {
            // A root (RISC-V) is released by deleting it, not unmapped.
            const Result<paddr_t> root = asid::find_vspace(table.mapped_asid());
            if (root.ok() && root.value() == table.object()) return SyscallError::revoke_first();
        }
        return Status::success();
    }
    static void perform_page_table_unmap(Cte& slot) {
        invariants::note_state_change();
        const PageTableCap table = slot.cap.as<PageTableCap>();
        if (table.is_mapped()) {
            unmap_page_table(table.mapped_asid(), table.mapped_address(), table.object());
            __builtin_memset(table_entries(table.object()), 0, word_t{1} << page_table_bits);
        }
        slot.cap = PageTableCap::make(table.object()).cap();
    }

    static InvocationResult invoke_page_table(const InvocationMessage& msg, const InvocationTarget& target) {
        if (msg.label == A::labels.page_table_unmap) {
            const Status ok = decode_page_table_unmap(target);
            if (!ok.ok()) return InvocationResult::failure(ok.error());
            msg.begin_perform();
            perform_page_table_unmap(*target.slot);
            return InvocationResult::success();
        }
        if (msg.label != A::labels.page_table_map) return InvocationResult::failure(SyscallError::illegal_operation());
        const Result<PageTableMap> op = decode_page_table_map(msg, target);
        if (!op.ok()) return InvocationResult::failure(op.error());
        msg.begin_perform();
        perform(op.value());
        return InvocationResult::success();
    }

    // ---- Frame: Map ---------------------------------------------------------
    struct PageMap {
        Cte* slot;
        Cap cap;
        word_t* entry;
        word_t value;
        word_t asid;
        vaddr_t va;
    };
    static Result<PageMap> decode_page_map(const InvocationMessage& msg, const InvocationTarget& target) {
        if (msg.length < 3 || msg.extra_cap_count < 1) return SyscallError::truncated_message();
        const FrameCap frame = target.cap.as<FrameCap>();
        const vaddr_t va = msg.mr(0);
        const CapRights rights_mask{msg.mr(1) & CapRights::mask};
        const word_t attributes = msg.mr(2);
        const Cap& root_cap = msg.extra_caps[0].cap;
        const Result<paddr_t> root = checked_root(root_cap, 1);
        if (!root.ok()) return root.error();
        const word_t asid = root_asid(root_cap);
        const unsigned size_bits = frame_size_bits(frame.size());
        if (!is_aligned(va, word_t{1} << size_bits)) return SyscallError::alignment_error();
        const bool remap = frame.is_mapped();
        if (remap) {
            if (frame.mapped_asid() != asid) return SyscallError::invalid_capability(1);
            if (frame.mapped_address() != va) return SyscallError::invalid_argument(0);
        } else if (va + (word_t{1} << size_bits) - 1 >= A::user_top || va + (word_t{1} << size_bits) - 1 < va) {
            return SyscallError::invalid_argument(0);
        }
        const SlotLookup found = lookup_slot<F>(root.value(), va);
        if (found.bits_left != size_bits)
            return SyscallError::failed_lookup(false, LookupFailure::missing_capability(found.bits_left));
        if (!remap && !A::overmap_replaces && F::is_valid(*found.slot)) return SyscallError::delete_first();
        const VmRights rights = mask_vm_rights(frame.rights(), rights_mask);
        const word_t value = F::page(frame.base(), found.depth, rights, attributes, frame.is_device());
        return PageMap{target.slot, frame.with_mapping(asid, va).cap(), found.slot, value, asid, va};
    }
    static void perform(const PageMap& op) {
        invariants::note_state_change();
        op.slot->cap = op.cap;
        write_entry(op.entry, op.value);
        A::flush_page(op.asid, op.va);
    }

    static void perform_page_unmap(Cte& slot) {
        invariants::note_state_change();
        const FrameCap frame = slot.cap.as<FrameCap>();
        finalise_frame(frame);
        slot.cap = frame.unmapped().cap();
    }

    // ---- Frame / VSpace cache maintenance (AArch64) -----------------------
    struct Flush {
        CacheOp op;
        paddr_t start;
        paddr_t end;  // inclusive
        bool empty;
    };
    static bool cache_label(word_t label, const word_t (&labels)[4], CacheOp& op) {
        constexpr CacheOp ops[4] = {CacheOp::Clean, CacheOp::Invalidate, CacheOp::CleanInvalidate, CacheOp::Unify};
        if (label == VSpaceLabels::none) return false;
        for (unsigned i = 0; i < 4; ++i)
            if (labels[i] == label) {
                op = ops[i];
                return true;
            }
        return false;
    }
    static Result<Flush> decode_page_flush(CacheOp op, const InvocationMessage& msg, const FrameCap& frame) {
        if (msg.length < 2) return SyscallError::truncated_message();
        if (!frame.is_mapped()) return SyscallError::illegal_operation();
        const Result<paddr_t> root = asid::find_vspace(frame.mapped_asid());
        if (!root.ok()) return root.error();
        const word_t start = msg.mr(0);
        const word_t end = msg.mr(1);
        if (end <= start) return SyscallError::invalid_argument(1);
        const word_t size = word_t{1} << frame_size_bits(frame.size());
        if (start >= size || end > size) return SyscallError::invalid_argument(0);
        if (op == CacheOp::Invalidate && frame.rights() != VmRights::ReadWrite) return SyscallError::illegal_operation();
        return Flush{op, frame.base() + start, frame.base() + end - 1, false};
    }
    static Result<Flush> decode_vspace_flush(CacheOp op, const InvocationMessage& msg, const Cap& cap) {
        if (msg.length < 2) return SyscallError::truncated_message();
        const word_t start = msg.mr(0);
        const word_t end = msg.mr(1);
        if (end <= start) return SyscallError::invalid_argument(1);
        if (end > A::user_top) return SyscallError::illegal_operation();
        if (!is_assigned_root(cap)) return SyscallError::invalid_capability(0);
        const Result<paddr_t> root = asid::find_vspace(root_asid(cap));
        if (!root.ok()) return SyscallError::failed_lookup(false, root.error().lookup);
        if (root.value() != cap.object()) return SyscallError::invalid_capability(0);
        const SlotLookup found = lookup_slot<F>(root.value(), start);
        if (!F::is_page(*found.slot, found.depth)) return Flush{op, 0, 0, true};
        const word_t page = word_t{1} << found.bits_left;
        const vaddr_t page_base = align_down(start, page);
        if (end > page_base + page) return SyscallError::range_error(start, page_base + page - 1);
        if (op == CacheOp::Invalidate && !F::page_is_writable(*found.slot)) return SyscallError::illegal_operation();
        const paddr_t pstart = F::address(*found.slot) + (start - page_base);
        return Flush{op, pstart, pstart + (end - start) - 1, false};
    }
    static void perform(const Flush& op) {
        if (!op.empty) A::cache_maintenance(op.op, op.start, op.end);
    }

    static InvocationResult invoke_frame(const InvocationMessage& msg, const InvocationTarget& target,
                                         InvocationReply& reply) {
        const FrameCap frame = target.cap.as<FrameCap>();
        if (msg.label == A::labels.page_map) {
            const Result<PageMap> op = decode_page_map(msg, target);
            if (!op.ok()) return InvocationResult::failure(op.error());
            msg.begin_perform();
            perform(op.value());
            return InvocationResult::success();
        }
        if (msg.label == A::labels.page_unmap) {
            msg.begin_perform();
            perform_page_unmap(*target.slot);
            return InvocationResult::success();
        }
        if (msg.label == A::labels.page_get_address) {
            msg.begin_perform();
            reply.mrs[0] = frame.base();
            reply.length = 1;
            return InvocationResult::success();
        }
        CacheOp op{};
        const word_t labels[4] = {A::labels.page_clean, A::labels.page_invalidate, A::labels.page_clean_invalidate,
                                  A::labels.page_unify};
        if (cache_label(msg.label, labels, op)) {
            const Result<Flush> flush = decode_page_flush(op, msg, frame);
            if (!flush.ok()) return InvocationResult::failure(flush.error());
            msg.begin_perform();
            perform(flush.value());
            return InvocationResult::success();
        }
        return InvocationResult::failure(SyscallError::illegal_operation());
    }

    static InvocationResult invoke_vspace(const InvocationMessage& msg, const InvocationTarget& target) {
        CacheOp op{};
        const word_t labels[4] = {A::labels.vspace_clean, A::labels.vspace_invalidate,
                                  A::labels.vspace_clean_invalidate, A::labels.vspace_unify};
        if (!cache_label(msg.label, labels, op)) return InvocationResult::failure(SyscallError::illegal_operation());
        const Result<Flush> flush = decode_vspace_flush(op, msg, target.cap);
        if (!flush.ok()) return InvocationResult::failure(flush.error());
        msg.begin_perform();
        perform(flush.value());
        return InvocationResult::success();
    }
};

}  // namespace kern::vspace
