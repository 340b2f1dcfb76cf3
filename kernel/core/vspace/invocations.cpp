// SPDX-License-Identifier: BSD-2-Clause
// The VSpace invocations and deletion hooks of this kernel's arch: the
// templates of kern/vspace_ops.hpp and kern/vspace_asid_ops.hpp instantiated
// for arch::VSpaceArch (checked against the VSpaceArch concept here).
#include <arch/vspace_arch.hpp>
#include <kern/invocation.hpp>
#include <kern/vspace_asid_ops.hpp>

namespace kern {

static_assert(vspace::VSpaceArch<arch::VSpaceArch>);
static_assert(arch::VSpaceArch::user_top == arch::user_top);

namespace {
using ArchMappings = vspace::Mappings<arch::VSpaceArch>;
using AsidOps = vspace::AsidOps<arch::VSpaceArch>;
}  // namespace

InvocationResult invoke_frame(const InvocationMessage& msg, const InvocationTarget& target, InvocationReply& reply) {
    return ArchMappings::invoke_frame(msg, target, reply);
}

InvocationResult invoke_page_table(const InvocationMessage& msg, const InvocationTarget& target,
                                   InvocationReply&) {
    return ArchMappings::invoke_page_table(msg, target);
}

InvocationResult invoke_vspace(const InvocationMessage& msg, const InvocationTarget& target, InvocationReply&) {
    return ArchMappings::invoke_vspace(msg, target);
}

InvocationResult invoke_asid_control(const InvocationMessage& msg, const InvocationTarget&, InvocationReply&) {
    return AsidOps::invoke_asid_control(msg);
}

InvocationResult invoke_asid_pool(const InvocationMessage& msg, const InvocationTarget& target, InvocationReply&) {
    return AsidOps::invoke_asid_pool(msg, target);
}

namespace vspace {

void finalise_frame(const FrameCap& frame) { ArchMappings::finalise_frame(frame); }
void finalise_page_table(const PageTableCap& table, bool final) { ArchMappings::finalise_page_table(table, final); }
void finalise_vspace(const VSpaceCap& vspace, bool final) { ArchMappings::finalise_vspace(vspace, final); }
void finalise_asid_pool(const AsidPoolCap& pool, bool final) {
    if (final) ArchMappings::delete_asid_pool(pool.asid_base(), pool.object());
}

}  // namespace vspace

}  // namespace kern
