// SPDX-License-Identifier: BSD-2-Clause
// The differential generator's choices: which root slot to invoke, which
// CNode an address walks to, which slot of it, and the address / message
// faults (generator.cpp builds the invocations on top of these).
#pragma once

#include <algorithm>
#include <initializer_list>

#include "generator.hpp"
#include "generator_faults.hpp"
#include "generator_view.hpp"

namespace model::gen {

enum : word {
    UntypedRetype = 1, CNodeRevoke = 18, CNodeDelete = 19, CNodeCancelBadgedSends = 20, CNodeCopy = 21,
    CNodeMint = 22, CNodeMove = 23, CNodeMutate = 24, CNodeRotate = 25,
};

constexpr unsigned max_levels = 3;  // CNodes a generated address walks through at most
constexpr word root_slots_protected_until = 6;  // root copies (1, 2) and boot untypeds (3..5)

inline bool badgeable(const Cap& c) { return c.kind == Kind::Endpoint || c.kind == Kind::Notification; }
inline bool has_children(const Node* n) { return n != nullptr && !n->children.empty(); }
inline unsigned floor_log2(word x) { return x == 0 ? 0 : 63 - static_cast<unsigned>(__builtin_clzll(x)); }

// Bytes a Retype could still allocate from the untyped in `n` (a childless
// untyped is reset first, §6.3 step 9).
inline word free_bytes(const Node& n) {
    const word size = word{1} << n.cap.size_bits;
    return n.children.empty() ? size : size - n.cap.free_index;
}

struct Target {
    word cptr;
    const Node* node;  // nullptr: empty root slot
    const Cap& cap() const {
        static const Cap null_cap{};
        return node != nullptr ? node->cap : null_cap;
    }
};

class Chooser {
public:
    Chooser(const ModelView& view, const GeneratorLayout& layout, Rng& rng)
        : view_(view), layout_(layout), rng_(rng) {
        const std::vector<const Node*>& root = view_.slots(layout_.root_array);
        target_count_ = std::min(word{1} << layout_.root_radix, max_targets);
        for (word s = 0; s < target_count_; ++s) targets_[s] = {s, s < root.size() ? root[s] : nullptr};
    }

protected:

    Fault draw_fault(std::initializer_list<Fault> menu) {
        fault_ = rng_.chance(fault_percent) ? menu.begin()[rng_.below(menu.size())] : Fault::None;
        g_.fault = fault_name(fault_);
        return fault_;
    }
    bool is(Fault f) const { return fault_ == f; }

    // A uniform choice among the i < n with fits(i), or `none` (two passes:
    // no allocation, which dominates in this unoptimised sanitizer build).
    static constexpr word none = ~word{0};
    template <class Fits>
    word pick_where(word n, Fits fits) {
        word count = 0;
        for (word i = 0; i < n; ++i) count += fits(i) ? 1 : 0;
        if (count == 0) return none;
        word k = rng_.below(count);
        for (word i = 0; i < n; ++i)
            if (fits(i) && k-- == 0) return i;
        return none;
    }

    template <class Accept>
    const Target* root_slot_where(Accept accept) {
        const word i = pick_where(target_count_, [&](word t) { return accept(targets_[t]); });
        return i == none ? nullptr : &targets_[i];
    }
    const Target* cnode_target() {
        return root_slot_where([](const Target& t) { return t.cap().kind == Kind::CNode; });
    }
    // A root argument: a CNode, or for InvalidRoot anything else.
    const Target* root_argument(bool invalid) {
        if (invalid)
            if (const Target* t = root_slot_where([](const Target& c) { return c.cap().kind != Kind::CNode; }))
                return t;
        return cnode_target();
    }

    // A CNode reached from `root` by descending into nested CNodes (other
    // than copies of the root CNode, mostly) now and then.
    Place walk(const Cap& root) {
        if (root.kind == Kind::CNode && root.object != layout_.root_array) g_.nested_root = true;
        Place p{root, 0, 0, 1};
        while (p.levels < max_levels && rng_.chance(55)) {
            const unsigned depth = p.prefix_depth + level_bits(p.cnode);
            const std::vector<const Node*>& slots = view_.slots(p.array());
            const auto nested = [&](word i, bool alias) {
                if (slots[i] == nullptr) return false;
                const Cap& c = slots[i]->cap;
                return c.kind == Kind::CNode && depth + level_bits(c) <= 64 &&
                       (c.object == layout_.root_array) == alias;
            };
            word i = rng_.chance(90) ? pick_where(slots.size(), [&](word k) { return nested(k, false); }) : none;
            if (i == none) i = pick_where(slots.size(), [&](word k) { return nested(k, true); });
            if (i == none) break;
            const Address a = p.slot(i);
            p = Place{slots[i]->cap, a.index, static_cast<unsigned>(a.depth), p.levels + 1, a.guarded};
        }
        return p;
    }

    // A walk that ends in a CNode with a slot `accept(place, index, node)`
    // takes (a few tries; node nullptr = empty slot), so that valid calls
    // mostly stay valid.
    // Every other try starts again from another CNode root slot (`root`
    // is updated: the caller passes that root as the argument).
    template <class Accept>
    Place walk_to(const Target*& root, Accept accept) {
        for (int tries = 0;; ++tries) {
            Place p = walk(root->cap());
            const std::vector<const Node*>& slots = view_.slots(p.array());
            for (word i = 0; i < p.size(); ++i)
                if (accept(p, i, i < slots.size() ? slots[i] : nullptr)) return p;
            if (tries == 5) return p;
            if (tries % 2 == 1 && root->cap().kind == Kind::CNode) root = cnode_target();
        }
    }
    Place walk_to_empty(const Target*& root) {
        return walk_to(root, [](const Place&, word, const Node* n) { return n == nullptr; });
    }

    bool is_protected(const Place& p, word index) const {
        return p.array() == layout_.root_array && index >= 1 && index < root_slots_protected_until;
    }

    // A slot of `p`: occupied and accepted, or empty; random when none fits.
    template <class Accept>
    word full_slot(const Place& p, Accept accept) {
        const std::vector<const Node*>& slots = view_.slots(p.array());
        const word i = pick_where(slots.size(), [&](word k) { return slots[k] != nullptr && accept(k, *slots[k]); });
        return i == none ? rng_.below(p.size()) : i;
    }
    word full_slot(const Place& p) {
        return full_slot(p, [](word, const Node&) { return true; });
    }
    // Occupied slots other than the protected root slots (which go 2% of the time).
    word removable_slot(const Place& p) {
        const bool spare = rng_.chance(98);
        return full_slot(p, [&](word i, const Node&) { return !spare || !is_protected(p, i); });
    }
    word empty_slot(const Place& p) {
        const std::vector<const Node*>& slots = view_.slots(p.array());
        const word i = pick_where(p.size(), [&](word k) { return k >= slots.size() || slots[k] == nullptr; });
        return i == none ? rng_.below(p.size()) : i;
    }

    // Applies an address fault (if drawn) to `a`.
    Address maybe_corrupt(Address a) {
        if (is(Fault::DepthRange)) a.depth = rng_.chance(40) ? 0 : rng_.range(65, 200);
        if (is(Fault::DepthOff)) {
            const word off = rng_.range(1, 3);
            a.depth = (rng_.chance(50) && a.depth > off) || a.depth + off > 64 ? a.depth - off : a.depth + off;
            if (a.depth == 0) a.depth = 1;
        }
        if (is(Fault::BadIndex)) {
            a.depth = rng_.range(1, 64);
            a.index = rng_.chance(50) ? rng_.next() : a.index ^ (word{1} << rng_.below(a.depth));
        }
        return a;
    }

    void note(const Address& a) {
        if (a.levels > g_.levels) g_.levels = a.levels;
        g_.guarded = g_.guarded || (a.guarded && a.levels > 1);
    }

    word rights() { return rng_.chance(70) ? 0xf : rng_.chance(90) ? rng_.below(16) : rng_.next(); }
    // Mint/Mutate/Rotate data for `cap`: a small guard for CNodes (or one
    // too big for BadGuard), a badge for badgeable caps, noise otherwise.
    word cap_data(const Cap& cap) {
        if (cap.kind == Kind::CNode) {
            if (is(Fault::BadGuard) && cap.size_bits >= 2)
                return rng_.range(65 - cap.size_bits, 63) | (rng_.below(8) << 6);
            const word guard_size = rng_.chance(45) ? 0 : rng_.range(1, 4);
            return (rng_.below(word{1} << guard_size) << 6) | guard_size;
        }
        if (badgeable(cap)) return rng_.chance(20) ? 0 : rng_.chance(80) ? rng_.range(1, 5) : rng_.next();
        return rng_.chance(50) ? 0 : rng_.next();
    }

    // Message length, label and extra caps, with the message faults.
    void finish(word needed_length, std::initializer_list<word> caps) {
        g_.call.length = needed_length;
        g_.call.extra_cptrs.assign(caps);
        if (is(Fault::Truncated)) g_.call.length = rng_.below(needed_length);
        if (is(Fault::MissingCap) && caps.size() != 0) g_.call.extra_cptrs.resize(rng_.below(caps.size()));
        if (is(Fault::WrongLabel)) {  // none of these is Retype or a CNode label
            static constexpr word labels[] = {0, 2, 17, 26, 39, 5000};
            g_.call.label = labels[rng_.below(6)];
            if (g_.name != "Retype" && rng_.chance(30)) g_.call.label = UntypedRetype;
        }
    }

    const ModelView& view_;
    const GeneratorLayout& layout_;
    Rng& rng_;
    static constexpr word max_targets = 64;  // root slots that can be invoked
    Target targets_[max_targets] = {};
    word target_count_ = 0;
    GeneratedCall g_;
    Fault fault_ = Fault::None;
};

}  // namespace model::gen
