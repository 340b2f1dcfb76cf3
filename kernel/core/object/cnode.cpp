// SPDX-License-Identifier: BSD-2-Clause
// CNode invocations (sel4-abi.md §5.5, §15.3; MCS labels CNodeRevoke 18 …
// CNodeRotate 25). The checks run in seL4's order, so that a message with
// several faults reports the same error as seL4 does.
#include <kern/cdt.hpp>
#include <kern/ipc.hpp>
#include <kern/cnode_ops.hpp>
#include <kern/cspace.hpp>
#include <kern/invocation_label.hpp>

namespace kern {

namespace {

using Kind = CNodeOperation::Kind;

constexpr word_t label_value(Label l) { return static_cast<word_t>(l); }

// An empty source (or pivot) slot is reported as a lookup failure of the
// slot argument: MissingCapability with bitsLeft = its depth (§4.3).
SyscallError missing_capability(bool is_source, word_t depth) {
    return SyscallError::failed_lookup(is_source, LookupFailure::missing_capability(depth));
}

// Copy, Mint, Move, Mutate: the source is cap0 + MR2/MR3.
Result<CNodeOperation> decode_copy_like(const InvocationMessage& msg, word_t label, Cte& dest) {
    if (msg.length < 4 || msg.extra_cap_count < 1) return SyscallError::truncated_message();
    const word_t src_index = msg.mr(2);
    const word_t src_depth = msg.mr(3);
    const Cap& src_root = msg.extra_caps[0].cap;

    if (!dest.empty()) return SyscallError::delete_first();
    const Result<Cte*> src_lookup = lookup_target_slot(src_root, src_index, src_depth, true);
    if (!src_lookup.ok()) return src_lookup.error();
    Cte& src = *src_lookup.value();
    if (src.empty()) return missing_capability(true, src_depth);

    CNodeOperation op;
    op.dest = &dest;
    op.src = &src;
    switch (static_cast<Label>(label)) {
    case Label::CNodeCopy: {
        if (msg.length < 5) return SyscallError::truncated_message();
        const CapRights rights{msg.mr(4) & CapRights::mask};
        const Result<Cap> derived = cdt::derive(src, cdt::mask_rights(rights, src.cap));
        if (!derived.ok()) return derived.error();
        op.kind = Kind::Insert;
        op.cap = derived.value();
        break;
    }
    case Label::CNodeMint: {
        if (msg.length < 6) return SyscallError::truncated_message();
        const CapRights rights{msg.mr(4) & CapRights::mask};
        const word_t data = msg.mr(5);
        const Cap badged = cdt::update_cap_data(false, data, cdt::mask_rights(rights, src.cap));
        // derive() reports a null cap (e.g. re-badging) as IllegalOperation,
        // where seL4 checks for the null result right after deriving.
        const Result<Cap> derived = cdt::derive(src, badged);
        if (!derived.ok()) return derived.error();
        op.kind = Kind::Insert;
        op.cap = derived.value();
        break;
    }
    case Label::CNodeMove:
        op.kind = Kind::Move;
        op.cap = src.cap;
        break;
    default: {  // CNodeMutate
        if (msg.length < 5) return SyscallError::truncated_message();
        op.kind = Kind::Move;
        op.cap = cdt::update_cap_data(true, msg.mr(4), src.cap);
        break;
    }
    }
    if (op.cap.is_null()) return SyscallError::illegal_operation();
    return op;
}

// Rotate: pivot → dest with MR2 as data, src → pivot with MR5 as data.
Result<CNodeOperation> decode_rotate(const InvocationMessage& msg, Cte& dest) {
    if (msg.length < 8 || msg.extra_cap_count < 2) return SyscallError::truncated_message();
    const word_t pivot_data = msg.mr(2);
    const word_t pivot_index = msg.mr(3);
    const word_t pivot_depth = msg.mr(4);
    const word_t src_data = msg.mr(5);
    const word_t src_index = msg.mr(6);
    const word_t src_depth = msg.mr(7);
    const Cap& pivot_root = msg.extra_caps[0].cap;
    const Cap& src_root = msg.extra_caps[1].cap;

    const Result<Cte*> src_lookup = lookup_target_slot(src_root, src_index, src_depth, true);
    if (!src_lookup.ok()) return src_lookup.error();
    Cte& src = *src_lookup.value();
    const Result<Cte*> pivot_lookup = lookup_target_slot(pivot_root, pivot_index, pivot_depth, true);
    if (!pivot_lookup.ok()) return pivot_lookup.error();
    Cte& pivot = *pivot_lookup.value();

    if (&pivot == &src || &pivot == &dest) return SyscallError::illegal_operation();
    // dest == src rotates two caps through each other (a swap).
    if (&src != &dest && !dest.empty()) return SyscallError::delete_first();
    if (src.empty()) return missing_capability(true, src_depth);
    // seL4 reports an empty pivot with the source flag clear.
    if (pivot.empty()) return missing_capability(false, pivot_depth);

    CNodeOperation op;
    op.kind = Kind::Rotate;
    op.dest = &dest;
    op.src = &src;
    op.pivot = &pivot;
    op.cap = cdt::update_cap_data(true, src_data, src.cap);
    op.pivot_cap = cdt::update_cap_data(true, pivot_data, pivot.cap);
    if (op.cap.is_null() || op.pivot_cap.is_null()) return SyscallError::illegal_operation();
    return op;
}

// seL4 hasCancelSendRights: an endpoint cap with all four rights.
bool has_cancel_send_rights(const Cap& cap) {
    return cap.type() == CapType::Endpoint && cap.as<EndpointCap>().rights() == CapRights::all();
}

}  // namespace

Result<CNodeOperation> decode_cnode_invocation(const InvocationMessage& msg, const CNodeCap& cnode) {
    const word_t label = msg.label;
    if (label < label_value(Label::CNodeRevoke) || label > label_value(Label::CNodeRotate))
        return SyscallError::illegal_operation();
    if (msg.length < 2) return SyscallError::truncated_message();
    const Result<Cte*> dest_lookup = lookup_target_slot(cnode, msg.mr(0), msg.mr(1), false);
    if (!dest_lookup.ok()) return dest_lookup.error();
    Cte& dest = *dest_lookup.value();

    switch (static_cast<Label>(label)) {
    case Label::CNodeCopy:
    case Label::CNodeMint:
    case Label::CNodeMove:
    case Label::CNodeMutate:
        return decode_copy_like(msg, label, dest);
    case Label::CNodeRevoke: {
        CNodeOperation op;
        op.kind = Kind::Revoke;
        op.dest = &dest;
        return op;
    }
    case Label::CNodeDelete: {
        CNodeOperation op;
        op.kind = Kind::Delete;
        op.dest = &dest;
        return op;
    }
    case Label::CNodeCancelBadgedSends: {
        if (!has_cancel_send_rights(dest.cap)) return SyscallError::illegal_operation();
        CNodeOperation op;
        op.kind = Kind::CancelBadgedSends;
        op.dest = &dest;
        op.cap = dest.cap;
        return op;
    }
    default:  // CNodeRotate
        return decode_rotate(msg, dest);
    }
}

Completion perform_cnode_operation(const CNodeOperation& op) {
    switch (op.kind) {
    case Kind::Revoke:
        return cdt::revoke(*op.dest);
    case Kind::Delete:
        return cdt::delete_slot(*op.dest);
    case Kind::CancelBadgedSends: {
        // Only a badged cap names a set of senders; an unbadged one does
        // nothing (sel4-mcs.md §3.6).
        const EndpointCap ep = op.cap.as<EndpointCap>();
        if (ep.badge() != 0) cancel_badged_sends(*phys_to_virt<Endpoint>(ep.object()), ep.badge());
        return Completion::Done;
    }
    case Kind::Insert:
        cdt::insert_child(*op.src, *op.dest, op.cap);
        return Completion::Done;
    case Kind::Move:
        cdt::move(*op.src, *op.dest, op.cap);
        return Completion::Done;
    case Kind::Rotate:
        if (op.src == op.dest) {
            cdt::swap(*op.src, op.cap, *op.pivot, op.pivot_cap);
        } else {
            cdt::move(*op.pivot, *op.dest, op.pivot_cap);
            cdt::move(*op.src, *op.pivot, op.cap);
        }
        return Completion::Done;
    }
    return Completion::Done;
}

InvocationResult invoke_cnode(const InvocationMessage& msg, const InvocationTarget& target, InvocationReply& reply) {
    reply.length = 0;
    const Result<CNodeOperation> op = decode_cnode_invocation(msg, target.cap.as<CNodeCap>());
    if (!op.ok()) return InvocationResult::failure(op.error());
    msg.begin_perform();
    if (perform_cnode_operation(op.value()) == Completion::Preempted) return InvocationResult::restart();
    return InvocationResult::success();
}

}  // namespace kern
