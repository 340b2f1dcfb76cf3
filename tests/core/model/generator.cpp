// SPDX-License-Identifier: BSD-2-Clause
// Random invocation generator for the differential test (generator.hpp).
#include "generator.hpp"

#include <cstdio>
#include <tuple>

namespace model {

namespace {

enum : word {
    UntypedRetype = 1, CNodeRevoke = 18, CNodeDelete = 19, CNodeCancelBadgedSends = 20, CNodeCopy = 21,
    CNodeMint = 22, CNodeMove = 23, CNodeMutate = 24, CNodeRotate = 25,
};

struct Target {
    word cptr;
    Cap cap;
};

class Generator {
public:
    Generator(const Model& model, const GeneratorLayout& layout, Rng& rng) : m_(model), layout_(layout), rng_(rng) {
        for (word s = 0; s < (word{1} << layout_.root_radix); ++s)
            targets_.push_back({s, m_.cap_at(SlotRef{layout_.root_array, s})});
    }

    GeneratedCall generate() {
        GeneratedCall g;
        const word pick = rng_.below(100);
        if (pick < 28) retype(g);
        else if (pick < 38) copy_like(g, CNodeCopy, "Copy");
        else if (pick < 50) copy_like(g, CNodeMint, "Mint");
        else if (pick < 58) copy_like(g, CNodeMove, "Move");
        else if (pick < 66) copy_like(g, CNodeMutate, "Mutate");
        else if (pick < 74) rotate(g);
        else if (pick < 85) single_slot(g, CNodeDelete, "Delete");
        else if (pick < 93) single_slot(g, CNodeRevoke, "Revoke");
        else if (pick < 95) single_slot(g, CNodeCancelBadgedSends, "CancelBadgedSends");
        else if (pick < 97) odd_invocation(g);
        else single_slot(g, CNodeRevoke, "Revoke");
        return g;
    }

private:
    const Target& any_target() { return targets_[rng_.below(targets_.size())]; }
    // A root slot holding a cap of `kind`, else any.
    const Target& target_of(Kind kind) {
        std::vector<const Target*> fit;
        for (const Target& t : targets_)
            if (t.cap.kind == kind) fit.push_back(&t);
        if (fit.empty()) return any_target();
        return *fit[rng_.below(fit.size())];
    }
    // The cap to use as a root argument (mostly a CNode, sometimes anything).
    const Target& root_target() { return rng_.chance(92) ? target_of(Kind::CNode) : any_target(); }

    // The cap a one-level address names (for choosing plausible arguments only).
    Cap guess(const Cap& root, word index, word depth) const {
        if (root.kind != Kind::CNode || depth != root.guard_size + root.size_bits) return Cap{};
        return m_.cap_at(SlotRef{root.object, index & ((word{1} << root.size_bits) - 1)});
    }

    // An (index, depth) naming a slot below `root`; `want_full` prefers
    // occupied slots. About one in five is deliberately malformed.
    // `destructive`: the slot may lose its cap; the root CNode copies in
    // root slots 1 and 2 are then mostly spared, so that sequences keep
    // CNodes to invoke.
    std::pair<word, word> address(const Cap& root, bool want_full, bool destructive = false) {
        if (root.kind == Kind::CNode && rng_.chance(80)) {
            const word radix = root.size_bits, level = root.guard_size + radix;
            const bool protect = destructive && root.object == layout_.root_array && rng_.chance(95);
            const auto allowed = [&](word k) { return !protect || (k != 1 && k != 2); };
            word i = rng_.below(word{1} << radix);
            while (!allowed(i)) i = rng_.below(word{1} << radix);
            if (want_full && rng_.chance(75)) {
                std::vector<word> full;
                for (word k = 0; k < (word{1} << radix); ++k)
                    if (!m_.cap_at(SlotRef{root.object, k}).null() && allowed(k)) full.push_back(k);
                if (!full.empty()) i = full[rng_.below(full.size())];
            }
            if (level <= 64) {
                const word first = level == 64 ? i : ((root.guard << radix) | i);
                const Cap& inner = m_.cap_at(SlotRef{root.object, i});
                // Through a second CNode now and then.
                if (inner.kind == Kind::CNode && rng_.chance(35)) {
                    const word inner_level = inner.guard_size + inner.size_bits;
                    if (level + inner_level <= 64) {
                        const word j = rng_.below(word{1} << inner.size_bits);
                        const word second = (inner.guard << inner.size_bits) | j;
                        return {(first << inner_level) | second, level + inner_level};
                    }
                }
                return {first, level};
            }
        }
        // Malformed: depth out of range, or a random index and depth.
        switch (rng_.below(4)) {
        case 0: return {rng_.below(64), rng_.chance(50) ? 0 : rng_.range(65, 200)};
        case 1: return {rng_.next(), 64};
        default: return {rng_.below(256), rng_.range(1, 64)};
        }
    }

    word rights() { return rng_.chance(60) ? 0xf : rng_.chance(90) ? rng_.below(16) : rng_.next(); }
    word badge_or_guard(const Cap& src) {
        if (src.kind == Kind::CNode || rng_.chance(20)) {
            const word guard_size = rng_.chance(80) ? rng_.below(64 - src.size_bits + 3) : rng_.below(64);
            return (rng_.below(8) << 6) | (guard_size & 0x3f);
        }
        switch (rng_.below(4)) {
        case 0: return 0;
        case 1: return rng_.next();
        default: return rng_.range(1, 5);
        }
    }

    // Message length and extra caps: right most of the time, short sometimes.
    void finish(GeneratedCall& g, word needed_length, const std::vector<word>& caps) {
        g.call.length = needed_length;
        if (rng_.chance(3)) g.call.length = rng_.below(needed_length);
        g.call.extra_cptrs = caps;
        if (!caps.empty() && rng_.chance(3)) g.call.extra_cptrs.resize(rng_.below(caps.size()));
    }

    void retype(GeneratedCall& g) {
        g.name = "Retype";
        const Target& ut = rng_.chance(93) ? target_of(Kind::Untyped) : any_target();
        g.call.cptr = ut.cptr;
        g.call.label = rng_.chance(97) ? UntypedRetype : rng_.below(30);
        static constexpr word types[] = {UntypedObject,      TCBObject,      EndpointObject,
                                         EndpointObject,     NotificationObject, CapTableObject,
                                         CapTableObject,     ReplyObject,    SmallPageObject};
        word type = types[rng_.below(sizeof types / sizeof types[0])];
        if (rng_.chance(4)) type = rng_.chance(50) ? rng_.range(11, 20) : rng_.next();
        word size = rng_.below(12);
        if (type == UntypedObject) size = rng_.chance(85) ? rng_.range(4, ut.cap.size_bits + 1) : rng_.below(6);
        if (type == CapTableObject) size = rng_.chance(85) ? rng_.range(1, 4) : rng_.below(2);
        if (rng_.chance(3)) size = rng_.chance(50) ? rng_.range(34, 40) : rng_.range(64, 70);
        const Target& root = root_target();
        word node_index = 0, node_depth = 0;
        Cap node = root.cap;
        if (rng_.chance(35)) {
            std::tie(node_index, node_depth) = address(root.cap, true);
            node = guess(root.cap, node_index, node_depth);
        }
        const word radix = node.kind == Kind::CNode ? node.size_bits : 3;
        word offset = rng_.below(word{1} << radix);
        if (rng_.chance(4)) offset = (word{1} << radix) + rng_.below(4);
        word count = rng_.range(1, 3);
        if (rng_.chance(5)) count = rng_.chance(50) ? 0 : rng_.range(4, 300);
        const word mrs[6] = {type, size, node_index, node_depth, offset, count};
        for (int i = 0; i < 6; ++i) g.call.mrs[i] = mrs[i];
        finish(g, 6, {root.cptr});
    }

    void copy_like(GeneratedCall& g, word label, const char* name) {
        g.name = name;
        const Target& cnode = target_of(Kind::CNode);
        const Target& src_root = root_target();
        g.call.cptr = cnode.cptr;
        g.call.label = label;
        const auto [dest_index, dest_depth] = address(cnode.cap, rng_.chance(10));
        const auto [src_index, src_depth] = address(src_root.cap, true, label == CNodeMove || label == CNodeMutate);
        // Only to choose a fitting data word; the model decides what happens.
        const Cap src_cap = guess(src_root.cap, src_index, src_depth);
        g.call.mrs[0] = dest_index;
        g.call.mrs[1] = dest_depth;
        g.call.mrs[2] = src_index;
        g.call.mrs[3] = src_depth;
        word needed = 4;
        if (label == CNodeCopy) {
            g.call.mrs[4] = rights();
            needed = 5;
        }
        if (label == CNodeMint) {
            g.call.mrs[4] = rights();
            g.call.mrs[5] = badge_or_guard(src_cap);
            needed = 6;
        }
        if (label == CNodeMutate) {
            g.call.mrs[4] = badge_or_guard(src_cap);
            needed = 5;
        }
        finish(g, needed, {src_root.cptr});
    }

    void rotate(GeneratedCall& g) {
        g.name = "Rotate";
        const Target& cnode = target_of(Kind::CNode);
        const Target& pivot_root = root_target();
        const bool swap = rng_.chance(30);
        const Target& src_root = swap ? cnode : root_target();
        g.call.cptr = cnode.cptr;
        g.call.label = CNodeRotate;
        const auto [dest_index, dest_depth] = address(cnode.cap, swap);
        const auto [pivot_index, pivot_depth] = address(pivot_root.cap, true);
        auto [src_index, src_depth] = address(src_root.cap, true, true);
        if (swap) std::tie(src_index, src_depth) = std::pair{dest_index, dest_depth};
        const word mrs[8] = {dest_index, dest_depth, badge_or_guard(Cap{}), pivot_index, pivot_depth,
                             badge_or_guard(Cap{}), src_index, src_depth};
        for (int i = 0; i < 8; ++i) g.call.mrs[i] = mrs[i];
        finish(g, 8, {pivot_root.cptr, src_root.cptr});
    }

    void single_slot(GeneratedCall& g, word label, const char* name) {
        g.name = name;
        const Target& cnode = target_of(Kind::CNode);
        g.call.cptr = cnode.cptr;
        g.call.label = label;
        const auto [index, depth] = address(cnode.cap, true, label == CNodeDelete);
        g.call.mrs[0] = index;
        g.call.mrs[1] = depth;
        finish(g, 2, {});
    }

    // Wrong labels on CNodes and untypeds; invocations of empty slots,
    // zombies, TCBs and frames (never endpoints/notifications/replies: that
    // would be IPC, issue #4).
    void odd_invocation(GeneratedCall& g) {
        g.name = "Odd";
        static constexpr Kind kinds[] = {Kind::Null, Kind::Zombie, Kind::Tcb, Kind::Frame, Kind::CNode, Kind::Untyped};
        const Target& t = target_of(kinds[rng_.below(6)]);
        g.call.cptr = t.cptr;
        static constexpr word labels[] = {0, 1, 17, 18, 19, 21, 25, 26, 39, 5000};
        g.call.label = labels[rng_.below(10)];
        for (word& mr : g.call.mrs) mr = rng_.below(70);
        finish(g, rng_.below(9), {});
    }

    const Model& m_;
    const GeneratorLayout& layout_;
    Rng& rng_;
    std::vector<Target> targets_;
};

}  // namespace

GeneratedCall generate_call(const Model& model, const GeneratorLayout& layout, Rng& rng) {
    for (;;) {
        GeneratedCall g = Generator(model, layout, rng).generate();
        if (!model.call_resolves(g.call)) continue;  // a cap fault; not what this test is about
        const Kind invoked = model.cap_at(*model.lookup_cptr(g.call.cptr)).kind;
        if (invoked == Kind::Endpoint || invoked == Kind::Notification || invoked == Kind::Reply) continue;
        return g;
    }
}

std::string describe(const GeneratedCall& g) {
    char buf[400];
    int n = std::snprintf(buf, sizeof buf, "%s label=%llu cptr=0x%llx len=%llu mrs=[", g.name.c_str(),
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
