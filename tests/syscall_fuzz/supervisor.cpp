// SPDX-License-Identifier: BSD-2-Clause
// The supervisor: the root thread, at the top priority on a periodic
// scheduling context (each Yield sleeps to its next period, so one loop is
// one period of guest time, measured by the kernel's timer). Each period it
// takes the workers' faults from its fault endpoint, looks at their
// progress counters, restarts the ones that are stuck for a reason the
// fuzzer knows (blocked, faulted, suspended, starved by its own doing), and
// fails the run on what it cannot explain:
//   hang         no worker made progress for hang_periods;
//   lost thread  a worker stuck in a call that cannot block, which never
//                touched or gave away its own TCB or CNode, while a worker of
//                no higher priority made progress (so it should have run).
// Options come from the kernel command line (/chosen/bootargs):
//   fuzz.seed=S   fuzz.count=N (invocations before the report; default 20000)
//   fuzz.selftest=1  the harness self-check: a worker stops silently (must fail)
#include <fdt/fdt.hpp>
#include <fdt/platform.hpp>
#include <sel4runtime.h>

#include "fuzz.hpp"

namespace fuzz {
namespace {

constexpr u64 period_us = 2000;
constexpr u64 blocked_periods = 2;      // a worker blocked this long is restarted
constexpr u64 exposed_periods = 10;     // one that may have stopped itself
constexpr u64 lost_periods = 500;       // 1 s
constexpr u64 starved_periods = 1500;   // 3 s: restarted as starved or suspended
constexpr u64 hang_periods = 2500;      // 5 s without any progress
constexpr u64 refill_periods = 500;
constexpr u64 rebuild_periods = 5000;
constexpr u64 stall_rebuild_periods = 500;  // 1 s without progress
constexpr u64 report_periods = 500;
constexpr u64 rebuild_exposed_periods = 1000;  // 2 s

const char* find_bootargs(const seL4_BootInfo* info) {
    const auto base = reinterpret_cast<unsigned long>(info) + (1ul << seL4_PageBits);
    unsigned long offset = 0;
    while (offset + sizeof(seL4_BootInfoHeader) <= info->extraLen) {
        const auto* header = reinterpret_cast<const seL4_BootInfoHeader*>(base + offset);
        if (header->len < sizeof(seL4_BootInfoHeader) || header->len > info->extraLen - offset) break;
        if (header->id == SEL4_BOOTINFO_HEADER_FDT) {
            const auto tree = fdt::Tree::parse(header + 1, header->len - sizeof(seL4_BootInfoHeader));
            return tree.valid() ? fdt::bootargs(tree) : nullptr;
        }
        offset += header->len;
    }
    return nullptr;
}

// The value of `key` (e.g. "fuzz.seed=") among space-separated words, or fallback.
u64 option(const char* text, const char* key, u64 fallback) {
    if (text == nullptr) return fallback;
    for (const char* p = text; *p != '\0';) {
        while (*p == ' ') ++p;
        const char* k = key;
        const char* q = p;
        while (*k != '\0' && *q == *k) {
            ++q;
            ++k;
        }
        if (*k == '\0' && *q >= '0' && *q <= '9') {
            u64 v = 0;
            while (*q >= '0' && *q <= '9') v = v * 10 + static_cast<u64>(*q++ - '0');
            return v;
        }
        while (*p != '\0' && *p != ' ') ++p;
    }
    return fallback;
}

struct Watch {
    u64 last_progress;
    u64 since;  // period of the last progress
};
Watch watch[worker_count];
u64 restarts_blocked, restarts_faulted, restarts_starved, rebuilds;
u64 built_at[worker_count];
u64 last_rebuild, stall_rebuilds;
u64 consumed_us[worker_count + 1];

void sample_consumed() {
    for (unsigned i = 0; i < worker_count; ++i) {
        const auto c = seL4_SchedContext_Consumed(worker_sched_context(i));
        note_consumed(i, c.consumed);
    }
    note_consumed(worker_count, seL4_SchedContext_Consumed(seL4_CapInitThreadSC).consumed);
}
constexpr unsigned fault_kind_count = 8;  // seL4_Fault_* labels (MCS: 1 cap, 2 unknown syscall, 3 user exception, 5 timeout, 6 VM)
u64 fault_kinds[fault_kind_count];

u64 total_invocations() {
    u64 n = 0;
    for (const WorkerShared& w : workers) n += w.stats.invocations;
    return n;
}

// A worker that never touched its own TCB or CNode needs only its thread
// restarted; one that did gets its thread's configuration put back, and is
// rebuilt from its slab (which also destroys every copy of its caps it
// gave away) when that fails or it has stayed exposed for a while.
void restart(unsigned index, u64 now) {
    WorkerShared& w = workers[index];
    w.generation++;
    if (!w.self_exposed) {
        worker_resume_fresh(index);
    } else if (now - built_at[index] >= rebuild_exposed_periods || !worker_repair(index)) {
        worker_start(index);
        built_at[index] = now;
        rebuilds++;
    }
    watch[index] = Watch{w.progress, now};
}

// Faults of workers arrive on the supervisor's endpoint, badged with the
// worker's index + 1; the worker is rebuilt instead of being answered.
void take_faults(u64 now) {
    for (;;) {
        seL4_Word badge = 0;
        const seL4_MessageInfo_t info = seL4_NBRecv(fault_endpoint(), &badge, supervisor_reply());
        if (badge == 0 || badge > worker_count) return;
        restarts_faulted++;
        const seL4_Word kind = seL4_MessageInfo_get_label(info);
        fault_kinds[kind < fault_kind_count ? kind : fault_kind_count - 1]++;
        restart(static_cast<unsigned>(badge - 1), now);
    }
}

void check_workers(u64 now, u64& last_any) {
    for (unsigned i = 0; i < worker_count; ++i) {
        const u64 p = workers[i].progress;
        if (p != watch[i].last_progress) {
            watch[i] = Watch{p, now};
            last_any = now;
        }
    }
    if (now - last_any >= hang_periods) fail("hang: no worker made progress for 5 s of guest time", 0);
    // A world thread the workers raised above them (up to its MCP) may run
    // for ever on a SchedContext they gave a full budget: that is the
    // world's doing, so the world goes before a hang is declared.
    if (now - last_any >= stall_rebuild_periods && now - last_rebuild >= stall_rebuild_periods) {
        world_destroy();
        world_build();
        last_rebuild = now;
        stall_rebuilds++;
    }
    for (unsigned i = 0; i < worker_count; ++i) {
        const WorkerShared& w = workers[i];
        const u64 stuck = now - watch[i].since;
        if (w.may_block || w.self_exposed) {
            if (stuck >= (w.may_block ? blocked_periods : exposed_periods)) {
                restarts_blocked++;
                restart(i, now);
            }
            continue;
        }
        if (stuck >= lost_periods) {
            for (unsigned j = 0; j < worker_count; ++j)
                if (j != i && worker_priority(j) <= worker_priority(i) && watch[j].since > watch[i].since + 1)
                    fail("lost thread: stuck in a call that cannot block while a worker of no higher priority ran", i);
        }
        if (stuck >= starved_periods) {
            restarts_starved++;
            restart(i, now);
        }
    }
}

void progress_line(u64 now) {
    put("fuzz: progress: ");
    put_u(total_invocations());
    put(" invocations, ");
    put_u(now * period_us / 1000);
    put(" ms, restarts: ");
    put_u(restarts_faulted);
    put(" faulted, ");
    put_u(restarts_blocked);
    put(" blocked, ");
    put_u(restarts_starved);
    put(" starved, ");
    put_u(rebuilds);
    put(" rebuilt; world rebuilt after a stall ");
    put_u(stall_rebuilds);
    put("; SC time billed, ms (workers, supervisor; the checker's time is not billed):");
    for (u64 us : consumed_us) {
        put(" ");
        put_u(us / 1000);
    }
    put("; faults by type:");
    for (u64 n : fault_kinds) {
        put(" ");
        put_u(n);
    }
    put("\n");
}

}  // namespace

// A worker's SC is about to be destroyed, or its time is sampled.
void note_consumed(unsigned index, u64 us) {
    if (us < (u64{1} << 40)) consumed_us[index] += us;  // an error leaves garbage in the reply
}

}  // namespace fuzz

int main() {
    using namespace fuzz;
    const seL4_BootInfo* info = sel4runtime_bootinfo();
    const char* args = find_bootargs(info);
    run_seed = option(args, "fuzz.seed=", 1);
    const u64 count = option(args, "fuzz.count=", 20000);
    selftest_lost_thread = option(args, "fuzz.selftest=", 0) == 1;
    put("fuzz: seed ");
    put_u(run_seed);
    put(", count ");
    put_u(count);
    put(", ");
    put_u(worker_count);
    put(" workers\n");

    world_init(info, run_seed);
    world_build();
    for (unsigned i = 0; i < worker_count; ++i) worker_start(i);
    Rng rng{run_seed ^ 0x5eed5eed5eedull};
    u64 now = 0, last_any = 0;
    for (;;) {
        seL4_Yield();  // to the next period
        ++now;
        take_faults(now);
        check_workers(now, last_any);
        if (now % 20 == 0) privileged_calls(rng);
        if (now % rebuild_periods == 0) {
            world_destroy();
            world_build();
            last_rebuild = now;
        } else if (now % refill_periods == 0) {
            world_refill();
        }
        if (now % report_periods == 0) {
            sample_consumed();
            progress_line(now);
        }
        if (total_invocations() >= count) break;
    }
    progress_line(now);
    print_report(run_seed, now, period_us);
    seL4_DebugHalt();
    return 0;
}
