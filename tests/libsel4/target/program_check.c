/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A small root task written for seL4 (MCS), built and linked, never run, in
 * every architecture and configuration: it must build unchanged against
 * Tessera's headers and runtime. It gives itself a budget derived from
 * CONFIG_BOOT_THREAD_TIME_SLICE and serves faults on an endpoint, decoding
 * them with libsel4's fault accessors.
 */
#include <autoconf.h>
#include <sel4/sel4.h>
#include <sel4runtime.h>

static void put_string(const char *s)
{
#ifdef CONFIG_PRINTING
    seL4_DebugPutString(s);
#else
    (void)s;
#endif
}

/* Decides how to answer one fault; returns the reply to send through the reply object. */
static seL4_MessageInfo_t handle_fault(seL4_MessageInfo_t tag)
{
    seL4_Fault_t fault = seL4_getFault(tag);
    switch (seL4_Fault_get_seL4_FaultType(fault)) {
    case seL4_Fault_VMFault:
        put_string(seL4_Fault_VMFault_get_PrefetchFault(fault) ? "instruction fault\n" : "data fault\n");
        return seL4_MessageInfo_new(0, 0, 0, 0); /* restart once the page is there */
    case seL4_Fault_CapFault:
        if (seL4_Fault_CapFault_get_LookupFailureType(fault) == seL4_MissingCapability) {
            put_string("missing capability\n");
        }
        return seL4_MessageInfo_new(1, 0, 0, 0);
    case seL4_Fault_UnknownSyscall: {
        /* Emulate: skip the trap instruction and resume. */
        seL4_SetMR(seL4_UnknownSyscall_FaultIP, seL4_Fault_UnknownSyscall_get_FaultIP(fault) + 4);
        return seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_Length);
    }
    case seL4_Fault_UserException:
        seL4_SetMR(seL4_UserException_FaultIP, seL4_Fault_UserException_get_FaultIP(fault) + 4);
        return seL4_MessageInfo_new(0, 0, 0, seL4_UserException_Length);
    case seL4_Fault_Timeout: {
        seL4_UserContext regs = {0};
        (void)seL4_Fault_Timeout_get_consumed(fault);
        if (seL4_Fault_Timeout_get_data(fault) == 1) {
            return seL4_TimeoutReply_new(seL4_False, regs, 0);
        }
        return seL4_MessageInfo_new(0, 0, 0, 0);
    }
    default:
        return seL4_MessageInfo_new(1, 0, 0, 0);
    }
}

int main(void)
{
    seL4_BootInfo *info = sel4runtime_bootinfo();
    /* A periodic budget: half of the boot thread's time slice in every slice (µs). */
    const seL4_Time period = (seL4_Time)CONFIG_BOOT_THREAD_TIME_SLICE * 1000;
    seL4_Error error = seL4_SchedControl_ConfigureFlags(info->schedcontrol.start, seL4_CapInitThreadSC, period / 2,
                                                        period, 0, 0, seL4_SchedContext_NoFlag);
    if (error != seL4_NoError) {
        put_string("configure failed\n");
        return 1;
    }
    const seL4_CPtr fault_ep = info->empty.start;
    const seL4_CPtr reply = info->empty.start + 1;
    error = seL4_Untyped_Retype(info->untyped.start, seL4_EndpointObject, 0, seL4_CapInitThreadCNode, 0, 0,
                                fault_ep, 1);
    error |= seL4_Untyped_Retype(info->untyped.start, seL4_ReplyObject, 0, seL4_CapInitThreadCNode, 0, 0, reply, 1);
    if (error != seL4_NoError) {
        return 1;
    }
    seL4_Word badge;
    seL4_MessageInfo_t tag = seL4_Recv(fault_ep, &badge, reply);
    for (int served = 0; served < 10; ++served) {
        tag = seL4_ReplyRecv(fault_ep, handle_fault(tag), &badge, reply);
    }
    return 0;
}
