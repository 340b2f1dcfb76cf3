// SPDX-License-Identifier: BSD-2-Clause
// The C11 header check's companion: the same headers as C++20 with -pedantic.
#include <sel4/sel4.h>
#include <sel4runtime.h>

static_assert(sizeof(seL4_IPCBuffer) == 1024);
static_assert(sizeof(seL4_BootInfo) == 3864);
static_assert(alignof(seL4_IPCBuffer) == 1024);
static_assert(seL4_SysNBSendWait == -4);

extern "C++" seL4_MessageInfo_t cpp_check_call(seL4_CPtr dest) {
    seL4_SetMR(0, 1);
    const seL4_MessageInfo_t reply = seL4_Call(dest, seL4_MessageInfo_new(1, 0, 0, 1));
    if (seL4_MessageInfo_get_label(reply) != seL4_NoError) seL4_DebugPutString("error\n");
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
