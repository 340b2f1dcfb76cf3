// SPDX-License-Identifier: BSD-2-Clause
// Reference model: lookup, CNode invocations, Untyped_Retype, CDT and
// deletion, straight from the seL4 rules (sel4-abi.md §4.2–4.3, §5, §6.3,
// §15.3). See cspace_model.hpp for the explicit-tree CDT rules.
#include "cspace_model.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace model {

namespace {

// seL4_Error values (§15.3) and the labels used here (§15.2, MCS).
enum : word {
    InvalidArgument = 1, InvalidCapability = 2, IllegalOperation = 3, RangeError = 4, FailedLookup = 6,
    TruncatedMessage = 7, DeleteFirst = 8, RevokeFirst = 9, NotEnoughMemory = 10,
};
enum : word {
    UntypedRetype = 1, CNodeRevoke = 18, CNodeDelete = 19, CNodeCancelBadgedSends = 20, CNodeCopy = 21,
    CNodeMint = 22, CNodeMove = 23, CNodeMutate = 24, CNodeRotate = 25,
};
constexpr unsigned all_rights = 0xf;

word mask(word bits) { return bits >= 64 ? ~word{0} : (word{1} << bits) - 1; }

const Cap null_cap{};

// maskCapRights (§5.1): rights only shrink; frames without Read become kernel-only.
Cap mask_rights(word rights_word, Cap cap) {
    const unsigned r = static_cast<unsigned>(rights_word & all_rights);
    const bool read = (r & 2) != 0, write = (r & 1) != 0;
    switch (cap.kind) {
    case Kind::Endpoint: cap.rights &= r; break;
    case Kind::Notification: cap.rights &= (r & 3); break;
    case Kind::Reply: cap.rights &= (r & 4); break;
    case Kind::Frame:
        if (cap.rights == 2 && read) cap.rights = 2;
        else if (cap.rights == 3 && read) cap.rights = write ? 3 : 2;
        else cap.rights = 1;
        break;
    default: break;
    }
    return cap;
}

// updateCapData (§5.2, §4.1): badges only on unbadged caps and never with
// preserve; CNode guard data; everything else ignores the data.
Cap update_data(bool preserve, word data, Cap cap) {
    switch (cap.kind) {
    case Kind::Endpoint:
    case Kind::Notification:
        if (preserve || cap.badge != 0) return null_cap;
        cap.badge = data;
        return cap;
    case Kind::CNode: {
        const word guard_size = data & 0x3f;
        if (guard_size + cap.size_bits > 64) return null_cap;
        cap.guard_size = static_cast<unsigned>(guard_size);
        cap.guard = (data >> 6) & mask(guard_size);
        return cap;
    }
    default: return cap;
    }
}

// Two caps name the same object (for "is this the final cap").
bool same_object(const Cap& a, const Cap& b) {
    if (a.kind != b.kind) return false;
    switch (a.kind) {
    case Kind::CNode: return a.object == b.object && a.size_bits == b.size_bits;
    case Kind::Frame: return a.object == b.object && a.device == b.device;
    case Kind::Endpoint:
    case Kind::Notification:
    case Kind::Tcb:
    case Kind::Reply: return a.object == b.object;
    default: return false;  // untypeds and zombies are always "final"
    }
}

}  // namespace

const char* kind_name(Kind k) {
    switch (k) {
    case Kind::Null: return "null";
    case Kind::Untyped: return "untyped";
    case Kind::Endpoint: return "endpoint";
    case Kind::Notification: return "notification";
    case Kind::CNode: return "cnode";
    case Kind::Tcb: return "tcb";
    case Kind::Reply: return "reply";
    case Kind::Frame: return "frame";
    case Kind::Zombie: return "zombie";
    }
    return "?";
}

std::string describe(const Cap& c) {
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "%s obj=0x%llx bits=%u dev=%d free=0x%llx badge=0x%llx rights=0x%x guard=%llx/%u ztcb=%d rem=%llu",
                  kind_name(c.kind), static_cast<unsigned long long>(c.object), c.size_bits, c.device,
                  static_cast<unsigned long long>(c.free_index), static_cast<unsigned long long>(c.badge), c.rights,
                  static_cast<unsigned long long>(c.guard), c.guard_size, c.zombie_tcb,
                  static_cast<unsigned long long>(c.remaining));
    return buf;
}

std::string describe(const Reply& r) {
    std::string s = "label " + std::to_string(r.label) + " mrs [";
    for (std::size_t i = 0; i < r.mrs.size(); ++i) s += (i ? " " : "") + std::to_string(r.mrs[i]);
    return s + "]";
}

// --- state -------------------------------------------------------------------

void Model::add_array(word address, word slots) { arrays_[address] = slots; }

int Model::add_root(SlotRef slot, const Cap& cap) { return insert_new(-1, -1, slot, cap, true); }

int Model::add_child(int parent, SlotRef slot, const Cap& cap) {
    insert_derived(parent, slot, cap);
    return node_at(slot);
}

const Cap& Model::cap_at(SlotRef slot) const {
    const int id = node_at(slot);
    return id < 0 ? null_cap : nodes_.at(id).cap;
}

int Model::node_at(SlotRef slot) const {
    const auto it = slots_.find(slot);
    return it == slots_.end() ? -1 : it->second;
}

bool Model::array_alive(word address) const {
    if (address == thread_) return true;
    for (const auto& [id, n] : nodes_) {
        const Kind k = n.cap.kind;
        if ((k == Kind::CNode || k == Kind::Tcb || k == Kind::Zombie) && n.cap.object == address) return true;
    }
    return false;
}

std::set<word> Model::live_arrays() const {
    std::set<word> live{thread_};
    for (const auto& [id, n] : nodes_) {
        const Kind k = n.cap.kind;
        if ((k == Kind::CNode || k == Kind::Tcb || k == Kind::Zombie) && arrays_.count(n.cap.object) != 0)
            live.insert(n.cap.object);
    }
    return live;
}

// --- CDT -----------------------------------------------------------------------

// A new node in `slot` under `parent` (-1: a root), placed right after the
// sibling `after_sibling` or, when that is -1, as the first child.
int Model::insert_new(int parent, int after_sibling, SlotRef slot, const Cap& cap, bool original) {
    if (slots_.count(slot) != 0) throw std::logic_error("model: insert into an occupied slot");
    const int id = next_id_++;
    nodes_[id] = Node{cap, slot, parent, {}, original};
    slots_[slot] = id;
    if (parent >= 0) {
        auto& siblings = nodes_.at(parent).children;
        auto at = siblings.begin();
        if (after_sibling >= 0) at = std::find(siblings.begin(), siblings.end(), after_sibling) + 1;
        siblings.insert(at, id);
    }
    return id;
}

// Copy / Mint (seL4 cteInsert): parenthood and originality rules of the header.
void Model::insert_derived(int src, SlotRef dest, const Cap& cap) {
    Node& s = nodes_.at(src);
    const bool badgeable = cap.kind == Kind::Endpoint || cap.kind == Kind::Notification;
    const bool original = cap.kind == Kind::Untyped || (badgeable && cap.badge != s.cap.badge);
    // A child untyped covering all of its parent leaves the parent unusable
    // for Retype while the child exists (seL4 setUntypedCapAsFull).
    if (s.cap.kind == Kind::Untyped && cap.kind == Kind::Untyped && s.cap.object == cap.object &&
        s.cap.size_bits == cap.size_bits)
        s.cap.free_index = word{1} << s.cap.size_bits;
    if (s.original) insert_new(src, -1, dest, cap, original);
    else insert_new(s.parent, src, dest, cap, original);
}

void Model::move(SlotRef from, SlotRef to, const Cap& cap) {
    const int id = node_at(from);
    slots_.erase(from);
    slots_[to] = id;
    Node& n = nodes_.at(id);
    n.slot = to;
    n.cap = cap;
}

// After the swap slot `a` holds b's node with `cap_for_a` and vice versa.
void Model::swap(SlotRef a, const Cap& cap_for_a, SlotRef b, const Cap& cap_for_b) {
    const int id_a = node_at(a), id_b = node_at(b);
    slots_[a] = id_b;
    slots_[b] = id_a;
    nodes_.at(id_b).slot = a;
    nodes_.at(id_b).cap = cap_for_a;
    nodes_.at(id_a).slot = b;
    nodes_.at(id_a).cap = cap_for_b;
}

void Model::empty_slot(SlotRef slot) {
    const int id = node_at(slot);
    if (id < 0) return;
    const Node n = nodes_.at(id);
    for (int child : n.children) nodes_.at(child).parent = n.parent;
    if (n.parent >= 0) {
        auto& siblings = nodes_.at(n.parent).children;
        const auto at = std::find(siblings.begin(), siblings.end(), id);
        const auto pos = siblings.erase(at);
        siblings.insert(pos, n.children.begin(), n.children.end());
    }
    nodes_.erase(id);
    slots_.erase(slot);
}

bool Model::is_final(SlotRef slot) const {
    const int id = node_at(slot);
    const Cap& cap = nodes_.at(id).cap;
    for (const auto& [other, n] : nodes_)
        if (other != id && same_object(cap, n.cap)) return false;
    return true;
}

// --- deletion (seL4 cteDelete and friends) -----------------------------------

void Model::delete_slot(SlotRef slot, bool exposed) {
    const bool success = finalise_slot(slot, exposed);
    if (exposed || success) empty_slot(slot);
}

bool Model::finalise_slot(SlotRef slot, bool immediate) {
    while (!cap_at(slot).null()) {
        const Cap cap = cap_at(slot);
        const bool final = is_final(slot);
        // finaliseCap: the last cap to a CNode or TCB leaves a Zombie that
        // still has to clear the object's slots.
        Cap remainder;
        if (cap.kind == Kind::Zombie) remainder = cap;
        else if (final && cap.kind == Kind::CNode)
            remainder = Cap{.kind = Kind::Zombie, .object = cap.object, .size_bits = cap.size_bits,
                            .remaining = word{1} << cap.size_bits};
        else if (final && cap.kind == Kind::Tcb)
            remainder = Cap{.kind = Kind::Zombie, .object = cap.object, .zombie_tcb = true,
                            .remaining = tcb_slot_count};
        const SlotRef zombie_first{remainder.object, 0};
        if (remainder.null() || remainder.remaining == 0 || (remainder.remaining == 1 && slot == zombie_first))
            return true;
        nodes_.at(node_at(slot)).cap = remainder;
        if (!immediate && slot == zombie_first) return false;  // a cyclic zombie stays
        reduce_zombie(slot, immediate);
    }
    return true;
}

void Model::reduce_zombie(SlotRef slot, bool immediate) {
    const Cap zombie = cap_at(slot);
    const word n = zombie.remaining;
    if (immediate) {
        delete_slot(SlotRef{zombie.object, n - 1}, false);
        const Cap now = cap_at(slot);
        if (now.kind == Kind::Zombie && now.object == zombie.object && now.remaining == n &&
            now.zombie_tcb == zombie.zombie_tcb)
            nodes_.at(node_at(slot)).cap.remaining = n - 1;
        return;
    }
    // Not immediate: move the Zombie into the object's own slot 0, out of
    // the way of the slot being deleted (capSwapForDelete).
    const SlotRef first{zombie.object, 0};
    if (first == slot) return;
    ++delete_swaps_;
    if (node_at(first) < 0) {
        move(slot, first, zombie);
    } else {
        const Cap at_first = cap_at(first);
        swap(first, zombie, slot, at_first);
    }
}

void Model::revoke(SlotRef slot) {
    for (;;) {
        const int id = node_at(slot);
        if (id < 0 || nodes_.at(id).children.empty()) return;
        delete_slot(nodes_.at(nodes_.at(id).children.front()).slot, true);
    }
}

// --- lookup (§4.2, §4.3) ---------------------------------------------------------

Model::Resolved Model::resolve(const Cap& root, word cptr, word n) const {
    Resolved r;
    if (root.kind != Kind::CNode) {
        r.fault = {1};
        return r;
    }
    Cap node = root;
    for (;;) {
        const word g = node.guard_size, radix = node.size_bits, level = g + radix;
        const word found_guard = (g == 0 || g > n) ? 0 : (cptr >> (n - g)) & mask(g);
        if (g > n || found_guard != node.guard) {
            r.fault = {4, n, node.guard, g};
            return r;
        }
        if (level > n) {
            r.fault = {3, n, level};
            return r;
        }
        const SlotRef slot{node.object, (cptr >> (n - level)) & mask(radix)};
        if (n == level) {
            r.ok = true;
            r.slot = slot;
            return r;
        }
        n -= level;
        const Cap& next = cap_at(slot);
        if (next.kind != Kind::CNode) {
            r.ok = true;
            r.slot = slot;
            r.bits_remaining = n;
            return r;
        }
        node = next;
    }
}

// seL4 lookupSlotForCNodeOp: the root must be a CNode, depth 1..64, and the
// walk must use exactly `depth` bits.
Model::Outcome Model::lookup_slot(const Cap& root, word index, word depth, bool is_source, SlotRef& out) const {
    const word source_flag = is_source ? 1 : 0;
    if (root.kind != Kind::CNode) return Error{FailedLookup, {source_flag, 1}};
    if (depth < 1 || depth > 64) return Error{RangeError, {1, 64}};
    const Resolved r = resolve(root, index, depth);
    if (!r.ok) {
        std::vector<word> mrs{source_flag};
        mrs.insert(mrs.end(), r.fault.begin(), r.fault.end());
        return Error{FailedLookup, mrs};
    }
    if (r.bits_remaining != 0) return Error{FailedLookup, {source_flag, 3, r.bits_remaining, 0}};
    out = r.slot;
    return std::nullopt;
}

std::optional<SlotRef> Model::lookup_cptr(word cptr) const {
    const Resolved r = resolve(cap_at(SlotRef{thread_, 0}), cptr, 64);
    if (!r.ok) return std::nullopt;
    return r.slot;
}

std::optional<SlotRef> Model::lookup_argument(const Cap& root, word index, word depth) const {
    SlotRef slot;
    if (lookup_slot(root, index, depth, false, slot)) return std::nullopt;
    return slot;
}

bool Model::call_resolves(const Call& call) const {
    if (!lookup_cptr(call.cptr)) return false;
    for (word cptr : call.extra_cptrs)
        if (!lookup_cptr(cptr)) return false;
    return true;
}

// --- invocations -------------------------------------------------------------------

Reply Model::call(const Call& call) {
    const SlotRef invoked = *lookup_cptr(call.cptr);
    const Cap target = cap_at(invoked);
    std::vector<Cap> extra;
    for (word cptr : call.extra_cptrs) extra.push_back(cap_at(*lookup_cptr(cptr)));
    Outcome out;
    switch (target.kind) {
    case Kind::Null:
    case Kind::Zombie: out = Error{InvalidCapability, {0}}; break;
    case Kind::Untyped: out = invoke_untyped(invoked, call, extra); break;
    case Kind::CNode: out = invoke_cnode(target, call, extra); break;
    default: out = Error{IllegalOperation, {}}; break;  // only CNode/Untyped labels are generated for these
    }
    if (!out) return Reply{};
    return Reply{out->code, out->mrs};
}

Model::Outcome Model::invoke_cnode(const Cap& cnode, const Call& call, const std::vector<Cap>& extra) {
    if (call.label < CNodeRevoke || call.label > CNodeRotate) return Error{IllegalOperation, {}};
    if (call.length < 2) return Error{TruncatedMessage, {}};
    SlotRef dest;
    if (Outcome e = lookup_slot(cnode, call.mrs[0], call.mrs[1], false, dest)) return e;
    switch (call.label) {
    case CNodeRevoke: revoke(dest); return std::nullopt;
    case CNodeDelete: delete_slot(dest, true); return std::nullopt;
    case CNodeCancelBadgedSends: {
        const Cap& cap = cap_at(dest);
        if (cap.kind != Kind::Endpoint || cap.rights != all_rights) return Error{IllegalOperation, {}};
        return std::nullopt;  // no thread can be blocked sending
    }
    case CNodeRotate: return invoke_rotate(call, extra, dest);
    default: return invoke_copy_like(call, extra, dest);
    }
}

Model::Outcome Model::invoke_copy_like(const Call& call, const std::vector<Cap>& extra, SlotRef dest) {
    if (call.length < 4 || extra.empty()) return Error{TruncatedMessage, {}};
    if (!cap_at(dest).null()) return Error{DeleteFirst, {}};
    SlotRef src;
    if (Outcome e = lookup_slot(extra[0], call.mrs[2], call.mrs[3], true, src)) return e;
    const Cap src_cap = cap_at(src);
    if (src_cap.null()) return Error{FailedLookup, {1, 2, call.mrs[3]}};

    Cap new_cap;
    bool is_move = false;
    if (call.label == CNodeCopy || call.label == CNodeMint) {
        Cap c = mask_rights(call.mrs[4], src_cap);
        if (call.label == CNodeCopy && call.length < 5) return Error{TruncatedMessage, {}};
        if (call.label == CNodeMint) {
            if (call.length < 6) return Error{TruncatedMessage, {}};
            c = update_data(false, call.mrs[5], c);
        }
        // deriveCap (§5.3): an untyped with children cannot be copied;
        // zombies (and null results) derive to null.
        if (c.kind == Kind::Untyped && !nodes_.at(node_at(src)).children.empty()) return Error{RevokeFirst, {}};
        if (c.kind == Kind::Zombie) c = null_cap;
        new_cap = c;
    } else if (call.label == CNodeMove) {
        new_cap = src_cap;
        is_move = true;
    } else {  // Mutate
        if (call.length < 5) return Error{TruncatedMessage, {}};
        new_cap = update_data(true, call.mrs[4], src_cap);
        is_move = true;
    }
    if (new_cap.null()) return Error{IllegalOperation, {}};
    if (is_move) move(src, dest, new_cap);
    else insert_derived(node_at(src), dest, new_cap);
    return std::nullopt;
}

Model::Outcome Model::invoke_rotate(const Call& call, const std::vector<Cap>& extra, SlotRef dest) {
    if (call.length < 8 || extra.size() < 2) return Error{TruncatedMessage, {}};
    const word pivot_data = call.mrs[2], pivot_index = call.mrs[3], pivot_depth = call.mrs[4];
    const word src_data = call.mrs[5], src_index = call.mrs[6], src_depth = call.mrs[7];
    SlotRef src, pivot;
    if (Outcome e = lookup_slot(extra[1], src_index, src_depth, true, src)) return e;
    if (Outcome e = lookup_slot(extra[0], pivot_index, pivot_depth, true, pivot)) return e;
    if (pivot == src || pivot == dest) return Error{IllegalOperation, {}};
    if (src != dest && !cap_at(dest).null()) return Error{DeleteFirst, {}};
    if (cap_at(src).null()) return Error{FailedLookup, {1, 2, src_depth}};
    if (cap_at(pivot).null()) return Error{FailedLookup, {0, 2, pivot_depth}};
    const Cap new_src = update_data(true, src_data, cap_at(src));
    const Cap new_pivot = update_data(true, pivot_data, cap_at(pivot));
    if (new_src.null() || new_pivot.null()) return Error{IllegalOperation, {}};
    if (src == dest) {
        swap(src, new_pivot, pivot, new_src);
    } else {
        move(pivot, dest, new_pivot);
        move(src, pivot, new_src);
    }
    return std::nullopt;
}

Model::Outcome Model::invoke_untyped(SlotRef untyped, const Call& call, const std::vector<Cap>& extra) {
    if (call.label != UntypedRetype) return Error{IllegalOperation, {}};
    if (call.length < 6 || extra.empty()) return Error{TruncatedMessage, {}};
    const word type = call.mrs[0], user_bits = call.mrs[1], node_index = call.mrs[2], node_depth = call.mrs[3];
    const word node_offset = call.mrs[4], count = call.mrs[5];
    if (type >= object_type_count) return Error{InvalidArgument, {0}};
    word object_bits = 0;
    switch (type) {
    case UntypedObject: object_bits = user_bits; break;
    case TCBObject: object_bits = 11; break;
    case EndpointObject: object_bits = 4; break;
    case NotificationObject: object_bits = 6; break;
    case CapTableObject: object_bits = user_bits + 5; break;
    case ReplyObject: object_bits = 5; break;
    case SmallPageObject: object_bits = 12; break;
    default: throw std::logic_error("model: object type not modelled");
    }
    if (user_bits >= 64 || object_bits > max_untyped_bits) return Error{RangeError, {0, max_untyped_bits}};
    if (type == CapTableObject && user_bits == 0) return Error{InvalidArgument, {1}};
    if (type == UntypedObject && user_bits < 4) return Error{InvalidArgument, {1}};

    Cap node_cap = extra[0];
    if (node_depth != 0) {
        SlotRef slot;
        if (Outcome e = lookup_slot(extra[0], node_index, node_depth, false, slot)) return e;
        node_cap = cap_at(slot);
    }
    if (node_cap.kind != Kind::CNode) return Error{FailedLookup, {0, 2, node_depth}};
    const word node_size = word{1} << node_cap.size_bits;
    if (node_offset > node_size - 1) return Error{RangeError, {0, node_size - 1}};
    if (count < 1 || count > fan_out_limit) return Error{RangeError, {1, fan_out_limit}};
    if (count > node_size - node_offset) return Error{RangeError, {1, node_size - node_offset}};
    for (word i = 0; i < count; ++i)
        if (!cap_at(SlotRef{node_cap.object, node_offset + i}).null()) return Error{DeleteFirst, {}};

    const int untyped_id = node_at(untyped);
    Cap ut = nodes_.at(untyped_id).cap;
    // A childless untyped is reset: allocation starts at 0 (§6.3 step 9, §16.10).
    const word free_index = nodes_.at(untyped_id).children.empty() ? 0 : ut.free_index;
    const word free_bytes = (word{1} << ut.size_bits) - free_index;
    if ((free_bytes >> object_bits) < count) return Error{NotEnoughMemory, {free_bytes}};
    if (ut.device && type != SmallPageObject && type != UntypedObject) return Error{InvalidArgument, {1}};

    const word object_size = word{1} << object_bits;
    const word start = (ut.object + free_index + object_size - 1) & ~(object_size - 1);
    nodes_.at(untyped_id).cap.free_index = start - ut.object + count * object_size;
    for (word i = 0; i < count; ++i) {
        const word at = start + i * object_size;
        Cap c{.object = at};
        switch (type) {
        case UntypedObject: c.kind = Kind::Untyped; c.size_bits = static_cast<unsigned>(user_bits); c.device = ut.device; break;
        case TCBObject: c.kind = Kind::Tcb; add_array(at, tcb_slot_count); break;
        case EndpointObject: c.kind = Kind::Endpoint; c.rights = all_rights; break;
        case NotificationObject: c.kind = Kind::Notification; c.rights = 3; break;
        case CapTableObject:
            c.kind = Kind::CNode;
            c.size_bits = static_cast<unsigned>(user_bits);
            add_array(at, word{1} << user_bits);
            break;
        case ReplyObject: c.kind = Kind::Reply; c.rights = 4; break;
        default: c.kind = Kind::Frame; c.size_bits = 12; c.device = ut.device; c.rights = 3; break;
        }
        insert_new(untyped_id, -1, SlotRef{node_cap.object, node_offset + i}, c, true);
    }
    return std::nullopt;
}

}  // namespace model
