/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Compiled (never run) for each target with -pedantic as C11: the public
 * headers must be clean, the layouts must match sel4-abi.md §3 and §14, and
 * every stub must instantiate. The functions below are also what the
 * register-usage inspection (llvm-objdump -d) looks at.
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>

SEL4_STATIC_ASSERT(sizeof(seL4_IPCBuffer) == 1024, "IPC buffer is 1024 bytes");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_IPCBuffer, receiveDepth) == 0x3F8, "IPC buffer receiveDepth");
SEL4_STATIC_ASSERT(sizeof(seL4_BootInfo) == 3864, "MCS BootInfo is 3864 bytes");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, untypedList) == 0xB8, "BootInfo untypedList");
SEL4_STATIC_ASSERT(sizeof(seL4_UntypedDesc) == 16, "UntypedDesc is 16 bytes");
SEL4_STATIC_ASSERT(sizeof(seL4_MessageInfo_t) == 8, "MessageInfo is one word");
SEL4_STATIC_ASSERT(seL4_SysCall == -1 && seL4_SysYield == -11 && seL4_SysSetTLSBase == -33, "MCS numbers");
SEL4_STATIC_ASSERT(seL4_ReplyObject == 6 && seL4_NotificationBits == 6, "MCS object numbering");

void check_send(seL4_CPtr dest) { seL4_Send(dest, seL4_MessageInfo_new(1, 0, 0, 4)); }
void check_nbsend(seL4_CPtr dest) { seL4_NBSend(dest, seL4_MessageInfo_new(1, 0, 0, 4)); }
void check_signal(seL4_CPtr dest) { seL4_Signal(dest); }
seL4_MessageInfo_t check_call(seL4_CPtr dest) { return seL4_Call(dest, seL4_MessageInfo_new(1, 0, 0, 4)); }
seL4_MessageInfo_t check_recv(seL4_CPtr src, seL4_Word *badge, seL4_CPtr reply) { return seL4_Recv(src, badge, reply); }
seL4_MessageInfo_t check_nbrecv(seL4_CPtr src, seL4_Word *badge, seL4_CPtr reply) { return seL4_NBRecv(src, badge, reply); }
seL4_MessageInfo_t check_wait(seL4_CPtr src, seL4_Word *badge) { return seL4_Wait(src, badge); }
seL4_MessageInfo_t check_poll(seL4_CPtr src, seL4_Word *badge) { return seL4_Poll(src, badge); }
seL4_MessageInfo_t check_reply_recv(seL4_CPtr src, seL4_Word *badge, seL4_CPtr reply)
{
    return seL4_ReplyRecv(src, seL4_MessageInfo_new(0, 0, 0, 1), badge, reply);
}
seL4_MessageInfo_t check_nb_send_recv(seL4_CPtr dest, seL4_CPtr src, seL4_Word *badge, seL4_CPtr reply)
{
    return seL4_NBSendRecv(dest, seL4_MessageInfo_new(0, 0, 0, 1), src, badge, reply);
}
seL4_MessageInfo_t check_nb_send_wait(seL4_CPtr dest, seL4_CPtr src, seL4_Word *badge)
{
    return seL4_NBSendWait(dest, seL4_MessageInfo_new(0, 0, 0, 1), src, badge);
}
seL4_MessageInfo_t check_nb_send_wait_mrs(seL4_CPtr dest, seL4_CPtr src, seL4_Word *badge, seL4_Word *mr0)
{
    return seL4_NBSendWaitWithMRs(dest, seL4_MessageInfo_new(0, 0, 0, 1), src, badge, mr0, 0, 0, 0);
}
seL4_MessageInfo_t check_call_mrs(seL4_CPtr dest, seL4_Word *mr0, seL4_Word *mr1)
{
    return seL4_CallWithMRs(dest, seL4_MessageInfo_new(0, 0, 0, 2), mr0, mr1, 0, 0);
}
void check_send_mrs(seL4_CPtr dest, seL4_Word *mr0) { seL4_SendWithMRs(dest, seL4_MessageInfo_new(0, 0, 0, 1), mr0, 0, 0, 0); }
seL4_MessageInfo_t check_recv_mrs(seL4_CPtr src, seL4_Word *badge, seL4_CPtr reply, seL4_Word *mr0)
{
    return seL4_RecvWithMRs(src, badge, reply, mr0, 0, 0, 0);
}
void check_yield(void) { seL4_Yield(); }
void check_put_char(void) { seL4_DebugPutChar('!'); }
#ifdef CONFIG_DEBUG_BUILD
void check_halt(void) { seL4_DebugHalt(); }
seL4_Uint32 check_cap_identify(seL4_CPtr cap) { return seL4_DebugCapIdentify(cap); }
void check_name_thread(void) { seL4_DebugNameThread(seL4_CapInitThreadTCB, "root"); }
#endif
void check_buffer(void)
{
    seL4_SetCapReceivePath(seL4_CapInitThreadCNode, 20, seL4_WordBits);
    seL4_SetCap(0, seL4_GetCap(1));
    seL4_SetUserData(seL4_GetUserData() + seL4_GetBadge(0));
    seL4_CPtr cnode;
    seL4_GetCapReceivePath(&cnode, seL4_Null, seL4_Null);
    seL4_SetMR(0, cnode + seL4_GetMR(1));
}
void check_runtime(int *x)
{
    *x = sel4runtime_argc() + (int)sel4runtime_get_tls_size();
    sel4runtime_set_tls_variable(sel4runtime_get_tls_base(), __sel4_ipc_buffer, (seL4_IPCBuffer *)0);
}

/* Object-invocation stubs (<sel4/client.h>): every marshalling shape instantiates. */
seL4_Error check_retype(seL4_Untyped ut, seL4_CNode root)
{
    return seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, root, 0, 0, 20, 1);
}
seL4_Error check_cnode_ops(seL4_CNode cnode)
{
    seL4_Error e = seL4_CNode_Copy(cnode, 1, 64, cnode, 2, 64, seL4_AllRights);
    e |= seL4_CNode_Mint(cnode, 1, 64, cnode, 2, 64, seL4_CanRead, 7);
    e |= seL4_CNode_Move(cnode, 1, 64, cnode, 2, 64);
    e |= seL4_CNode_Mutate(cnode, 1, 64, cnode, 2, 64, 0);
    e |= seL4_CNode_Rotate(cnode, 1, 64, 0, cnode, 2, 64, 0, cnode, 3, 64);
    e |= seL4_CNode_Revoke(cnode, 1, 64);
    e |= seL4_CNode_Delete(cnode, 1, 64);
    e |= seL4_CNode_CancelBadgedSends(cnode, 1, 64);
    return e;
}
seL4_Error check_tcb_ops(seL4_TCB tcb, seL4_UserContext *regs)
{
    seL4_Error e = seL4_TCB_ReadRegisters(tcb, 1, 0, 2, regs);
    e |= seL4_TCB_WriteRegisters(tcb, 0, 0, 2, regs);
    e |= seL4_TCB_CopyRegisters(tcb, tcb, 1, 1, 1, 1, 0);
    e |= seL4_TCB_SetSpace(tcb, 0, 2, 0, 3, 0);
    e |= (seL4_Error)seL4_TCB_SetFlags(tcb, 0, 1).error;
    e |= (seL4_Error)seL4_SchedContext_Consumed(tcb).error;
    return e;
}
