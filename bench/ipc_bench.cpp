// SPDX-License-Identifier: BSD-2-Clause
// IPC and scheduling benchmark: guest instructions per operation, read from
// the instruction counter in user mode under
// `qemu -icount shift=0,align=off,sleep=off` (RISC-V instret; AArch64
// PMCCNTR_EL0, which counts instructions under icount and which benchmark
// kernels export to EL0 as seL4's KernelArmExportPMUUser does).
//
// Written only against libsel4 and sel4runtime (no Tessera header), so the
// same source builds for seL4. The root thread is the client; the server is
// a second thread, passive (running on the client's donated scheduling
// context, as Microkit's passive protection domains) or with its own
// scheduling context at the client's priority, first in the client's
// address space, then in another one (its own VSpace and ASID sharing this
// image's frames), so that every IPC switches address space. Last, mapping
// and unmapping one frame.
#include <sel4/sel4.h>
#include <sel4runtime.h>

#include "address_space.hpp"
#include "mirror_space.hpp"
#include "local_thread.hpp"
#include "measure.hpp"

namespace {

using namespace bench;

// ---- objects -------------------------------------------------------------------------

const seL4_BootInfo* bootinfo;
bench::ObjectMaker objects;

// ---- the server ------------------------------------------------------------------------

Page server_ipc_buffer;
alignas(16) unsigned char server_stack[16384];
alignas(64) unsigned char server_tls[4096];

seL4_CPtr endpoint, reply, server_tcb, server_sc, cap_slot;
seL4_CPtr server_vspace = seL4_CapInitThreadVSpace;
volatile u64 sent_at;  // one-way Send: when the client sent

enum Mode : seL4_Word { EchoLength, EchoAndDeleteCap, OneWay, EchoUsingFpu };
volatile double server_value = 1.0;
volatile seL4_Word server_mode;

unsigned one_way_count;
void sample_one_way(u64 v) {
    if (one_way_count >= warmup) sample[one_way_count - warmup] = v;
    ++one_way_count;
}

void server_main() {
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(endpoint, &badge, reply);
    for (;;) {
        switch (server_mode) {
        case OneWay: {
            const u64 now = counter();
            sample_one_way(now - sent_at);
            info = seL4_Recv(endpoint, &badge, reply);
            continue;
        }
        case EchoUsingFpu:
            // A floating-point operation before each reply: with lazily
            // switched FPU state, the first one after a switch traps.
            server_value = server_value * 1.0000001 + 0.5;
            info = seL4_MessageInfo_new(0, 0, 0, 0);
            break;
        case EchoAndDeleteCap:
            // The received cap went to cap_slot; empty it for the next one.
            (void)seL4_CNode_Delete(seL4_CapInitThreadCNode, cap_slot, seL4_WordBits);
            info = seL4_MessageInfo_new(0, 0, 0, 0);
            break;
        default:
            info = seL4_MessageInfo_new(0, 0, 0, seL4_MessageInfo_get_length(info));
            break;
        }
        info = seL4_ReplyRecv(endpoint, info, &badge, reply);
    }
}

void start_server() {
    prepare_thread(server_tcb, server_vspace, &server_main, server_stack + sizeof server_stack, server_tls,
                   &server_ipc_buffer, image_frame(*bootinfo, &server_ipc_buffer));
}

// Runs the server at `priority`, with its own SC or passive. It runs at once
// (above the client) up to its first Recv; a passive one then gives up its SC.
void set_server(seL4_Word priority, bool passive) {
    check(seL4_TCB_Suspend(server_tcb), "TCB_Suspend");
    check(seL4_TCB_SetSchedParams(server_tcb, seL4_CapInitThreadTCB, 255, 254, server_sc, seL4_CapNull),
          "TCB_SetSchedParams");
    start_server();
    check(seL4_TCB_Resume(server_tcb), "TCB_Resume");
    if (passive) check(seL4_SchedContext_UnbindObject(server_sc, server_tcb), "SchedContext_UnbindObject");
    check(seL4_TCB_SetPriority(server_tcb, seL4_CapInitThreadTCB, priority), "TCB_SetPriority");
}

// ---- the measurements ------------------------------------------------------------------

u64 bench_call(const char* what, unsigned length) {
    for (unsigned i = 0; i < warmup + samples; ++i) {
        seL4_SetMR(0, i);
        const u64 start = counter();
        (void)seL4_Call(endpoint, seL4_MessageInfo_new(0, 0, 0, length));
        const u64 end = counter();
        if (i >= warmup) sample[i - warmup] = end - start;
    }
    return report(what);
}

void bench_cap_transfer(const char* what, seL4_CPtr cap) {
    server_mode = EchoAndDeleteCap;
    for (unsigned i = 0; i < warmup + samples; ++i) {
        seL4_SetCap(0, cap);
        const u64 start = counter();
        (void)seL4_Call(endpoint, seL4_MessageInfo_new(0, 0, 1, 0));
        const u64 end = counter();
        if (i >= warmup) sample[i - warmup] = end - start;
    }
    server_mode = EchoLength;
    report(what);
}

// Both threads touch FP registers between the calls: the cost of switching
// FPU state (lazily: a trap on the first FP instruction after a switch).
volatile double client_value = 2.0;
void bench_fpu_round_trip() {
    server_mode = EchoUsingFpu;
    for (unsigned i = 0; i < warmup + samples; ++i) {
        const u64 start = counter();
        client_value = client_value * 0.9999999 + 0.25;
        (void)seL4_Call(endpoint, seL4_MessageInfo_new(0, 0, 0, 0));
        const u64 end = counter();
        if (i >= warmup) sample[i - warmup] = end - start;
    }
    server_mode = EchoLength;
    report("Call+ReplyRecv, both using the FPU");
}

template <typename Op>
void bench_op(const char* what, Op op) {
    for (unsigned i = 0; i < warmup + samples; ++i) {
        const u64 start = counter();
        op();
        const u64 end = counter();
        if (i >= warmup) sample[i - warmup] = end - start;
    }
    report(what);
}

}  // namespace

int main() {
    bootinfo = sel4runtime_bootinfo();
    objects.resources = bench::boot_resources(*bootinfo);
    endpoint = objects.make(seL4_EndpointObject, 0);
    reply = objects.make(seL4_ReplyObject, 0);
    server_tcb = objects.make(seL4_TCBObject, 0);
    server_sc = objects.make(seL4_SchedContextObject, seL4_MinSchedContextBits);
    const seL4_CPtr notification = objects.make(seL4_NotificationObject, 0);
    cap_slot = objects.free_slot();
    check(seL4_SchedControl_Configure(bootinfo->schedcontrol.start, server_sc, 5000, 5000, 0, 0),
          "SchedControl_Configure");
    // The server's received caps land in cap_slot.
    auto* server_buffer = reinterpret_cast<seL4_IPCBuffer*>(&server_ipc_buffer);
    server_buffer->receiveCNode = seL4_CapInitThreadCNode;
    server_buffer->receiveIndex = cap_slot;
    server_buffer->receiveDepth = seL4_WordBits;
    // The client (this thread) at 100.
    check(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100), "TCB_SetPriority");

    put("bench: guest instructions per operation, ");
    put_number(samples);
    put(" samples after ");
    put_number(warmup);
    put(" warm-up runs\n");

    // The server in this address space, then in another one.
    u64 passive0[2] = {};
    u64 own_sc0[2] = {};
    const char* const where[2] = {"", ", other AS"};
    for (unsigned space = 0; space < 2; ++space) {
        if (space == 1) {
            server_vspace = bench::make_mirror_address_space(*bootinfo, objects);
            put("bench: the server now runs in another address space (as in seL4's figures)\n");
        }
        char label[64];
        auto named = [&](const char* what) {
            unsigned n = 0;
            for (const char* p = what; *p != '\0' && n < sizeof label - 1; ++p) label[n++] = *p;
            for (const char* p = where[space]; *p != '\0' && n < sizeof label - 2; ++p) label[n++] = *p;
            label[n++] = ')';
            label[n] = '\0';
            return label;
        };
        set_server(100, true);
        passive0[space] = bench_call(named("Call+ReplyRecv, 0 words (passive"), 0);
        bench_call(named("Call+ReplyRecv, 4 words (passive"), 4);
        bench_call(named("Call+ReplyRecv, 20 words (passive"), 20);
        bench_cap_transfer(named("Call+ReplyRecv, one cap (passive"), notification);
        if (space == 0) bench_fpu_round_trip();
        set_server(100, false);
        own_sc0[space] = bench_call(named("Call+ReplyRecv, 0 words (own SC"), 0);

        // One way: the server, above the client and blocked in Recv, takes each Send.
        server_mode = OneWay;
        one_way_count = 0;
        set_server(150, false);
        for (unsigned i = 0; i < warmup + samples; ++i) {
            sent_at = counter();
            seL4_Send(endpoint, seL4_MessageInfo_new(0, 0, 0, 0));
        }
        report(named("Send to a waiting thread (one way"));
        check(seL4_TCB_Suspend(server_tcb), "TCB_Suspend");
        server_mode = EchoLength;
    }
    // A round trip switches twice.
    put("bench: address-space switch, per switch (other AS - same AS, 0-word round trip / 2): passive ");
    put_number(passive0[1] > passive0[0] ? (passive0[1] - passive0[0]) / 2 : 0);
    put(", own SC ");
    put_number(own_sc0[1] > own_sc0[0] ? (own_sc0[1] - own_sc0[0]) / 2 : 0);
    put("\n");

    bench_op("Signal, no waiter", [&] { seL4_Signal(notification); });
    seL4_Word badge;
    (void)seL4_Poll(notification, &badge);
    bench_op("Poll, nothing pending", [&] { (void)seL4_Poll(notification, &badge); });
    bench_op("Yield, nothing else runnable", [] { seL4_Yield(); });

    // One 4 KiB frame mapped and unmapped again, its page table in place
    // (the first map made it).
    const seL4_CPtr frame = objects.make(bench::small_page_object, 0);
    constexpr seL4_Word map_address = 0x40000000;
    check(bench::map_with_tables(frame, seL4_CapInitThreadVSpace, map_address, seL4_ReadWrite,
                                 [] { return objects.make(bench::page_table_object, 0); }),
          "Page_Map");
    check(bench::page_unmap(frame), "Page_Unmap");
    bench_op("Page_Map + Page_Unmap, 4 KiB", [&] {
        check(bench::page_map(frame, seL4_CapInitThreadVSpace, map_address, seL4_ReadWrite), "Page_Map");
        check(bench::page_unmap(frame), "Page_Unmap");
    });
    put("bench: done\n");
    seL4_DebugHalt();
    return 0;
}
