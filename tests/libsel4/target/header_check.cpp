// SPDX-License-Identifier: BSD-2-Clause
// The C11 header check's companion: the same headers as C++20 with -pedantic.
#include <autoconf.h>
#include <sel4/sel4.h>
#include <drivers/ns16550.h>
#include <drivers/pl011.h>
#include <ring/byte_ring.h>
#include <sel4runtime.h>
#include <sync/bin_sem.h>
#include <sync/condition_var.h>
#include <sync/mutex.h>
#include <sync/recursive_mutex.h>
#include <sync/sem.h>

static_assert(sizeof(seL4_IPCBuffer) == 1024);
static_assert(sizeof(seL4_BootInfo) == 3864);
static_assert(alignof(seL4_IPCBuffer) == 1024);
static_assert(seL4_SysNBSendWait == -4);
static_assert(CONFIG_BOOT_THREAD_TIME_SLICE == 5);

extern "C++" seL4_MessageInfo_t cpp_check_call(seL4_CPtr dest) {
    seL4_SetMR(0, 1);
    const seL4_MessageInfo_t reply = seL4_Call(dest, seL4_MessageInfo_new(1, 0, 0, 1));
#ifdef CONFIG_PRINTING
    if (seL4_MessageInfo_get_label(reply) != seL4_NoError) seL4_DebugPutString("error\n");
#endif
    return reply;
}

seL4_MessageInfo_t cpp_check_recv(seL4_CPtr src, seL4_CPtr reply) {
    seL4_Word badge = 0;
    seL4_Yield();
    return seL4_Recv(src, &badge, reply);
}

const seL4_BootInfo* cpp_check_runtime() {
    seL4_CapRights_t rights = seL4_AllRights;
    rights = seL4_CapRights_set_capAllowWrite(rights, 0);
    (void)rights;
    return sel4runtime_bootinfo();
}

seL4_Word cpp_check_fault(seL4_MessageInfo_t tag) {
    const seL4_Fault_t fault = seL4_getFault(tag);
    switch (seL4_Fault_get_seL4_FaultType(fault)) {
    case seL4_Fault_VMFault:
        return seL4_Fault_VMFault_get_Addr(fault);
    case seL4_Fault_Timeout:
        return seL4_Fault_Timeout_get_data(fault);
    default:
        return 0;
    }
}

seL4_Error cpp_check_sched(seL4_SchedControl control, seL4_SchedContext sc, seL4_TCB tcb) {
    seL4_Error e = seL4_SchedControl_ConfigureFlags(control, sc, 100, 200, 0, 1, seL4_SchedContext_NoFlag);
    e = static_cast<seL4_Error>(e | seL4_TCB_SetSchedParams(tcb, seL4_CapInitThreadTCB, 10, 10, sc, seL4_CapNull));
    const seL4_SchedContext_Consumed_t consumed = seL4_SchedContext_Consumed(sc);
    return consumed.error != 0 ? static_cast<seL4_Error>(consumed.error) : e;
}

int cpp_check_sync(seL4_CPtr ntfn) {
    static sync_mutex_t lock = {{0}, 0};
    static sync_cv_t cv = {{0}, 0, false};
    int e = sync_mutex_init(&lock, ntfn) | sync_cv_init(&cv, ntfn) | sync_mutex_lock(&lock);
    e |= sync_cv_wait(&lock, &cv) | sync_cv_broadcast(&cv) | sync_mutex_unlock(&lock);
    return e;
}
