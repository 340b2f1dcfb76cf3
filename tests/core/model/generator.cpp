// SPDX-License-Identifier: BSD-2-Clause
// Random invocation generator for the differential test (generator.hpp).
// Each call is built valid from the model's state (as far as the choice of
// slots allows) unless it draws a deliberate fault; the model alone decides
// what the call does, so a poor aim costs coverage, never correctness.
#include "generator.hpp"

#include <cstdio>

#include "generator_choices.hpp"


namespace model {

namespace {

using namespace gen;

class Generator : private Chooser {
public:
    using Chooser::Chooser;

    GeneratedCall generate() {
        if (const Target* ut = untyped_to_revoke()) {
            revoke_untyped(*ut);
            return g_;
        }
        const word pick = rng_.below(100);
        if (pick < 27) retype();
        else if (pick < 36) copy_like(CNodeCopy, "Copy");
        else if (pick < 46) copy_like(CNodeMint, "Mint");
        else if (pick < 52) copy_like(CNodeMove, "Move");
        else if (pick < 58) copy_like(CNodeMutate, "Mutate");
        else if (pick < 65) rotate();
        else if (pick < 80) single_slot(CNodeDelete, "Delete");
        else if (pick < 92) single_slot(CNodeRevoke, "Revoke");
        else if (pick < 95) cancel_badged_sends();
        else odd_invocation();
        return g_;
    }

private:
    // --- invocations ----------------------------------------------------------

    // An untyped root slot to revoke: when the untypeds that can still
    // allocate are nearly used up, and 3% of the time anyway (resets).
    const Target* untyped_to_revoke() {
        word room = 0;
        for (word i = 0; i < target_count_; ++i)
            if (const Target& t = targets_[i]; t.cap().kind == Kind::Untyped && !t.cap().device)
                room += free_bytes(*t.node);
        const bool low = room < 4096;
        if (!(low ? rng_.chance(35) : rng_.chance(3))) return nullptr;
        return root_slot_where([](const Target& t) { return t.cap().kind == Kind::Untyped && has_children(t.node); });
    }

    void revoke_untyped(const Target& ut) {
        g_.name = "RevokeUntyped";
        const Target* t = root_slot_where(
            [&](const Target& c) { return c.cap().kind == Kind::CNode && c.cap().object == layout_.root_array; });
        if (t == nullptr) return single_slot(CNodeRevoke, "Revoke");
        const Address a = Place{t->cap()}.slot(ut.cptr);
        note(a);
        g_.call.cptr = t->cptr;
        g_.call.label = CNodeRevoke;
        g_.call.mrs[0] = a.index;
        g_.call.mrs[1] = a.depth;
        finish(2, {});
    }

    void retype() {
        g_.name = "Retype";
        draw_fault({Fault::Truncated, Fault::MissingCap, Fault::WrongLabel, Fault::BadType, Fault::BadSize,
                    Fault::SmallSize, Fault::BadOffset, Fault::BadCount, Fault::WindowTooSmall, Fault::TooBig,
                    Fault::TooBig, Fault::DeviceType, Fault::NodeNotCNode, Fault::DestOccupied, Fault::DestOccupied,
                    Fault::DepthRange, Fault::DepthOff, Fault::InvalidRoot});
        const bool want_device = is(Fault::DeviceType) || rng_.chance(8);
        const Target* ut = root_slot_where([&](const Target& t) {
            return t.cap().kind == Kind::Untyped && t.cap().device == want_device && free_bytes(*t.node) >= 16;
        });
        if (ut == nullptr)
            ut = root_slot_where([](const Target& t) { return t.cap().kind == Kind::Untyped; });
        if (ut == nullptr) return odd_invocation();
        const Cap& u = ut->cap();
        const word room = free_bytes(*ut->node);
        g_.call.cptr = ut->cptr;
        g_.call.label = UntypedRetype;

        // Object type and size: something that fits in `room`.
        struct Choice {
            word type, size, object_bits;
        };
        std::vector<Choice> fits;
        const auto offer = [&](word type, word size, word object_bits, unsigned weight) {
            if (object_bits <= floor_log2(room))
                for (unsigned i = 0; i < weight; ++i) fits.push_back({type, size, object_bits});
        };
        if (u.device || is(Fault::DeviceType)) {
            offer(SmallPageObject, 0, 12, 2);
            const word bits = rng_.range(4, u.size_bits > 5 ? u.size_bits - 1 : 4);
            offer(UntypedObject, bits, bits, 3);
        }
        if (!u.device || is(Fault::DeviceType)) {
            const word radix = rng_.range(1, 4), ut_bits = rng_.range(4, u.size_bits > 5 ? u.size_bits - 1 : 4);
            offer(CapTableObject, radix, radix + 5, 6);
            offer(UntypedObject, ut_bits, ut_bits, 3);
            offer(TCBObject, 0, 11, 2);
            offer(EndpointObject, 0, 4, 4);
            offer(NotificationObject, 0, 6, 3);
            offer(ReplyObject, 0, 5, 2);
            offer(SmallPageObject, 0, 12, 1);
        }
        Choice c = fits.empty() ? Choice{EndpointObject, 0, 4} : fits[rng_.below(fits.size())];
        if (is(Fault::DeviceType) && !u.device) c = {TCBObject, 0, 11};
        if (is(Fault::DeviceType) && u.device) c = {rng_.chance(50) ? CapTableObject : EndpointObject, 2, 7};
        word count = rng_.range(1, 3);
        if (count > (room >> c.object_bits)) count = (room >> c.object_bits) ? room >> c.object_bits : 1;
        if (is(Fault::TooBig)) {
            c = {UntypedObject, floor_log2(room) + 1, floor_log2(room) + 1};
            count = 1;
        }
        if (is(Fault::BadType)) c.type = rng_.chance(60) ? rng_.range(11, 20) : rng_.next();
        if (is(Fault::BadSize)) {
            c.type = rng_.chance(50) ? UntypedObject : CapTableObject;
            c.size = rng_.chance(50) ? rng_.range(64, 70) : rng_.range(39, 50);
        }
        if (is(Fault::SmallSize)) {
            c.type = rng_.chance(50) ? UntypedObject : CapTableObject;
            c.size = c.type == UntypedObject ? rng_.below(4) : 0;
        }

        // Destination: a CNode reached from a root argument (depth 0: the root itself).
        const Target* root = root_argument(is(Fault::InvalidRoot));
        if (root == nullptr) return odd_invocation();
        Place dest = is(Fault::DestOccupied) ? walk(root->cap()) : walk_to_empty(root);
        Address node{0, 0, 1};
        if (dest.levels > 1) node = {dest.prefix, dest.prefix_depth, dest.levels - 1, dest.guarded};
        if (is(Fault::NodeNotCNode)) {
            const Place parent = walk(root->cap());
            node = parent.slot(full_slot(parent, [](word, const Node& n) { return n.cap.kind != Kind::CNode; }));
        }
        if (is(Fault::DepthRange) || is(Fault::DepthOff)) {
            if (node.depth == 0) node = Place{root->cap()}.slot(rng_.below(Place{root->cap()}.size()));
            node = maybe_corrupt(node);
        }
        note({0, 0, node.depth == 0 ? 1u : node.levels + 1, node.guarded || dest.cnode.guard_size != 0});

        // Offset: the start of a run of empty slots, `count` clipped to the run.
        word offset = is(Fault::DestOccupied) ? full_slot(dest) : empty_slot(dest);
        if (!is(Fault::DestOccupied)) {
            const std::vector<const Node*>& slots = view_.slots(dest.array());
            word run = 0;
            const auto empty = [&](word i) { return i >= slots.size() || slots[i] == nullptr; };
            while (offset + run < dest.size() && empty(offset + run)) ++run;
            if (run > 0 && count > run) count = run;
        }
        if (is(Fault::BadOffset)) offset = dest.size() + rng_.below(4);
        if (is(Fault::WindowTooSmall)) count = dest.size() - offset + rng_.range(1, 3);
        if (is(Fault::BadCount)) count = rng_.chance(50) ? 0 : rng_.range(257, 300);
        const word mrs[6] = {c.type, c.size, node.index, node.depth, offset, count};
        for (int i = 0; i < 6; ++i) g_.call.mrs[i] = mrs[i];
        finish(6, {root->cptr});
    }

    void copy_like(word label, const char* name) {
        g_.name = name;
        const bool derives = label == CNodeCopy || label == CNodeMint;
        if (derives)
            draw_fault({Fault::Truncated, Fault::MissingCap, Fault::WrongLabel, Fault::DepthRange, Fault::DepthOff,
                        Fault::BadIndex, Fault::InvalidRoot, Fault::DestOccupied, Fault::SrcEmpty,
                        Fault::UntypedChildren, Fault::UntypedChildren,
                        label == CNodeMint ? Fault::Badged : Fault::SrcEmpty,
                        label == CNodeMint ? Fault::BadGuard : Fault::DestOccupied});
        else
            draw_fault({Fault::Truncated, Fault::MissingCap, Fault::DepthRange, Fault::DepthOff, Fault::BadIndex,
                        Fault::InvalidRoot, Fault::DestOccupied, Fault::SrcEmpty,
                        label == CNodeMutate ? Fault::Badged : Fault::DestOccupied,
                        label == CNodeMutate ? Fault::BadGuard : Fault::SrcEmpty});
        const Target* cnode = cnode_target();
        const Target* src_root = root_argument(is(Fault::InvalidRoot));
        if (cnode == nullptr || src_root == nullptr) return odd_invocation();
        const Place dest_place = is(Fault::DestOccupied) ? walk(cnode->cap()) : walk_to_empty(cnode);
        g_.call.cptr = cnode->cptr;
        g_.call.label = label;
        Address dest = dest_place.slot(is(Fault::DestOccupied) ? full_slot(dest_place) : empty_slot(dest_place));
        const bool spare = rng_.chance(98);
        const auto src_fits = [&](const Place& p, word i, const Node& n) {
            const Cap& c = n.cap;
            if (is(Fault::UntypedChildren)) return c.kind == Kind::Untyped && !n.children.empty();
            if (is(Fault::Badged)) return badgeable(c) && (label == CNodeMutate || c.badge != 0);
            if (is(Fault::BadGuard)) return c.kind == Kind::CNode;
            if (c.kind == Kind::Zombie) return false;
            if (derives)
                return !(c.kind == Kind::Untyped && !n.children.empty()) &&
                       !(label == CNodeMint && badgeable(c) && c.badge != 0);
            return !(spare && is_protected(p, i)) && !(label == CNodeMutate && badgeable(c));
        };
        const Place src_place =
            is(Fault::SrcEmpty) ? walk_to_empty(src_root)
                                : walk_to(src_root, [&](const Place& p, word i, const Node* n) {
                                      return n != nullptr && src_fits(p, i, *n);
                                  });
        const word src_index = is(Fault::SrcEmpty) ? empty_slot(src_place)
                                                   : full_slot(src_place, [&](word i, const Node& n) {
                                                         return src_fits(src_place, i, n);
                                                     });
        Address src = src_place.slot(src_index);
        note(dest);
        note(src);
        if (rng_.chance(50)) dest = maybe_corrupt(dest);
        else src = maybe_corrupt(src);
        const Cap& src_cap = view_.cap(src_place.array(), src_index);
        g_.call.mrs[0] = dest.index;
        g_.call.mrs[1] = dest.depth;
        g_.call.mrs[2] = src.index;
        g_.call.mrs[3] = src.depth;
        word needed = 4;
        if (label == CNodeCopy) {
            g_.call.mrs[4] = rights();
            needed = 5;
        }
        if (label == CNodeMint) {
            g_.call.mrs[4] = rights();
            g_.call.mrs[5] = cap_data(src_cap);
            needed = 6;
        }
        if (label == CNodeMutate) {
            g_.call.mrs[4] = cap_data(src_cap);
            needed = 5;
        }
        finish(needed, {src_root->cptr});
    }

    void rotate() {
        g_.name = "Rotate";
        draw_fault({Fault::Truncated, Fault::MissingCap, Fault::DepthRange, Fault::DepthOff, Fault::InvalidRoot,
                    Fault::DestOccupied, Fault::SrcEmpty, Fault::PivotClash, Fault::Badged, Fault::BadGuard});
        const Target* cnode = cnode_target();
        const Target* pivot_root = root_argument(is(Fault::InvalidRoot));
        if (cnode == nullptr || pivot_root == nullptr) return odd_invocation();
        const bool swap = rng_.chance(30);
        const Target* src_root = swap ? cnode : cnode_target();
        const bool spare = rng_.chance(98);
        const auto movable = [&](const Place& p, word i, const Node* n) {
            if (n == nullptr) return false;
            if (is(Fault::Badged)) return badgeable(n->cap);
            if (is(Fault::BadGuard)) return n->cap.kind == Kind::CNode;
            return !badgeable(n->cap) && !(spare && is_protected(p, i));
        };
        const Place pivot_place = walk_to(pivot_root, movable);
        const word pivot_index =
            full_slot(pivot_place, [&](word i, const Node& n) { return movable(pivot_place, i, &n); });
        const SlotRef pivot_slot{pivot_place.array(), pivot_index};
        const auto not_pivot = [&](const Place& p, word i) { return SlotRef{p.array(), i} != pivot_slot; };
        const auto source = [&](const Place& p, word i, const Node* n) { return movable(p, i, n) && not_pivot(p, i); };
        const auto empty_dest = [&](const Place& p, word i, const Node* n) { return n == nullptr && not_pivot(p, i); };
        const Place dest_place = swap ? walk_to(cnode, source)
                                      : is(Fault::DestOccupied) ? walk(cnode->cap()) : walk_to(cnode, empty_dest);
        if (swap) src_root = cnode;
        const Place src_place = swap                  ? dest_place
                                : is(Fault::SrcEmpty) ? walk_to_empty(src_root)
                                                      : walk_to(src_root, source);
        g_.call.cptr = cnode->cptr;
        g_.call.label = CNodeRotate;
        word dest_index = 0, src_index = 0;
        if (swap) {
            dest_index = src_index =
                full_slot(dest_place, [&](word i, const Node& n) { return source(dest_place, i, &n); });
        } else {
            std::vector<word> empty;
            const std::vector<const Node*>& slots = view_.slots(dest_place.array());
            for (word i = 0; i < dest_place.size(); ++i)
                if (empty_dest(dest_place, i, i < slots.size() ? slots[i] : nullptr)) empty.push_back(i);
            dest_index = empty.empty() || is(Fault::DestOccupied) ? full_slot(dest_place)
                                                                   : empty[rng_.below(empty.size())];
            src_index = is(Fault::SrcEmpty) ? empty_slot(src_place)
                                            : full_slot(src_place, [&](word i, const Node& n) {
                                                  return source(src_place, i, &n);
                                              });
        }
        Address dest = dest_place.slot(dest_index), pivot = pivot_place.slot(pivot_index);
        Address src = src_place.slot(src_index);
        if (is(Fault::PivotClash)) {  // the pivot names the source or the destination slot
            const bool at_src = rng_.chance(50);
            pivot = at_src ? src : dest;
            pivot_root = at_src ? src_root : cnode;
        }
        note(dest);
        note(pivot);
        note(src);
        switch (rng_.below(3)) {
        case 0: dest = maybe_corrupt(dest); break;
        case 1: pivot = maybe_corrupt(pivot); break;
        default: src = maybe_corrupt(src); break;
        }
        const word mrs[8] = {dest.index,  dest.depth,
                             cap_data(view_.cap(pivot_place.array(), pivot_index)),
                             pivot.index, pivot.depth,
                             cap_data(view_.cap(src_place.array(), src_index)),
                             src.index,   src.depth};
        for (int i = 0; i < 8; ++i) g_.call.mrs[i] = mrs[i];
        finish(8, {pivot_root->cptr, src_root->cptr});
    }

    void single_slot(word label, const char* name) {
        g_.name = name;
        draw_fault({Fault::Truncated, Fault::WrongLabel, Fault::DepthRange, Fault::DepthOff, Fault::BadIndex});
        const Target* cnode = cnode_target();
        if (cnode == nullptr) return odd_invocation();
        const bool parent = label == CNodeRevoke && rng_.chance(70);
        const Place p = walk_to(cnode, [&](const Place&, word, const Node* n) {
            return n != nullptr && (!parent || !n->children.empty());
        });
        g_.call.cptr = cnode->cptr;
        g_.call.label = label;
        word index = 0;
        if (label == CNodeDelete) index = rng_.chance(8) ? empty_slot(p) : removable_slot(p);
        else if (parent) index = full_slot(p, [](word, const Node& n) { return !n.children.empty(); });
        else index = full_slot(p);
        const Address a = p.slot(index);
        note(a);
        const Address sent = maybe_corrupt(a);
        g_.call.mrs[0] = sent.index;
        g_.call.mrs[1] = sent.depth;
        finish(2, {});
    }

    // CancelBadgedSends on an endpoint with all rights (badged or not); no
    // thread can be blocked sending, so it changes nothing (§5.5).
    void cancel_badged_sends() {
        g_.name = "CancelBadgedSends";
        draw_fault({Fault::NotEndpoint, Fault::NotEndpoint, Fault::Truncated, Fault::DepthOff});
        const Target* cnode = cnode_target();
        if (cnode == nullptr) return odd_invocation();
        const auto fits = [&](const Place&, word, const Node* n) {
            if (n == nullptr) return false;
            const bool endpoint = n->cap.kind == Kind::Endpoint && n->cap.rights == 0xf;
            return is(Fault::NotEndpoint) ? !endpoint : endpoint;
        };
        const Place p = walk_to(cnode, fits);
        g_.call.cptr = cnode->cptr;
        g_.call.label = CNodeCancelBadgedSends;
        const word index = full_slot(p, [&](word i, const Node& n) { return fits(p, i, &n); });
        Address a = p.slot(index);
        note(a);
        a = maybe_corrupt(a);
        g_.call.mrs[0] = a.index;
        g_.call.mrs[1] = a.depth;
        finish(2, {});
    }

    // Invocations of empty slots, zombies, TCBs and frames with labels none
    // of them has (TCB labels 2..17 are real invocations), and wrong labels
    // on CNodes and untypeds (never endpoints/notifications/replies: the
    // model does not cover IPC).
    void odd_invocation() {
        g_ = GeneratedCall{};
        g_.name = "Odd";
        fault_ = rng_.chance(50) ? Fault::InvokeNull : Fault::InvokeOther;
        g_.fault = fault_name(fault_);
        const Target* t = nullptr;
        if (is(Fault::InvokeNull)) t = root_slot_where([](const Target& c) { return c.node == nullptr; });
        else
            t = root_slot_where([](const Target& c) {
                const Kind k = c.cap().kind;
                return k == Kind::Tcb || k == Kind::Frame || k == Kind::Zombie;
            });
        if (t == nullptr) {
            fault_ = Fault::WrongLabel;
            g_.fault = fault_name(fault_);
            t = root_slot_where([](const Target& c) {
                return c.cap().kind == Kind::CNode || c.cap().kind == Kind::Untyped;
            });
        }
        g_.call.cptr = t != nullptr ? t->cptr : 0;
        static constexpr word labels[] = {0, 1, 40, 18, 19, 21, 25, 26, 39, 5000};
        g_.call.label = labels[rng_.below(10)];
        if (is(Fault::WrongLabel)) g_.call.label = rng_.chance(50) ? 26 + rng_.below(20) : 2 + rng_.below(15);
        for (word& mr : g_.call.mrs) mr = rng_.below(70);
        g_.call.length = rng_.below(9);
    }
};

}  // namespace

GeneratedCall generate_call(const Model& model, const GeneratorLayout& layout, Rng& rng, ModelView& view) {
    view.rebuild(model);
    for (;;) {
        GeneratedCall g = Generator(view, layout, rng).generate();
        if (!model.call_resolves(g.call)) continue;  // a cap fault; not what this test is about
        const Kind invoked = model.cap_at(*model.lookup_cptr(g.call.cptr)).kind;
        if (invoked == Kind::Endpoint || invoked == Kind::Notification || invoked == Kind::Reply) continue;
        return g;
    }
}

std::string describe(const GeneratedCall& g) {
    char buf[400];
    int n = std::snprintf(buf, sizeof buf, "%s%s%s label=%llu cptr=0x%llx len=%llu mrs=[", g.name.c_str(),
                          g.fault ? " fault=" : "", g.fault ? g.fault : "",
                          static_cast<unsigned long long>(g.call.label), static_cast<unsigned long long>(g.call.cptr),
                          static_cast<unsigned long long>(g.call.length));
    for (int i = 0; i < 8; ++i)
        n += std::snprintf(buf + n, sizeof buf - n, "%s0x%llx", i ? " " : "",
                           static_cast<unsigned long long>(g.call.mrs[i]));
    n += std::snprintf(buf + n, sizeof buf - n, "] caps=[");
    for (std::size_t i = 0; i < g.call.extra_cptrs.size(); ++i)
        n += std::snprintf(buf + n, sizeof buf - n, "%s0x%llx", i ? " " : "",
                           static_cast<unsigned long long>(g.call.extra_cptrs[i]));
    std::snprintf(buf + n, sizeof buf - n, "]");
    return buf;
}

}  // namespace model
