// SPDX-License-Identifier: BSD-2-Clause
// ASIDControl_MakePool and ASIDPool_Assign over any VSpaceArch
// (sel4-abi.md §11.2, errors in seL4's order; §16 item 9: MakePool needs an
// exact, childless, non-device 4 KiB untyped and ignores its watermark).
#pragma once

#include <kern/cspace.hpp>
#include <kern/vspace_ops.hpp>

namespace kern::vspace {

template <VSpaceArch A>
struct AsidOps {
    using M = Mappings<A>;

    struct MakePool {
        Cte* untyped_slot;
        Cte* dest;
        word_t pool_number;
        paddr_t pool;
    };
    static Result<MakePool> decode_make_pool(const InvocationMessage& msg) {
        if (msg.label != A::labels.asid_control_make_pool) return SyscallError::illegal_operation();
        if (msg.length < 2 || msg.extra_cap_count < 2) return SyscallError::truncated_message();
        const word_t index = msg.mr(0);
        const word_t depth = msg.mr(1);
        const ExtraCap& untyped = msg.extra_caps[0];
        const Cap& root = msg.extra_caps[1].cap;
        word_t pool_number = 0;
        while (pool_number < asid_pool_count && asid::pool(pool_number) != nullptr) ++pool_number;
        if (pool_number == asid_pool_count) return SyscallError::delete_first();
        const UntypedCap memory{untyped.cap};
        if (untyped.cap.type() != CapType::Untyped || memory.size_bits() != asid_pool_bits || memory.is_device())
            return SyscallError::invalid_capability(1);
        if (cdt::has_children(*untyped.slot)) return SyscallError::revoke_first();
        const Result<Cte*> dest = lookup_target_slot(root, index, depth, false);
        if (!dest.ok()) return dest.error();
        if (!dest.value()->empty()) return SyscallError::delete_first();
        return MakePool{untyped.slot, dest.value(), pool_number, untyped.cap.object()};
    }
    static void perform(const MakePool& op) {
        invariants::note_state_change();
        const UntypedCap untyped{op.untyped_slot->cap};
        op.untyped_slot->cap = untyped.with_free_index(untyped.size()).cap();
        __builtin_memset(phys_to_virt(op.pool), 0, sizeof(AsidPool));
        cdt::insert_child(*op.untyped_slot, *op.dest,
                          AsidPoolCap::make(op.pool, op.pool_number << asid_pool_index_bits).cap());
        asid::set_pool(op.pool_number, op.pool);
    }

    struct Assign {
        Cte* root_slot;
        Cap assigned;
        AsidPool* pool;
        word_t asid;
        paddr_t root;
    };
    static Result<Assign> decode_assign(const InvocationMessage& msg, const InvocationTarget& target) {
        if (msg.label != A::labels.asid_pool_assign) return SyscallError::illegal_operation();
        if (msg.extra_cap_count < 1) return SyscallError::truncated_message();
        const ExtraCap& root = msg.extra_caps[0];
        if (root.cap.type() != A::root_cap_type || M::is_assigned_root(root.cap))
            return SyscallError::invalid_capability(1);
        const AsidPoolCap pool_cap = target.cap.as<AsidPoolCap>();
        AsidPool* pool = asid::pool(asid_pool_number(pool_cap.asid_base()));
        if (pool == nullptr) return SyscallError::failed_lookup(false, LookupFailure::invalid_root());
        if (pool != phys_to_virt<AsidPool>(pool_cap.object())) return SyscallError::invalid_capability(0);
        word_t i = 0;
        while (i < asid_pool_entries && (pool_cap.asid_base() + i == asid_invalid || pool->roots[i] != 0)) ++i;
        if (i == asid_pool_entries) return SyscallError::delete_first();
        const word_t asid = pool_cap.asid_base() + i;
        return Assign{root.slot, M::assigned(root.cap, asid), pool, asid, root.cap.object()};
    }
    static void perform(const Assign& op) {
        invariants::note_state_change();
        op.root_slot->cap = op.assigned;
        A::init_root(op.root);
        op.pool->roots[asid_pool_index(op.asid)] = op.root;
    }

    static InvocationResult invoke_asid_control(const InvocationMessage& msg) {
        const Result<MakePool> op = decode_make_pool(msg);
        if (!op.ok()) return InvocationResult::failure(op.error());
        msg.begin_perform();
        perform(op.value());
        return InvocationResult::success();
    }
    static InvocationResult invoke_asid_pool(const InvocationMessage& msg, const InvocationTarget& target) {
        const Result<Assign> op = decode_assign(msg, target);
        if (!op.ok()) return InvocationResult::failure(op.error());
        msg.begin_perform();
        perform(op.value());
        return InvocationResult::success();
    }
};

}  // namespace kern::vspace
