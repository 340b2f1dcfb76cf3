// SPDX-License-Identifier: BSD-2-Clause
// Untyped_Retype and untyped reset, as seL4 decodeUntypedInvocation /
// invokeUntyped_Retype / resetUntypedCap (sel4-abi.md §6.3, §16 item 10;
// sel4-mcs.md §2.3).
#include <kern/arch_contract.hpp>
#include <kern/bulk_memory.hpp>
#include <kern/cdt.hpp>
#include <kern/cspace.hpp>
#include <kern/invariants.hpp>
#include <kern/invocation_label.hpp>
#include <kern/object/cnode.hpp>
#include <kern/object/untyped.hpp>
#include <kern/preemption.hpp>

namespace kern {

namespace {

// Message words of Untyped_Retype (sel4-abi.md §6.3 wire format).
enum RetypeArg : unsigned { Type = 0, SizeBits = 1, NodeIndex = 2, NodeDepth = 3, NodeOffset = 4, NumObjects = 5 };
constexpr word_t retype_message_length = 6;
constexpr unsigned word_bits = 64;

}  // namespace

Result<RetypeOperation> decode_untyped_retype(const InvocationMessage& msg, const InvocationTarget& target) {
    if (msg.label != static_cast<word_t>(Label::UntypedRetype)) return SyscallError::illegal_operation();
    if (msg.length < retype_message_length || msg.extra_cap_count < 1) return SyscallError::truncated_message();

    const word_t type_number = msg.mr(Type);
    const word_t user_size_bits = msg.mr(SizeBits);
    const word_t node_index = msg.mr(NodeIndex);
    const word_t node_depth = msg.mr(NodeDepth);
    const word_t node_offset = msg.mr(NodeOffset);
    const word_t node_window = msg.mr(NumObjects);
    const Cap& root = msg.extra_caps[0].cap;

    const auto type = object_type_info(type_number);
    if (!type) return SyscallError::invalid_argument(Type);

    // Size: checked before anything that depends on it (the >= 64 test
    // guards the shift in object_size_bits).
    if (user_size_bits >= word_bits) return SyscallError::range_error(0, max_untyped_bits);
    const unsigned object_bits = object_size_bits(*type, user_size_bits);
    if (object_bits > max_untyped_bits) return SyscallError::range_error(0, max_untyped_bits);
    if (type->kind == ObjectKind::CNode && user_size_bits == 0) return SyscallError::invalid_argument(SizeBits);
    if (type->kind == ObjectKind::Untyped && user_size_bits < min_untyped_bits)
        return SyscallError::invalid_argument(SizeBits);
    if (type->kind == ObjectKind::SchedContext && user_size_bits < min_sched_context_bits)
        return SyscallError::invalid_argument(SizeBits);

    // Destination CNode: depth 0 names the root cap itself.
    Cap node_cap = root;
    if (node_depth != 0) {
        const Result<Cte*> slot = lookup_target_slot(root, node_index, node_depth, false);
        if (!slot.ok()) return slot.error();
        node_cap = slot.value()->cap;
    }
    if (node_cap.type() != CapType::CNode)
        return SyscallError::failed_lookup(false, LookupFailure::missing_capability(node_depth));
    const CNodeCap node = node_cap.as<CNodeCap>();

    const word_t node_size = node.slot_count();
    if (node_offset > node_size - 1) return SyscallError::range_error(0, node_size - 1);
    if (node_window < 1 || node_window > retype_fan_out_limit) return SyscallError::range_error(1, retype_fan_out_limit);
    if (node_window > node_size - node_offset) return SyscallError::range_error(1, node_size - node_offset);

    Cte* dest = cnode_slot(node, node_offset);
    for (word_t i = 0; i < node_window; ++i)
        if (!dest[i].empty()) return SyscallError::delete_first();

    // Watermark: a childless untyped is reset and allocation starts at 0.
    const UntypedCap untyped = target.cap.as<UntypedCap>();
    const bool reset = !cdt::has_children(*target.slot);
    const word_t free_index = reset ? 0 : untyped.free_index();
    const word_t free_bytes = untyped.size() - free_index;
    if ((free_bytes >> object_bits) < node_window) return SyscallError::not_enough_memory(free_bytes);

    const bool device = untyped.is_device();
    if (device && type->kind != ObjectKind::Frame && type->kind != ObjectKind::Untyped)
        return SyscallError::invalid_argument(SizeBits);

    RetypeOperation op;
    op.untyped_slot = target.slot;
    op.type = *type;
    op.user_size_bits = user_size_bits;
    op.object_bits = object_bits;
    op.reset = reset;
    // Objects are naturally aligned; the padding below the first is wasted.
    op.first_offset = align_up(untyped.base() + free_index, word_t{1} << object_bits) - untyped.base();
    op.dest_slots = dest;
    op.count = node_window;
    op.device = device;
    return op;
}

Completion reset_untyped(Cte& slot) {
    const UntypedCap untyped = slot.cap.as<UntypedCap>();
    const word_t watermark = untyped.free_index();
    if (watermark == 0) return Completion::Done;
    invariants::note_state_change();  // memory and free index change below
    if (untyped.is_device() || untyped.size_bits() < reset_chunk_bits) {
        if (!untyped.is_device()) zero_memory(phys_to_virt(untyped.base()), untyped.size());
        slot.cap = untyped.with_free_index(0).cap();
        return Completion::Done;
    }
    // From the top chunk down; after each chunk the free index records
    // progress, so a restarted Retype continues where this one stopped.
    constexpr word_t chunk = word_t{1} << reset_chunk_bits;
    for (word_t offset = align_down(watermark - 1, chunk);; offset -= chunk) {
        zero_memory(phys_to_virt(untyped.base() + offset), chunk);
        slot.cap = untyped.with_free_index(offset).cap();
        if (offset == 0) return Completion::Done;
        if (preemption_point()) return Completion::Preempted;
    }
}

Completion perform(const RetypeOperation& op) {
    if (op.reset && reset_untyped(*op.untyped_slot) == Completion::Preempted) return Completion::Preempted;
    const UntypedCap untyped = op.untyped_slot->cap.as<UntypedCap>();
    invariants::note_state_change();
    const word_t object_size = word_t{1} << op.object_bits;
    op.untyped_slot->cap = untyped.with_free_index(op.first_offset + op.count * object_size).cap();
    create_objects(op, untyped.base() + op.first_offset);
    return Completion::Done;
}

InvocationResult invoke_untyped(const InvocationMessage& msg, const InvocationTarget& target, InvocationReply&) {
    const Result<RetypeOperation> op = decode_untyped_retype(msg, target);
    if (!op.ok()) return InvocationResult::failure(op.error());
    msg.begin_perform();
    if (perform(op.value()) == Completion::Preempted) return InvocationResult::restart();
    return InvocationResult::success();
}

}  // namespace kern
