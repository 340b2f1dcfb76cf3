// SPDX-License-Identifier: BSD-2-Clause
// CSpace lookup, as seL4 resolveAddressBits / lookupSlotForCNodeOp
// (sel4-abi.md §4.2–4.3).
#include <kern/cspace.hpp>
#include <kern/object/cnode.hpp>
#include <kern/object/tcb.hpp>

namespace kern {

namespace {

constexpr word_t low_bits(word_t value, word_t bits) {
    return bits >= 64 ? value : value & ((word_t{1} << bits) - 1);
}

// value >> amount for amount 0..64 (a shift by 64 is undefined in C++; a
// zero-size guard at n = 64 asks for it).
constexpr word_t shift_right(word_t value, word_t amount) { return amount >= 64 ? 0 : value >> amount; }

}  // namespace

ResolveResult resolve_address_bits(const Cap& root, word_t cptr, word_t n) {
    if (root.type() != CapType::CNode) return {{}, LookupFailure::invalid_root()};
    CNodeCap node = root.as<CNodeCap>();
    for (;;) {
        const word_t radix = node.radix();
        const word_t guard_size = node.guard_size();
        const word_t level = radix + guard_size;
        // Guard: the guard_size bits just below bit n must equal the guard.
        const word_t guard = low_bits(node.guard(), guard_size);
        if (guard_size > n || low_bits(shift_right(cptr, n - guard_size), guard_size) != guard)
            return {{}, LookupFailure::guard_mismatch(n, node.guard(), guard_size)};
        if (level > n) return {{}, LookupFailure::depth_mismatch(n, level)};
        const word_t index = low_bits(shift_right(cptr, n - level), radix);
        Cte* slot = cnode_slot(node, index);
        if (n == level) return {{slot, 0}, {}};
        n -= level;
        if (slot->cap.type() != CapType::CNode) return {{slot, n}, {}};
        node = slot->cap.as<CNodeCap>();
    }
}

CapLookup lookup_cap_and_slot(Tcb& thread, word_t cptr) {
    const ResolveResult r = resolve_address_bits(thread.slot(TcbSlot::CTable).cap, cptr, 64);
    if (!r.ok()) return {Cap::null(), nullptr, r.failure};
    return {r.resolved.slot->cap, r.resolved.slot, {}};
}

Result<Cte*> lookup_target_slot(const Cap& root, word_t index, word_t depth, bool is_source) {
    if (root.type() != CapType::CNode)
        return SyscallError::failed_lookup(is_source, LookupFailure::invalid_root());
    if (depth < 1 || depth > 64) return SyscallError::range_error(1, 64);
    const ResolveResult r = resolve_address_bits(root, index, depth);
    if (!r.ok()) return SyscallError::failed_lookup(is_source, r.failure);
    if (r.resolved.bits_remaining != 0)
        return SyscallError::failed_lookup(is_source, LookupFailure::depth_mismatch(r.resolved.bits_remaining, 0));
    return r.resolved.slot;
}

Cte* lookup_receive_slot(Tcb& receiver, word_t receive_cnode, word_t receive_index, word_t receive_depth) {
    const CapLookup root = lookup_cap_and_slot(receiver, receive_cnode);
    if (!root.ok()) return nullptr;
    const Result<Cte*> slot = lookup_target_slot(root.cap, receive_index, receive_depth, false);
    if (!slot.ok() || !slot.value()->cap.is_null()) return nullptr;
    return slot.value();
}

}  // namespace kern
