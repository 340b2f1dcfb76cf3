// SPDX-License-Identifier: BSD-2-Clause
// Invariant checker, part 3: threads, scheduling contexts, IPC queues, reply
// objects and the scheduler's queues (invariants.md §2.5, l4v
// DetSchedInvs_AI and the MCS sym_refs). Read-only: the scheduler is seen
// through sched::view(), objects through their fields.
//
// Discovery: seL4 keeps no object list, and the checks below need every
// thread, SC, endpoint, notification and reply object. They are collected
// in a table from the caps enumerated by invariants.cpp, from the roots the
// scheduler holds (current, idle and boot thread, every queued thread, the
// switch candidate) and from the links between objects (an SC's thread, an
// endpoint's queue, a reply's caller, ...); the CSpace of every thread met
// is walked too, so that its caps are checked and lead to more objects.
// Discovery only follows plausible pointers (aligned, inside the kernel
// window) and never fails; the checks then report every pointer that does
// not name an object of the right kind.
#include "invariants_sched.hpp"

#include <kern/thread.hpp>

namespace kern::invariants::detail {

namespace {

struct Table {
    Object objects[max_objects];
    std::uint32_t count = 0;
    std::uint32_t followed = 0;      // objects whose links have been followed
    std::uint32_t caps_scanned = 0;  // cap records already turned into objects
    std::uint32_t hash[object_hash_size] = {};  // index + 1, 0 = free
    // The table ran out of room: some objects are missing, so links to them
    // would look dangling, and the checks are skipped until it fits again.
    // (Every object linked to is in a table that fits, caps or no caps: an
    // overflow of the cap enumeration only loses objects nothing links to.)
    bool overflow = false;
    bool valid = false;  // holds the objects of the last full check
};

Table table;
Tcb* boot_thread = nullptr;

// Physical base of the object a pointer of that kind names, and its size.
paddr_t object_base(word_t address, Kind kind) {
    const word_t offset = kind == Kind::Tcb ? tcb_offset : 0;
    return address - offset - arch::kernel_window_offset;
}
unsigned object_bits(Kind kind) {
    switch (kind) {
    case Kind::Tcb: return tcb_bits;
    case Kind::Sc: return min_sched_context_bits;
    case Kind::Endpoint: return endpoint_bits;
    case Kind::Notification: return notification_bits;
    case Kind::Reply: return reply_bits;
    }
    return 0;
}

bool plausible(word_t address, Kind kind) {
    const paddr_t base = object_base(address, kind);
    const word_t size = word_t{1} << object_bits(kind);
    return address != 0 && base != 0 && is_aligned(base, size) && in_kernel_window(base, size);
}

std::uint32_t hash_of(word_t address) {
    return static_cast<std::uint32_t>((address * 0x9e3779b97f4a7c15ull) >> 40) & (object_hash_size - 1);
}

Object* lookup(const void* p) {
    const word_t address = reinterpret_cast<word_t>(p);
    for (std::uint32_t h = hash_of(address);; h = (h + 1) & (object_hash_size - 1)) {
        const std::uint32_t entry = table.hash[h];
        if (entry == 0) return nullptr;
        if (table.objects[entry - 1].address == address) return &table.objects[entry - 1];
    }
}

void add(word_t address, Kind kind, unsigned sc_bits = 0) {
    if (!plausible(address, kind)) return;
    std::uint32_t h = hash_of(address);
    for (;; h = (h + 1) & (object_hash_size - 1)) {
        const std::uint32_t entry = table.hash[h];
        if (entry == 0) break;
        Object& o = table.objects[entry - 1];
        if (o.address != address) continue;
        if (o.kind != kind) o.conflict = true;
        if (sc_bits != 0) o.sc_bits = static_cast<std::uint8_t>(sc_bits);
        return;
    }
    if (table.count == max_objects) {
        table.overflow = true;
        return;
    }
    table.objects[table.count] = {address, kind, false, static_cast<std::uint8_t>(sc_bits), false, false, 0, 0, h};
    table.hash[h] = ++table.count;
}

template <typename T>
void add_link(const T* p, Kind kind) {
    if (p != nullptr) add(reinterpret_cast<word_t>(p), kind);
}

void reset_table() {
    for (std::uint32_t i = 0; i < table.count; ++i) table.hash[table.objects[i].hash_slot] = 0;
    table.count = table.followed = table.caps_scanned = 0;
    table.overflow = table.valid = false;
}

// Every object a cap enumerated so far names.
void scan_caps() {
    State& s = state();
    for (; table.caps_scanned < s.cap_count; ++table.caps_scanned) {
        const Cap& cap = s.caps[table.caps_scanned].slot->cap;
        const paddr_t p = cap.object();
        switch (cap.type()) {
        case CapType::Thread: add(reinterpret_cast<word_t>(tcb_of_object(p)), Kind::Tcb); break;
        case CapType::Zombie:
            if (cap.as<ZombieCap>().is_tcb()) add(reinterpret_cast<word_t>(tcb_of_object(p)), Kind::Tcb);
            break;
        case CapType::SchedContext:
            add(reinterpret_cast<word_t>(phys_to_virt<SchedContext>(p)), Kind::Sc, cap.as<SchedContextCap>().size_bits());
            break;
        case CapType::Endpoint: add(reinterpret_cast<word_t>(phys_to_virt<Endpoint>(p)), Kind::Endpoint); break;
        case CapType::Notification:
            add(reinterpret_cast<word_t>(phys_to_virt<Notification>(p)), Kind::Notification);
            break;
        case CapType::Reply: add(reinterpret_cast<word_t>(phys_to_virt<Reply>(p)), Kind::Reply); break;
        default: break;
        }
    }
}

// The links of one object, as the checks below read them.
void follow(const Object& o, bool with_caps, const Tcb* idle) {
    switch (o.kind) {
    case Kind::Tcb: {
        const Tcb& t = *as<Tcb>(o);
        add_link(t.sc, Kind::Sc);
        add_link(t.yield_to, Kind::Sc);
        add_link(t.bound_notification, Kind::Notification);
        add_link(t.reply, Kind::Reply);
        if (blocked_on_endpoint(t.state)) add_link(t.blocking_object, Kind::Endpoint);
        if (t.state == ThreadState::BlockedOnNotification) add_link(t.blocking_object, Kind::Notification);
        add_link(t.sched_next, Kind::Tcb);
        add_link(t.sched_prev, Kind::Tcb);
        add_link(t.ep_next, Kind::Tcb);
        add_link(t.ep_prev, Kind::Tcb);
        if (with_caps && &t != idle) add_thread_container(t.object());
        break;
    }
    case Kind::Sc: {
        const SchedContext& sc = *as<SchedContext>(o);
        add_link(sc.tcb, Kind::Tcb);
        add_link(sc.yield_from, Kind::Tcb);
        add_link(sc.reply, Kind::Reply);
        add_link(sc.notification, Kind::Notification);
        break;
    }
    case Kind::Endpoint:
        add_link(as<Endpoint>(o)->queue.head, Kind::Tcb);
        add_link(as<Endpoint>(o)->queue.tail, Kind::Tcb);
        break;
    case Kind::Notification: {
        const Notification& n = *as<Notification>(o);
        add_link(n.queue.head, Kind::Tcb);
        add_link(n.queue.tail, Kind::Tcb);
        add_link(n.bound_tcb, Kind::Tcb);
        add_link(n.sc, Kind::Sc);
        break;
    }
    case Kind::Reply: {
        const Reply& r = *as<Reply>(o);
        add_link(r.tcb, Kind::Tcb);
        add_link(r.prev, Kind::Reply);
        add_link(r.next, r.next_is_sc != 0 ? Kind::Sc : Kind::Reply);
        break;
    }
    }
}

}  // namespace

void note_boot_thread(Tcb& t) {
    boot_thread = &t;
    reset_table();
}

void note_thread_finalised(const Tcb& t) {
    if (boot_thread == &t) boot_thread = nullptr;
}

bool discover_sched_objects(bool with_caps) {
    const sched::View v = sched::view();
    if (v.idle == nullptr) return true;
    // Without caps the table of the last full check is reused (objects come
    // and go only through note_state_change() paths) and every object's
    // links are followed again: they change on nearly every entry.
    if (with_caps || !table.valid) reset_table();
    table.followed = 0;
    add_link(current_thread(), Kind::Tcb);
    add_link(v.idle, Kind::Tcb);
    add_link(v.idle_sc, Kind::Sc);
    add_link(boot_thread, Kind::Tcb);
    add_link(v.candidate, Kind::Tcb);
    add_link(v.current_sc, Kind::Sc);
    // The rest of each queue is found through the links. Only the ready
    // queues the bitmap marks are looked at: valid_bitmaps, which runs
    // before any queue is walked, reports a non-empty queue whose bit is
    // clear.
    add_link(v.release->head, Kind::Tcb);
    for (unsigned w = 0; w < sched::bitmap_words; ++w)
        for (word_t bits = v.bitmap_bottom[w]; bits != 0; bits &= bits - 1)
            add_link(v.ready[w * 64 + static_cast<unsigned>(__builtin_ctzll(bits))].head, Kind::Tcb);
    const State& s = state();
    for (;;) {
        if (with_caps) {
            if (!walk_pending()) return false;
            scan_caps();
        }
        if (table.followed == table.count) {
            if (!with_caps || s.overflow || (s.containers_walked == s.container_count && s.chained == s.cap_count))
                break;
            continue;
        }
        while (table.followed < table.count) follow(table.objects[table.followed++], with_caps && !s.overflow, v.idle);
    }
    if (with_caps) table.valid = true;
    return true;
}

// ---- the checks ------------------------------------------------------------------

const char* kind_name(Kind k) {
    switch (k) {
    case Kind::Tcb: return "thread";
    case Kind::Sc: return "scheduling context";
    case Kind::Endpoint: return "endpoint";
    case Kind::Notification: return "notification";
    case Kind::Reply: return "reply object";
    }
    return "object";
}

Object* find(const void* p) { return lookup(p); }
const Object* typed(const void* p, Kind kind) {
    const Object* o = lookup(p);
    return o != nullptr && o->kind == kind && !o->conflict ? o : nullptr;
}
std::uint32_t object_count() { return table.count; }
Object& object(std::uint32_t i) { return table.objects[i]; }
std::uint32_t index_of(const Object& o) { return static_cast<std::uint32_t>(&o - table.objects); }

namespace {

// An object found through links may lie in memory a cap names as something
// else (a thread pointer into a frame): the cap is right, the link is not.
// After check_object_store the object caps do not overlap, so the only cap
// region that can contain the object is the last non-untyped one starting
// at or below its base.
bool region_agrees(Object& o, const char* check) {
    const State& s = state();
    const paddr_t base = object_base(o.address, o.kind);
    std::uint32_t lo = 0, hi = s.by_address_count;  // first cap with region base > base
    while (lo < hi) {
        const std::uint32_t mid = (lo + hi) / 2;
        if (s.caps[s.by_address[mid]].region.base <= base) lo = mid + 1;
        else hi = mid;
    }
    for (std::uint32_t k = lo; k > 0; --k) {
        const CapRecord& rec = s.caps[s.by_address[k - 1]];
        const CapType type = object_class(rec.slot->cap);
        if (type == CapType::Untyped) continue;
        if (rec.region.end() <= base) return true;
        const CapType expected = o.kind == Kind::Tcb            ? CapType::Thread
                                 : o.kind == Kind::Sc           ? CapType::SchedContext
                                 : o.kind == Kind::Endpoint     ? CapType::Endpoint
                                 : o.kind == Kind::Notification ? CapType::Notification
                                                                : CapType::Reply;
        if (rec.region.base == base && type == expected) {
            if (o.kind == Kind::Sc) o.sc_bits = static_cast<std::uint8_t>(rec.region.bits);
            return true;
        }
        return fail(check, "%s %p lies in the %s object 0x%lx named by slot %p", kind_name(o.kind),
                    reinterpret_cast<void*>(o.address), cap_type_name(rec.slot->cap.type()), rec.region.base,
                    static_cast<void*>(rec.slot));
    }
    return true;
}

// cur_tcb: the current thread is a thread (the idle thread, or a TCB
// object no cap names as anything else).
bool cur_tcb(const sched::View& v, bool caps_sorted) {
    const Tcb* cur = current_thread();
    if (cur == v.idle) return true;
    Object* o = find(cur);
    if (o == nullptr || o->kind != Kind::Tcb || o->conflict)
        return fail("cur_tcb", "the current thread %p is no thread", static_cast<const void*>(cur));
    return !caps_sorted || region_agrees(*o, "cur_tcb");
}

// valid_objs (valid_tcb, valid_sched_context, valid_ep, valid_ntfn,
// valid_reply): every link names an object of the right kind.
bool link_ok(const Object& from, const char* field, const void* to, Kind kind) {
    if (to == nullptr || typed(to, kind) != nullptr) return true;
    return fail("valid_objs", "%s %p: %s %p names no %s", kind_name(from.kind), reinterpret_cast<void*>(from.address),
                field, to, kind_name(kind));
}

bool valid_objs(bool caps_sorted) {
    for (std::uint32_t i = 0; i < table.count; ++i) {
        Object& o = table.objects[i];
        if (o.conflict)
            return fail("valid_objs", "%s %p is also linked to as another kind of object", kind_name(o.kind),
                        reinterpret_cast<void*>(o.address));
        if (caps_sorted && !region_agrees(o, "valid_objs")) return false;
        bool ok = true;
        switch (o.kind) {
        case Kind::Tcb: {
            const Tcb& t = *as<Tcb>(o);
            if (static_cast<unsigned>(t.state) > static_cast<unsigned>(ThreadState::IdleThreadState))
                return fail("valid_objs", "thread %p has thread state %u", static_cast<const void*>(&t),
                            static_cast<unsigned>(t.state));
            const Kind blocking = t.state == ThreadState::BlockedOnNotification ? Kind::Notification : Kind::Endpoint;
            const bool blocked = blocked_on_endpoint(t.state) || t.state == ThreadState::BlockedOnNotification;
            if (blocked && t.blocking_object == nullptr)
                return fail("valid_objs", "thread %p is blocked on nothing", static_cast<const void*>(&t));
            ok = link_ok(o, "sc", t.sc, Kind::Sc) && link_ok(o, "yield_to", t.yield_to, Kind::Sc) &&
                 link_ok(o, "bound_notification", t.bound_notification, Kind::Notification) &&
                 link_ok(o, "reply", t.reply, Kind::Reply) &&
                 (!blocked || link_ok(o, "blocking_object", t.blocking_object, blocking)) &&
                 link_ok(o, "sched_next", t.sched_next, Kind::Tcb) && link_ok(o, "sched_prev", t.sched_prev, Kind::Tcb) &&
                 link_ok(o, "ep_next", t.ep_next, Kind::Tcb) && link_ok(o, "ep_prev", t.ep_prev, Kind::Tcb);
            break;
        }
        case Kind::Sc: {
            const SchedContext& sc = *as<SchedContext>(o);
            ok = link_ok(o, "tcb", sc.tcb, Kind::Tcb) && link_ok(o, "yield_from", sc.yield_from, Kind::Tcb) &&
                 link_ok(o, "reply", sc.reply, Kind::Reply) &&
                 link_ok(o, "notification", sc.notification, Kind::Notification);
            break;
        }
        case Kind::Endpoint:
            ok = link_ok(o, "queue head", as<Endpoint>(o)->queue.head, Kind::Tcb) &&
                 link_ok(o, "queue tail", as<Endpoint>(o)->queue.tail, Kind::Tcb);
            break;
        case Kind::Notification: {
            const Notification& n = *as<Notification>(o);
            if (static_cast<word_t>(n.state) > static_cast<word_t>(NotificationState::Active))
                return fail("valid_objs", "notification %p has state %lu", static_cast<const void*>(&n),
                            static_cast<word_t>(n.state));
            ok = link_ok(o, "queue head", n.queue.head, Kind::Tcb) && link_ok(o, "queue tail", n.queue.tail, Kind::Tcb) &&
                 link_ok(o, "bound_tcb", n.bound_tcb, Kind::Tcb) && link_ok(o, "sc", n.sc, Kind::Sc);
            break;
        }
        case Kind::Reply: {
            const Reply& r = *as<Reply>(o);
            if (r.next_is_sc > 1 || (r.next_is_sc != 0 && r.next == nullptr))
                return fail("valid_objs", "reply object %p: next %p, next_is_sc %lu", static_cast<const void*>(&r),
                            r.next, r.next_is_sc);
            ok = link_ok(o, "tcb", r.tcb, Kind::Tcb) && link_ok(o, "prev", r.prev, Kind::Reply) &&
                 link_ok(o, "next", r.next, r.next_is_sc != 0 ? Kind::Sc : Kind::Reply);
            break;
        }
        }
        if (!ok) return false;
    }
    return true;
}

}  // namespace

bool check_sched(bool caps_sorted) {
    const sched::View v = sched::view();
    if (v.idle == nullptr || current_thread() == nullptr) return true;
    if (table.overflow) {
        state().overflow = true;  // the exit check reports the lost capacity
        return true;
    }
    for (std::uint32_t i = 0; i < table.count; ++i) {
        Object& o = table.objects[i];
        o.in_ready = o.in_release = false;
        o.queue = o.stack = 0;
    }
    state().stats.sched_objects = table.count;
    return cur_tcb(v, caps_sorted) && valid_objs(caps_sorted) && check_scheduler(v) && check_ipc_and_replies(v);
}

}  // namespace kern::invariants::detail
