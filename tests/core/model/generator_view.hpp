// SPDX-License-Identifier: BSD-2-Clause
// The generator's read-only index of the model's slots (built once per
// generated call: the model keeps slots in one ordered map, and the
// generator looks at whole slot arrays many times), and the addressing
// arithmetic of sel4-abi.md §4.2 for slots of nested CNodes.
#pragma once

#include <unordered_map>
#include <vector>

#include "cspace_model.hpp"

namespace model {

// Guard plus radix: the bits one CNode level consumes (§4.2 step 2-4).
inline unsigned level_bits(const Cap& cnode) { return cnode.guard_size + cnode.size_bits; }

class ModelView {
public:
    // Indexes the model's current state; the storage is reused from the
    // previous call (allocation is most of the cost in the sanitizer build).
    void rebuild(const Model& model) {
        for (auto& [array, slots] : arrays_) slots.clear();
        for (const auto& [slot, id] : model.occupied()) {
            std::vector<const Node*>& slots = arrays_[slot.array];
            if (slots.empty()) slots.resize(model.arrays().at(slot.array));
            slots[slot.index] = &model.node(id);
        }
    }

    // The nodes of a slot array (empty: no occupied slot); nullptr = empty slot.
    const std::vector<const Node*>& slots(word array) const {
        const auto it = arrays_.find(array);
        return it == arrays_.end() ? none_ : it->second;
    }
    const Node* node(word array, word index) const {
        const std::vector<const Node*>& s = slots(array);
        return index < s.size() ? s[index] : nullptr;
    }
    const Cap& cap(word array, word index) const {
        const Node* n = node(array, index);
        return n != nullptr ? n->cap : null_;
    }

private:
    std::unordered_map<word, std::vector<const Node*>> arrays_;
    std::vector<const Node*> none_;
    Cap null_{};
};

// A slot argument (index, depth) and how many CNodes its lookup walks through.
struct Address {
    word index = 0;
    word depth = 0;
    unsigned levels = 0;
    bool guarded = false;  // some CNode on the way has a guard
};

// A CNode whose slots an invocation addresses, relative to a root argument:
// `prefix`/`prefix_depth` name the slot holding `cnode` (depth 0: `cnode` is
// the root argument itself).
struct Place {
    Cap cnode;
    word prefix = 0;
    unsigned prefix_depth = 0;
    unsigned levels = 1;
    bool guarded = false;  // a CNode before this one has a guard

    // Address of slot `index` of this CNode: the prefix, then this level's
    // guard and index bits (a depth-`depth` lookup consumes exactly these).
    Address slot(word index) const {
        const unsigned bits = level_bits(cnode);
        word a = (cnode.guard << cnode.size_bits) | index;
        if (prefix_depth != 0) a |= prefix << bits;
        return {a, prefix_depth + bits, levels, guarded || cnode.guard_size != 0};
    }
    word array() const { return cnode.object; }
    word size() const { return word{1} << cnode.size_bits; }
};

}  // namespace model
