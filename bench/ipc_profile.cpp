// SPDX-License-Identifier: BSD-2-Clause
// The root task that scripts/profile.sh profiles: after a few warm-up runs,
// each operation once between calls of profile_begin() and profile_end(),
// functions that do nothing and exist only for their addresses. The script
// boots this image with QEMU logging every executed instruction and counts,
// per function of the kernel and of this program, the instructions between
// the first instruction of profile_begin and that of profile_end. Before
// each window this prints "profile: window NAME" so the script can name it,
// after it "profile: counter N", the instructions the counter saw in it.
//
// The operations are those of ipc_bench.cpp: a 0-word Call+ReplyRecv round
// trip to a passive server in another address space, Signal with no waiter,
// Poll with nothing pending and Yield with nothing else runnable. Written only
// against libsel4 and sel4runtime, as ipc_bench.cpp.
#include <sel4/sel4.h>
#include <sel4runtime.h>

#include "address_space.hpp"
#include "mirror_space.hpp"
#include "local_thread.hpp"
#include "measure.hpp"

// The instruction counter where a window begins and ends, read first thing in
// profile_end and last thing in profile_begin: their difference is every
// instruction retired in the window, also those the log does not show (on
// RISC-V, M-mode firmware such as SBI calls).
volatile bench::u64 window_start, window_end;

extern "C" {
// noinline and kept apart from the code around them: the script finds them
// by name in this ELF and needs their first instruction executed exactly at
// the window's edges.
[[gnu::noinline, gnu::used]] void profile_begin() { window_start = bench::counter(); }
[[gnu::noinline, gnu::used]] void profile_end() { window_end = bench::counter(); }
}

namespace {

using namespace bench;

// Enough for every path the window takes to have run once before
// (caches of the scheduler, lazily mapped state, the server's first Recv).
constexpr unsigned profile_warmup = 8;

const seL4_BootInfo* bootinfo;
bench::ObjectMaker objects;

Page server_ipc_buffer;
alignas(16) unsigned char server_stack[16384];
alignas(64) unsigned char server_tls[4096];
seL4_CPtr endpoint, reply;

void server_main() {
    seL4_Word badge;
    (void)seL4_Recv(endpoint, &badge, reply);
    for (;;) (void)seL4_ReplyRecv(endpoint, seL4_MessageInfo_new(0, 0, 0, 0), &badge, reply);
}

// The operation `warmup` times, then once inside a named window.
template <typename Op>
void profile(const char* name, Op op) {
    for (unsigned i = 0; i < profile_warmup; ++i) op();
    put("profile: window ");
    put(name);
    put("\n");
    profile_begin();
    op();
    profile_end();
    put("profile: counter ");
    put_number(window_end - window_start);
    put("\n");
}

}  // namespace

int main() {
    bootinfo = sel4runtime_bootinfo();
    objects.resources = boot_resources(*bootinfo);
    endpoint = objects.make(seL4_EndpointObject, 0);
    reply = objects.make(seL4_ReplyObject, 0);
    const seL4_CPtr server_tcb = objects.make(seL4_TCBObject, 0);
    const seL4_CPtr server_sc = objects.make(seL4_SchedContextObject, seL4_MinSchedContextBits);
    const seL4_CPtr notification = objects.make(seL4_NotificationObject, 0);
    check(seL4_SchedControl_Configure(bootinfo->schedcontrol.start, server_sc, 5000, 5000, 0, 0),
          "SchedControl_Configure");
    check(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100), "TCB_SetPriority");

    // The server: in another address space, run at once (above the client)
    // up to its first Recv, then passive (its SC unbound) at the client's
    // priority, as ipc_bench.cpp's passive server.
    const seL4_CPtr server_vspace = bench::make_mirror_address_space(*bootinfo, objects);
    check(seL4_TCB_SetSchedParams(server_tcb, seL4_CapInitThreadTCB, 255, 254, server_sc, seL4_CapNull),
          "TCB_SetSchedParams");
    prepare_thread(server_tcb, server_vspace, &server_main, server_stack + sizeof server_stack, server_tls,
                   &server_ipc_buffer, image_frame(*bootinfo, &server_ipc_buffer));
    check(seL4_TCB_Resume(server_tcb), "TCB_Resume");
    check(seL4_SchedContext_UnbindObject(server_sc, server_tcb), "SchedContext_UnbindObject");
    check(seL4_TCB_SetPriority(server_tcb, seL4_CapInitThreadTCB, 100), "TCB_SetPriority");

    profile("Call+ReplyRecv, 0 words (passive, other AS)",
            [&] { (void)seL4_Call(endpoint, seL4_MessageInfo_new(0, 0, 0, 0)); });
    profile("Signal, no waiter", [&] { seL4_Signal(notification); });
    seL4_Word badge;
    (void)seL4_Poll(notification, &badge);
    profile("Poll, nothing pending", [&] { (void)seL4_Poll(notification, &badge); });
    profile("Yield, nothing else runnable", [] { seL4_Yield(); });
    put("profile: done\n");
    seL4_DebugHalt();
    return 0;
}
