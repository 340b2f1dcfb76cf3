// SPDX-License-Identifier: BSD-2-Clause
// What a copy of a cap may be: derivation, badge/guard data, rights masking
// (sel4-abi.md §5.1–5.3, §4.1; sel4-mcs.md §2.4).
#include <kern/cdt.hpp>

namespace kern::cdt {

namespace {

// seL4_CNode_CapData: guard size in bits 0..5, guard in bits 6..63 (§4.1).
constexpr word_t cnode_data_guard_size(word_t data) { return data & 0x3f; }
constexpr word_t cnode_data_guard(word_t data) { return data >> 6; }
constexpr word_t low_mask(word_t bits) { return bits >= 64 ? ~word_t{0} : (word_t{1} << bits) - 1; }

// maskVMRights: a frame without Read becomes kernel-only, even with Write
// (write-only mappings do not exist, §5.1).
VmRights mask_vm_rights(VmRights vm, CapRights rights) {
    if (vm == VmRights::ReadOnly && rights.can_read()) return VmRights::ReadOnly;
    if (vm == VmRights::ReadWrite && rights.can_read())
        return rights.can_write() ? VmRights::ReadWrite : VmRights::ReadOnly;
    return VmRights::KernelOnly;
}

}  // namespace

Result<Cap> derive(const Cte& slot, const Cap& cap) {
    switch (cap.type()) {
    case CapType::Null:
    case CapType::Zombie:
    case CapType::IrqControl:
        // seL4 derives these to a null cap, which every caller rejects.
        return SyscallError::illegal_operation();
    case CapType::Untyped:
        // A copy of an untyped with children would let the same memory be
        // retyped twice.
        if (has_children(slot)) return SyscallError::revoke_first();
        return cap;
    case CapType::PageTable:
        if (!cap.as<PageTableCap>().is_mapped()) return SyscallError::illegal_operation();
        return cap;
    case CapType::VSpace:
        if (!cap.as<VSpaceCap>().is_mapped()) return SyscallError::illegal_operation();
        return cap;
    case CapType::Frame:
        // Each mapping belongs to exactly one cap: the copy is unmapped.
        return Cap{cap.as<FrameCap>().unmapped()};
    default:
        // Under MCS a reply cap derives to itself (sel4-mcs.md §2.4).
        return cap;
    }
}

Cap update_cap_data(bool preserve, word_t data, const Cap& cap) {
    switch (cap.type()) {
    case CapType::Endpoint: {
        const EndpointCap ep = cap.as<EndpointCap>();
        if (!preserve && ep.badge() == 0) return ep.with_badge(data);
        return Cap::null();
    }
    case CapType::Notification: {
        const NotificationCap ntfn = cap.as<NotificationCap>();
        if (!preserve && ntfn.badge() == 0) return ntfn.with_badge(data);
        return Cap::null();
    }
    case CapType::Smc: {
        const SmcCap smc = cap.as<SmcCap>();
        if (!preserve && smc.badge() == 0) return smc.with_badge(data);
        return Cap::null();
    }
    case CapType::CNode: {
        const CNodeCap cnode = cap.as<CNodeCap>();
        const word_t guard_size = cnode_data_guard_size(data);
        if (guard_size + cnode.radix() > 64) return Cap::null();
        return cnode.with_guard(static_cast<unsigned>(guard_size), cnode_data_guard(data) & low_mask(guard_size));
    }
    default:
        return cap;
    }
}

Cap mask_rights(CapRights rights, const Cap& cap) {
    switch (cap.type()) {
    case CapType::Endpoint: {
        const EndpointCap ep = cap.as<EndpointCap>();
        return ep.with_rights(ep.rights().masked_by(rights));
    }
    case CapType::Notification: {
        // Only Write (signal) and Read (wait) exist for notifications.
        const NotificationCap ntfn = cap.as<NotificationCap>();
        const word_t kept = ntfn.rights().raw() & (rights.raw() | ~word_t{0x3}) & CapRights::mask;
        return ntfn.with_rights(CapRights{kept});
    }
    case CapType::Reply: {
        const ReplyCap reply = cap.as<ReplyCap>();
        return reply.with_can_grant(reply.can_grant() && rights.can_grant());
    }
    case CapType::Frame: {
        const FrameCap frame = cap.as<FrameCap>();
        return frame.with_rights(mask_vm_rights(frame.rights(), rights));
    }
    default:
        return cap;
    }
}

}  // namespace kern::cdt
