// SPDX-License-Identifier: BSD-2-Clause
// TCB invocations on the host state machine (sel4-mcs.md §7.2): the IPC
// buffer checks of Configure / SetIPCBuffer, the receiver's view of its
// buffer for kernel replies, SetSpace / SetSchedParams / SetTimeoutEndpoint
// installing caps, CopyRegisters and SetTLSBase.
#include <support/system_fixture.hpp>

namespace {

using namespace kern;
using test_support::System;
using test_support::label_of;

constexpr word_t err(Error e) { return static_cast<word_t>(e); }

class TcbTest : public ::testing::Test {
protected:
    // A frame cap of the given rights (and device-ness) in a fresh slot.
    word_t make_frame(VmRights rights = VmRights::ReadWrite, bool device = false) {
        const word_t cptr = sys.new_cptr();
        cdt::insert_root(sys.slot(cptr), FrameCap::make(frame_base(), FrameSize::Small, rights, device));
        return cptr;
    }
    paddr_t frame_base() { return sys.allocate(page_bits); }
    word_t cnode_cap() {
        const word_t cnode = sys.make_root_cnode_cap();
        return cnode;
    }
    System sys;
};

TEST_F(TcbTest, SetIPCBufferChecksTheFrameAndTheAlignment) {
    System::Thread t = sys.make_thread();
    const word_t frame = make_frame();
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBSetIPCBuffer, {0x300200}, {frame}),
              err(Error::AlignmentError));
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBSetIPCBuffer, {0x300400}, {make_frame(VmRights::ReadWrite, true)}),
              err(Error::IllegalOperation));
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBSetIPCBuffer, {0x300400}, {sys.make_endpoint()}),
              err(Error::IllegalOperation));
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBSetIPCBuffer, {0x300400}), err(Error::TruncatedMessage));
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBSetIPCBuffer, {0x300400}, {frame}), 0u);
    EXPECT_EQ(t->ipc_buffer, 0x300400u);
    EXPECT_EQ(t->slot(TcbSlot::Buffer).cap.object(), sys.slot(frame).cap.object());
    EXPECT_EQ(ipc_buffer_of(*t, true), phys_to_virt<seL4_IPCBuffer>(sys.slot(frame).cap.object() + 0x400));
    // Address 0 removes the buffer (a cap must still be passed).
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBSetIPCBuffer, {0}, {sys.make_endpoint()}), 0u);
    EXPECT_TRUE(t->slot(TcbSlot::Buffer).cap.is_null());
    EXPECT_EQ(ipc_buffer_of(*t, false), nullptr);
}

TEST_F(TcbTest, ConfigureChecksTheBufferFirstThenTheRoots) {
    System::Thread t = sys.make_thread();
    const word_t vspace = sys.new_cptr();
    cdt::insert_root(sys.slot(vspace), PageTableCap::make(frame_base()).with_mapping(1, 0));
    const word_t cnode = cnode_cap();
    // Misaligned buffer with otherwise bad roots: the buffer is reported.
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBConfigure, {0, 0, 0x10}, {sys.make_endpoint(), vspace, make_frame()}),
              err(Error::AlignmentError));
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBConfigure, {0, 0, 0}, {sys.make_endpoint(), vspace, make_frame()}),
              err(Error::IllegalOperation));
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBConfigure, {0, 0, 0}, {cnode, cnode, make_frame()}),
              err(Error::IllegalOperation));
    // An unmapped top-level table is no VSpace root.
    const word_t unmapped = sys.new_cptr();
    cdt::insert_root(sys.slot(unmapped), PageTableCap::make(frame_base()));
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBConfigure, {0, 0, 0}, {cnode, unmapped, make_frame()}),
              err(Error::IllegalOperation));
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBConfigure, {0, 0}, {cnode, vspace, make_frame()}),
              err(Error::TruncatedMessage));
    const word_t frame = make_frame();
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBConfigure, {0, 0, 0x7000}, {cnode, vspace, frame}), 0u);
    EXPECT_EQ(t->slot(TcbSlot::CTable).cap.type(), CapType::CNode);
    EXPECT_EQ(t->slot(TcbSlot::VTable).cap.type(), CapType::PageTable);
    EXPECT_EQ(t->ipc_buffer, 0x7000u);
    // The installed caps are children of their sources: revoking the frame empties the slot.
    EXPECT_EQ(sys.invoke(sys.root(), cnode, Label::CNodeRevoke, {frame, 64}), 0u);
    EXPECT_TRUE(t->slot(TcbSlot::Buffer).cap.is_null());
}

TEST_F(TcbTest, KernelRepliesUseTheBufferOnlyIfTheCallerMayWriteIt) {
    // A read-only buffer: the caller may send from it, but a reply longer
    // than the register MRs is truncated (seL4 lookupIPCBuffer(isReceiver)).
    const word_t ro = make_frame(VmRights::ReadOnly);
    System::Thread target = sys.make_thread();
    ASSERT_EQ(cdt::delete_slot(sys.root().slot(TcbSlot::Buffer)), Completion::Done);
    cdt::insert_child(sys.slot(ro), sys.root().slot(TcbSlot::Buffer), sys.slot(ro).cap);
    EXPECT_NE(ipc_buffer_of(sys.root(), false), nullptr);
    EXPECT_EQ(ipc_buffer_of(sys.root(), true), nullptr);
    sys.root().context.set_info_register(MessageInfo::make(label_of(Label::TCBReadRegisters), 0, 0, 2).raw());
    sys.root().context.set_message_register(0, 0);
    sys.root().context.set_message_register(1, 10);
    sys.syscall(sys.root(), Syscall::Call, {{0, target.cptr}, {6, 0}});
    EXPECT_EQ(MessageInfo{sys.root().context.reg(1)}.label(), 0u);
    EXPECT_EQ(MessageInfo{sys.root().context.reg(1)}.length(), 4u);
}

TEST_F(TcbTest, SetSpaceInstallsTheFaultHandlerAfterCheckingTheRoots) {
    System::Thread t = sys.make_thread();
    const word_t ep = sys.make_endpoint();
    const word_t cnode = cnode_cap();
    const word_t vspace = sys.new_cptr();
    cdt::insert_root(sys.slot(vspace), PageTableCap::make(frame_base()).with_mapping(1, 0));
    // Bad CSpace root and bad fault handler: the root is reported first.
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBSetSpace, {0, 0}, {sys.make_notification(), ep, vspace}),
              err(Error::IllegalOperation));
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBSetSpace, {0, 0}, {sys.make_notification(), cnode, vspace}),
              err(Error::InvalidCapability));
    EXPECT_EQ(sys.root().context.message_register(0), 1u);
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBSetSpace, {0, 0}, {ep, cnode, vspace}), 0u);
    EXPECT_EQ(t->slot(TcbSlot::FaultHandler).cap, sys.slot(ep).cap);
    // A null fault endpoint clears the handler.
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBSetSpace, {0, 0}, {0, cnode, vspace}), 0u);
    EXPECT_TRUE(t->slot(TcbSlot::FaultHandler).cap.is_null());
}

TEST_F(TcbTest, SetSchedParamsErrors) {
    System::Thread t = sys.make_thread();
    const word_t sc = sys.make_sched_context();
    ASSERT_EQ(sys.configure_sc(sc, 1000, 1000), 0u);
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBSetSchedParams, {0, 0}, {System::root_tcb_cptr, sc}),
              err(Error::TruncatedMessage));
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBSetSchedParams, {0, 0}, {sys.make_endpoint(), sc, 0}),
              err(Error::InvalidCapability));
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBSetSchedParams, {0, 0}, {System::root_tcb_cptr, sys.make_endpoint(), 0}),
              err(Error::InvalidCapability));
    EXPECT_EQ(sys.root().context.message_register(0), 2u);
    // The SC of another thread cannot be taken.
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBSetSchedParams, {0, 0}, {System::root_tcb_cptr, System::root_sc_cptr, 0}),
              err(Error::IllegalOperation));
    // Unbinding the caller's own SC through a null cap is refused.
    EXPECT_EQ(sys.invoke(sys.root(), System::root_tcb_cptr, Label::TCBSetSchedParams, {255, 255},
                         {System::root_tcb_cptr, 0, 0}),
              err(Error::IllegalOperation));
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::TCBSetSchedParams, {7, 5}, {System::root_tcb_cptr, sc, 0}), 0u);
    EXPECT_EQ(t->mcp, 7u);
    EXPECT_EQ(t->priority, 5u);
    EXPECT_EQ(t->sc, &sys.object<SchedContext>(sc));
}

TEST_F(TcbTest, CopyRegistersAndSetTLSBase) {
    System::Thread a = sys.make_thread();
    System::Thread b = sys.make_thread();
    constexpr unsigned n = arch::UserContext::frame_register_count + arch::UserContext::gp_register_count;
    for (unsigned i = 1; i < n; ++i) a->context.set_user_register(i, 0x500 + i);
    // Frame registers only (flag bit 2).
    EXPECT_EQ(sys.invoke(sys.root(), b.cptr, Label::TCBCopyRegisters, {4}, {a.cptr}), 0u);
    for (unsigned i = 1; i < arch::UserContext::frame_register_count; ++i)
        EXPECT_EQ(b->context.user_register(i), 0x500u + i);
    EXPECT_NE(b->context.user_register(n - 2), 0x500u + n - 2);
    EXPECT_EQ(sys.invoke(sys.root(), b.cptr, Label::TCBCopyRegisters, {8}, {a.cptr}), 0u);
    EXPECT_EQ(b->context.user_register(n - 2), 0x500u + n - 2);
    EXPECT_EQ(sys.invoke(sys.root(), b.cptr, Label::TCBCopyRegisters, {8}, {sys.make_endpoint()}),
              err(Error::InvalidCapability));
    EXPECT_EQ(sys.invoke(sys.root(), b.cptr, Label::TCBSetTLSBase, {0xabc0}), 0u);
    EXPECT_EQ(b->context.user_register(n - 1), 0xabc0u);  // tp is the last seL4_UserContext word on RISC-V
    EXPECT_EQ(sys.invoke(sys.root(), b.cptr, Label::TCBSetTLSBase), err(Error::TruncatedMessage));
}

TEST_F(TcbTest, UnknownTcbLabelIsIllegal) {
    System::Thread t = sys.make_thread();
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::CNodeCopy), err(Error::IllegalOperation));
    EXPECT_EQ(sys.invoke(sys.root(), t.cptr, Label::InvalidInvocation), err(Error::IllegalOperation));
}

}  // namespace
