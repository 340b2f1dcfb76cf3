// SPDX-License-Identifier: BSD-2-Clause
// The ring of each worker's last calls, the counts, and what the fuzzer
// prints: progress, the final report, and on a failure the rings.
#include "labels.hpp"
#include "measure.hpp"

namespace fuzz {

WorkerShared workers[worker_count + 1];
u64 run_seed;

void put(const char* s) { bench::put(s); }

void put_u(u64 v) { bench::put_number(v); }

void put_hex(u64 v) {
    put("0x");
    bool started = false;
    for (int shift = 60; shift >= 0; shift -= 4) {
        const unsigned nibble = static_cast<unsigned>((v >> shift) & 0xf);
        if (nibble == 0 && !started && shift != 0) continue;
        started = true;
        seL4_DebugPutChar("0123456789abcdef"[nibble]);
    }
}

const char* op_name(Op op) {
    static constexpr const char* names[] = {
        "Call(invoke)", "Send(invoke)", "NBSend(invoke)", "Send", "NBSend", "Call", "Recv", "NBRecv",
        "ReplyRecv", "NBSendRecv", "NBSendWait", "Wait", "NBWait", "Yield", "DebugCapIdentify",
        "DebugNameThread", "DebugSnapshot(unknown)"};
    static_assert(sizeof names / sizeof names[0] == static_cast<unsigned>(Op::Count));
    const auto i = static_cast<unsigned>(op);
    return i < static_cast<unsigned>(Op::Count) ? names[i] : "?";
}

const char* tag_name(unsigned tag) {
    switch (tag) {
    case cap_tag_null: return "null";
    case cap_tag_frame: return "Frame";
    case cap_tag_untyped: return "Untyped";
    case cap_tag_page_table: return "PageTable";
    case cap_tag_endpoint: return "Endpoint";
    case cap_tag_notification: return "Notification";
    case cap_tag_reply: return "Reply";
    case cap_tag_vspace: return "VSpace";
    case cap_tag_cnode: return "CNode";
    case cap_tag_asid_control: return "ASIDControl";
    case cap_tag_thread: return "TCB";
    case cap_tag_asid_pool: return "ASIDPool";
    case cap_tag_irq_control: return "IRQControl";
    case cap_tag_irq_handler: return "IRQHandler";
    case cap_tag_domain: return "Domain";
    case cap_tag_sched_context: return "SchedContext";
    case cap_tag_sched_control: return "SchedControl";
    default: return "other";
    }
}

CallRecord& ring_begin(WorkerShared& w, Op op, seL4_CPtr cap, unsigned tag, seL4_Word label, unsigned caps,
                       unsigned length, const seL4_Word* args) {
    CallRecord& r = w.ring[w.ring_next % ring_size];
    w.ring_next = w.ring_next + 1;
    r.sequence = w.progress;
    r.op = op;
    r.cap = cap;
    r.cap_type = static_cast<u8>(tag);
    r.label = static_cast<u16>(label);
    r.caps = static_cast<u8>(caps);
    r.length = static_cast<u8>(length);
    for (unsigned i = 0; i < 4; ++i) r.args[i] = args[i];
    r.result = pending_result;
    return r;
}

void ring_end(WorkerShared&, CallRecord& r, seL4_Word result) { r.result = result; }

void count_error(Stats& s, seL4_Word error) { s.errors[error < error_kinds - 1 ? error : error_kinds - 1]++; }

void print_ring(const WorkerShared& w, unsigned index) {
    put("fuzz: worker ");
    put_u(index);
    put(" (priority ");
    put_u(w.priority);
    put(", restart ");
    put_u(w.generation);
    put(", seed ");
    put_hex(w.seed);
    put(", ");
    put_u(w.progress);
    put(" calls), oldest first:\n");
    const unsigned n = w.ring_next < ring_size ? w.ring_next : ring_size;
    for (unsigned i = 0; i < n; ++i) {
        const CallRecord& r = w.ring[(w.ring_next - n + i) % ring_size];
        put("fuzz:   #");
        put_u(r.sequence);
        put(" ");
        put(op_name(r.op));
        put(" cap ");
        put_u(r.cap);
        put(" (");
        put(tag_name(r.cap_type));
        put(") label ");
        put_u(r.label);
        put(" caps ");
        put_u(r.caps);
        put(" len ");
        put_u(r.length);
        put(" args");
        for (seL4_Word a : r.args) {
            put(" ");
            put_hex(a);
        }
        put(" -> ");
        if (r.result == pending_result) {
            put("(in the call)");
        } else {
            put_hex(r.result);
        }
        put("\n");
    }
}

[[noreturn]] void fail(const char* why, unsigned worker) {
    put("fuzz: FAILED seed=");
    put_u(run_seed);
    put(" (");
    put(why);
    put(", worker ");
    put_u(worker);
    put(")\n");
    for (unsigned i = 0; i <= worker_count; ++i) print_ring(workers[i], i);
    put("fuzz: FAILED seed=");
    put_u(run_seed);
    put("\n");
    seL4_DebugHalt();
    for (;;) {
    }
}

void print_report(u64 seed, u64 ticks, u64 tick_us) {
    Stats total;
    for (const WorkerShared& w : workers) {
        total.invocations += w.stats.invocations;
        for (unsigned i = 0; i < static_cast<unsigned>(Op::Count); ++i) total.op_counts[i] += w.stats.op_counts[i];
        for (unsigned i = 0; i < error_kinds; ++i) total.errors[i] += w.stats.errors[i];
        for (unsigned i = 0; i < cap_tag_limit; ++i) total.pairs[i] |= w.stats.pairs[i];
    }
    const u64 guest_ms = ticks * tick_us / 1000;
    put("fuzz: guest time ");
    put_u(guest_ms);
    put(" ms (supervisor periods), ");
    put_u(guest_ms != 0 ? total.invocations * 1000 / guest_ms : 0);
    put(" invocations per second of guest time\n");
    put("fuzz: system calls:");
    for (unsigned i = 0; i < static_cast<unsigned>(Op::Count); ++i) {
        put(" ");
        put(op_name(static_cast<Op>(i)));
        put("=");
        put_u(total.op_counts[i]);
    }
    put("\n");
    unsigned valid = 0, any = 0;
    for (unsigned tag = 0; tag < cap_tag_limit; ++tag)
        for (unsigned label = 0; label < max_label; ++label) {
            if ((total.pairs[tag] >> label & 1) == 0) continue;
            ++any;
            if (label_valid_for(tag, label)) ++valid;
        }
    put("fuzz: (object type, label) pairs invoked: ");
    put_u(valid);
    put(" of the ");
    put_u(valid_pair_count());
    put(" that exist (");
    put_u(any);
    put(" counting labels a type does not have)\n");
    for (unsigned tag = 0; tag < cap_tag_limit; ++tag)
        for (const LabelSpec& s : label_specs)
            if (s.tag == tag && (total.pairs[tag] >> s.label & 1) == 0) {
                put("fuzz:   not invoked: ");
                put(tag_name(tag));
                put(" label ");
                put_u(s.label);
                put("\n");
            }
    put("fuzz: errors:");
    for (unsigned i = 0; i < error_kinds; ++i) {
        put(" ");
        if (i + 1 < error_kinds) {
            put_u(i);
        } else {
            put("other");
        }
        put("=");
        put_u(total.errors[i]);
    }
    put("\n");
    put("fuzz: done: ");
    put_u(total.invocations);
    put(" invocations, seed ");
    put_u(seed);
    put("\n");
}

}  // namespace fuzz
